/**
 * @module Reads a ticket's subject and body against a compiled lexicon: language, churn, urgency, competitor and sentiment signals with their spans.
 *
 * Called once per ticket on the triage hot path, so it tokenizes each field once, looks phrases
 * up by their first token and allocates little. Negated churn and urgency phrases ("we are not
 * evaluating alternatives", "no data loss") are dropped; negated sentiment terms flip (see
 * negation.ts, also for "can't rule out" and the like, which do not negate). A competitor mention
 * after a moving expression is also a direct churn signal (see moving-to-competitor.ts).
 */
import { assertNever } from '../assert-never.js'
import { describeModelSentiment, predictSentiment, termsToward } from '../ml/sentiment-model.js'
import { type Severity, severityRank } from '../tickets/severity.js'
import type { Lexicon } from './compile-lexicon.js'
import { coverage, findMatches } from './match-phrases.js'
import { movingToCompetitor } from './moving-to-competitor.js'
import { negatorBefore } from './negation.js'
import type { CompiledPhrase, PhraseKind } from './phrase.js'
import { type ScoredTerm, scoreTerms, sentimentOf, strongestTerm } from './sentiment.js'
import { SIGNAL_KINDS, type Signal, type TextAnalysis, type TextLanguage } from './signal.js'
import { type Token, tokenize } from './tokenize.js'

type TextField = 'subject' | 'body'

/**
 * A Han character carries about as much as three Latin letters (a Chinese word is ~1.5
 * characters, an English one ~5 letters), so Han counts are weighted before comparing scripts.
 */
const HAN_WEIGHT = 3
/** Below this share of the weighted letters a script is incidental (a product name, a person's name). */
const MINOR_SHARE = 0.3

/** Detects the text's signals; see the module comment. `lexicon` comes from `compileLexicon`. */
export function analyzeText(
  input: { readonly subject: string; readonly body: string },
  lexicon: Lexicon,
): TextAnalysis {
  const out = { signals: [] as Signal[], terms: [] as ScoredTerm[], severities: new Map<string, Severity>() }
  let hanChars = 0
  let latinLetters = 0
  for (const field of ['subject', 'body'] as const) {
    const text = input[field]
    if (text.length === 0) continue
    const tokenized = tokenize(text)
    hanChars += tokenized.hanChars
    latinLetters += tokenized.latinLetters
    const reach = scanField(field, text, tokenized.tokens, lexicon, out)
    if (tokenized.hanChars > 0 && lexicon.hanCompetitors.length > 0)
      findHanCompetitors(field, text, tokenized.tokens, reach, lexicon, out.signals)
  }

  // With a trained model (signals.sentiment.modelFile) its probability is the score; the lexicon's
  // strongest term still locates the feeling in the text, and the model's own terms are appended.
  const lexiconSentiment = sentimentOf(out.terms, lexicon)
  const byModel = lexicon.sentimentModel
    ? predictSentiment(
        lexicon.sentimentModel,
        `${input.subject}\n${input.body}`,
        lexicon,
        lexiconSentiment.score,
      )
    : null
  const sentiment = byModel ? { score: byModel.score, label: byModel.label } : lexiconSentiment
  const strongest = strongestTerm(out.terms, sentiment.label)
  const modelNote = byModel ? `; ${describeModelSentiment(byModel)}` : ''
  if (strongest === null && byModel !== null && sentiment.label !== 'neutral') {
    const top = termsToward(byModel, sentiment.label, 1)[0]
    out.signals.push({
      kind: sentiment.label === 'negative' ? 'sentiment.negative' : 'sentiment.positive',
      phrase: top ?? sentiment.label,
      text: `${sentiment.label} sentiment (${sentiment.score.toFixed(2)})${modelNote}`,
      field: 'body',
      span: null,
      matched: null,
      language: null,
    })
  }
  if (strongest !== null) {
    out.signals.push({
      kind: sentiment.label === 'negative' ? 'sentiment.negative' : 'sentiment.positive',
      phrase: strongest.phrase,
      text: `${sentiment.label} sentiment (${sentiment.score.toFixed(2)}), strongest: '${strongest.phrase}'${modelNote}`,
      field: strongest.field,
      span: { start: strongest.start, end: strongest.end },
      matched: input[strongest.field].slice(strongest.start, strongest.end),
      language: strongest.language,
    })
  }

  const ordered = dedupe(out.signals.sort(bySubjectThenPosition))
  return {
    language: languageOf(hanChars, latinLetters),
    signals: ordered,
    sentiment,
    severityHint: severityHint(ordered, out.severities),
  }
}

/**
 * Appends the field's phrase signals to `signals`, its sentiment terms to `terms`, and urgency
 * severities to `severities`. Returns the field's match coverage, or null without matches.
 */
function scanField(
  field: TextField,
  text: string,
  tokens: readonly Token[],
  lexicon: Lexicon,
  out: { signals: Signal[]; terms: ScoredTerm[]; severities: Map<string, Severity> },
): Int32Array | null {
  const matches = findMatches(tokens, lexicon.index)
  if (matches.length === 0) return null
  const reach = coverage(matches, tokens.length)
  for (const m of matches) {
    const { phrase } = m
    const kind = phrase.kind
    if (kind === 'sentiment') continue
    if (kind !== 'competitor' && negatorBefore(tokens, m.first, m.first, reach, lexicon) >= 0) continue
    const start = (tokens[m.first] as Token).start
    const end = (tokens[m.last] as Token).end
    out.signals.push(phraseSignal(kind, phrase, field, start, end, text.slice(start, end)))
    if (phrase.severity !== null) out.severities.set(phrase.canonical, phrase.severity)
    if (kind === 'competitor') {
      const moving = movingToCompetitor(field, text, tokens, m.first, end, phrase.canonical, reach, lexicon)
      if (moving !== null) out.signals.push(moving)
    }
  }
  out.terms.push(...scoreTerms(field, text, tokens, matches, reach, lexicon))
  return reach
}

function phraseSignal(
  kind: Exclude<PhraseKind, 'sentiment'>,
  phrase: CompiledPhrase,
  field: TextField,
  start: number,
  end: number,
  matched: string,
): Signal {
  // One literal with every field, not a spread of a shared base: V8 builds spread objects on a
  // slow path, which made a typical ticket about 60% slower to analyse.
  return {
    kind,
    phrase: phrase.canonical,
    text: explain(kind, phrase),
    field,
    span: { start, end },
    matched,
    language: phrase.language,
  }
}

function explain(kind: Exclude<PhraseKind, 'sentiment'>, phrase: CompiledPhrase): string {
  switch (kind) {
    case 'churn.direct':
      return `churn phrase '${phrase.canonical}' (direct)`
    case 'churn.indirect':
      return `churn precursor '${phrase.canonical}' (indirect)`
    case 'urgency':
      return `urgency phrase '${phrase.canonical}' (${phrase.severity})`
    case 'competitor':
      return `mentions competitor '${phrase.canonical}'`
    default:
      return assertNever(kind, 'phrase kind')
  }
}

/**
 * Han-only competitor names (有赞, 网易七鱼) by substring: jieba may cut an unknown name into pieces.
 * `reach` is the field's match coverage from `scanField`, null when it had no matches.
 */
function findHanCompetitors(
  field: TextField,
  text: string,
  tokens: readonly Token[],
  reach: Int32Array | null,
  lexicon: Lexicon,
  signals: Signal[],
): void {
  for (const name of lexicon.hanCompetitors) {
    const start = text.indexOf(name)
    if (start < 0) continue
    const end = start + name.length
    // A moving expression is looked for in tokens, so only when jieba cut the text where the name
    // starts (it almost always does; 改用有赞 is 改用/有赞).
    const nameFirst = tokens.findIndex((t) => t.start === start)
    if (nameFirst > 0) {
      const coverageOrNone = reach ?? coverage([], tokens.length)
      const moving = movingToCompetitor(field, text, tokens, nameFirst, end, name, coverageOrNone, lexicon)
      if (moving !== null) signals.push(moving)
    }
    signals.push({
      kind: 'competitor',
      phrase: name,
      text: `mentions competitor '${name}'`,
      field,
      span: { start, end },
      matched: text.slice(start, end),
      language: 'zh',
    })
  }
}

const FIELD_ORDER: Readonly<Record<Signal['field'], number>> = { subject: 0, body: 1, requester: 2 }

function bySubjectThenPosition(a: Signal, b: Signal): number {
  return (
    FIELD_ORDER[a.field] - FIELD_ORDER[b.field] ||
    (a.span?.start ?? 0) - (b.span?.start ?? 0) ||
    SIGNAL_KINDS.indexOf(a.kind) - SIGNAL_KINDS.indexOf(b.kind)
  )
}

/** Keeps the first signal of each (kind, phrase): a phrase repeated in subject and body is one signal. */
function dedupe(signals: readonly Signal[]): Signal[] {
  const seen = new Set<string>()
  const kept: Signal[] = []
  for (const s of signals) {
    const key = `${s.kind}\u0000${s.phrase}`
    if (seen.has(key)) continue
    seen.add(key)
    kept.push(s)
  }
  return kept
}

/** The most severe urgency signal, the first one on a tie. */
function severityHint(
  signals: readonly Signal[],
  severities: ReadonlyMap<string, Severity>,
): TextAnalysis['severityHint'] {
  let best: { severity: Severity; phrase: string } | null = null
  for (const s of signals) {
    const severity = s.kind === 'urgency' ? severities.get(s.phrase) : undefined
    if (severity === undefined) continue
    if (best === null || severityRank(severity) < severityRank(best.severity))
      best = { severity, phrase: s.phrase }
  }
  return best === null
    ? null
    : { severity: best.severity, phrase: best.phrase, text: `'${best.phrase}' reads as ${best.severity}` }
}

/** 'zh', 'en', 'mixed' when both scripts are substantial, 'unknown' without letters of either. */
export function languageOf(hanChars: number, latinLetters: number): TextLanguage {
  const han = hanChars * HAN_WEIGHT
  const total = han + latinLetters
  if (total === 0) return 'unknown'
  const hanShare = han / total
  if (hanShare >= 1 - MINOR_SHARE) return 'zh'
  if (hanShare <= MINOR_SHARE) return 'en'
  return 'mixed'
}
