/**
 * @module Turns a competitor mention right after a moving expression into a direct churn signal: "we are switching to Zendesk", "我们准备改用有赞".
 *
 * A competitor name alone is only a precursor ("does this work like Zendesk?"); after a moving
 * expression it states the step to leave. The expression is one of the lexicon's `movingTo`
 * entries, matched word for word, and ends at most `MOVING_GAP` tokens before the name in the same
 * clause ("switching to the Zendesk suite", 改用了有赞). It is negated like any churn phrase: in
 * "we are not switching to Zendesk" only the competitor mention remains. "Switching to dark mode"
 * names no competitor, so it is never churn; nor is "migrating from Zendesk", which is not a
 * moving expression.
 */
import type { Lexicon } from './compile-lexicon.js'
import { findExpression } from './match-phrases.js'
import { negatorBefore } from './negation.js'
import type { Signal } from './signal.js'
import type { Token } from './tokenize.js'

/** Tokens allowed between a moving expression and the competitor name ("to the Zendesk", 改用了有赞). */
export const MOVING_GAP = 1

/**
 * The direct churn signal for the competitor `name` whose first token is `nameFirst` and whose
 * text ends at offset `nameEnd`, or null when no (un-negated) moving expression precedes it.
 * The phrase is the expression's canonical words plus the name as written in the policy
 * ("switching to Zendesk" for "We'll switch over to zendesk" reads "switching over to Zendesk").
 */
export function movingToCompetitor(
  field: 'subject' | 'body',
  text: string,
  tokens: readonly Token[],
  nameFirst: number,
  nameEnd: number,
  name: string,
  reach: Int32Array,
  lexicon: Lexicon,
): Signal | null {
  const { movingTo } = lexicon
  const found = findExpression(
    tokens,
    movingTo,
    nameFirst - MOVING_GAP - movingTo.span,
    nameFirst - 1,
    nameFirst - 1 - MOVING_GAP,
    nameFirst - 1,
  )
  if (found === null) return null
  // Expressions never cross a clause; the gap between one and the name must not either.
  if ((tokens[found.last] as Token).clause !== (tokens[nameFirst] as Token).clause) return null
  if (negatorBefore(tokens, found.first, found.first, reach, lexicon) >= 0) return null
  const { canonical, language } = found.expression
  const phrase = language === 'zh' ? `${canonical}${name}` : `${canonical} ${name}`
  const start = (tokens[found.first] as Token).start
  return {
    kind: 'churn.direct',
    phrase,
    text: `churn phrase '${phrase}' (direct)`,
    field,
    span: { start, end: nameEnd },
    matched: text.slice(start, nameEnd),
    language,
  }
}
