/**
 * @module Finds the negator that negates a match: the nearest free one within three tokens before it, unless a negation-cancelling expression stands in the way.
 *
 * Terminology:
 * - **negator**: a single-token word that negates what follows (`not`, `no`, `never`, 不, 没有 …).
 * - **free negator**: one that is not part of a phrase ending before the match (see `isBound`):
 *   the 不 of 不满意 does not negate a phrase after 不满意.
 * - **negation-cancelling expression** ("can't rule out", "no choice but", 不排除, 只能): an
 *   expression that contains a negator, or follows one, yet affirms what comes after it. "We can't
 *   rule out evaluating alternatives" and "我们不排除评估替代方案" state the intent; without this
 *   rule the `not` / 不 right before the phrase would drop it.
 */
import { findExpression, isBound } from './match-phrases.js'
import type { ExpressionIndex } from './phrase.js'
import type { Token } from './tokenize.js'

/** How many tokens before a match a negator still negates it (VADER looks three words back too). */
export const NEGATION_WINDOW = 3

/** What negation needs of a compiled lexicon. */
export interface Negation {
  /** Norms of negator tokens. */
  readonly negators: ReadonlySet<string>
  readonly cancellers: ExpressionIndex
}

/**
 * The nearest free negator among the `NEGATION_WINDOW` tokens before token `from`, in the same
 * clause, or -1. `first` is the first token of the match being negated (see `isBound`).
 *
 * A negator does not negate when it is part of a negation-cancelling expression that ends before
 * `from` ("can't rule out", "no choice but"), nor across one ("没有办法只能取消合同": 只能 shields
 * 取消合同 from 没有). The cancellers are only looked for once a negator is found, which is rare,
 * so the common case costs nothing extra.
 */
export function negatorBefore(
  tokens: readonly Token[],
  from: number,
  first: number,
  reach: Int32Array,
  negation: Negation,
): number {
  const clause = (tokens[from] as Token).clause
  for (let t = from - 1; t >= 0 && t >= from - NEGATION_WINDOW; t--) {
    const token = tokens[t] as Token
    if (token.clause !== clause) return -1
    if (negation.negators.has(token.norm) && !isBound(reach, t, first)) {
      const { cancellers } = negation
      return findExpression(tokens, cancellers, t - cancellers.span + 1, from - 1, t, from - 1) === null
        ? t
        : -1
    }
  }
  return -1
}
