import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../examples/policy-fixture.js'
import { startWorker } from '../jobs/runner.js'
import { createStore } from '../store/sql-store.js'
import { accountFixture } from '../store/store.contract.test.js'
import type { AccountFields, Store } from '../store/store.js'
import { newTestDb, type TestDb } from '../store/test-db.js'
import {
  ASSESS_ALL_JOB,
  assessAllAccounts,
  nextNightlyRun,
  runNightlyAssessment,
  scheduleNightlyAssessment,
} from './assess-all.js'
import { type AppDeps, NO_CHANNELS, silentLog } from './deps.js'
import { compilePolicyText, fixedPolicy } from './load-policy.js'

const DAY = 86_400_000
const T0 = new Date('2026-11-20T02:00:00.000Z')
const ARR = ['420000.00', '90000.00', '12000.00', '800.00', '300000.00', '51000.00', '6000.00']
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g']

describe('nightly assessment of every account', () => {
  let t: TestDb
  let store: Store
  let deps: AppDeps
  let now = T0
  before(async () => {
    t = await newTestDb()
    store = createStore(t.db)
    const text = demoPolicyText()
    deps = {
      store,
      policy: fixedPolicy(compilePolicyText(text, 'examples/policy.yaml', demoPolicyFiles()), 'policy', text),
      now: () => now,
      newId: randomUUID,
      log: silentLog,
      channels: NO_CHANNELS,
    }
    const fields: AccountFields[] = IDS.map((externalId, i) =>
      accountFixture({
        externalId,
        name: `Account ${externalId}`,
        arr: ARR[i] as string,
        renewalDate: null,
        tags: [],
        contacts: [],
        domains: [],
        healthScore: null,
      }),
    )
    const saved = await store.accounts.upsertMany(fields, T0, randomUUID)
    await store.activity.addMetricsMany(
      saved.map((s, i) => ({
        accountId: s.id,
        snapshot: {
          observedOn: '2026-11-19',
          logins30d: 200 + i,
          loginsPrev30d: 190,
          activeSeats: 18,
          licensedSeats: 20,
          featuresUsed: 9,
          featuresAvailable: 10,
          failedPayments90d: 0,
          downgradeRequested: false,
          nps: 9,
        },
      })),
    )
  })
  after(async () => t.cleanup())

  const stored = async () => Promise.all(IDS.map(async (id) => store.accounts.getByExternalId(id)))
  const historyRows = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM account_health_history'))[0]?.n

  test('the first run places every account through the single path, a page at a time', async () => {
    const result = await assessAllAccounts(deps, { batch: 3 })
    assert.equal(result.pages, 3)
    assert.equal(result.next, null)
    assert.equal(result.assessed, IDS.length)
    assert.equal(result.batched, 0)
    // Never assessed: no tier held yet (an initial step), or a first risk bucket.
    assert.equal(result.tierStep + result.riskRose, IDS.length)
    for (const a of await stored()) {
      assert.equal(a?.assessment?.at, T0.toISOString(), a?.externalId)
      assert.equal(a?.heldTier?.tier, a?.assessment?.target.tier, a?.externalId)
    }
    assert.equal(await historyRows(), IDS.length)
  })

  test('the next night writes in batches; a risk that rose, and a change under the run, go one by one', async () => {
    now = new Date(T0.getTime() + DAY)
    const c = (await store.accounts.getByExternalId('c')) ?? assert.fail('no account c')
    assert.equal(c.assessment?.risk.bucket, null)
    await store.activity.addBillingEvents(c.id, [
      {
        eventId: 'cancel-1',
        kind: 'cancellation_request',
        occurredAt: new Date(now.getTime() - 3_600_000).toISOString(),
        amount: null,
        note: null,
      },
    ])
    // Account f is saved again between the run's read and its write: the batch write must skip it.
    const f = (await store.accounts.getByExternalId('f')) ?? assert.fail('no account f')
    let raced = false
    const racing: Store = {
      ...store,
      accounts: {
        ...store.accounts,
        async saveAssessments(list) {
          if (!raced && list.some((w) => w.accountId === f.id)) {
            raced = true
            await store.accounts.upsert({ ...f, name: 'Account f, renamed' }, now, randomUUID)
          }
          return store.accounts.saveAssessments(list)
        },
      },
    }
    const result = await assessAllAccounts({ ...deps, store: racing }, { batch: 3 })
    assert.deepEqual(
      { ...result },
      {
        assessed: IDS.length,
        batched: IDS.length - 2,
        riskRose: 1,
        tierStep: 0,
        changed: 1,
        failed: 0,
        pages: 3,
        next: null,
      },
    )
    for (const a of await stored()) assert.equal(a?.assessment?.at, now.toISOString(), a?.externalId)
    const after = (await store.accounts.getByExternalId('c')) ?? assert.fail('no account c')
    assert.notEqual(after.assessment?.risk.bucket, null)
    assert.ok(after.assessment?.risk.factors.some((f) => f.factor === 'cancellation'))
    assert.equal((await store.accounts.getByExternalId('f'))?.name, 'Account f, renamed')
    assert.equal(await historyRows(), IDS.length * 2)
  })

  test('a run resumes after a cursor', async () => {
    now = new Date(T0.getTime() + 2 * DAY)
    const result = await assessAllAccounts(deps, { batch: 2, after: 'd' })
    assert.equal(result.assessed, 3)
    const at = (await stored()).map((a) => a?.assessment?.at === now.toISOString())
    assert.deepEqual(at, [false, false, false, false, true, true, true])
    // Out of time after the first page: the cursor says where to go on.
    const cut = await assessAllAccounts(deps, { batch: 2, budgetMs: 0 })
    assert.deepEqual([cut.pages, cut.assessed, cut.next], [1, 2, 'b'])
  })

  test('the nightly job: scheduled once at start-up, run by the worker, then set for the next night', async () => {
    assert.equal(nextNightlyRun(Date.parse('2026-11-20T01:59:59.999Z')), '2026-11-20T02:00:00.000Z')
    assert.equal(nextNightlyRun(Date.parse('2026-11-20T02:00:00.000Z')), '2026-11-21T02:00:00.000Z')
    assert.equal(nextNightlyRun(Date.parse('2026-12-31T23:00:00.000Z')), '2027-01-01T02:00:00.000Z')

    const job = async () =>
      (
        await t.db.query<{ run_at: Date; state: string; payload: Record<string, unknown> }>(
          'SELECT run_at, state, payload FROM jobs WHERE key = $1',
          [ASSESS_ALL_JOB],
        )
      )[0]
    now = new Date('2026-11-23T01:00:00.000Z')
    await scheduleNightlyAssessment(deps)
    assert.equal((await job())?.run_at.toISOString(), '2026-11-23T02:00:00.000Z')
    // A later start-up leaves the job where it is, even once it is overdue.
    now = new Date('2026-11-23T05:00:00.000Z')
    await scheduleNightlyAssessment(deps)
    assert.equal((await job())?.run_at.toISOString(), '2026-11-23T02:00:00.000Z')

    const worker = startWorker(deps, { loop: false, send: async () => ({ response: 'not sent' }) })
    assert.equal((await worker.poll()).jobs, 1)
    await worker.stop()
    const next = await job()
    assert.deepEqual([next?.run_at.toISOString(), next?.state], ['2026-11-24T02:00:00.000Z', 'queued'])
    for (const a of await stored()) assert.equal(a?.assessment?.at, now.toISOString(), a?.externalId)

    // A job that died (its attempts used up) is queued again by the next start-up.
    await t.db.query(`UPDATE jobs SET state = 'dead' WHERE key = $1`, [ASSESS_ALL_JOB])
    now = new Date('2026-11-23T06:00:00.000Z')
    await scheduleNightlyAssessment(deps)
    const revived = await job()
    assert.deepEqual([revived?.run_at.toISOString(), revived?.state], ['2026-11-24T02:00:00.000Z', 'queued'])
  })

  test('a slice that resumes a run adds to its totals', async () => {
    now = new Date('2026-11-24T02:00:00.000Z')
    const logged: Record<string, unknown>[] = []
    const log = {
      ...silentLog,
      info: (fields: Record<string, unknown>, message: string) => void logged.push({ ...fields, message }),
    }
    const slice = await runNightlyAssessment(
      { ...deps, log },
      {
        after: 'e',
        startedAt: '2026-11-24T02:00:00.000Z',
        assessed: 5,
        batched: 5,
        riskRose: 0,
        tierStep: 0,
        changed: 0,
        failed: 0,
      },
    )
    assert.equal(slice.assessed, 2)
    assert.equal(slice.next, null)
    const done = logged.find((l) => l.message === 'nightly account assessment done')
    assert.deepEqual([done?.assessed, done?.startedAt], [7, '2026-11-24T02:00:00.000Z'])
  })
})
