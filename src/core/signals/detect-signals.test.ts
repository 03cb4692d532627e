import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileLexicon } from './compile-lexicon.js'
import { analyzeText, languageOf } from './detect-signals.js'
import type { Signal, SignalKind, TextAnalysis } from './signal.js'

const lexicon = compileLexicon({ competitors: ['Zendesk', 'Help Scout', '有赞'] })

const body = (text: string): TextAnalysis => analyzeText({ subject: '', body: text }, lexicon)
const ofKind = (analysis: TextAnalysis, kind: SignalKind): Signal[] =>
  analysis.signals.filter((s) => s.kind === kind)
const phrases = (analysis: TextAnalysis, kind: SignalKind): string[] =>
  ofKind(analysis, kind).map((s) => s.phrase)

/** Every signal with a span must point at exactly its `matched` text. */
function assertSpans(input: { subject: string; body: string }, analysis: TextAnalysis): void {
  for (const s of analysis.signals) {
    assert.ok(s.span !== null, `${s.kind} has a span`)
    const field = s.field === 'subject' ? input.subject : input.body
    assert.equal(field.slice(s.span.start, s.span.end), s.matched, `${s.kind} '${s.phrase}' span`)
  }
}

test('English billing ticket with a direct churn phrase', () => {
  const input = {
    subject: '',
    body: 'Hi, we were charged $12 twice on invoice 4471. Can you explain? Honestly we are evaluating alternatives.',
  }
  const analysis = analyzeText(input, lexicon)
  assert.equal(analysis.language, 'en')
  const direct = ofKind(analysis, 'churn.direct')
  assert.equal(direct.length, 1)
  const [signal] = direct as [Signal]
  assert.equal(signal.phrase, 'evaluating alternatives')
  assert.equal(signal.text, "churn phrase 'evaluating alternatives' (direct)")
  assert.equal(signal.field, 'body')
  assert.equal(signal.language, 'en')
  const start = input.body.indexOf('evaluating alternatives')
  assert.deepEqual(signal.span, { start, end: start + 'evaluating alternatives'.length })
  assert.equal(signal.matched, 'evaluating alternatives')
})

test('Chinese ticket: direct and indirect churn, strong negative sentiment', () => {
  const input = { subject: '', body: '我们正在评估替代方案，这个问题反复出现，真的很失望' }
  const analysis = analyzeText(input, lexicon)
  assert.equal(analysis.language, 'zh')
  assert.deepEqual(phrases(analysis, 'churn.direct'), ['评估替代方案'])
  assert.deepEqual(phrases(analysis, 'churn.indirect'), ['反复出现'])
  assert.equal(analysis.sentiment.label, 'negative')
  assert.ok(analysis.sentiment.score <= -0.6, `strongly negative, got ${analysis.sentiment.score}`)
  const [negative] = ofKind(analysis, 'sentiment.negative') as [Signal]
  assert.ok(negative.matched?.includes('失望'))
  assert.equal(negative.phrase, '真的很失望')
  assert.equal(negative.language, 'zh')
  const direct = ofKind(analysis, 'churn.direct')[0] as Signal
  assert.deepEqual(direct.span, { start: 4, end: 10 })
  assert.deepEqual(
    analysis.signals.map((s) => s.kind),
    ['churn.direct', 'churn.indirect', 'sentiment.negative'],
  )
  assertSpans(input, analysis)
})

test('spans are UTF-16 offsets: an emoji before a Chinese phrase shifts it by two units', () => {
  const input = { subject: '', body: '😡我们在评估替代方案' }
  const analysis = analyzeText(input, lexicon)
  const direct = ofKind(analysis, 'churn.direct')[0] as Signal
  assert.deepEqual(direct.span, { start: 5, end: 11 })
  assert.equal(direct.matched, '评估替代方案')
})

test('a negated churn phrase is dropped', () => {
  assert.deepEqual(phrases(body('we are not evaluating alternatives'), 'churn.direct'), [])
  assert.deepEqual(phrases(body('We have no plans to cancel our subscription.'), 'churn.direct'), [])
  assert.deepEqual(phrases(body('我们没有在评估替代方案'), 'churn.direct'), [])
})

test('a negator in an earlier clause does not negate', () => {
  assert.deepEqual(phrases(body('No, we are evaluating alternatives'), 'churn.direct'), [
    'evaluating alternatives',
  ])
})

test('phrases that contain a negator still match, and their negator does not negate what follows', () => {
  assert.deepEqual(phrases(body('We are not renewing.'), 'churn.direct'), ['not renewing'])
  assert.deepEqual(phrases(body("We won't be renewing"), 'churn.direct'), ["won't renew"])
  assert.deepEqual(phrases(body('我们决定不再续约'), 'churn.direct'), ['不再续约'])
  // 不 belongs to 不满意; it must not negate 要求退款 right after it.
  assert.deepEqual(phrases(body('不满意要求退款'), 'churn.direct'), ['要求退款'])
})

test('negation flips sentiment: "not happy" is negative, "不满意" is negative and not flipped twice', () => {
  assert.equal(body('not happy').sentiment.label, 'negative')
  assert.equal(body('We are not happy with this').sentiment.label, 'negative')
  const zh = body('不满意')
  assert.equal(zh.sentiment.label, 'negative')
  assert.deepEqual(phrases(zh, 'sentiment.negative'), ['不满意'])
  assert.equal(body('非常不满意').sentiment.label, 'negative')
  assert.equal(body('不是很满意').sentiment.label, 'negative')
  assert.equal(body('not bad at all').sentiment.label, 'positive')
})

test('a negated term is damped, so "not happy" is milder than "unhappy"', () => {
  const notHappy = body('not happy').sentiment.score
  const unhappy = body('unhappy').sentiment.score
  assert.ok(notHappy < 0 && unhappy < notHappy, `${unhappy} < ${notHappy} < 0`)
})

test('intensifiers strengthen the next term and appear in the reported phrase', () => {
  const plain = body('disappointed')
  const boosted = body('Really disappointed')
  assert.ok(boosted.sentiment.score < plain.sentiment.score)
  const [signal] = ofKind(boosted, 'sentiment.negative') as [Signal]
  assert.equal(signal.phrase, 'really disappointed')
  assert.equal(signal.matched, 'Really disappointed')
  assert.match(signal.text, /^negative sentiment \(-0\.\d\d\), strongest: 'really disappointed'$/)
})

test('exactly one sentiment signal, for the strongest term in the direction of the label', () => {
  const analysis = body('Thanks for the reply. The app is slow, buggy and honestly terrible.')
  assert.equal(analysis.sentiment.label, 'negative')
  assert.deepEqual(phrases(analysis, 'sentiment.negative'), ['terrible'])
  assert.deepEqual(phrases(analysis, 'sentiment.positive'), [])
  const positive = body('Thank you so much, the new dashboard is great!')
  assert.equal(positive.sentiment.label, 'positive')
  assert.equal(ofKind(positive, 'sentiment.positive').length, 1)
})

test('sign-offs and greetings do not count as sentiment', () => {
  const analysis = body('Good morning, please send the invoice as a PDF. Best regards, Dana')
  assert.equal(analysis.sentiment.score, 0)
  assert.equal(analysis.sentiment.label, 'neutral')
  assert.equal(body('Can you help me with the export please?').sentiment.score, 0)
})

test('matching is on words, not substrings', () => {
  const analysis = body('cancellation fee question')
  assert.deepEqual(phrases(analysis, 'churn.direct'), [])
  const neutral = body('how do I export a CSV')
  assert.deepEqual(phrases(neutral, 'churn.direct'), [])
  assert.deepEqual(phrases(neutral, 'urgency'), [])
  assert.deepEqual(neutral.sentiment, { score: 0, label: 'neutral' })
  assert.equal(neutral.severityHint, null)
})

test('one extra word may sit between two words of a phrase, two may not', () => {
  assert.deepEqual(phrases(body('we are evaluating other alternatives'), 'churn.direct'), [
    'evaluating alternatives',
  ])
  assert.deepEqual(phrases(body('evaluating many other alternatives'), 'churn.direct'), [])
  assert.deepEqual(phrases(body('我们在评估其他替代方案'), 'churn.direct'), ['评估替代方案'])
})

test('urgency phrases give a severity hint, the most severe one winning', () => {
  const p1 = body('Production is down for everyone')
  assert.equal(p1.severityHint?.severity, 'P1')
  assert.ok(p1.severityHint?.text.endsWith('reads as P1'))
  const mixed = body('The export is not working. Now we also have data loss.')
  assert.deepEqual(mixed.severityHint, {
    severity: 'P1',
    phrase: 'data loss',
    text: "'data loss' reads as P1",
  })
  assert.deepEqual(phrases(mixed, 'urgency'), ['not working', 'data loss'])
  assert.equal(body('登录以后一直报错').severityHint?.severity, 'P2')
  assert.equal(body('There was no data loss, just a question').severityHint, null)
})

test('competitors are matched case-insensitively on whole words, in both scripts', () => {
  const analysis = body('We are trialling zendesk and Help Scout.')
  assert.deepEqual(phrases(analysis, 'competitor'), ['Zendesk', 'Help Scout'])
  assert.equal(ofKind(analysis, 'competitor')[0]?.text, "mentions competitor 'Zendesk'")
  assert.equal(ofKind(analysis, 'competitor')[0]?.matched, 'zendesk')
  assert.deepEqual(phrases(body('ZendeskClone is unrelated'), 'competitor'), [])
  const zh = body('我们在考虑有赞的方案')
  assert.deepEqual(phrases(zh, 'competitor'), ['有赞'])
  assert.equal(ofKind(zh, 'competitor')[0]?.language, 'zh')
})

test('subject and body are both scanned, subject first, duplicates removed', () => {
  const input = {
    subject: 'This keeps happening',
    body: 'We are evaluating alternatives because this keeps happening.',
  }
  const analysis = analyzeText(input, lexicon)
  assert.deepEqual(
    analysis.signals.map((s) => [s.kind, s.phrase, s.field]),
    [
      ['churn.indirect', 'this keeps happening', 'subject'],
      ['churn.direct', 'evaluating alternatives', 'body'],
    ],
  )
  assertSpans(input, analysis)
})

test('language is decided by script', () => {
  assert.equal(body('hello there').language, 'en')
  assert.equal(body('你好').language, 'zh')
  assert.equal(body('我们的Zendesk集成报错了').language, 'zh')
  assert.equal(body('Please check 订单号 and the refund status').language, 'en')
  assert.equal(body('订单 order 12345 没有 shipped yet').language, 'mixed')
  assert.equal(body('12345 !!!').language, 'unknown')
  assert.equal(languageOf(0, 0), 'unknown')
})

test('empty input gives an empty, neutral analysis', () => {
  assert.deepEqual(analyzeText({ subject: '', body: '' }, lexicon), {
    language: 'unknown',
    signals: [],
    sentiment: { score: 0, label: 'neutral' },
    severityHint: null,
  })
})

test('negation-cancelling expressions affirm the phrase after them instead of negating it', () => {
  const direct = (text: string): string[] => phrases(body(text), 'churn.direct')
  assert.deepEqual(direct("We can't rule out evaluating alternatives"), ['evaluating alternatives'])
  assert.deepEqual(direct('We cannot completely rule out evaluating alternatives'), [
    'evaluating alternatives',
  ])
  assert.deepEqual(direct('We have no option but evaluating alternatives'), ['evaluating alternatives'])
  assert.deepEqual(direct('We have no choice but to cancel our subscription'), ['cancel our subscription'])
  assert.deepEqual(direct('我们不排除评估替代方案'), ['评估替代方案'])
  // 只能 contains no negator but shields what follows it from the 没有 before it.
  assert.deepEqual(direct('我们没有办法只能取消合同'), ['取消合同'])
  const input = { subject: '', body: "We can't rule out evaluating alternatives" }
  const [signal] = ofKind(analyzeText(input, lexicon), 'churn.direct') as [Signal]
  assert.equal(signal.matched, 'evaluating alternatives')
  assertSpans(input, analyzeText(input, lexicon))
  // Urgency phrases too: a possible data loss is still a P1 concern.
  assert.equal(body("We can't rule out data loss").severityHint?.severity, 'P1')
})

test('a negator after a cancelling expression, or a cancelling word without a negator, still behaves as before', () => {
  const direct = (text: string): string[] => phrases(body(text), 'churn.direct')
  const text = "We can't rule out a price increase but we are not evaluating alternatives"
  assert.deepEqual(direct(text), [])
  assert.deepEqual(phrases(body(text), 'churn.indirect'), ['price increase'])
  // "ruled out" with no negator is not a double negative.
  assert.deepEqual(direct('We ruled out the alternatives and are staying'), [])
  assert.deepEqual(direct('we are not evaluating alternatives'), [])
  assert.deepEqual(direct('我们没有在评估替代方案'), [])
})

test('negation-cancelling expressions keep a sentiment term from flipping', () => {
  const analysis = body("I can't help but love the new dashboard")
  assert.equal(analysis.sentiment.label, 'positive')
  assert.deepEqual(phrases(analysis, 'sentiment.positive'), ['love'])
  assert.equal(body('I can not love the new dashboard').sentiment.label, 'negative')
})

test('refusals to renew are direct churn phrases, in both languages', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['We will never renew', 'never renew'],
    ['We are never renewing', 'never renew'],
    ["we won't ever renew", "won't renew"],
    ['We no longer plan to renew', 'no longer plan to renew'],
    ['we are not planning to renew', 'not plan to renew'],
    ['we do not intend to renew', 'not intend to renew'],
    ["We don't intend to renew the contract", 'not intend to renew'],
    ['We have no intention of renewing', 'no intention of renewing'],
    ['We have no plans to renew', 'no plans to renew'],
    ['We are not renewing.', 'not renewing'],
    ["We won't be renewing", "won't renew"],
    ['我们再也不续约了', '再也不续约'],
    ['如果问题得不到解决，我们不打算续约了。', '不打算续约'],
    ['我们没有续约的打算', '没有续约的打算'],
    ['明年我们不会再续费', '不会再续费'],
    ['我们不会续约', '不会续约'],
  ]
  for (const [text, phrase] of cases) assert.deepEqual(phrases(body(text), 'churn.direct'), [phrase], text)
  // 不会 negates like 不: "we won't cancel the subscription" is not churn.
  assert.deepEqual(phrases(body('我们不会取消订阅'), 'churn.direct'), [])
  // ...but not inside the question 会不会 ("could it cause data loss?").
  assert.equal(body('这样会不会导致数据丢失').severityHint?.severity, 'P1')
})

test('a competitor after a moving expression is a direct churn signal', () => {
  const input = { subject: '', body: 'Heads up: we are switching to Zendesk in March.' }
  const analysis = analyzeText(input, lexicon)
  const [signal] = ofKind(analysis, 'churn.direct') as [Signal]
  assert.equal(signal.phrase, 'switching to Zendesk')
  assert.equal(signal.text, "churn phrase 'switching to Zendesk' (direct)")
  assert.equal(signal.matched, 'switching to Zendesk')
  assert.equal(signal.language, 'en')
  const start = input.body.indexOf('switching')
  assert.deepEqual(signal.span, { start, end: start + 'switching to Zendesk'.length })
  assert.deepEqual(phrases(analysis, 'competitor'), ['Zendesk'])
  assertSpans(input, analysis)

  const cases: ReadonlyArray<[string, string, string]> = [
    ["We'll switch over to zendesk next month", 'switching over to Zendesk', 'switch over to zendesk'],
    ['We decided to go with Help Scout', 'going with Help Scout', 'go with Help Scout'],
    [
      'We are replacing you with the Zendesk suite',
      'replacing you with Zendesk',
      'replacing you with the Zendesk',
    ],
    ["We can't rule out moving to Zendesk", 'moving to Zendesk', 'moving to Zendesk'],
    ['我们准备改用有赞', '改用有赞', '改用有赞'],
    ['我们已经改用了有赞', '改用有赞', '改用了有赞'],
    ['下个月切换到Zendesk', '切换到Zendesk', '切换到Zendesk'],
  ]
  for (const [text, phrase, matched] of cases) {
    const input = { subject: '', body: text }
    const analysis = analyzeText(input, lexicon)
    assert.deepEqual(phrases(analysis, 'churn.direct'), [phrase], text)
    assert.equal(ofKind(analysis, 'churn.direct')[0]?.matched, matched, text)
    assert.equal(ofKind(analysis, 'competitor').length, 1, text)
    assertSpans(input, analysis)
  }
})

test('a moving expression without a competitor, negated, or pointing away is not churn', () => {
  const direct = (text: string): string[] => phrases(body(text), 'churn.direct')
  assert.deepEqual(direct('How do I keep switching to dark mode from resetting?'), [])
  const negated = body('We are not switching to Zendesk, just comparing features.')
  assert.deepEqual(phrases(negated, 'churn.direct'), [])
  assert.deepEqual(phrases(negated, 'competitor'), ['Zendesk'])
  assert.deepEqual(direct('我们不会改用有赞'), [])
  assert.deepEqual(direct('We migrated from Zendesk last year'), [])
  // Moving expressions are exact: "sign in with" is not "sign with".
  assert.deepEqual(direct('I cannot sign in with Zendesk'), [])
  // Too far from the name, or in another clause.
  assert.deepEqual(direct('We are switching to a new process for Zendesk tickets'), [])
  assert.deepEqual(direct('We are switching to annual billing; Zendesk too'), [])
})
