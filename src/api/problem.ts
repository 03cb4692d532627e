/**
 * @module The one place where an error becomes an HTTP status and an `application/problem+json` body (RFC 9457).
 *
 * Domain code throws `UserError` / `TransientError` / `InvariantError` and never knows about HTTP.
 * Framework errors (bad JSON, body too large, wrong content type) are mapped here to the same catalogue,
 * so every error a client sees has a stable `code` and a dereferenceable `type`.
 */

import { MAX_REQUEST_BYTES } from '../app/input-schemas.js'
import { ERROR_CATALOGUE, type ErrorCode, type FieldIssue, isPatronError } from '../core/errors.js'

export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly code: ErrorCode
  readonly instance?: string
  readonly errors?: readonly FieldIssue[]
  readonly limit?: number
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export function problemTypeUri(code: ErrorCode): string {
  return `/problems/${ERROR_CATALOGUE[code].slug}`
}

export function problem(code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  const entry = ERROR_CATALOGUE[code]
  return { type: problemTypeUri(code), title: entry.title, status: entry.status, detail, code, ...extra }
}

interface FrameworkError {
  code?: string
  statusCode?: number
  message?: string
}

/** Maps anything thrown while handling a request to a problem; `internal` tells the caller to log it as a fault. */
export function toProblem(error: unknown, instance: string): { problem: Problem; internal: boolean } {
  if (isPatronError(error)) {
    const p = problem(error.code, error.message, {
      instance,
      ...(error.issues.length > 0 ? { errors: error.issues } : {}),
    })
    if (error.kind === 'invariant') {
      // The message of a bug may contain anything; the client gets the catalogue text.
      return { problem: { ...p, detail: ERROR_CATALOGUE.PATRON_E_INTERNAL.description }, internal: true }
    }
    return { problem: p, internal: false }
  }
  const e = (error ?? {}) as FrameworkError
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        problem: problem('PATRON_E_INVALID_JSON', `The body is not valid JSON: ${e.message}`, { instance }),
        internal: false,
      }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        problem: problem('PATRON_E_INVALID_JSON', 'The body is empty but Content-Type says JSON', {
          instance,
        }),
        internal: false,
      }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        problem: problem(
          'PATRON_E_PAYLOAD_TOO_LARGE',
          `The request body is larger than ${MAX_REQUEST_BYTES} bytes`,
          {
            instance,
            limit: MAX_REQUEST_BYTES,
          },
        ),
        internal: false,
      }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problem('PATRON_E_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', {
          instance,
        }),
        internal: false,
      }
  }
  // Fastify's own JSON parser reports a SyntaxError with a 400 status.
  if (error instanceof SyntaxError && e.statusCode === 400) {
    return {
      problem: problem('PATRON_E_INVALID_JSON', `The body is not valid JSON: ${e.message}`, { instance }),
      internal: false,
    }
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      problem: problem('PATRON_E_VALIDATION', e.message ?? 'Bad request', { instance }),
      internal: false,
    }
  }
  return {
    problem: problem('PATRON_E_INTERNAL', ERROR_CATALOGUE.PATRON_E_INTERNAL.description, { instance }),
    internal: true,
  }
}
