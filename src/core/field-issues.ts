/**
 * @module zod issues → `FieldIssue`s that name the field the way a person would write it.
 *
 * Shared by every boundary (HTTP bodies, the policy document, configuration) so an error reads the
 * same everywhere: `requester.email: must be an email address`, `tiers[2].when: CEL syntax error …`.
 */
import type { z } from 'zod'
import type { FieldIssue } from './errors.js'

/** `['tiers', 2, 'when']` → `tiers[2].when` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out === '' ? '(document)' : out
}

export interface PathedIssue {
  readonly path: readonly PropertyKey[]
  readonly reason: string
}

/**
 * One issue per offending field: an object with two unknown keys yields two issues. Expects issues
 * parsed with `reportInput` (see `validate`): a missing field is the one whose issue carries no input.
 */
export function pathedIssues(issues: readonly z.core.$ZodIssue[]): PathedIssue[] {
  const out: PathedIssue[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...issue.path, key], reason: 'is not a known field' })
    } else if (issue.code === 'invalid_type' && (!('input' in issue) || issue.input === undefined)) {
      out.push({ path: issue.path, reason: 'is required' })
    } else {
      out.push({ path: issue.path, reason: issue.message })
    }
  }
  return out
}

/** Parses `data` with `schema`; on failure, every problem as a field issue (`prefix` is prepended to paths). */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  prefix: readonly PropertyKey[] = [],
):
  | { readonly ok: true; readonly value: z.output<S> }
  | { readonly ok: false; readonly issues: FieldIssue[]; readonly pathed: PathedIssue[] } {
  // reportInput tells a missing field (no input) from a wrong one; the input itself is never echoed.
  const result = schema.safeParse(data, { reportInput: true })
  if (result.success) return { ok: true, value: result.data }
  const pathed = pathedIssues(result.error.issues).map((i) => ({
    path: [...prefix, ...i.path],
    reason: i.reason,
  }))
  return { ok: false, issues: pathed.map((i) => ({ field: formatPath(i.path), reason: i.reason })), pathed }
}
