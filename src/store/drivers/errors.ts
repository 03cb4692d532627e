/**
 * @module Driver errors → Patron's error kinds, by SQLSTATE class.
 */
import { isPatronError, TransientError, UserError } from '../../core/errors.js'

// Connection exceptions (08), operator intervention (57: shutdown, cancel), insufficient resources (53),
// serialization failure and deadlock (40001, 40P01): retrying the whole operation can succeed.
const TRANSIENT_SQLSTATE = /^(08|53|57)|^40001$|^40P01$/
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
])

export function translateDbError(e: unknown): unknown {
  if (isPatronError(e)) return e
  const code = (e as { code?: unknown })?.code
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) {
    return new TransientError('PATRON_E_UNAVAILABLE', `database unavailable (${code})`, [], { cause: e })
  }
  // Data exceptions (22: an out-of-range date or number, a bad encoding) are values the caller sent that
  // the boundary let through: the caller's to fix, not a server fault.
  if (typeof code === 'string' && code.startsWith('22')) {
    return new UserError('PATRON_E_VALIDATION', `a value is out of range: ${(e as Error).message}`, [
      { field: '(value)', reason: (e as Error).message },
    ])
  }
  if (
    e instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect/i.test(e.message)
  ) {
    return new TransientError('PATRON_E_UNAVAILABLE', 'database unavailable (connection lost)', [], {
      cause: e,
    })
  }
  return e
}
