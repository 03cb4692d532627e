/**
 * The store contract: what every backend must do. Run by store.pglite.test.ts (always) and
 * store.postgres.test.ts (when DATABASE_URL names a server).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { ClockState } from '../core/sla/clock.js'
import type { SlaMetric } from '../core/sla/metric.js'
import type { TriageDecision } from '../core/tickets/ticket.js'
import type { Db } from './db.js'
import { migrate } from './migrate.js'
import { createStore } from './sql-store.js'
import type { AccountFields, ClaimedJob, NewTicket, OutboxEntry, Store, StoredOutboxEntry } from './store.js'
import { newTestDb, type TestDb } from './test-db.js'

const AT = new Date('2026-11-20T21:47:00.000Z')

/** Stores an account built by `accountFixture` with its own domain and no contacts; returns its id. */
export async function storedAccount(store: Store, externalId: string): Promise<string> {
  const { account } = await store.accounts.upsert(
    accountFixture({ externalId, domains: [`${externalId}.example`], contacts: [] }),
    AT,
    randomUUID,
  )
  return account.id
}

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
    followUp: null,
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

export function clockFixture(metric: SlaMetric): ClockState {
  return {
    metric,
    calendar: 'always',
    targetMs: 3_600_000,
    status: 'running',
    cycle: 1,
    elapsedMs: 0,
    runningSince: AT.toISOString(),
    pausedSince: null,
    pauseReason: null,
    dueAt: '2026-11-20T22:47:00.000Z',
    warnAt: '2026-11-20T22:32:00.000Z',
    warnedAt: null,
    breachedAt: null,
    pausedAfterBreachMs: 0,
    escalationLevel: 0,
    fulfilledAt: null,
  }
}

function outboxEntry(
  ticketId: string,
  key: string,
  channel: OutboxEntry['channel'],
  target: string,
): OutboxEntry {
  return {
    notification: {
      dedupKey: `ticket:${ticketId}:${key}`,
      topic: 'alert.ticket',
      occurredAt: AT.toISOString(),
      subject: 'Acme Corp: P2 enterprise ticket',
      text: 'why',
      data: { key },
    },
    channel,
    target,
    ticketId,
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
          await tx.outbox.add([outboxEntry(fixture.id, 'rollback', 'webhook', 'webhook')], AT)
          throw new Error('boom')
        }),
        /boom/,
      )
      assert.equal(await store.tickets.count(), before)
      assert.equal(await store.tickets.getByExternalId('api', 't-rollback'), null)
    })

    test('a new ticket is written with its clocks, ledger, outbox rows, jobs and tasks; a repeat writes none', async () => {
      const fixture = ticketFixture('t-bundle')
      const taskId = randomUUID()
      const bundle: NewTicket = {
        ...fixture,
        clocks: [clockFixture('first_response'), clockFixture('resolution')],
        ledger: [
          {
            at: AT.toISOString(),
            metric: 'first_response',
            cycle: 1,
            action: 'start',
            text: 'first response clock started',
          },
          {
            at: AT.toISOString(),
            metric: 'resolution',
            cycle: 1,
            action: 'start',
            text: 'resolution clock started',
          },
        ],
        outbox: [
          outboxEntry(fixture.id, 'alert', 'email', 'csm@vendor.example'),
          outboxEntry(fixture.id, 'alert', 'webhook', 'webhook'),
        ],
        jobs: [
          {
            kind: 'sla.reconcile',
            key: `sla:${fixture.id}`,
            payload: { ticketId: fixture.id },
            runAt: '2026-11-20T22:32:00.000Z',
          },
        ],
        tasks: [
          {
            id: taskId,
            ticketId: fixture.id,
            kind: 'executive_follow_up',
            title: 'Follow up',
            owner: { name: 'Jordan', email: 'jordan@vendor.example' },
            dueAt: '2026-11-21T21:47:00.000Z',
            reason: 'exec rule',
          },
        ],
      }
      const first = await store.tickets.insert(bundle)
      assert.equal(first.created, true)
      assert.deepEqual(await store.clocks.forTicket(fixture.id), [
        clockFixture('first_response'),
        clockFixture('resolution'),
      ])
      assert.deepEqual(
        (await store.clocks.ledger(fixture.id)).map((e) => e.text),
        ['first response clock started', 'resolution clock started'],
      )
      const rows = await store.outbox.listForTicket(fixture.id)
      assert.deepEqual(
        rows.map((r) => [r.channel, r.target, r.state]),
        [
          ['email', 'csm@vendor.example', 'pending'],
          ['webhook', 'webhook', 'pending'],
        ],
      )
      assert.equal(rows[0]?.notification.dedupKey, `ticket:${fixture.id}:alert`)
      assert.equal(rows[0]?.createdAt, AT.toISOString())
      const [task] = await store.tasks.forTicket(fixture.id)
      assert.equal(task?.id, taskId)
      assert.equal(task?.state, 'open')
      assert.deepEqual(await store.jobs.counts(), { queued: 1, active: 0, dead: 0 })

      const again = await store.tickets.insert({ ...bundle, id: randomUUID() })
      assert.equal(again.created, false)
      assert.equal(again.ticket.id, fixture.id)
      assert.equal((await store.outbox.listForTicket(fixture.id)).length, 2)
      assert.equal((await store.clocks.ledger(fixture.id)).length, 2)
      await store.jobs.cancel([`sla:${fixture.id}`])
      assert.deepEqual(await store.jobs.counts(), { queued: 0, active: 0, dead: 0 })
    })

    test('outbox entries are deduplicated by message, channel and recipient', async () => {
      const fixture = ticketFixture('t-dedup')
      await store.tickets.insert(fixture)
      await store.outbox.add([outboxEntry(fixture.id, 'digest', 'email', 'a@x.example')], AT)
      await store.outbox.add(
        [
          outboxEntry(fixture.id, 'digest', 'email', 'a@x.example'),
          outboxEntry(fixture.id, 'digest', 'email', 'b@x.example'),
        ],
        AT,
      )
      const rows = await store.outbox.listForTicket(fixture.id)
      assert.deepEqual(
        rows.map((r) => r.target),
        ['a@x.example', 'b@x.example'],
      )
    })

    test('the outbox is a delivery queue: claimed once, retried, buried, revived, recovered', async () => {
      // Earlier tests left entries pending; this test owns the queue from here.
      for (const e of await store.outbox.claim({ limit: 1000, worker: 'drain', now: AT })) {
        await store.outbox.markDelivered(e.id, 'drain', 'drained', AT)
      }
      const deliveredBefore = (await store.outbox.counts()).delivered
      const fixture = ticketFixture('t-queue')
      await store.tickets.insert(fixture)
      await store.outbox.add(
        [1, 2, 3].map((n) => outboxEntry(fixture.id, `m${n}`, 'webhook', 'webhook')),
        AT,
      )
      const [a, b] = await Promise.all([
        store.outbox.claim({ limit: 2, worker: 'w1', now: AT }),
        store.outbox.claim({ limit: 2, worker: 'w2', now: AT }),
      ])
      const claimed = [...(a ?? []), ...(b ?? [])]
      assert.equal(claimed.length, 3, 'every entry claimed once')
      assert.equal(new Set(claimed.map((e) => e.id)).size, 3)
      assert.ok(claimed.every((e) => e.state === 'sending' && e.attempts === 1))
      const [x, y, z] = claimed as [StoredOutboxEntry, StoredOutboxEntry, StoredOutboxEntry]
      const owner = (e: StoredOutboxEntry) => ((a ?? []).some((c) => c.id === e.id) ? 'w1' : 'w2')

      await store.outbox.markDelivered(x.id, owner(x), 'HTTP 200', AT)
      await store.outbox.markDelivered(x.id, 'someone-else', 'HTTP 200', AT) // not theirs: no effect
      const later = new Date(AT.getTime() + 60_000)
      await store.outbox.markFailed(y.id, owner(y), 'HTTP 503', later)
      await store.outbox.markFailed(z.id, owner(z), 'HTTP 400', null)
      assert.equal((await store.outbox.get(x.id))?.state, 'delivered')
      assert.equal((await store.outbox.get(x.id))?.response, 'HTTP 200')
      assert.equal((await store.outbox.get(y.id))?.state, 'pending')
      assert.equal((await store.outbox.get(z.id))?.state, 'dead')
      assert.equal((await store.outbox.get(z.id))?.lastError, 'HTTP 400')

      assert.deepEqual(
        await store.outbox.claim({ limit: 10, worker: 'w1', now: AT }),
        [],
        'the retry is not due yet',
      )
      const retried = await store.outbox.claim({ limit: 10, worker: 'w1', now: later })
      assert.deepEqual(
        retried.map((e) => [e.id, e.attempts]),
        [[y.id, 2]],
      )
      // The worker dies: after the lock timeout the entry is pending again.
      assert.equal(await store.outbox.recoverStale(AT), 0, 'not stale yet')
      assert.equal(await store.outbox.recoverStale(new Date(later.getTime() + 1)), 1)
      assert.equal((await store.outbox.get(y.id))?.state, 'pending')

      assert.deepEqual(
        (await store.outbox.list({ state: 'dead', limit: 10 })).map((e) => e.id),
        [z.id],
      )
      assert.equal(await store.outbox.revive(x.id, later), false, 'only dead entries are revived')
      assert.equal(await store.outbox.revive(z.id, later), true)
      assert.equal((await store.outbox.get(z.id))?.state, 'pending')
      const counts = await store.outbox.counts()
      assert.equal(counts.delivered - deliveredBefore, 1)
      assert.equal(counts.dead, 0)
    })

    test('jobs: scheduled by key, claimed once by concurrent workers, retried, buried, recovered', async () => {
      const due = (n: number) => new Date(AT.getTime() + n * 1000).toISOString()
      await store.jobs.schedule(
        Array.from({ length: 10 }, (_, i) => ({
          kind: 'test',
          key: `job-${i}`,
          payload: { i },
          runAt: due(i),
        })),
        AT,
      )
      // Rescheduling a key moves the job rather than adding one.
      await store.jobs.schedule(
        [{ kind: 'test', key: 'job-9', payload: { i: 9, moved: true }, runAt: due(100) }],
        AT,
      )
      assert.deepEqual(await store.jobs.counts(), { queued: 10, active: 0, dead: 0 })

      const now = new Date(AT.getTime() + 20_000)
      const batches = await Promise.all(
        ['w1', 'w2', 'w3'].map((worker) => store.jobs.claim({ limit: 4, worker, now })),
      )
      const claimed = batches.flat()
      assert.equal(claimed.length, 9, 'the moved job is not due')
      assert.equal(new Set(claimed.map((j) => j.key)).size, 9, 'no job claimed twice')

      const workerOf = (key: string) =>
        ['w1', 'w2', 'w3'][batches.findIndex((b) => b.some((j) => j.key === key))] as string
      const job = (key: string) => claimed.find((j) => j.key === key) as ClaimedJob
      await store.jobs.complete([job('job-0').id], workerOf('job-0'))
      await store.jobs.complete([job('job-1').id], 'not-the-owner')
      // A job rescheduled while it runs survives its completion.
      await store.jobs.schedule([{ kind: 'test', key: 'job-2', payload: { i: 2 }, runAt: due(50) }], AT)
      await store.jobs.complete([job('job-2').id], workerOf('job-2'))
      await store.jobs.fail(job('job-3').id, workerOf('job-3'), 'boom', new Date(now.getTime() + 5000))
      await store.jobs.fail(job('job-4').id, workerOf('job-4'), 'gave up', null)
      assert.deepEqual(
        (await store.jobs.dead(10)).map((j) => [j.key, j.lastError]),
        [['job-4', 'gave up']],
      )

      // Workers holding the rest die: their jobs return to the queue after the lock timeout.
      assert.equal(await store.jobs.recoverStale(new Date(now.getTime() + 1)), 5)
      const counts = await store.jobs.counts()
      assert.deepEqual(counts, { queued: 8, active: 0, dead: 1 })
      await store.jobs.cancel(Array.from({ length: 10 }, (_, i) => `job-${i}`))
      assert.deepEqual(await store.jobs.counts(), { queued: 0, active: 0, dead: 1 })
    })

    test('clocks are saved and replaced per metric; the ledger appends in order', async () => {
      const fixture = ticketFixture('t-clocks')
      await store.tickets.insert(fixture)
      await store.clocks.save(fixture.id, [clockFixture('first_response')])
      const paused = {
        ...clockFixture('first_response'),
        status: 'paused' as const,
        runningSince: null,
        dueAt: null,
        elapsedMs: 600_000,
      }
      await store.clocks.save(fixture.id, [paused, clockFixture('resolution')])
      assert.deepEqual(await store.clocks.forTicket(fixture.id), [paused, clockFixture('resolution')])
      const other = ticketFixture('t-clocks-other')
      await store.tickets.insert(other)
      await store.clocks.save(other.id, [clockFixture('resolution')])
      const noClocks = ticketFixture('t-clocks-none')
      await store.tickets.insert(noClocks)
      const byTicket = await store.clocks.forTickets([fixture.id, other.id, noClocks.id])
      assert.deepEqual(byTicket.get(fixture.id), [paused, clockFixture('resolution')])
      assert.deepEqual(byTicket.get(other.id), [clockFixture('resolution')])
      assert.equal(byTicket.has(noClocks.id), false)
      assert.equal((await store.clocks.forTickets([])).size, 0)
      const entries = ['a', 'b', 'c'].map((text, i) => ({
        at: new Date(AT.getTime() + i).toISOString(),
        metric: null,
        cycle: 0,
        action: 'assign' as const,
        text,
      }))
      await store.clocks.appendLedger(fixture.id, entries.slice(0, 2))
      await store.clocks.appendLedger(fixture.id, entries.slice(2))
      assert.deepEqual(await store.clocks.ledger(fixture.id), entries)
    })

    test('an event is recorded once per id; the ticket records its status, assignee and priority changes', async () => {
      const fixture = ticketFixture('t-events', { score: 40 })
      await store.tickets.insert(fixture)
      const event = {
        eventId: 'e1',
        type: 'status_change' as const,
        at: '2026-11-20T22:00:00.000Z',
        status: 'pending' as const,
      }
      assert.equal(await store.events.record(fixture.id, event, AT), true)
      assert.equal(await store.events.record(fixture.id, { ...event, status: 'open' }, AT), false)
      assert.deepEqual((await store.events.get(fixture.id, 'e1'))?.event, event)
      assert.equal(await store.events.get(fixture.id, 'e2'), null)

      await store.transaction(async (tx) => {
        assert.equal((await tx.tickets.lock(fixture.id))?.status, 'open')
        await tx.tickets.update(fixture.id, {
          status: 'pending',
          lastEventAt: event.at,
          assignee: { id: 'agent-7', name: 'Kim' },
          addAdjustments: [
            { at: event.at, points: 10, rule: 'escalation.first_response.1', text: 'escalated → +10' },
          ],
        })
      })
      const t = await store.tickets.get(fixture.id)
      assert.equal(t?.status, 'pending')
      assert.equal(t?.lastEventAt, event.at)
      assert.deepEqual(t?.assignee, { id: 'agent-7', name: 'Kim' })
      assert.equal(t?.priorityScore, 50)
      assert.equal(t?.decision.priority.score, 40, 'the triage decision itself is not rewritten')
      assert.deepEqual(
        t?.priorityAdjustments.map((a) => a.points),
        [10],
      )
      assert.equal(await store.tasks.complete(randomUUID(), AT), false)
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
