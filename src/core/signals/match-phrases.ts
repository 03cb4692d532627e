/**
 * @module Finds lexicon phrases and expressions in a token stream.
 *
 * Matching is on token sequences: a word unit must equal one token's stem; a Han unit must be
 * covered exactly by consecutive Han segments. Between two consecutive tokens of a phrase one
 * extra token may sit ("evaluating other alternatives", 评估/其他/替代/方案). A phrase never
 * reaches across a clause boundary.
 */
import {
  type CompiledExpression,
  type CompiledPhrase,
  type ExpressionIndex,
  indexKey,
  type PhraseKind,
  type TokenPattern,
} from './phrase.js'
import type { Token } from './tokenize.js'

export interface PhraseMatch {
  readonly phrase: CompiledPhrase
  /** Indexes of the first and last token of the match; skipped tokens in between belong to it. */
  readonly first: number
  readonly last: number
}

const KIND_SLOT: Readonly<Record<PhraseKind, number>> = {
  'churn.direct': 0,
  'churn.indirect': 1,
  urgency: 2,
  competitor: 3,
  sentiment: 4,
}
const SLOTS = 5

/**
 * Every match of the index in `tokens`, in token order. Within one kind, overlapping matches are
 * resolved leftmost-longest (as a regex alternation would): "will not renew" and "not renewing"
 * in "we will not renew" give one signal, not two. Different kinds may overlap freely:
 * "unacceptable" is both a churn precursor and a negative term.
 */
export function findMatches(
  tokens: readonly Token[],
  index: ReadonlyMap<string, readonly CompiledPhrase[]>,
): PhraseMatch[] {
  const matches: PhraseMatch[] = []
  const busyUntil = new Array<number>(SLOTS).fill(-1)
  const best = new Array<CompiledPhrase | null>(SLOTS).fill(null)
  const bestLast = new Array<number>(SLOTS).fill(-1)
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    const candidates = index.get(indexKey(token.norm, token.han))
    if (candidates === undefined) continue
    let found = false
    for (const phrase of candidates) {
      const slot = KIND_SLOT[phrase.kind]
      if (i <= (busyUntil[slot] as number)) continue
      const last = matchAt(tokens, i, phrase)
      if (last < 0) continue
      const prev = best[slot] ?? null
      const prevLast = bestLast[slot] as number
      // Longer wins; on a tie the more specific entry wins: the one with more units, then the one
      // with more text, which skipped fewer tokens (不打算续约 over 不续约 with 打算 skipped).
      if (
        prev === null ||
        last > prevLast ||
        (last === prevLast &&
          (phrase.units.length > prev.units.length ||
            (phrase.units.length === prev.units.length && phrase.canonical.length > prev.canonical.length)))
      ) {
        best[slot] = phrase
        bestLast[slot] = last
        found = true
      }
    }
    if (!found) continue
    for (let slot = 0; slot < SLOTS; slot++) {
      const phrase = best[slot]
      if (phrase === null || phrase === undefined) continue
      const last = bestLast[slot] as number
      matches.push({ phrase, first: i, last })
      busyUntil[slot] = last
      best[slot] = null
    }
  }
  return matches
}

/** The index of the last token of `phrase` matched from token `i`, or -1. */
function matchAt(tokens: readonly Token[], i: number, phrase: TokenPattern): number {
  const clause = (tokens[i] as Token).clause
  const units = phrase.units
  let t = i
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]
    if (unit === undefined) return -1
    if (!unit.han) {
      let token = tokens[t]
      if (
        u > 0 &&
        phrase.maxGap > 0 &&
        token !== undefined &&
        token.clause === clause &&
        !sameWord(token, unit.text)
      ) {
        t++
        token = tokens[t]
      }
      if (token === undefined || token.clause !== clause || !sameWord(token, unit.text)) return -1
      t++
      continue
    }
    let off = 0
    let skipped = false
    while (off < unit.text.length) {
      const token = tokens[t]
      if (token === undefined || token.clause !== clause) return -1
      if (token.han && unit.text.startsWith(token.norm, off)) {
        off += token.norm.length
        skipped = false
      } else {
        // A gap is allowed only where the entry itself has a boundary, and once per boundary.
        const atBoundary = off === 0 ? u > 0 : unit.cuts.includes(off)
        if (skipped || !atBoundary || phrase.maxGap === 0) return -1
        skipped = true
      }
      t++
    }
  }
  return t - 1
}

function sameWord(token: Token, stem: string): boolean {
  return !token.han && token.norm === stem
}

/**
 * For each token, the last token index of the furthest-reaching match that covers it, or -1.
 * A negator inside a phrase belongs to that phrase (不 in 不满意, `not` in "not renewing"), so
 * it does not negate a later match, unless that phrase reaches over the later match too: in
 * "still not fixed" the `not` still negates the sentiment term "fixed" inside it.
 */
export function coverage(matches: readonly PhraseMatch[], tokenCount: number): Int32Array {
  const reach = new Int32Array(tokenCount).fill(-1)
  for (const m of matches) {
    for (let t = m.first; t <= m.last; t++) if ((reach[t] as number) < m.last) reach[t] = m.last
  }
  return reach
}

/** Whether token `t` is tied up in a phrase that ends before `first`. */
export function isBound(reach: Int32Array, t: number, first: number): boolean {
  const r = reach[t] as number
  return r >= 0 && r < first
}

/**
 * The first occurrence of an expression of `index` that starts at a token in `[from, to]` and ends
 * at one in `[minLast, maxLast]`, or null. Expressions are looked for only around a match that
 * needs them (a negator, a competitor name), so a ticket without one pays nothing.
 */
export function findExpression(
  tokens: readonly Token[],
  index: ExpressionIndex,
  from: number,
  to: number,
  minLast: number,
  maxLast: number,
): { readonly expression: CompiledExpression; readonly first: number; readonly last: number } | null {
  for (let i = Math.max(0, from); i <= to && i < tokens.length; i++) {
    const token = tokens[i] as Token
    const candidates = index.byKey.get(indexKey(token.norm, token.han))
    if (candidates === undefined) continue
    for (const expression of candidates) {
      const last = matchAt(tokens, i, expression)
      if (last >= minLast && last <= maxLast) return { expression, first: i, last }
    }
  }
  return null
}
