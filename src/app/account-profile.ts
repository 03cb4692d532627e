/**
 * @module The 360° account profile (with the CSM's latest notes), and recording what the account did
 * (usage, billing).
 */
import type { BillingEvent, MetricsSnapshot, TicketFact } from '../core/accounts/activity.js'
import { recommendActions } from '../core/accounts/assess-account.js'
import { UserError } from '../core/errors.js'
import type { StoredAccount, StoredAccountNote, StoredTierChange } from '../store/store.js'
import { activitySince, assessAccountNow } from './assess-account.js'
import type { AppDeps } from './deps.js'

export interface AccountProfile {
  readonly account: StoredAccount
  readonly recommendedActions: readonly string[]
  readonly openEscalations: number
  readonly usage: MetricsSnapshot | null
  readonly billingEvents: readonly BillingEvent[]
  readonly tickets: readonly (TicketFact & { readonly resolutionHours: number | null })[]
  readonly healthHistory: readonly {
    at: string
    score: number
    riskScore: number
    riskBucket: string | null
  }[]
  readonly tierChanges: readonly StoredTierChange[]
  /** The CSM's notes for support: pinned first, then newest, at most `PROFILE_NOTES`, and how many in all. */
  readonly notes: { readonly items: readonly StoredAccountNote[]; readonly total: number }
}

/** How many notes the profile (and so the handoff card) carries; the rest are one request away. */
export const PROFILE_NOTES = 5

/** The account by its external id; unknown → PATRON_E_NOT_FOUND. */
export async function findAccount(deps: AppDeps, externalId: string): Promise<StoredAccount> {
  const account = await deps.store.accounts.getByExternalId(externalId)
  if (!account) throw new UserError('PATRON_E_NOT_FOUND', `No account ${externalId}`)
  return account
}

export async function accountProfile(deps: AppDeps, externalId: string): Promise<AccountProfile> {
  const account = await findAccount(deps, externalId)
  const now = deps.now()
  const [activity, tickets, history, changes, openEscalations, notes] = await Promise.all([
    deps.store.activity.load(account.id, activitySince(deps.policy.current(), now.getTime())),
    deps.store.activity.tickets(account.id, 25),
    deps.store.activity.healthHistory(account.id, 52),
    deps.store.accounts.tierChanges(account.id),
    deps.store.activity.openEscalations(account.id),
    deps.store.notes.list(account.id, PROFILE_NOTES),
  ])
  const pending = account.heldTier?.pending ?? null
  return {
    account,
    recommendedActions: account.assessment
      ? recommendActions(account.assessment, {
          openEscalations,
          pendingDowngrade: pending ? { tier: pending.tier, effectiveAt: pending.effectiveAt } : null,
        })
      : [],
    openEscalations,
    usage: activity.metrics[0] ?? null,
    billingEvents: activity.billing,
    tickets: tickets.map((t) => ({
      ...t,
      resolutionHours:
        t.resolvedAt === null
          ? null
          : Math.round(((Date.parse(t.resolvedAt) - Date.parse(t.createdAt)) / 3_600_000) * 10) / 10,
    })),
    healthHistory: history,
    tierChanges: changes,
    notes: { items: notes.notes, total: notes.total },
  }
}

/** Records usage observations and billing events, then reassesses the account at once. */
export async function recordAccountActivity(
  deps: AppDeps,
  externalId: string,
  input: { readonly metrics: readonly MetricsSnapshot[]; readonly billingEvents: readonly BillingEvent[] },
): Promise<{ readonly billingEventsAdded: number }> {
  const account = await findAccount(deps, externalId)
  const added = await deps.store.transaction(async (tx) => {
    await tx.activity.addMetrics(account.id, input.metrics)
    return tx.activity.addBillingEvents(account.id, input.billingEvents)
  })
  await assessAccountNow(deps, account.id)
  return { billingEventsAdded: added }
}
