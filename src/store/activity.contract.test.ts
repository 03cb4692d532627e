/**
 * The account-activity contract: the batch reads and writes of the nightly recompute give exactly what
 * the single-account ones give. Run by store.pglite.test.ts (always) and store.postgres.test.ts (when
 * DATABASE_URL names a server).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../examples/policy-fixture.js'
import { compilePolicyText } from '../app/load-policy.js'
import type { MetricsSnapshot } from '../core/accounts/activity.js'
import { assessAccount } from '../core/accounts/assess-account.js'
import type { Db } from './db.js'
import { createStore } from './sql-store.js'
import { accountFixture, storedAccount, ticketFixture } from './store.contract.test.js'
import type { Store } from './store.js'
import { newTestDb, type TestDb } from './test-db.js'

const AT = new Date('2026-11-20T21:47:00.000Z')
const SINCE = new Date('2026-08-22T21:47:00.000Z')
const DAY = 86_400_000

function snapshot(day: number, seed: number): MetricsSnapshot {
  return {
    observedOn: new Date(AT.getTime() - day * DAY).toISOString().slice(0, 10),
    logins30d: 100 + seed,
    loginsPrev30d: seed % 3 === 0 ? null : 90 + seed,
    activeSeats: 10 + (seed % 5),
    licensedSeats: 20,
    featuresUsed: seed % 7,
    featuresAvailable: 12,
    failedPayments90d: seed % 2,
    downgradeRequested: seed % 4 === 0 ? null : seed % 2 === 0,
    nps: seed % 3 === 1 ? null : seed % 11,
  }
}

export function runActivityContract(backend: Db['kind']): void {
  describe(`account activity contract on ${backend}`, () => {
    let t: TestDb
    let store: Store
    before(async () => {
      t = await newTestDb(backend)
      store = createStore(t.db)
    })
    after(async () => t.cleanup())

    const account = (externalId: string) => storedAccount(store, externalId)

    async function ticket(
      accountId: string,
      externalId: string,
      createdAt: string,
      body = 'Export fails again',
    ): Promise<string> {
      const fixture = ticketFixture(externalId, { createdAt })
      const { ticket } = await store.tickets.insert({
        ...fixture,
        input: { ...fixture.input, body },
        accountId,
      })
      return ticket.id
    }

    test('loadMany returns for every account exactly what load returns', async () => {
      const busy = await account('busy')
      const quiet = await account('quiet')
      const ticketsOnly = await account('tickets-only')
      const idle = await account('idle')

      // busy: more of everything than load keeps (12 snapshots, 500 tickets, 60 health scores), ties,
      // and activity from before `since`, which load leaves out.
      await store.activity.addMetrics(
        busy,
        Array.from({ length: 15 }, (_, i) => snapshot(i * 3, i)),
      )
      await store.activity.addBillingEvents(busy, [
        {
          eventId: 'inv-2',
          kind: 'payment_failed',
          occurredAt: '2026-11-01T10:00:00.000Z',
          amount: '99.90',
          note: null,
        },
        {
          eventId: 'inv-1',
          kind: 'payment_failed',
          occurredAt: '2026-11-01T10:00:00.000Z',
          amount: null,
          note: 'card',
        },
        {
          eventId: 'rec-1',
          kind: 'payment_recovered',
          occurredAt: '2026-11-03T08:00:00.000Z',
          amount: '99.90',
          note: null,
        },
        {
          eventId: 'old',
          kind: 'refund',
          occurredAt: '2026-05-01T00:00:00.000Z',
          amount: '10.00',
          note: null,
        },
        {
          eventId: 'cancel',
          kind: 'cancellation_request',
          occurredAt: '2026-11-18T12:00:00.000Z',
          amount: null,
          note: '理由',
        },
      ])
      const busyTickets: string[] = []
      for (let i = 0; i < 505; i++) {
        const createdAt = new Date(AT.getTime() - 3_600_000 * (i + 1) - (i % 997)).toISOString()
        busyTickets.push(await ticket(busy, `busy-${i}`, createdAt, 'x'.repeat(1 + (i % 40))))
      }
      // Two tickets at the same instant: ordered by id.
      await ticket(busy, 'busy-tie-a', '2026-11-20T20:00:00.000Z')
      await ticket(busy, 'busy-tie-b', '2026-11-20T20:00:00.000Z')
      await ticket(busy, 'busy-old', '2026-06-01T00:00:00.000Z')
      const [first, second] = busyTickets as [string, string]
      await t.db.query(
        `UPDATE tickets SET decision = jsonb_set(jsonb_set(decision, '{signals}', $2::jsonb), '{sentiment,score}', '-0.6')
          WHERE id = $1`,
        [
          first,
          JSON.stringify([
            { kind: 'churn.direct', phrase: 'evaluating alternatives' },
            { kind: 'competitor', phrase: 'Zendesk' },
            { kind: 'urgency', phrase: 'asap' },
          ]),
        ],
      )
      await store.tickets.update(second, {
        status: 'solved',
        csat: 2,
        resolvedAt: '2026-11-20T21:00:00.000Z',
      })
      await store.clocks.appendLedger(second, [
        { at: AT.toISOString(), metric: 'first_response', cycle: 1, action: 'breach', text: 'breached' },
        { at: AT.toISOString(), metric: 'resolution', cycle: 1, action: 'breach', text: 'breached' },
        {
          at: AT.toISOString(),
          metric: 'first_response',
          cycle: 1,
          action: 'escalate',
          level: 2,
          text: 'lead',
        },
      ])
      await t.db.query(
        `INSERT INTO account_health_history (account_id, computed_at, score, risk_score, risk_bucket)
         SELECT $1, $2::timestamptz - g * interval '1 day', 30 + g % 60, g % 90, NULL FROM generate_series(1, 65) g`,
        [busy, AT],
      )

      // quiet: a little of each; tickets-only: tickets, one with a tie; idle: nothing at all.
      await store.activity.addMetrics(quiet, [snapshot(1, 4), snapshot(2, 5)])
      await store.activity.addBillingEvents(quiet, [
        {
          eventId: 'up',
          kind: 'upgrade',
          occurredAt: '2026-10-10T00:00:00.000Z',
          amount: '1200.00',
          note: null,
        },
      ])
      await ticket(quiet, 'quiet-1', '2026-11-19T00:00:00.000Z')
      await t.db.query(
        `INSERT INTO account_health_history (account_id, computed_at, score, risk_score, risk_bucket)
         VALUES ($1, $2, 71, 12, NULL)`,
        [quiet, AT],
      )
      await ticket(ticketsOnly, 'only-1', '2026-11-10T00:00:00.000Z')
      await ticket(ticketsOnly, 'only-2', '2026-11-10T00:00:00.000Z')
      await ticket(ticketsOnly, 'only-3', '2026-08-01T00:00:00.000Z')

      const ids = [ticketsOnly, busy, randomUUID(), idle, quiet]
      const many = await store.activity.loadMany(ids, SINCE)
      assert.deepEqual([...many.keys()], ids)
      for (const id of ids) assert.deepEqual(many.get(id), await store.activity.load(id, SINCE), id)

      const b = many.get(busy)
      assert.equal(b?.metrics.length, 12)
      assert.equal(b?.tickets.length, 500)
      assert.equal(b?.healthHistory.length, 60)
      assert.deepEqual(
        b?.billing.map((e) => e.eventId),
        ['cancel', 'rec-1', 'inv-1', 'inv-2'],
      )
      const churned = b?.tickets.find((f) => f.id === first)
      assert.equal(churned?.churnDirect, true)
      assert.equal(churned?.competitor, true)
      assert.deepEqual(churned?.signalPhrases, ['evaluating alternatives', 'Zendesk'])
      const breached = b?.tickets.find((f) => f.id === second)
      assert.deepEqual([breached?.breaches, breached?.escalationLevel, breached?.csat], [2, 2, 2])
      assert.equal(many.get(idle)?.tickets.length, 0)
      assert.equal(many.get(ticketsOnly)?.tickets.length, 2)

      // The same inside a transaction, and with a batch of one.
      await store.transaction(async (tx) => {
        const inTx = await tx.activity.loadMany([busy, quiet], SINCE)
        assert.deepEqual(inTx.get(busy), await tx.activity.load(busy, SINCE))
      })
      assert.deepEqual(
        (await store.activity.loadMany([quiet], SINCE)).get(quiet),
        await store.activity.load(quiet, SINCE),
      )
      assert.equal((await store.activity.loadMany([], SINCE)).size, 0)
    })

    test('saveAssessments writes what saveAssessment writes, and skips accounts changed since read', async () => {
      const policy = compilePolicyText(demoPolicyText(), 'examples/policy.yaml', demoPolicyFiles())
      const one = await account('save-one')
      const many = await account('save-many')
      const stale = await account('save-stale')
      for (const id of [one, many, stale]) await store.activity.addMetrics(id, [snapshot(1, 2)])
      const assessed = async (id: string) => {
        const a = (await store.accounts.getById(id)) ?? assert.fail('no account')
        return {
          account: a,
          assessment: assessAccount(a, await store.activity.load(id, SINCE), policy, AT.getTime()),
        }
      }
      const x = await assessed(one)
      const y = await assessed(many)
      const z = await assessed(stale)
      await store.accounts.saveAssessment(one, x.assessment)
      // `stale` changes after it was read: its write is skipped.
      await store.accounts.upsert(
        accountFixture({ externalId: 'save-stale', arr: '1.00', contacts: [] }),
        AT,
        randomUUID,
      )
      const written = await store.accounts.saveAssessments([
        {
          accountId: many,
          assessment: y.assessment,
          readAs: { revision: y.account.revision, assessedAt: null },
        },
        {
          accountId: stale,
          assessment: z.assessment,
          readAs: { revision: z.account.revision, assessedAt: null },
        },
        { accountId: randomUUID(), assessment: y.assessment },
      ])
      assert.deepEqual([...written], [many])

      const row = async (id: string) =>
        (
          await t.db.query(
            `SELECT assessment, risk_bucket, assessed_at, health_score,
                    (SELECT json_agg(json_build_object('score', h.score, 'risk', h.risk_score, 'bucket', h.risk_bucket))
                       FROM account_health_history h WHERE h.account_id = a.id) AS history
               FROM accounts a WHERE id = $1`,
            [id],
          )
        )[0]
      assert.deepEqual(await row(many), await row(one))
      assert.equal((await row(stale))?.assessment, null)
      assert.equal((await store.accounts.getById(many))?.assessment?.at, AT.toISOString())

      // A second write read as of the first assessment goes through; one read before it does not.
      const again = await store.accounts.saveAssessments([
        {
          accountId: many,
          assessment: y.assessment,
          readAs: { revision: y.account.revision, assessedAt: AT.toISOString() },
        },
        {
          accountId: one,
          assessment: x.assessment,
          readAs: { revision: x.account.revision, assessedAt: null },
        },
      ])
      assert.deepEqual([...again], [many])
      assert.equal((await store.accounts.saveAssessments([])).size, 0)
    })
  })
}
