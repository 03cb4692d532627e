/**
 * @module Scores sentiment from matched lexicon terms, VADER-style: intensifiers boost the term after them, a negator within three tokens flips and damps it, and the sum is squashed into [-1, 1].
 *
 * Reference: Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of
 * Social Media Text" (ICWSM 2014): booster words, the 3-token negation window, the 0.74 damping
 * of a negated term and the `s / sqrt(s² + α)` normalisation with α = 15 all come from there.
 */
import type { Lexicon } from './compile-lexicon.js'
import { isBound, type PhraseMatch } from './match-phrases.js'
import { negatorBefore } from './negation.js'
import type { SentimentResult } from './signal.js'
import type { Token } from './tokenize.js'

/** Each intensifier in front of a term adds this fraction of the term's weight. */
export const INTENSIFIER_BOOST = 0.3
/** At most this many stacked intensifiers count ("really really very" is still two). */
export const MAX_INTENSIFIERS = 2
/** A negated term keeps this share of its weight with the opposite sign ("not happy" is milder than "unhappy"). */
export const NEGATION_DAMPING = 0.75
/** How far back a chain of intensifiers is followed ("really very extremely angry"). */
const INTENSIFIER_REACH = 3
/** VADER's α: a sum of 4 reads as about 0.72. */
export const NORMALISATION_ALPHA = 15

/** One sentiment term as it counted in a text. */
export interface ScoredTerm {
  readonly field: 'subject' | 'body'
  /** Signed contribution after intensifiers and negation. */
  readonly value: number
  /** What to report: the term with its negator and intensifiers, e.g. "really disappointed", "not happy", "真的很失望". */
  readonly phrase: string
  readonly language: 'en' | 'zh'
  /** UTF-16 offsets of the reported words in the field. */
  readonly start: number
  readonly end: number
}

/** Scores every sentiment match of one field. `reach` is the field's match coverage (see `coverage`). */
export function scoreTerms(
  field: 'subject' | 'body',
  text: string,
  tokens: readonly Token[],
  matches: readonly PhraseMatch[],
  reach: Int32Array,
  lexicon: Lexicon,
): ScoredTerm[] {
  const terms: ScoredTerm[] = []
  for (const m of matches) {
    const { phrase } = m
    // Weight-0 set phrases ("best regards") only exist to keep their words from counting.
    if (phrase.kind !== 'sentiment' || phrase.weight === 0) continue
    const head = tokens[m.first] as Token
    let from = m.first
    while (from > 0 && m.first - from < INTENSIFIER_REACH) {
      const prev = tokens[from - 1] as Token
      if (
        prev.clause !== head.clause ||
        !lexicon.intensifiers.has(prev.norm) ||
        isBound(reach, from - 1, m.first)
      )
        break
      from--
    }
    const boosts = Math.min(m.first - from, MAX_INTENSIFIERS)
    let value = phrase.weight * (1 + INTENSIFIER_BOOST * boosts)
    const negator = negatorBefore(tokens, from, m.first, reach, lexicon)
    if (negator >= 0) value = -value * NEGATION_DAMPING
    const shownFrom = negator >= 0 ? negator : from
    const words: string[] = []
    if (negator >= 0) words.push(surface(text, tokens[negator] as Token))
    for (let t = from; t < m.first; t++) words.push(surface(text, tokens[t] as Token))
    words.push(phrase.canonical)
    terms.push({
      field,
      value,
      phrase: words.join(phrase.language === 'zh' ? '' : ' '),
      language: phrase.language,
      start: (tokens[shownFrom] as Token).start,
      end: (tokens[m.last] as Token).end,
    })
  }
  return terms
}

/** The lower-cased words of a token as written; a contracted negator (`n't`, `nt`) reads as `not`. */
function surface(text: string, token: Token): string {
  const written = text.slice(token.start, token.end).toLowerCase()
  return token.norm === 'not' && written !== 'not' ? 'not' : written
}

/** Sums the terms of every field into a score in [-1, 1] and labels it with the lexicon's thresholds. */
export function sentimentOf(terms: readonly ScoredTerm[], lexicon: Lexicon): SentimentResult {
  let sum = 0
  for (const term of terms) sum += term.value
  if (sum === 0) return { score: 0, label: 'neutral' }
  // Rounded so that reports and stored decisions do not carry float noise.
  const score = Math.round((sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA)) * 10_000) / 10_000
  const label =
    score <= lexicon.negativeAt ? 'negative' : score >= lexicon.positiveAt ? 'positive' : 'neutral'
  return { score, label }
}

/** The term that pushed hardest towards `label` (the first one on a tie), or null for neutral. */
export function strongestTerm(
  terms: readonly ScoredTerm[],
  label: SentimentResult['label'],
): ScoredTerm | null {
  if (label === 'neutral') return null
  const sign = label === 'negative' ? -1 : 1
  let best: ScoredTerm | null = null
  for (const term of terms) {
    if (term.value * sign > 0 && (best === null || Math.abs(term.value) > Math.abs(best.value))) best = term
  }
  return best
}
