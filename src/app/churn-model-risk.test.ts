/**
 * A churn model trained on the user's own history, end to end: labelled accounts → feature rows read
 * from the database as of each label's date → `trainChurnModel` → `churnRisk.modelFile` in the policy →
 * account risk by the model, with each feature's share as a factor.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../examples/policy-fixture.js'
import { assessAccount, recommendActions } from '../core/accounts/assess-account.js'
import { CHURN_FEATURE_NAMES } from '../core/accounts/churn-features.js'
import { isPatronError } from '../core/errors.js'
import { type ChurnModel, trainChurnModel } from '../core/ml/churn-model.js'
import type { Table } from '../core/ml/tabular.js'
import { parsePolicy } from '../core/policy/parse-policy.js'
import { createStore } from '../store/sql-store.js'
import { accountFixture } from '../store/store.contract.test.js'
import type { Store } from '../store/store.js'
import { newTestDb, type TestDb } from '../store/test-db.js'
import { activitySince } from './assess-account.js'
import { type AppDeps, NO_CHANNELS, silentLog } from './deps.js'
import { exportChurnFeatures } from './export-churn-features.js'
import { compilePolicyText, fixedPolicy } from './load-policy.js'

const NOW = new Date('2026-11-20T12:00:00.000Z')
const AS_OF = '2026-11-15'
const N = 60

const withModel = (text: string) =>
  text.replace(
    /^(churnRisk:\n(?: {2}.*\n)*?)( {2}earlyWarningAt: 25\n)/m,
    '$1$2  modelFile: churn-model.json\n',
  )

/** Account i: the odd ones left; a few of each kind look like the other, so the classes overlap. */
const churned = (i: number) => i % 2 === 1
const looksRisky = (i: number) => churned(i) !== (i % 20 === 3 || i % 20 === 4)

function table(columns: readonly string[], rows: readonly (readonly string[])[]): Table {
  return {
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] ?? '']))),
  }
}

const labels = (rows: readonly (readonly string[])[], columns = ['account', 'churned', 'as_of']) =>
  table(columns, rows)

describe('a churn model trained on the accounts in the database', () => {
  let t: TestDb
  let store: Store
  let deps: AppDeps
  let model: ChurnModel
  before(async () => {
    t = await newTestDb()
    store = createStore(t.db)
    const text = demoPolicyText()
    deps = {
      store,
      policy: fixedPolicy(compilePolicyText(text, 'examples/policy.yaml', demoPolicyFiles()), 'policy', text),
      now: () => NOW,
      newId: randomUUID,
      log: silentLog,
      channels: NO_CHANNELS,
    }
    const saved = await store.accounts.upsertMany(
      Array.from({ length: N }, (_, i) =>
        accountFixture({
          externalId: `acct-${i}`,
          name: `Account ${i}`,
          arr: String(20_000 + 5_000 * i),
          renewalDate: null,
          contacts: [],
          domains: [],
          healthScore: null,
        }),
      ),
      NOW,
      randomUUID,
    )
    await store.activity.addMetricsMany(
      saved.map((s, i) => ({
        accountId: s.id,
        snapshot: {
          observedOn: '2026-11-10',
          logins30d: looksRisky(i) ? 20 + i : 300 + i,
          loginsPrev30d: 250,
          activeSeats: looksRisky(i) ? 5 : 18,
          licensedSeats: 20,
          featuresUsed: looksRisky(i) ? 2 : 8,
          featuresAvailable: 10,
          failedPayments90d: looksRisky(i) ? 2 : 0,
          downgradeRequested: false,
          nps: looksRisky(i) ? 3 : 9,
        },
      })),
    )
    // After the as-of date: must not reach the training row.
    await store.activity.addBillingEvents(saved[1]?.id as string, [
      {
        eventId: 'late-cancel',
        kind: 'cancellation_request',
        occurredAt: '2026-11-18T10:00:00Z',
        amount: null,
        note: null,
      },
    ])
  })
  after(async () => t.cleanup())

  const allLabels = () =>
    labels(Array.from({ length: N }, (_, i) => [`acct-${i}`, churned(i) ? 'yes' : 'no', AS_OF]))

  test('export: one row per label, the features as of its date, the label last', async () => {
    const out = await exportChurnFeatures(deps, allLabels())
    assert.deepEqual(out.columns, ['account', 'as_of', ...CHURN_FEATURE_NAMES, 'churned'])
    assert.equal(out.rows.length, N)
    const row = (i: number) => Object.fromEntries(out.columns.map((c, j) => [c, out.rows[i]?.[j]]))
    assert.equal(row(1).churned, 'yes')
    assert.equal(row(1).failed_payments_90d, '2')
    assert.equal(row(1).logins_30d, '21')
    assert.equal(row(1).nps, '3')
    assert.equal(row(1).cancellation_requested, '0', 'the cancellation came after the as-of date')
    assert.equal(row(0).seat_utilisation, '0.9')
    // Read as of now, the cancellation is there.
    const now = await exportChurnFeatures(deps, labels([['acct-1', 'yes', '']]))
    assert.equal(now.rows[0]?.[out.columns.indexOf('cancellation_requested')], '1')
  })

  test('bad labelled rows are refused whole, each with its line and column', async () => {
    const rows = [
      ['acct-0', 'no', AS_OF],
      ['nobody', 'yes', AS_OF],
      ['acct-2', '', AS_OF],
      ['acct-3', 'yes', 'last tuesday'],
      ['acct-4', 'no', '2027-01-01'],
      ['acct-0', 'no', AS_OF],
    ]
    await assert.rejects(
      () => exportChurnFeatures(deps, labels(rows)),
      (e: unknown) => {
        assert.ok(isPatronError(e))
        assert.deepEqual(
          e.issues.map((i) => [i.line, i.field]),
          [
            [3, 'account'],
            [4, 'churned'],
            [5, 'as_of'],
            [6, 'as_of'],
            [7, 'account'],
          ],
        )
        assert.match(e.issues[0]?.reason ?? '', /no account 'nobody'/)
        assert.match(e.issues[3]?.reason ?? '', /in the future/)
        assert.match(e.issues[4]?.reason ?? '', /listed twice/)
        return true
      },
    )
    await assert.rejects(
      () => exportChurnFeatures(deps, labels([['acct-0', AS_OF]], ['account', 'as_of'])),
      (e: unknown) => isPatronError(e) && e.issues[0]?.field === 'churned',
    )
  })

  test('trained on the export, the model scores accounts: probability, factors, offsets, actions', async () => {
    const out = await exportChurnFeatures(deps, allLabels())
    model = trainChurnModel(table(out.columns, out.rows), {
      label: 'churned',
      ignore: ['account', 'as_of'],
      seed: 1,
    }).model
    assert.equal(model.positive, 'yes')
    const text = withModel(demoPolicyText())
    assert.match(text, /modelFile: churn-model\.json/)
    const files = new Map([...demoPolicyFiles(), ['churn-model.json', JSON.stringify(model)]])
    const policy = compilePolicyText(text, 'policy.yaml', files)
    assert.ok(policy.churnModel)

    const assess = async (i: number) => {
      const account = await store.accounts.getByExternalId(`acct-${i}`)
      assert.ok(account)
      const activity = await store.activity.load(account.id, activitySince(policy, NOW.getTime()))
      return assessAccount(account, activity, policy, NOW.getTime())
    }
    const risky = (await assess(5)).risk
    assert.equal(risky.method, 'model')
    assert.ok(risky.model && risky.model.probability > 0.5, JSON.stringify(risky.model))
    assert.equal(risky.score, Math.round((risky.model?.probability ?? 0) * 100))
    assert.ok(risky.bucket !== null)
    assert.ok(risky.factors.length > 0)
    assert.ok(risky.factors.every((f) => f.points >= 1 && f.feature !== undefined))
    assert.match(risky.text, /model trained on 60 accounts/)
    // The billing feature maps to the scorecard's factor, so the recommended actions still read it.
    const billing = risky.factors.find((f) => f.feature === 'failed_payments_90d')
    assert.ok(billing, JSON.stringify(risky.factors))
    assert.equal(billing.factor, 'billing')
    assert.match(billing.text, /^failed payments in 90 days: 2 \(typical /)

    const safe = await assess(6)
    assert.ok((safe.risk.model?.probability ?? 1) < 0.5)
    assert.equal(safe.risk.bucket, null)
    assert.ok((safe.risk.model?.offsets.length ?? 0) > 0)
    assert.ok(safe.risk.model?.offsets.every((f) => f.points <= -1))
    assert.ok(
      recommendActions(await assess(5), { openEscalations: 0, pendingDowngrade: null }).some((a) =>
        /failed payments/.test(a),
      ),
    )
  })

  test('a model file the policy cannot use is a compile issue at churnRisk.modelFile', () => {
    const text = withModel(demoPolicyText())
    const telco = trainChurnModel(
      table(
        ['tenure', 'Churn'],
        Array.from({ length: 20 }, (_, i) => [String(i), i % 2 === 0 ? 'Yes' : 'No']),
      ),
      { label: 'Churn', seed: 1 },
    ).model
    const cases: [string | null, RegExp][] = [
      [null, /cannot read churn-model\.json/],
      ['{"format":', /is not JSON/],
      ['{"format":"something else"}', /is not a model from patron train churn/],
      [JSON.stringify(telco), /reads a column Patron does not compute for an account \('tenure'\)/],
    ]
    for (const [content, reason] of cases) {
      const files = new Map(demoPolicyFiles())
      if (content !== null) files.set('churn-model.json', content)
      const result = parsePolicy(text, 'v', files)
      assert.ok(!result.ok, String(reason))
      const issue = result.issues.find((i) => i.field === 'churnRisk.modelFile')
      assert.match(issue?.reason ?? '', reason, JSON.stringify(result.issues))
      assert.ok(issue?.line, 'the issue points at its line')
    }
  })
})
