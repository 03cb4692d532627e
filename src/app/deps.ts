/**
 * @module What every use case may use: the store, the policy in force, the clock, ids, a logger.
 *
 * This is where the real clock enters; tests pass a fixed one.
 */
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import type { Store } from '../store/store.js'

/** Structured logger; callers must not pass personal data (emails, names, ticket text). */
export interface Log {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
}

export interface PolicyHolder {
  current(): CompiledPolicy
  /** Where the policy in force came from (a file path) and its source text. */
  source(): { readonly origin: string; readonly text: string }
}

/** The notification channels this deployment has configured (from the environment). */
export interface Channels {
  readonly email: { readonly smtpUrl: string; readonly from: string } | null
  readonly webhook: { readonly url: string; readonly secret: string } | null
  readonly slack: { readonly url: string } | null
  /** Hosts Patron may contact. */
  readonly allowlist: readonly string[]
}

export const NO_CHANNELS: Channels = { email: null, webhook: null, slack: null, allowlist: [] }

export interface AppDeps {
  readonly store: Store
  readonly policy: PolicyHolder
  readonly now: () => Date
  readonly newId: () => string
  readonly log: Log
  readonly channels: Channels
}

export const silentLog: Log = { info() {}, warn() {}, error() {} }
