/**
 * @module A lexicon entry compiled into the token units it is matched by.
 */
import type { Severity } from '../tickets/severity.js'

/** What a phrase means when it matches. Sentiment terms (and weight-0 set phrases) share one kind. */
export type PhraseKind = 'churn.direct' | 'churn.indirect' | 'urgency' | 'competitor' | 'sentiment'

/**
 * One unit of a compiled phrase. A word unit matches exactly one word token with the same stem.
 * A Han unit is a run of Han characters that must be covered exactly by consecutive segments of
 * the text, whatever way jieba cut them there: jieba's cut depends on the neighbouring characters,
 * so 好用 standing alone is one segment but 很好用 is 很/好/用.
 */
export interface PhraseUnit {
  readonly text: string
  readonly han: boolean
  /** Offsets inside a Han unit where the entry's own segments meet; an extra token may sit there. */
  readonly cuts: readonly number[]
}

/** What `matchAt` needs of an entry: its units and how many extra tokens may sit between them. */
export interface TokenPattern {
  readonly units: readonly PhraseUnit[]
  /** Extra tokens allowed between consecutive tokens of the pattern: 1, or 0 for exact ones
   * (competitor names, moving expressions). */
  readonly maxGap: number
}

export interface CompiledPhrase extends TokenPattern {
  readonly kind: PhraseKind
  /** The entry as written in the lexicon or the policy: what signals report. */
  readonly canonical: string
  readonly language: 'en' | 'zh'
  /** Signed sentiment weight (negative terms below 0); 0 for other kinds and for set phrases. */
  readonly weight: number
  /** For urgency phrases, the severity they suggest. */
  readonly severity: Extract<Severity, 'P1' | 'P2'> | null
}

/**
 * An expression that changes how the words around it read rather than being a signal itself: a
 * negation-cancelling expression ("can't rule out") or a moving expression ("switching to").
 */
export interface CompiledExpression extends TokenPattern {
  /** The entry as written in the lexicon. */
  readonly canonical: string
  readonly language: 'en' | 'zh'
}

/** Expressions filed like phrases (see `indexKey`), with the most tokens one occurrence can cover. */
export interface ExpressionIndex {
  readonly byKey: ReadonlyMap<string, readonly CompiledExpression[]>
  /** An upper bound on `last - first + 1` of any occurrence, so a search knows how far back to start. */
  readonly span: number
}

/**
 * The bucket a phrase is filed under and a token is looked up by: the stem for a word, the first
 * character for Han text (a Han unit may start inside a longer or shorter first segment).
 */
export function indexKey(text: string, han: boolean): string {
  return han ? text.charAt(0) : text
}
