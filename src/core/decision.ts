/**
 * @module Decisions are values that carry their reasons.
 *
 * Every rule in `core` that decides something (a tier, a priority, a queue, an SLA target, an alert)
 * returns a `Decision<T>`: the value and the ordered list of reasons that produced it, written so an
 * agent can read them without knowing the policy language.
 */

/** One step of an explanation. `points` is present when the step moved a score. */
export interface Reason {
  /** Stable id of the policy rule that fired, e.g. `tier.enterprise`, `boost.renewal`, `matrix.enterprise.P2`. */
  readonly rule: string
  /** What the step is about, e.g. `tier`, `renewal`, `churn`, `executive`, `severity`. */
  readonly factor: string
  readonly points?: number
  /** Agent-readable sentence, e.g. "renewal in 45 days ≤ 60 → +15". */
  readonly text: string
}

export interface Decision<T> {
  readonly value: T
  readonly reasons: readonly Reason[]
}

export function decided<T>(value: T, reasons: readonly Reason[]): Decision<T> {
  return { value, reasons }
}
