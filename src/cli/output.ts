/**
 * @module How the CLI reports: results on stdout, problems on stderr, and an exit code per outcome.
 */
import { type AnyPatronError, describeIssues, isPatronError } from '../core/errors.js'

export const EXIT = { ok: 0, failure: 1, usage: 2, invalid: 3 } as const

export class UsageError extends Error {}

/** "line 12: tiers[2].when: CEL syntax error …" per issue, then the exit code for the error's kind. */
export function reportError(e: unknown, origin?: string): number {
  if (e instanceof UsageError) {
    process.stderr.write(`patron: ${e.message}\nRun 'patron help' for usage.\n`)
    return EXIT.usage
  }
  if (isPatronError(e)) {
    const err = e as AnyPatronError
    if (err.issues.length > 0) {
      process.stderr.write(
        `patron: ${err.code}: ${withoutIssueList(err.message, describeIssues(err.issues))}\n`,
      )
      for (const i of err.issues) {
        const where = origin && i.line ? `${origin}:${i.line}: ` : i.line ? `line ${i.line}: ` : ''
        process.stderr.write(`  ${where}${i.field}: ${i.reason}\n`)
      }
    } else {
      process.stderr.write(`patron: ${err.code}: ${err.message}\n`)
    }
    return err.kind === 'user' ? EXIT.invalid : EXIT.failure
  }
  process.stderr.write(`patron: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`)
  return EXIT.failure
}

/** Messages often end with the issue list; the issues are printed one per line below instead. */
function withoutIssueList(message: string, list: string): string {
  return message.endsWith(list) ? message.slice(0, -list.length).replace(/[\s:;]+$/, '') : message
}
