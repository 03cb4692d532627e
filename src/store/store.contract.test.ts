/**
 * The store contract: what every backend must do. Run by store.pglite.test.ts (always) and
 * store.postgres.test.ts (when DATABASE_URL names a server).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { TriageDecision } from '../core/tickets/ticket.js'
import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { createStore } from './sql-store.js'
import type { AccountFields, NewTicket, Store } from './store.js'
import { newTestDb, type TestDb } from './test-db.js'

const AT = new Date('2026-11-20T21:47:00.000Z')

export function accountFixture(overrides: Partial<AccountFields> = {}): AccountFields {
  return {
    externalId: 'acme',
    name: 'Acme Corp',
    arr: '380000.10',
    currency: 'USD',
    plan: 'Enterprise',
    renewalDate: '2027-01-07',
    timezone: 'America/New_York',
    domains: ['acme.com'],
    csm: { name: 'Jordan Ellis', email: 'jordan@vendor.example' },
    accountExecutive: null,
    contacts: [
      { email: 'dana@acme.com', name: 'Dana Whitfield', title: 'VP Operations', role: 'executive' },
      { email: 'priya@acme.com', name: null, title: null, role: 'user' },
    ],
    expansionPipeline: null,
    healthScore: 62,
    tags: ['strategic'],
    ...overrides,
  }
}

function decision(overrides: { score: number; queue?: string; due?: string }): TriageDecision {
  return {
    account: null,
    accountReasons: [],
    language: 'en',
    signals: [],
    sentiment: { score: 0, label: 'neutral' },
    tier: { id: 'starter', name: 'starter', reasons: [] },
    severity: { filed: 'P3', effective: 'P3', reasons: [] },
    priority: {
      score: overrides.score,
      level: 'normal',
      reasons: [{ rule: 'r', factor: 'f', points: 1, text: '评估替代方案 ✓' }],
    },
    routing: { queue: overrides.queue ?? 'standard', agentTier: 'tier1', reasons: [] },
    sla: {
      firstResponseDueAt: overrides.due ?? '2026-11-21T21:47:00.000Z',
      resolutionDueAt: '2026-11-27T21:47:00.000Z',
      firstResponse: 'P1D',
      resolution: 'P7D',
      reasons: [],
    },
    alerts: [],
    policyVersion: 'sha256:test',
  }
}

export function ticketFixture(
  externalId: string,
  o: { score?: number; queue?: string; due?: string; createdAt?: string } = {},
): NewTicket {
  return {
    id: randomUUID(),
    input: {
      externalId,
      source: 'api',
      channel: 'email',
      subject: 'Export',
      body: '我们正在评估替代方案 — and an emoji 🎉',
      requester: { email: 'sam@brightpixel.io', name: null },
      severity: 'P3',
      createdAt: o.createdAt ?? '2026-11-20T21:41:00.000Z',
    },
    accountId: null,
    decision: decision({
      score: o.score ?? 20,
      ...(o.queue ? { queue: o.queue } : {}),
      ...(o.due ? { due: o.due } : {}),
    }),
    receivedAt: AT.toISOString(),
  }
}

export function runStoreContract(backend: Db['kind']): void {
  describe(`store contract on ${backend}`, () => {
    let t: TestDb
    let store: Store
    before(async () => {
      t = await newTestDb(backend)
      store = createStore(t.db)
    })
    after(async () => t.cleanup())

    test('migrations are idempotent', async () => {
      assert.deepEqual(await migrate(t.db), [])
    })

    test('an account round-trips exactly: money, dates, contacts, domains', async () => {
      const { account, created } = await store.accounts.upsert(accountFixture(), AT, randomUUID)
      assert.equal(created, true)
      assert.equal(account.arr, '380000.10')
      assert.equal(account.renewalDate, '2027-01-07')
      assert.equal(account.expansionPipeline, null)
      assert.equal(account.healthScore, 62)
      assert.deepEqual(account.tags, ['strategic'])
      assert.deepEqual(account.domains, ['acme.com'])
      assert.deepEqual(
        account.contacts.map((c) => [c.email, c.role, c.title]),
        [
          ['dana@acme.com', 'executive', 'VP Operations'],
          ['priya@acme.com', 'user', null],
        ],
      )
      assert.equal(account.createdAt, AT.toISOString())
      assert.equal(account.revision, 1)
      const read = await store.accounts.getByExternalId('acme')
      assert.deepEqual(read, account)
    })

    test('upsert replaces contacts and domains and bumps the revision', async () => {
      const later = new Date(AT.getTime() + 60_000)
      const { account, created } = await store.accounts.upsert(
        accountFixture({
          contacts: [{ email: 'new@acme.com', name: 'New', title: null, role: 'admin' }],
          domains: ['acme.io'],
          arr: '400000',
        }),
        later,
        randomUUID,
      )
      assert.equal(created, false)
      assert.equal(account.revision, 2)
      assert.equal(account.arr, '400000.00')
      assert.deepEqual(account.domains, ['acme.io'])
      assert.deepEqual(
        account.contacts.map((c) => c.email),
        ['new@acme.com'],
      )
      assert.equal(account.createdAt, AT.toISOString())
      assert.equal(account.updatedAt, later.toISOString())
      assert.deepEqual((await store.accounts.findCandidates('dana@acme.com', 'nobody.example')).byContact, [])
    })

    test('candidate accounts are found by contact email and by domain, in any case, in one query', async () => {
      await store.accounts.upsert(
        accountFixture({ externalId: 'acme-eu', name: 'Acme EU', domains: ['acme.io'], contacts: [] }),
        AT,
        randomUUID,
      )
      const found = await store.accounts.findCandidates('NEW@Acme.com', 'ACME.IO')
      assert.deepEqual(
        found.byContact.map((a) => a.externalId),
        ['acme'],
      )
      assert.deepEqual(
        found.byDomain.map((a) => a.externalId),
        ['acme', 'acme-eu'],
      )
      assert.deepEqual(found.byContact[0], await store.accounts.getByExternalId('acme'))
      const byDomainOnly = await store.accounts.findCandidates('stranger@acme.io', 'acme.io')
      assert.deepEqual(byDomainOnly.byContact, [])
      assert.equal(byDomainOnly.byDomain.length, 2)
      assert.deepEqual(await store.accounts.findCandidates('x@nobody.example', 'nobody.example'), {
        byContact: [],
        byDomain: [],
      })
      assert.equal(await store.accounts.getByExternalId('missing'), null)
      assert.equal(await store.accounts.count(), 2)
      const page = await store.accounts.list({ limit: 1 })
      assert.deepEqual(
        page.map((a) => a.externalId),
        ['acme'],
      )
      const next = await store.accounts.list({ limit: 5, after: 'acme' })
      assert.deepEqual(
        next.map((a) => a.externalId),
        ['acme-eu'],
      )
    })

    test('a ticket round-trips with its decision, Chinese and emoji intact', async () => {
      const fixture = ticketFixture('t-1')
      const { ticket, created } = await store.tickets.insert(fixture)
      assert.equal(created, true)
      assert.equal(ticket.id, fixture.id)
      assert.equal(ticket.body, fixture.input.body)
      assert.equal(ticket.status, 'open')
      assert.equal(ticket.createdAt, '2026-11-20T21:41:00.000Z')
      assert.deepEqual(ticket.decision, fixture.decision)
      assert.deepEqual(await store.tickets.get(fixture.id), ticket)
      assert.deepEqual(await store.tickets.getByExternalId('api', 't-1'), ticket)
      assert.equal(await store.tickets.getByExternalId('zendesk', 't-1'), null)
      assert.equal(await store.tickets.get(randomUUID()), null)
      assert.equal(await store.tickets.get('not-a-uuid'), null)
    })

    test('the same (source, externalId) is stored once, even when submitted concurrently', async () => {
      const attempts = await Promise.all(
        Array.from({ length: 6 }, () => store.tickets.insert(ticketFixture('t-race'))),
      )
      assert.equal(attempts.filter((a) => a.created).length, 1)
      assert.equal(new Set(attempts.map((a) => a.ticket.id)).size, 1)
    })

    test('the queue is ordered by score, then due time, then age, filtered and paged by cursor', async () => {
      await store.tickets.insert(ticketFixture('q-low', { score: 10, queue: 'q' }))
      await store.tickets.insert(ticketFixture('q-high', { score: 115, queue: 'q' }))
      await store.tickets.insert(
        ticketFixture('q-mid-late', { score: 50, queue: 'q', due: '2026-11-22T00:00:00.000Z' }),
      )
      await store.tickets.insert(
        ticketFixture('q-mid-soon', { score: 50, queue: 'q', due: '2026-11-21T00:00:00.000Z' }),
      )
      await store.tickets.insert(ticketFixture('other', { score: 500, queue: 'elsewhere' }))
      const all = await store.tickets.queue({ queue: 'q', limit: 10 })
      assert.deepEqual(
        all.map((x) => x.externalId),
        ['q-high', 'q-mid-soon', 'q-mid-late', 'q-low'],
      )
      const first = await store.tickets.queue({ queue: 'q', limit: 2 })
      const last = first.at(-1)!
      const rest = await store.tickets.queue({
        queue: 'q',
        limit: 10,
        after: {
          score: last.decision.priority.score,
          firstResponseDueAt: last.decision.sla.firstResponseDueAt,
          createdAt: last.createdAt,
          id: last.id,
        },
      })
      assert.deepEqual(
        [...first, ...rest].map((x) => x.externalId),
        all.map((x) => x.externalId),
      )
      const everything = await store.tickets.queue({ limit: 100 })
      assert.equal(everything[0]?.externalId, 'other')
    })

    test('a value the database cannot store is a validation error, not a fault', async () => {
      const bad = ticketFixture('t-year', { createdAt: '0000-01-01T00:00:00.000Z' })
      await assert.rejects(
        store.tickets.insert(bad),
        (e: Error & { code?: string }) => e.code === 'PATRON_E_VALIDATION',
      )
      assert.equal(await store.tickets.getByExternalId('api', 't-year'), null)
    })

    test('a transaction that throws leaves nothing behind', async () => {
      const before = await store.tickets.count()
      const fixture = ticketFixture('t-rollback')
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.tickets.insert(fixture)
          await tx.outbox.add(
            [{ topic: 'alert.ticket', dedupKey: 'rollback-key', ticketId: fixture.id, payload: { a: 1 } }],
            AT,
          )
          throw new Error('boom')
        }),
        /boom/,
      )
      assert.equal(await store.tickets.count(), before)
      assert.equal(await store.tickets.getByExternalId('api', 't-rollback'), null)
    })

    test("a ticket's outbox rows are written with it, and only when the ticket is new", async () => {
      const fixture = ticketFixture('t-outbox')
      const entry = (who: string) => ({
        topic: 'alert.ticket',
        dedupKey: `ticket:${fixture.id}:alert:${who}`,
        ticketId: fixture.id,
        payload: { who },
      })
      const first = await store.tickets.insert(fixture, [entry('csm'), entry('accountExecutive')])
      assert.equal(first.created, true)
      const rows = await store.outbox.listForTicket(fixture.id)
      assert.deepEqual(
        rows.map((r) => r.payload),
        [{ who: 'csm' }, { who: 'accountExecutive' }],
      )
      assert.equal(rows[0]?.state, 'pending')
      assert.equal(rows[0]?.createdAt, AT.toISOString())
      // A repeat of the same ticket writes no outbox rows, even under a new id.
      const again = await store.tickets.insert({ ...fixture, id: randomUUID() }, [entry('someone-else')])
      assert.equal(again.created, false)
      assert.equal(again.ticket.id, fixture.id)
      assert.equal((await store.outbox.listForTicket(fixture.id)).length, 2)
    })

    test('outbox entries are deduplicated by key', async () => {
      const fixture = ticketFixture('t-dedup')
      await store.tickets.insert(fixture)
      const entry = {
        topic: 'digest',
        dedupKey: 'digest:2026-11-20',
        ticketId: fixture.id,
        payload: { n: 1 },
      }
      await store.outbox.add([entry], AT)
      await store.outbox.add([{ ...entry, payload: { n: 2 } }], AT)
      const rows = await store.outbox.listForTicket(fixture.id)
      assert.deepEqual(
        rows.map((r) => r.payload),
        [{ n: 1 }],
      )
    })

    test('policy versions and meta values persist; recording a version twice keeps the first', async () => {
      const v = { version: 'sha256:abc', name: 'P', origin: 'a.yaml', document: 'name: P\n' }
      await store.policies.record(v, AT)
      await store.policies.record({ ...v, origin: 'b.yaml' }, new Date(AT.getTime() + 1000))
      assert.deepEqual(await store.policies.get('sha256:abc'), { ...v, firstSeen: AT.toISOString() })
      assert.equal(await store.policies.get('sha256:none'), null)
      assert.equal(await store.meta.get('k'), undefined)
      await store.meta.set('k', { n: 1 })
      await store.meta.set('k', { n: 2 })
      assert.deepEqual(await store.meta.get('k'), { n: 2 })
    })
  })
}
