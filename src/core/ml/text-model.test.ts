import assert from 'node:assert/strict'
import { test } from 'node:test'
import { UserError } from '../errors.js'
import { createRng, type Rng } from './prng.js'
import { predictSentiment } from './sentiment-model.js'
import { textTerms } from './text-features.js'
import { fitTextModel, parseTextModel, predictText, selectTextModel } from './text-model.js'

const WORDS = {
  positive: ['很好', '不错', '满意', '干净', '推荐', 'great', 'clean', 'friendly'],
  negative: ['太差', '失望', '很脏', '吵闹', '退款', 'terrible', 'dirty', 'rude'],
  filler: ['房间', '早餐', '酒店', '服务', '位置', 'room', 'breakfast', 'hotel', 'staff'],
}

function pick(rng: Rng, list: readonly string[]): string {
  return list[Math.floor(rng() * list.length)] as string
}

/** Reviews of fillers plus two words of their class (one in ten also carries a word of the other). */
function reviews(n: number, seed: number): { texts: string[]; labels: string[] } {
  const rng = createRng(seed)
  const texts: string[] = []
  const labels: string[] = []
  for (let i = 0; i < n; i++) {
    const positive = rng() < 0.6
    const own = positive ? WORDS.positive : WORDS.negative
    const words = [pick(rng, WORDS.filler), pick(rng, own), pick(rng, WORDS.filler), pick(rng, own)]
    if (rng() < 0.1) words.push(pick(rng, positive ? WORDS.negative : WORDS.positive))
    texts.push(words.join(rng() < 0.5 ? '，' : ' '))
    labels.push(positive ? '1' : '0')
  }
  return { texts, labels }
}

test('terms: character n-grams without lone spaces, word n-grams within a clause', () => {
  const chars = textTerms('很好 OK', { charMax: 2, wordMax: 0 })
  assert.deepEqual(chars.sort(), ['c:o', 'c:ok', 'c:k', 'c:好', 'c:好 ', 'c:很', 'c:很好', 'c: o'].sort())
  const words = textTerms('Not working. Great support', { charMax: 0, wordMax: 2 })
  assert.ok(words.includes('w:not work'), words.join(' | '))
  assert.ok(words.includes('w:great support'))
  assert.ok(!words.some((w) => w.startsWith('w:work great')), 'no bigram across the full stop')
  // Full-width letters fold to ASCII, so ＯＫ and ok are one term.
  assert.deepEqual(textTerms('ＯＫ', { charMax: 2, wordMax: 0 }).sort(), ['c:k', 'c:o', 'c:ok'])
})

test('cross-validation chooses settings on the training texts and scores them', () => {
  const { texts, labels } = reviews(300, 1)
  const { candidates, chosen } = selectTextModel(texts, labels, {
    grid: [
      { charMax: 2, wordMax: 0 },
      { charMax: 0, wordMax: 1 },
    ],
    cs: [1, 0.1],
    folds: 3,
    seed: 1,
  })
  assert.equal(candidates.length, 4)
  assert.deepEqual(
    candidates.map((c) => c.c),
    [0.1, 1, 0.1, 1],
    'penalties in ascending order',
  )
  assert.ok(candidates.every((c) => c === chosen || c.accuracy.mean <= chosen.accuracy.mean))
  assert.ok(chosen.accuracy.mean > 0.85, `CV accuracy ${chosen.accuracy.mean}`)
  assert.deepEqual(
    selectTextModel(texts, labels, { grid: [chosen.settings], cs: [chosen.c], folds: 3, seed: 1 }).chosen
      .accuracy,
    chosen.accuracy,
  )
})

test('a binary model predicts unseen reviews and its terms add up to its log-odds', () => {
  const train = reviews(400, 2)
  const model = fitTextModel(train.texts, train.labels, { settings: { charMax: 2, wordMax: 1 }, c: 1 })
  assert.equal(model.positive, '1')
  const test = reviews(200, 3)
  const right = test.texts.filter((t, i) => predictText(model, t).label === test.labels[i]).length
  assert.ok(right / test.texts.length > 0.85, `accuracy ${right / test.texts.length}`)

  const p = predictText(model, '房间很脏，太差了')
  assert.equal(p.label, '0')
  const logOdds = Math.log((p.probabilities['1'] as number) / (p.probabilities['0'] as number))
  const sum = p.terms.reduce((s, t) => s + t.contribution, model.intercepts[0] as number)
  assert.ok(Math.abs(sum - logOdds) < 1e-9, `${sum} vs ${logOdds}`)
  assert.match(p.terms[0]?.term ?? '', /脏|差/, 'the top term is one of the negative words')
  assert.ok((p.terms[0]?.contribution ?? 0) < 0)
  assert.equal(predictText(model, 'great hotel, friendly staff').label, '1')
})

test('sentiment reads the model as a score in [-1, 1] with the lexicon thresholds', () => {
  const { texts, labels } = reviews(300, 4)
  const model = fitTextModel(texts, labels, { settings: { charMax: 2, wordMax: 0 }, c: 1 })
  const thresholds = { negativeAt: -0.3, positiveAt: 0.3 }
  const bad = predictSentiment(model, '太差，很失望', thresholds, 0)
  assert.equal(bad.label, 'negative')
  assert.equal(bad.score, Math.round((2 * bad.probability - 1) * 10_000) / 10_000)
  assert.equal(predictSentiment(model, '很满意，推荐', thresholds, 0).label, 'positive')
  assert.equal(predictSentiment(model, '很满意，推荐', { negativeAt: -1, positiveAt: 1 }, 0).label, 'neutral')
})

test('a score input beside the terms is weighed, unscaled, and reported as one more contribution', () => {
  const { texts, labels } = reviews(300, 7)
  // A score that knows the label half the time: the model should lean on it.
  const rng = createRng(8)
  const values = labels.map((l) => [rng() < 0.5 ? (l === '1' ? 1 : -1) : 0])
  const model = fitTextModel(texts, labels, {
    settings: { charMax: 2, wordMax: 0 },
    c: 1,
    scores: { names: ['hint'], values },
  })
  assert.deepEqual(model.scores, ['hint'])
  assert.equal(model.weights[0]?.length, model.terms.length + 1)
  const withHint = predictText(model, '房间，早餐', [1])
  const without = predictText(model, '房间，早餐', [0])
  assert.ok((withHint.probabilities['1'] as number) > (without.probabilities['1'] as number))
  const hint = withHint.terms.find((t) => t.kind === 'score')
  assert.equal(hint?.term, 'hint')
  assert.ok((hint?.contribution ?? 0) > 0)
  const logOdds = Math.log((withHint.probabilities['1'] as number) / (withHint.probabilities['0'] as number))
  const sum = withHint.terms.reduce((s, t) => s + t.contribution, model.intercepts[0] as number)
  assert.ok(Math.abs(sum - logOdds) < 1e-9)
  assert.throws(() => predictText(model, '房间'), /needs 1 score input/)
})

test('more than two classes: one vector per class, probabilities that sum to one', () => {
  const rng = createRng(5)
  const topics = {
    billing: ['invoice', 'charge', 'refund'],
    login: ['password', 'login', 'locked'],
    bug: ['crash', 'error', 'broken'],
  }
  const texts: string[] = []
  const labels: string[] = []
  for (let i = 0; i < 240; i++) {
    const [label, words] = Object.entries(topics)[i % 3] as [string, string[]]
    texts.push(
      `${pick(rng, WORDS.filler)} ${pick(rng, words)} ${pick(rng, words)} ${pick(rng, WORDS.filler)}`,
    )
    labels.push(label)
  }
  const model = fitTextModel(texts, labels, { settings: { charMax: 0, wordMax: 1 }, c: 1 })
  assert.equal(model.positive, null)
  assert.deepEqual(model.classes, ['billing', 'bug', 'login'])
  assert.equal(model.weights.length, 3)
  const p = predictText(model, 'the app shows an error and a crash')
  assert.equal(p.label, 'bug')
  const total = Object.values(p.probabilities).reduce((s, v) => s + v, 0)
  assert.ok(Math.abs(total - 1) < 1e-12)
  assert.equal(predictText(model, 'my password is locked').label, 'login')
})

test('the JSON form round-trips and a damaged model is refused', () => {
  const { texts, labels } = reviews(100, 6)
  const model = fitTextModel(texts, labels, { settings: { charMax: 2, wordMax: 0 }, c: 1 })
  const back = parseTextModel(JSON.parse(JSON.stringify(model)))
  assert.deepEqual(predictText(back, '很干净'), predictText(model, '很干净'))
  const damaged = { ...model, weights: [model.weights[0]?.slice(1)] }
  assert.throws(
    () => parseTextModel(damaged),
    (e: unknown) => e instanceof UserError && /one weight per term/.test(e.issues[0]?.reason ?? ''),
  )
  assert.throws(() => parseTextModel({ ...model, format: 'x' }), UserError)
})
