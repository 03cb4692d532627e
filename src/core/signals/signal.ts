/**
 * @module What Patron reads in a ticket's words: churn signals, sentiment, urgency, competitor mentions.
 *
 * Terminology:
 * - **direct churn signal**: the customer states an intent or an active step to leave
 *   ("we are evaluating alternatives", "cancel our subscription", "我们正在评估替代方案").
 * - **indirect churn signal**: a known precursor of churn without a stated intent
 *   ("this keeps happening", "not worth the price", "反复出现").
 * - **sentiment**: a score in [-1, 1] from weighted lexicon terms, with negation and intensifiers.
 * - **span**: UTF-16 offsets `[start, end)` into the field the phrase was found in, so
 *   `field.slice(start, end)` is exactly the matched text.
 */
import type { Severity } from '../tickets/severity.js'

export const SIGNAL_KINDS = [
  'churn.direct',
  'churn.indirect',
  'sentiment.negative',
  'sentiment.positive',
  'urgency',
  'competitor',
  'executive_sender',
] as const
export type SignalKind = (typeof SIGNAL_KINDS)[number]

export const TEXT_LANGUAGES = ['en', 'zh', 'mixed', 'unknown'] as const
export type TextLanguage = (typeof TEXT_LANGUAGES)[number]

export interface Span {
  readonly start: number
  readonly end: number
}

export interface Signal {
  readonly kind: SignalKind
  /** The lexicon entry that matched, in its canonical form ("evaluating alternatives", "评估替代方案"). */
  readonly phrase: string
  /** Agent-readable explanation: "churn phrase 'evaluating alternatives' (direct)". */
  readonly text: string
  /** Where it was found; `requester` for signals about the sender rather than the words. */
  readonly field: 'subject' | 'body' | 'requester'
  /** Offsets into that field; null for signals without a location in the text. */
  readonly span: Span | null
  /** The words exactly as the customer wrote them (`field.slice(span.start, span.end)`). */
  readonly matched: string | null
  readonly language: 'en' | 'zh' | null
}

/** Phrases per language. Matching is on words, not substrings: see detect-signals.ts. */
export interface PhraseList {
  readonly en?: readonly string[]
  readonly zh?: readonly string[]
}

/** Weighted sentiment terms per language: term → strength 1 (mild) … 4 (strong). */
export interface WeightedTerms {
  readonly en?: Readonly<Record<string, number>>
  readonly zh?: Readonly<Record<string, number>>
}

/** The policy's additions to the built-in lexicon (`signals:` in the policy YAML). */
export interface LexiconExtension {
  readonly churnDirect?: PhraseList
  readonly churnIndirect?: PhraseList
  readonly negative?: WeightedTerms
  readonly positive?: WeightedTerms
  /** Phrases that suggest a severity when the ticket was filed without one. */
  readonly urgency?: { readonly P1?: PhraseList; readonly P2?: PhraseList }
  /**
   * Competitor product or company names; a mention is an indirect churn precursor, and after a
   * moving expression ("switching to Zendesk", 改用有赞) also a direct churn signal.
   */
  readonly competitors?: readonly string[]
  /** Built-in phrases or terms to switch off (exact canonical form). */
  readonly ignore?: readonly string[]
  /** Sentiment label thresholds on the [-1, 1] score. Defaults: -0.3 and 0.3. */
  readonly sentiment?: { readonly negativeAt?: number; readonly positiveAt?: number }
}

export interface SentimentResult {
  /** [-1, 1]; 0 when no sentiment term was found. */
  readonly score: number
  readonly label: 'negative' | 'neutral' | 'positive'
}

export interface TextAnalysis {
  readonly language: TextLanguage
  /** Churn, sentiment, urgency and competitor signals, in the order they appear (subject first). */
  readonly signals: readonly Signal[]
  readonly sentiment: SentimentResult
  /** The most severe urgency phrase found, if any: used only when a ticket arrives without a severity. */
  readonly severityHint: {
    readonly severity: Severity
    readonly phrase: string
    readonly text: string
  } | null
}
