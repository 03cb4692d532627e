import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { BuiltinLexicon } from './builtin-lexicon.js'
import { compileLexicon, DEFAULT_NEGATIVE_AT, DEFAULT_POSITIVE_AT } from './compile-lexicon.js'
import { analyzeText } from './detect-signals.js'
import { LEXICON_EN } from './lexicon.en.js'
import { LEXICON_ZH } from './lexicon.zh.js'
import { findExpression, findMatches } from './match-phrases.js'
import type { PhraseKind } from './phrase.js'
import type { SignalKind } from './signal.js'
import { tokenize } from './tokenize.js'

const phrasesOf = (text: string, kind: SignalKind, lexicon = compileLexicon()): string[] =>
  analyzeText({ subject: '', body: text }, lexicon)
    .signals.filter((s) => s.kind === kind)
    .map((s) => s.phrase)

test('an extension phrase is added and matched like a built-in one', () => {
  const text = 'We plan to move to a different provider next quarter'
  assert.deepEqual(phrasesOf(text, 'churn.direct'), [])
  const lexicon = compileLexicon({ churnDirect: { en: ['move to a different provider'] } })
  assert.deepEqual(phrasesOf(text, 'churn.direct', lexicon), ['move to a different provider'])
  // Stemmed like ticket text: "moving" matches the entry's "move".
  assert.deepEqual(phrasesOf('we are moving to a different provider', 'churn.direct', lexicon), [
    'move to a different provider',
  ])
})

test('extension phrases cover every list and both languages', () => {
  const lexicon = compileLexicon({
    churnIndirect: { zh: ['服务越来越差'] },
    urgency: { P1: { en: ['payroll is stuck'] }, P2: { zh: ['同步延迟'] } },
    negative: { en: { janky: 2 } },
    positive: { zh: { 神速: 3 } },
  })
  assert.deepEqual(phrasesOf('感觉服务越来越差', 'churn.indirect', lexicon), ['服务越来越差'])
  const p1 = analyzeText({ subject: 'Payroll is stuck', body: '' }, lexicon)
  assert.equal(p1.severityHint?.severity, 'P1')
  assert.equal(analyzeText({ subject: '', body: '订单同步延迟' }, lexicon).severityHint?.severity, 'P2')
  assert.ok(analyzeText({ subject: '', body: 'the editor is janky' }, lexicon).sentiment.score < 0)
  assert.ok(analyzeText({ subject: '', body: '处理神速' }, lexicon).sentiment.score > 0)
})

test('ignore switches off built-in entries by their canonical form', () => {
  const text = 'Honestly we are evaluating alternatives; this is unacceptable.'
  assert.deepEqual(phrasesOf(text, 'churn.direct'), ['evaluating alternatives'])
  const lexicon = compileLexicon({ ignore: ['evaluating alternatives', 'unacceptable'] })
  assert.deepEqual(phrasesOf(text, 'churn.direct', lexicon), [])
  assert.deepEqual(phrasesOf(text, 'churn.indirect', lexicon), [])
  assert.equal(analyzeText({ subject: '', body: text }, lexicon).sentiment.score, 0)
  assert.deepEqual(
    phrasesOf('我们正在评估替代方案', 'churn.direct', compileLexicon({ ignore: ['评估替代方案'] })),
    [],
  )
})

test('ignore also switches off negation-cancelling and moving expressions', () => {
  const competitors = ['Zendesk']
  const text = "We can't rule out switching to Zendesk"
  assert.deepEqual(phrasesOf(text, 'churn.direct', compileLexicon({ competitors })), ['switching to Zendesk'])
  assert.deepEqual(
    phrasesOf(text, 'churn.direct', compileLexicon({ competitors, ignore: ['switching to'] })),
    [],
  )
  assert.deepEqual(
    phrasesOf(text, 'churn.direct', compileLexicon({ competitors, ignore: ['not rule out'] })),
    [],
  )
})

test('an extension term overrides the weight (and polarity) of a built-in term', () => {
  const lexicon = compileLexicon({ positive: { en: { slow: 1 } } })
  assert.ok(analyzeText({ subject: '', body: 'slow' }, lexicon).sentiment.score > 0)
})

test('competitors come from the extension only', () => {
  assert.deepEqual(phrasesOf('We are looking at Zendesk', 'competitor'), [])
  assert.deepEqual(
    phrasesOf('We are looking at Zendesk', 'competitor', compileLexicon({ competitors: ['Zendesk'] })),
    ['Zendesk'],
  )
})

test('sentiment thresholds default to -0.3 / 0.3 and can be moved', () => {
  const lexicon = compileLexicon()
  assert.equal(lexicon.negativeAt, DEFAULT_NEGATIVE_AT)
  assert.equal(lexicon.positiveAt, DEFAULT_POSITIVE_AT)
  assert.equal(DEFAULT_NEGATIVE_AT, -0.3)
  assert.equal(DEFAULT_POSITIVE_AT, 0.3)
  // "slow" (weight 1) scores -1/sqrt(16) = -0.25: neutral by default, negative at -0.2.
  assert.equal(analyzeText({ subject: '', body: 'slow' }, lexicon).sentiment.label, 'neutral')
  const strict = compileLexicon({ sentiment: { negativeAt: -0.2 } })
  assert.equal(analyzeText({ subject: '', body: 'slow' }, strict).sentiment.label, 'negative')
})

const KINDS: ReadonlyArray<[keyof BuiltinLexicon, PhraseKind]> = [
  ['churnDirect', 'churn.direct'],
  ['churnIndirect', 'churn.indirect'],
  ['urgencyP1', 'urgency'],
  ['urgencyP2', 'urgency'],
  ['negative', 'sentiment'],
  ['positive', 'sentiment'],
  ['neutral', 'sentiment'],
]

function entriesOf(lex: BuiltinLexicon, list: keyof BuiltinLexicon): string[] {
  const value = lex[list]
  return Array.isArray(value) ? [...value] : Object.keys(value)
}

for (const [language, lex] of [
  ['en', LEXICON_EN],
  ['zh', LEXICON_ZH],
] as const) {
  test(`every built-in ${language} entry is found by itself, as one match over all its tokens`, () => {
    const lexicon = compileLexicon()
    for (const [list, kind] of KINDS) {
      for (const entry of entriesOf(lex, list)) {
        const tokens = tokenize(entry).tokens
        const matches = findMatches(tokens, lexicon.index).filter((m) => m.phrase.kind === kind)
        assert.ok(
          matches.some((m) => m.phrase.canonical === entry && m.first === 0 && m.last === tokens.length - 1),
          `${language} ${list} '${entry}' is shadowed by ${matches.map((m) => m.phrase.canonical).join(', ') || 'nothing'}`,
        )
      }
    }
  })

  test(`every built-in ${language} cancelling and moving expression is found by itself, over all its tokens`, () => {
    const lexicon = compileLexicon()
    for (const [list, index] of [
      ['negationCancellers', lexicon.cancellers],
      ['movingTo', lexicon.movingTo],
    ] as const) {
      for (const entry of lex[list]) {
        const tokens = tokenize(entry).tokens
        const last = tokens.length - 1
        const found = findExpression(tokens, index, 0, 0, last, last)
        assert.equal(found?.expression.canonical, entry, `${language} ${list} '${entry}'`)
        assert.ok(last + 1 <= index.span, `${language} ${list} '${entry}' fits the index span`)
      }
    }
  })

  test(`the ${language} lexicon is big enough and its weights are 1-4`, () => {
    const minimum = language === 'en' ? 30 : 20
    assert.ok(lex.churnDirect.length >= minimum, 'direct churn phrases')
    assert.ok(lex.churnIndirect.length >= minimum, 'indirect churn phrases')
    assert.ok(Object.keys(lex.negative).length >= 60, 'negative terms')
    assert.ok(Object.keys(lex.positive).length >= 40, 'positive terms')
    for (const w of [...Object.values(lex.negative), ...Object.values(lex.positive)]) {
      assert.ok(Number.isInteger(w) && w >= 1 && w <= 4, `weight ${w}`)
    }
  })

  test(`${language} negators and intensifiers are single tokens and not sentiment terms`, () => {
    const terms = new Set([...Object.keys(lex.negative), ...Object.keys(lex.positive)])
    for (const word of [...lex.negators, ...lex.intensifiers]) {
      assert.ok(!terms.has(word), word)
      assert.equal(tokenize(word).tokens.length, 1, `'${word}' is one token`)
    }
  })
}
