/**
 * @module When to try a failed job or delivery again: exponential backoff with jitter, capped.
 *
 * The jitter is derived from the job's id and attempt, not from a random source: the core stays
 * deterministic, and retries of many jobs that failed together (a receiver that was down) still
 * spread out instead of arriving at the receiver in one wave.
 */

export interface BackoffOptions {
  /** Delay before the second attempt. @default 5000 */
  readonly baseMs?: number
  /** Longest delay between attempts. @default 1_800_000 (30 min) */
  readonly maxMs?: number
}

/** 0 ≤ fraction < 1 from two integers (a small integer hash; quality beyond spreading does not matter). */
function spread(id: number, attempt: number): number {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(attempt + 1, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return (h >>> 0) / 2 ** 32
}

/**
 * Delay after the `attempt`-th failed attempt (1-based): base × 2^(attempt−1), ±20 % jitter, capped;
 * never less than what the receiver asked for (`Retry-After`).
 */
export function retryDelayMs(
  id: number,
  attempt: number,
  options: BackoffOptions = {},
  retryAfterMs = 0,
): number {
  const base = options.baseMs ?? 5_000
  const max = options.maxMs ?? 1_800_000
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1))
  const jittered = exponential * (0.8 + 0.4 * spread(id, attempt))
  return Math.round(Math.min(max, Math.max(jittered, retryAfterMs)))
}
