/**
 * @module What every notification adapter shares: the default timeout and the two ways an attempt fails.
 *
 * The delivery job reads only the error kind: `TransientError` is retried with backoff, `UserError`
 * goes straight to the dead letter (see `notification.ts`). The codes are placeholders until the
 * catalogue in `core/errors.ts` gains delivery-specific ones; they are named here once so that the
 * change is one line.
 */
import { type ErrorCode, type FieldIssue, TransientError, UserError } from '../core/errors.js'

/** How long one attempt may take, connection to last byte. */
export const DEFAULT_TIMEOUT_MS = 10_000

const REFUSED: ErrorCode = 'PATRON_E_VALIDATION'
const UNAVAILABLE: ErrorCode = 'PATRON_E_UNAVAILABLE'

/**
 * A transient delivery failure. `retryAfterMs` is set when the receiver said when to come back
 * (HTTP `Retry-After` on 429/503, RFC 9110 §10.2.3); the job should wait at least that long
 * (clamped to its own maximum backoff) instead of its usual backoff.
 */
export type DeliveryUnavailableError = TransientError & { readonly retryAfterMs?: number }

/** The attempt failed for a reason that may pass: the job retries it. */
export function unavailable(
  message: string,
  extra: { readonly retryAfterMs?: number | undefined; readonly cause?: unknown } = {},
): DeliveryUnavailableError {
  const options = 'cause' in extra ? { cause: extra.cause } : undefined
  const error = new TransientError(UNAVAILABLE, message, [], options)
  return extra.retryAfterMs === undefined ? error : Object.assign(error, { retryAfterMs: extra.retryAfterMs })
}

/** The attempt can never succeed as configured: the job dead-letters it. */
export function refused(message: string, issues: readonly FieldIssue[] = [], cause?: unknown): UserError {
  return new UserError(REFUSED, message, issues, cause === undefined ? undefined : { cause })
}

/** A bad setting or input, named by its field: "url: host evil.example is not in the allowlist". */
export function invalidField(field: string, reason: string): UserError {
  return refused(`${field}: ${reason}`, [{ field, reason }])
}

/** The receiver's requested wait, if the error carries one. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof TransientError) || !('retryAfterMs' in error)) return undefined
  return typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined
}

/** Collapse a remote reply (HTTP body, SMTP response) to one short line for an error message. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
