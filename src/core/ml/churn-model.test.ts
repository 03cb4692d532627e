import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { UserError } from '../errors.js'
import { parseChurnModel, predictChurn, scoreChurnTable, trainChurnModel } from './churn-model.js'
import { rocAuc } from './metrics.js'
import { createRng } from './prng.js'
import type { Table } from './tabular.js'

/**
 * Accounts whose churn odds fall with tenure and are higher on monthly plans; `charges` is blank for
 * brand-new accounts (as `TotalCharges` is in the telco data) and `id` is an identifier.
 */
function accounts(n: number, seed: number): Table {
  const rng = createRng(seed)
  const plans = ['monthly', 'annual', 'two-year']
  const rows = Array.from({ length: n }, (_, i) => {
    const plan = plans[Math.floor(rng() * 3)] as string
    const tenure = Math.floor(rng() * 60)
    const z = 1 - 0.08 * tenure + (plan === 'monthly' ? 1.5 : plan === 'annual' ? -0.5 : -1.5)
    return {
      id: `acct-${seed}-${i}`,
      plan,
      tenure: String(tenure),
      charges: tenure === 0 ? ' ' : (tenure * 30 + rng() * 10).toFixed(2),
      region: rng() < 0.5 ? 'north' : 'south',
      churned: rng() < 1 / (1 + Math.exp(-z)) ? 'Yes' : 'No',
    }
  })
  return { columns: ['id', 'plan', 'tenure', 'charges', 'region', 'churned'], rows }
}

function userError(fn: () => unknown): UserError {
  try {
    fn()
  } catch (e) {
    if (e instanceof UserError) return e
    throw e
  }
  assert.fail('expected a UserError')
}

describe('churn model', () => {
  const table = accounts(500, 1)
  const training = trainChurnModel(table, { label: 'churned', ignore: ['id'], seed: 1 })
  const { model } = training

  test('learns from the training rows, judged by cross-validation and on fresh rows', () => {
    assert.equal(model.positive, 'Yes')
    assert.equal(training.candidates.length, 5, 'four penalties, then the blend')
    assert.ok(training.chosen.meanRocAuc > 0.75, `CV AUC ${training.chosen.meanRocAuc}`)
    const fresh = accounts(400, 2)
    const scored = scoreChurnTable(model, fresh)
    assert.ok(rocAuc(scored.probabilities, scored.positive) > 0.75)
  })

  test('infers column kinds, flags blanks and leaves out nothing it should keep', () => {
    const kinds = Object.fromEntries(model.encoding.columns.map((c) => [c.name, c.kind]))
    assert.deepEqual(kinds, {
      plan: 'categorical',
      tenure: 'numeric',
      charges: 'numeric',
      region: 'categorical',
    })
    const charges = model.encoding.columns.find((c) => c.name === 'charges')
    assert.ok(charges?.kind === 'numeric' && charges.missingFeature !== null, 'blank charges get a feature')
  })

  test('an identifier column not named as one is left out with the reason', () => {
    const t = trainChurnModel(table, { label: 'churned', seed: 1 })
    assert.ok(!t.model.encoding.columns.some((c) => c.name === 'id'))
    assert.match(t.model.encoding.skipped.find((s) => s.column === 'id')?.reason ?? '', /identifier/)
  })

  test('a prediction explains itself: contributions per column add up to its log-odds', () => {
    const row = { id: 'x', plan: 'monthly', tenure: '1', charges: '30', region: 'north', churned: '' }
    const p = predictChurn(model, row)
    const total = p.baseline + p.contributions.reduce((s, c) => s + c.contribution, 0)
    assert.ok(Math.abs(total - p.logOdds) < 1e-9)
    assert.ok(Math.abs(p.probability - 1 / (1 + Math.exp(-p.logOdds))) < 1e-12)
    assert.deepEqual(
      p.contributions.map((c) => c.feature).sort(),
      ['charges', 'plan', 'region', 'tenure'],
      'one entry per source column',
    )
    for (let i = 1; i < p.contributions.length; i++)
      assert.ok(
        Math.abs(p.contributions[i - 1]?.contribution ?? 0) >=
          Math.abs(p.contributions[i]?.contribution ?? 0),
      )
    const plan = p.contributions.find((c) => c.feature === 'plan')
    assert.ok(plan && plan.value === 'monthly' && plan.contribution > 0, 'a monthly plan raises the odds')
    assert.ok(
      p.reasons.some((r) => /^plan is 'monthly': raises the odds of churned = Yes/.test(r)),
      p.reasons.join('\n'),
    )
    const loyal = predictChurn(model, { ...row, plan: 'two-year', tenure: '55', charges: '1650' })
    assert.ok(loyal.probability < p.probability)
    assert.ok(loyal.reasons.some((r) => /lowers the odds/.test(r)))
  })

  test('a value never seen in training is said to be so', () => {
    const p = predictChurn(model, { plan: 'weekly', tenure: '10', charges: '300', region: 'north' })
    assert.match(
      p.reasons.find((r) => r.startsWith('plan')) ?? '',
      /^plan is 'weekly', a value not seen in training: /,
    )
    const known = predictChurn(model, { plan: 'monthly', tenure: '10', charges: '300', region: 'north' })
    assert.ok(p.probability < known.probability, 'an unknown plan does not count as the riskiest one')
  })

  test('the JSON form predicts exactly what the model does and is checked when read', () => {
    const back = parseChurnModel(JSON.parse(JSON.stringify(model)))
    const row = { plan: 'annual', tenure: '12', charges: '', region: 'south' }
    assert.equal(predictChurn(back, row).probability, predictChurn(model, row).probability)
    const broken = { ...JSON.parse(JSON.stringify(model)), linear: { weights: [1, 2], intercept: 0 } }
    assert.match(
      describeError(() => parseChurnModel(broken)),
      /linear.weights: has 2 weights/,
    )
    assert.match(
      describeError(() => parseChurnModel({ format: 'other' })),
      /format/,
    )
  })
})

function describeError(fn: () => unknown): string {
  const e = userError(fn)
  return `${e.message}: ${e.issues.map((i) => `${i.line ? `line ${i.line}: ` : ''}${i.field}: ${i.reason}`).join('; ')}`
}

describe('churn model: refused inputs', () => {
  const table = accounts(60, 3)

  test('a label with one class only', () => {
    const oneClass = { ...table, rows: table.rows.map((r) => ({ ...r, churned: 'No' })) }
    const e = userError(() => trainChurnModel(oneClass, { label: 'churned', seed: 1 }))
    assert.equal(
      e.message,
      "the label column 'churned' has only one class ('No'); a model needs examples of both",
    )
  })

  test('a missing label column names it and lists the columns', () => {
    assert.match(
      describeError(() => trainChurnModel(table, { label: 'Churn', seed: 1 })),
      /the label column 'Churn' is not in the file: Churn: is not a column of the file \(columns: 'id', 'plan'/,
    )
  })

  test('a bad number in a numeric column gives its line and column', () => {
    const rows = table.rows.map((r, i) => (i === 5 ? { ...r, tenure: '12 months' } : r))
    const e = userError(() => trainChurnModel({ ...table, rows }, { label: 'churned', seed: 1 }))
    assert.deepEqual(
      e.issues.map((i) => [i.line, i.field]),
      [[7, 'tenure']],
      'row 5 is line 7: the header is line 1',
    )
    assert.match(e.issues[0]?.reason ?? '', /'12 months' is not a number/)
    const lines = rows.map((_, i) => 100 + i)
    assert.equal(
      userError(() => trainChurnModel({ ...table, rows, lines }, { label: 'churned', seed: 1 })).issues[0]
        ?.line,
      105,
    )
  })

  test('labels the model does not know, in a file scored against it', () => {
    const { model } = trainChurnModel(table, { label: 'churned', ignore: ['id'], seed: 1 })
    const rows = table.rows.map((r, i) => (i === 2 ? { ...r, churned: 'Maybe' } : r))
    assert.match(
      describeError(() => scoreChurnTable(model, { ...table, rows })),
      /line 4: churned: 'Maybe' is not one of the trained classes 'No', 'Yes'/,
    )
  })

  test('a blank label, and a label whose positive class cannot be guessed', () => {
    const blank = table.rows.map((r, i) => (i === 0 ? { ...r, churned: ' ' } : r))
    assert.match(
      describeError(() => trainChurnModel({ ...table, rows: blank }, { label: 'churned', seed: 1 })),
      /line 2: churned: the label is blank/,
    )
    const ab = table.rows.map((r) => ({ ...r, churned: r.churned === 'Yes' ? 'left' : 'stayed' }))
    assert.match(
      describeError(() => trainChurnModel({ ...table, rows: ab }, { label: 'churned', seed: 1 })),
      /--positive/,
    )
    const t = trainChurnModel(
      { ...table, rows: ab },
      { label: 'churned', positive: 'left', ignore: ['id'], seed: 1 },
    )
    assert.equal(t.model.positive, 'left')
  })
})
