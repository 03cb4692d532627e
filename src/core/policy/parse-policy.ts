/**
 * @module Policy text → compiled policy, or every problem with its line, path and reason.
 *
 * A policy is refused whole: one bad line means none of it takes effect, so a half-valid policy can
 * never route tickets. The CLI (`patron policy check`), the server's start-up and the API all call
 * this one function.
 */
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { FieldIssue } from '../errors.js'
import { formatPath, validate } from '../field-issues.js'
import { type CompiledPolicy, compilePolicy } from './compile-policy.js'
import type { PolicyFiles } from './compile-sla.js'
import { policySchema } from './policy-schema.js'

export type PolicyParseResult =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] }

/** The largest policy text accepted; a real policy is a few KiB. */
export const MAX_POLICY_BYTES = 1024 * 1024

/** The line of the deepest node that exists along `path` (a missing key points at its parent). */
function lineOf(root: Node | null, path: readonly PropertyKey[], lines: LineCounter): number | undefined {
  let node: unknown = root
  let found: Node | null = root
  for (const part of path) {
    if (isMap(node)) node = node.get(part, true)
    else if (isSeq(node) && typeof part === 'number') node = node.get(part, true)
    else break
    if (node && typeof node === 'object' && 'range' in node) found = node as Node
    else break
  }
  const offset = found?.range?.[0]
  return offset === undefined ? undefined : lines.linePos(offset).line
}

/** Deeper nesting than any real policy needs; the YAML parser recurses per level. */
const MAX_NESTING = 64

/** The deepest run of unclosed `[`/`{` (a conservative bound: brackets inside strings count too). */
function flowNesting(text: string): number {
  let depth = 0
  let deepest = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
  }
  return deepest
}

/** `files`: the holidays files the policy names, read by the caller (path as written → text). */
export function parsePolicy(
  text: string,
  version: string,
  files: PolicyFiles = new Map(),
): PolicyParseResult {
  if (new TextEncoder().encode(text).length > MAX_POLICY_BYTES) {
    return {
      ok: false,
      issues: [{ field: '(document)', reason: `is larger than ${MAX_POLICY_BYTES} bytes` }],
    }
  }
  if (flowNesting(text) > MAX_NESTING) {
    return {
      ok: false,
      issues: [{ field: '(document)', reason: `nests lists or maps more than ${MAX_NESTING} levels deep` }],
    }
  }
  const lines = new LineCounter()
  // Aliases are expanded by the parser; a bound on them stops "billion laughs" documents.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        field: '(document)',
        reason: `YAML: ${e.message.split('\n')[0]}`,
        line: e.linePos?.[0]?.line,
      })),
    }
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (e) {
    return { ok: false, issues: [{ field: '(document)', reason: `YAML: ${(e as Error).message}` }] }
  }
  const root = doc.contents as Node | null
  const shaped = validate(policySchema, value ?? {})
  if (!shaped.ok) {
    return {
      ok: false,
      issues: shaped.pathed.map((i) => ({
        field: formatPath(i.path),
        reason: i.reason,
        line: lineOf(root, i.path, lines),
      })),
    }
  }
  const compiled = compilePolicy(shaped.value, version, files)
  if ('issues' in compiled) {
    return {
      ok: false,
      issues: compiled.issues.map((i) => ({
        field: formatPath(i.path),
        reason: i.reason,
        line: lineOf(root, i.path, lines),
      })),
    }
  }
  return { ok: true, policy: compiled.policy }
}
