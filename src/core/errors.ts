/**
 * @module The error taxonomy, split by who must act, and the catalogue of stable error codes.
 *
 * - `UserError`: bad input or a business rule. The caller must fix something. Becomes a 4xx
 *   problem+json on HTTP and a message with a non-zero exit in the CLI. Not reported as a fault.
 * - `TransientError`: a network or database hiccup. Safe to retry; logged as a warning.
 * - `InvariantError`: a bug in Patron. 500; logged as an error.
 *
 * Every code has an entry in `ERROR_CATALOGUE` with its HTTP status and a description, served at
 * `/problems/{slug}` so a problem's `type` URI can be dereferenced. A test keeps the two in step.
 */

export const ERROR_CODES = [
  'PATRON_E_VALIDATION',
  'PATRON_E_INVALID_JSON',
  'PATRON_E_PAYLOAD_TOO_LARGE',
  'PATRON_E_UNSUPPORTED_MEDIA_TYPE',
  'PATRON_E_NOT_FOUND',
  'PATRON_E_CONFLICT',
  'PATRON_E_SIGNATURE',
  'PATRON_E_UNAUTHORIZED',
  'PATRON_E_POLICY_INVALID',
  'PATRON_E_CONFIG_INVALID',
  'PATRON_E_DATA_DIR_LOCKED',
  'PATRON_E_UNAVAILABLE',
  'PATRON_E_INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface CatalogueEntry {
  readonly status: number
  readonly slug: string
  readonly title: string
  readonly description: string
}

export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, CatalogueEntry>> = {
  PATRON_E_VALIDATION: {
    status: 400,
    slug: 'validation',
    title: 'The request does not validate',
    description:
      'One or more fields are missing, of the wrong type, out of range or not allowed. ' +
      '`errors[]` names each field (a dotted path such as `requester.email`) and the reason. Nothing was stored.',
  },
  PATRON_E_INVALID_JSON: {
    status: 400,
    slug: 'invalid-json',
    title: 'The request body is not valid JSON',
    description:
      'The body could not be parsed as JSON. `detail` gives the parser message. Nothing was stored.',
  },
  PATRON_E_PAYLOAD_TOO_LARGE: {
    status: 413,
    slug: 'payload-too-large',
    title: 'The request body is too large',
    description:
      'The body is larger than the server accepts (see `limit`). Ticket bodies are limited separately, ' +
      'per field; that case is a validation error naming the field.',
  },
  PATRON_E_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'The request body has an unsupported content type',
    description: 'Send `Content-Type: application/json`.',
  },
  PATRON_E_NOT_FOUND: {
    status: 404,
    slug: 'not-found',
    title: 'No such resource',
    description: 'The id in the path does not name a stored resource, or the route does not exist.',
  },
  PATRON_E_CONFLICT: {
    status: 409,
    slug: 'conflict',
    title: "The request conflicts with the resource's current state",
    description:
      'For ticket events: an event older than the last one applied (events apply in order), an event id reused ' +
      'with different content, or an event for a closed ticket. `errors[]` names the field. Nothing changed.',
  },
  PATRON_E_SIGNATURE: {
    status: 401,
    slug: 'signature',
    title: 'The webhook signature does not verify',
    description:
      'A helpdesk webhook arrived without a valid signature or authentication for its connector, or outside the ' +
      'replay window. `detail` says which. Nothing was applied.',
  },
  PATRON_E_UNAUTHORIZED: {
    status: 401,
    slug: 'unauthorized',
    title: 'Missing or wrong API token',
    description:
      'This server requires `Authorization: Bearer <token>` (it was started with PATRON_API_TOKEN).',
  },
  PATRON_E_POLICY_INVALID: {
    status: 422,
    slug: 'policy-invalid',
    title: 'The policy document does not validate',
    description:
      'The policy was refused whole; the running policy stays in force. `errors[]` gives the line, the path ' +
      'and the reason for each problem.',
  },
  PATRON_E_CONFIG_INVALID: {
    status: 500,
    slug: 'config-invalid',
    title: 'The server configuration is invalid',
    description: 'An environment variable has a bad value. The message names it. Start-up stops.',
  },
  PATRON_E_DATA_DIR_LOCKED: {
    status: 500,
    slug: 'data-dir-locked',
    title: 'Another process owns the embedded database directory',
    description:
      'Exactly one process may open a PGlite data directory: two processes on one directory silently lose ' +
      'committed rows. Stop the other process, point PATRON_DATA_DIR elsewhere, or use DATABASE_URL.',
  },
  PATRON_E_UNAVAILABLE: {
    status: 503,
    slug: 'unavailable',
    title: 'Temporarily unavailable',
    description:
      'The database or a dependency did not answer. Nothing was stored; retry with the same externalId.',
  },
  PATRON_E_INTERNAL: {
    status: 500,
    slug: 'internal',
    title: 'Internal error',
    description: 'A bug in Patron. It has been logged with the request id; nothing was half-stored.',
  },
}

/** One problem with one field: `field` is a dotted path (`requester.email`, `tiers[2].when`). */
export interface FieldIssue {
  readonly field: string
  readonly reason: string
  /** 1-based line in a source document (policy YAML), when known. */
  readonly line?: number
}

abstract class PatronError extends Error {
  abstract readonly kind: 'user' | 'transient' | 'invariant'
  readonly code: ErrorCode
  readonly issues: readonly FieldIssue[]
  constructor(code: ErrorCode, message: string, issues: readonly FieldIssue[] = [], options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.issues = issues
    this.name = new.target.name
  }
}

export class UserError extends PatronError {
  readonly kind = 'user' as const
}

export class TransientError extends PatronError {
  readonly kind = 'transient' as const
}

export class InvariantError extends PatronError {
  readonly kind = 'invariant' as const
  constructor(message: string, options?: ErrorOptions) {
    super('PATRON_E_INTERNAL', message, [], options)
  }
}

export type AnyPatronError = UserError | TransientError | InvariantError

export function isPatronError(e: unknown): e is AnyPatronError {
  return e instanceof UserError || e instanceof TransientError || e instanceof InvariantError
}

/** "requester.email: not an email address; severity: expected one of P1, P2, P3, P4" */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.line ? `line ${i.line}: ` : ''}${i.field}: ${i.reason}`).join('; ')
}
