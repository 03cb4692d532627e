import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../../examples/policy-fixture.js'
import { lexiconScoreInputs } from '../ml/lexicon-classifier.js'
import { predictSentiment } from '../ml/sentiment-model.js'
import { fitTextModel, type TextModel } from '../ml/text-model.js'
import { compileLexicon } from '../signals/compile-lexicon.js'
import { analyzeText } from '../signals/detect-signals.js'
import { parsePolicy } from './parse-policy.js'

const DEMO_SENTIMENT = 'sentiment: { negativeAt: -0.3, positiveAt: 0.3 }'

function policyWith(modelFile: string): string {
  const text = demoPolicyText()
  assert.ok(text.includes(DEMO_SENTIMENT), 'the demo policy still sets its sentiment thresholds')
  return text.replace(
    DEMO_SENTIMENT,
    `sentiment: { negativeAt: -0.3, positiveAt: 0.3, modelFile: ${modelFile} }`,
  )
}

/** A small model: hotel words plus 满意/推荐 (positive) or 太差/失望 (negative). */
function sentimentModel(classes: readonly string[] = ['0', '1']): TextModel {
  const texts: string[] = []
  const labels: string[] = []
  const words: Record<string, string[]> = {
    '0': ['太差', '失望', '蟑螂'],
    '1': ['满意', '推荐', '安静'],
    '2': ['一般', '还行', '普通'],
  }
  for (let i = 0; i < 120; i++) {
    const label = classes[i % classes.length] as string
    const own = words[label] as string[]
    texts.push(`房间${own[i % 3]}，早餐${own[(i + 1) % 3]}`)
    labels.push(label)
  }
  // As `patron train sentiment` makes them: with the built-in lexicon's score as an input.
  return fitTextModel(texts, labels, {
    settings: { charMax: 2, wordMax: 0 },
    c: 1,
    scores: lexiconScoreInputs(texts, compileLexicon()),
  })
}

function files(entries: Record<string, string>): Map<string, string> {
  const all = demoPolicyFiles()
  for (const [path, text] of Object.entries(entries)) all.set(path, text)
  return all
}

describe('signals.sentiment.modelFile', () => {
  const model = sentimentModel()

  test('the trained model scores sentiment; the lexicon still names the term in the text', () => {
    const result = parsePolicy(
      policyWith('models/sentiment.json'),
      'v1',
      files({ 'models/sentiment.json': JSON.stringify(model) }),
    )
    assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.issues))
    const body = '房间太差，很失望'
    const analysis = analyzeText({ subject: '', body }, result.policy.lexicon)
    const lexiconOnly = parsePolicy(demoPolicyText(), 'v1', demoPolicyFiles())
    assert.ok(lexiconOnly.ok)
    const lexiconScore = analyzeText({ subject: '', body }, lexiconOnly.policy.lexicon).sentiment.score
    assert.ok(lexiconScore < 0, 'the lexicon reads it as negative too')
    const expected = predictSentiment(model, `\n${body}`, { negativeAt: -0.3, positiveAt: 0.3 }, lexiconScore)
    assert.notEqual(analysis.sentiment.score, lexiconScore, 'the score is the model’s, not the lexicon’s')
    assert.equal(analysis.sentiment.score, expected.score)
    assert.deepEqual(
      Object.keys(analysis.sentiment).sort(),
      ['label', 'score'],
      'decisions store the same shape as before',
    )
    assert.equal(analysis.sentiment.label, 'negative')
    const signal = analysis.signals.find((s) => s.kind === 'sentiment.negative')
    assert.ok(signal, 'a negative sentiment signal')
    assert.match(
      signal.text,
      /^negative sentiment \(-[01]\.\d\d\), strongest: '.+'; trained model: p\(positive\) 0\.\d\d; terms '/,
    )
    assert.equal(body.slice(signal.span?.start, signal.span?.end), signal.matched)
  })

  test('when no lexicon term matches, the model still explains itself with its own terms', () => {
    const result = parsePolicy(
      policyWith('models/sentiment.json'),
      'v1',
      files({ 'models/sentiment.json': JSON.stringify(model) }),
    )
    assert.ok(result.ok)
    const analysis = analyzeText({ subject: '', body: '早餐有蟑螂' }, result.policy.lexicon)
    const lexiconOnly = parsePolicy(demoPolicyText(), 'v1', demoPolicyFiles())
    assert.ok(lexiconOnly.ok)
    assert.equal(
      analyzeText({ subject: '', body: '早餐有蟑螂' }, lexiconOnly.policy.lexicon).sentiment.score,
      0,
    )
    assert.equal(analysis.sentiment.label, 'negative')
    const signal = analysis.signals.find((s) => s.kind === 'sentiment.negative')
    assert.ok(signal)
    assert.equal(signal.span, null)
    assert.match(
      signal.text,
      /^negative sentiment \(-[01]\.\d\d\); trained model: p\(positive\) 0\.\d\d; terms '.*蟑/,
    )
  })

  test('without the key the lexicon scores as before', () => {
    const result = parsePolicy(demoPolicyText(), 'v1', demoPolicyFiles())
    assert.ok(result.ok)
    assert.equal(result.policy.lexicon.sentimentModel, undefined)
  })

  test('a model file that cannot be read, is not JSON or is not a sentiment model: refused at its line', () => {
    const text = policyWith('models/sentiment.json')
    const line = text.split('\n').findIndex((l) => l.includes('modelFile')) + 1
    const cases: [Map<string, string>, RegExp][] = [
      [demoPolicyFiles(), /cannot read models\/sentiment\.json/],
      [files({ 'models/sentiment.json': '{"format": ' }), /is not JSON/],
      [
        files({ 'models/sentiment.json': '{"format": "patron.churn-model"}' }),
        /is not a model from patron train sentiment/,
      ],
      [
        files({ 'models/sentiment.json': JSON.stringify({ ...model, scores: ['shoe size'] }) }),
        /needs an input Patron does not provide \('shoe size'\)/,
      ],
      [
        files({ 'models/sentiment.json': JSON.stringify(sentimentModel(['0', '1', '2'])) }),
        /has 3 classes; a sentiment model has two/,
      ],
    ]
    for (const [given, reason] of cases) {
      const result = parsePolicy(text, 'v1', given)
      assert.ok(!result.ok)
      const issue = result.issues.find((i) => i.field === 'signals.sentiment.modelFile')
      assert.ok(issue, JSON.stringify(result.issues))
      assert.match(issue.reason, reason)
      assert.equal(issue.line, line)
    }
  })

  test('the path stays inside the policy folder', () => {
    for (const path of ['../models/sentiment.json', '/etc/model.json', 'models/sentiment.yaml']) {
      const result = parsePolicy(policyWith(path), 'v1', demoPolicyFiles())
      assert.ok(!result.ok)
      assert.match(
        result.issues.find((i) => i.field === 'signals.sentiment.modelFile')?.reason ?? '',
        /relative path to a \.json file inside the policy's folder/,
      )
    }
  })
})
