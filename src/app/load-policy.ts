/**
 * @module Reads and compiles a policy file, with the holiday files it names; a policy that does not
 * validate is refused whole.
 */
import { createHash } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { parse } from 'yaml'
import { describeIssues, UserError } from '../core/errors.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import type { PolicyFiles } from '../core/policy/compile-sla.js'
import { parsePolicy } from '../core/policy/parse-policy.js'
import type { PolicyHolder } from './deps.js'

/** A short content hash over the policy and its files: the same inputs get the same version everywhere. */
export function policyVersion(text: string, files: PolicyFiles = new Map()): string {
  const hash = createHash('sha256').update(text)
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1)))
    hash.update(`\0${path}\0${content}`)
  return `sha256:${hash.digest('hex').slice(0, 16)}`
}

export function compilePolicyText(
  text: string,
  origin: string,
  files: PolicyFiles = new Map(),
): CompiledPolicy {
  const result = parsePolicy(text, policyVersion(text, files), files)
  if (!result.ok) {
    throw new UserError(
      'PATRON_E_POLICY_INVALID',
      `Policy ${origin} does not validate: ${describeIssues(result.issues)}`,
      result.issues,
    )
  }
  return result.policy
}

/** `field` names where the path came from (an environment variable, a command-line argument). */
export async function readPolicyFile(path: string, field = 'PATRON_POLICY'): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    throw new UserError(
      'PATRON_E_POLICY_INVALID',
      `Cannot read policy file ${path}: ${(e as Error).message}`,
      [{ field, reason: `cannot read ${path}` }],
    )
  }
}

/** A holiday calendar for a few years is a few kilobytes; anything near this is not one. */
const MAX_HOLIDAYS_FILE_BYTES = 1024 * 1024
/** A trained sentiment model is a few megabytes of term weights (ChnSentiCorp: 2.6 MB); a churn model, kilobytes. */
const MAX_MODEL_FILE_BYTES = 16 * 1024 * 1024

/**
 * The files a policy names — holiday calendars (`calendars.*.holidaysFile`), a sentiment model
 * (`signals.sentiment.modelFile`) and a churn model (`churnRisk.modelFile`) — read relative to the
 * policy's folder.
 * A file that cannot be read is left out: compiling then reports it at its line.
 *
 * The schema already refuses absolute paths and '..'; this also refuses a symbolic link out of the
 * folder, a directory or device, and anything over 1 MiB — a policy submitted over HTTP must not be
 * able to read, or hang on, arbitrary files of the server.
 */
export async function readPolicyFiles(text: string, policyPath: string): Promise<PolicyFiles> {
  let doc: unknown
  try {
    doc = parse(text)
  } catch {
    return new Map() // the compiler reports the YAML error with its line
  }
  const named = doc as {
    calendars?: Record<string, { holidaysFile?: unknown } | null>
    signals?: { sentiment?: { modelFile?: unknown } | null } | null
    churnRisk?: { modelFile?: unknown } | null
  } | null
  const wanted: [unknown, number][] = [
    ...Object.values(named?.calendars ?? {}).map((c): [unknown, number] => [
      c?.holidaysFile,
      MAX_HOLIDAYS_FILE_BYTES,
    ]),
    [named?.signals?.sentiment?.modelFile, MAX_MODEL_FILE_BYTES],
    [named?.churnRisk?.modelFile, MAX_MODEL_FILE_BYTES],
  ]
  const files = new Map<string, string>()
  for (const [file, maxBytes] of wanted) {
    if (typeof file !== 'string' || files.has(file)) continue
    const content = await readInside(dirname(policyPath), file, maxBytes)
    if (content !== null) files.set(file, content)
  }
  return files
}

async function readInside(folder: string, file: string, maxBytes: number): Promise<string | null> {
  try {
    const root = await realpath(folder)
    const path = await realpath(resolve(root, file))
    const inside = relative(root, path)
    if (inside.split(sep)[0] === '..' || isAbsolute(inside)) return null
    const info = await stat(path)
    if (!info.isFile() || info.size > maxBytes) return null
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

export async function loadPolicyFile(path: string): Promise<PolicyHolder> {
  const text = await readPolicyFile(path)
  const files = await readPolicyFiles(text, path)
  return fixedPolicy(compilePolicyText(text, path, files), path, text)
}

export function fixedPolicy(policy: CompiledPolicy, origin: string, text: string): PolicyHolder {
  return { current: () => policy, source: () => ({ origin, text }) }
}
