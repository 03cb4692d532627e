/**
 * @module Reads and compiles a policy file; a policy that does not validate is refused whole.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { describeIssues, UserError } from '../core/errors.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import { parsePolicy } from '../core/policy/parse-policy.js'
import type { PolicyHolder } from './deps.js'

/** A short content hash: the same text always gets the same version, on every machine. */
export function policyVersion(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
}

export function compilePolicyText(text: string, origin: string): CompiledPolicy {
  const result = parsePolicy(text, policyVersion(text))
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

export async function loadPolicyFile(path: string): Promise<PolicyHolder> {
  const text = await readPolicyFile(path)
  return fixedPolicy(compilePolicyText(text, path), path, text)
}

export function fixedPolicy(policy: CompiledPolicy, origin: string, text: string): PolicyHolder {
  return { current: () => policy, source: () => ({ origin, text }) }
}
