/**
 * @module The customer account as triage sees it: value, renewal, people.
 */

export const CONTACT_ROLES = ['executive', 'admin', 'user'] as const
export type ContactRole = (typeof CONTACT_ROLES)[number]

export interface Person {
  readonly name: string
  readonly email: string
}

export interface Contact {
  /** Lower-cased. */
  readonly email: string
  readonly name: string | null
  readonly title: string | null
  readonly role: ContactRole
}

/** Money is a decimal string in currency units ("380000.00") with its ISO 4217 currency. Never a float. */
export interface Account {
  readonly id: string
  readonly externalId: string
  readonly name: string
  readonly arr: string
  readonly currency: string
  readonly plan: string
  /** ISO date (YYYY-MM-DD), or null when the account has no fixed-term contract. */
  readonly renewalDate: string | null
  /** IANA time zone, e.g. America/New_York. */
  readonly timezone: string
  /** Lower-cased email domains that belong to this account. */
  readonly domains: readonly string[]
  readonly csm: Person | null
  readonly accountExecutive: Person | null
  readonly contacts: readonly Contact[]
  readonly expansionPipeline: string | null
  /** 0–100; null when unknown. */
  readonly healthScore: number | null
  /** Free-form labels an operations manager can use in policy conditions ("strategic", "partner"). */
  readonly tags: readonly string[]
  /** ISO date the current contract started, when known. */
  readonly contractStart?: string | null
  /** The tier the lifecycle holds the account in (see tier-lifecycle.ts); absent until first assessed. */
  readonly heldTier?: HeldTier | null
}

/** A downgrade the account has been told about (see tier-lifecycle.ts). */
export interface PendingDowngrade {
  readonly tier: string
  readonly noticeAt: string
  readonly effectiveAt: string
  readonly reasons: readonly string[]
}

/** The tier an account is held in, and a downgrade it has been told about. */
export interface HeldTier {
  readonly tier: string
  readonly since: string
  readonly pending: PendingDowngrade | null
}
