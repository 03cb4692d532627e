/**
 * @module Dynamic tiers: which tier an account is held in as its value changes.
 *
 * The policy's tier conditions say where the account's value puts it today (the *target*). An upgrade
 * applies at once. A downgrade does not: the CSM (and, if the policy says so, the customer) is told,
 * and it takes effect after the notice period — unless the value recovers first, which cancels it.
 * Every change carries its reasons, and tickets filed before the effective date keep the old tier's SLA.
 */
import { DateTime, Duration } from 'luxon'
import { formatMoneyCompact } from '../format.js'
import { type AccountFacts, celContext } from '../policy/cel.js'
import type { CompiledPolicy, CompiledTier } from '../policy/compile-policy.js'
import type { HeldTier, PendingDowngrade } from './account.js'
import type { MetricsSnapshot } from './activity.js'

export type { HeldTier, PendingDowngrade }

export const TIER_CHANGE_KINDS = [
  'initial',
  'upgrade',
  'downgrade_scheduled',
  'downgrade_revised',
  'downgrade_cancelled',
  'downgrade',
] as const
export type TierChangeKind = (typeof TIER_CHANGE_KINDS)[number]

export interface TierChange {
  readonly kind: TierChangeKind
  readonly from: string | null
  readonly to: string
  readonly at: string
  readonly effectiveAt: string
  readonly reasons: readonly string[]
}

export interface TierStep {
  readonly held: HeldTier
  /** What changed, in order; empty when nothing did. */
  readonly changes: readonly TierChange[]
}

/** The tier the value puts the account in today, and why. */
export interface TierTarget {
  readonly tier: string
  readonly because: string
}

function rankOf(policy: CompiledPolicy, id: string): number {
  const i = policy.tiers.findIndex((t) => t.id === id)
  // A tier the policy no longer has ranks below all of them: the target replaces it.
  return i === -1 ? policy.tiers.length : i
}

const nameOf = (policy: CompiledPolicy, id: string) => policy.tiers.find((t) => t.id === id)?.name ?? id

export function stepTier(
  policy: CompiledPolicy,
  held: HeldTier | null,
  target: TierTarget,
  nowMs: number,
): TierStep {
  const at = new Date(nowMs).toISOString()
  const change = (
    kind: TierChangeKind,
    from: string | null,
    to: string,
    effectiveAt: string,
    reasons: string[],
  ) => ({
    kind,
    from,
    to,
    at,
    effectiveAt,
    reasons,
  })
  const name = (id: string) => nameOf(policy, id)

  if (held === null) {
    const next: HeldTier = { tier: target.tier, since: at, pending: null }
    return {
      held: next,
      changes: [change('initial', null, target.tier, at, [`${target.because} → ${name(target.tier)}`])],
    }
  }
  const heldRank = rankOf(policy, held.tier)
  const targetRank = rankOf(policy, target.tier)

  if (targetRank < heldRank || heldRank === policy.tiers.length) {
    const reasons = [`${target.because} → ${name(target.tier)}; an upgrade applies at once`]
    if (held.pending) reasons.push(`the scheduled downgrade to ${name(held.pending.tier)} is void`)
    return {
      held: { tier: target.tier, since: at, pending: null },
      changes: [change('upgrade', held.tier, target.tier, at, reasons)],
    }
  }

  if (targetRank === heldRank) {
    if (!held.pending) return { held, changes: [] }
    return {
      held: { ...held, pending: null },
      changes: [
        change('downgrade_cancelled', held.tier, held.tier, at, [
          `${target.because}: the account fits ${name(held.tier)} again, so the downgrade to ${name(held.pending.tier)} announced on ${held.pending.noticeAt.slice(0, 10)} is cancelled`,
        ]),
      ],
    }
  }

  // The value says a lower tier.
  const pending = held.pending
  if (pending && nowMs >= Date.parse(pending.effectiveAt)) {
    // Apply what the customer was told, or the target if the value has partly recovered since.
    const to = rankOf(policy, target.tier) < rankOf(policy, pending.tier) ? target.tier : pending.tier
    const applied: HeldTier = { tier: to, since: pending.effectiveAt, pending: null }
    const step: TierStep = {
      held: applied,
      changes: [
        change('downgrade', held.tier, to, pending.effectiveAt, [
          `the notice given on ${pending.noticeAt.slice(0, 10)} has run out: ${name(held.tier)} → ${name(to)}`,
          ...pending.reasons,
        ]),
      ],
    }
    // Fallen further than announced: that further step needs its own notice.
    if (rankOf(policy, target.tier) > rankOf(policy, to)) {
      const further = stepTier(policy, applied, target, nowMs)
      return { held: further.held, changes: [...step.changes, ...further.changes] }
    }
    return step
  }
  if (pending) {
    if (targetRank < rankOf(policy, pending.tier)) {
      const revised: PendingDowngrade = { ...pending, tier: target.tier, reasons: [target.because] }
      return {
        held: { ...held, pending: revised },
        changes: [
          change('downgrade_revised', held.tier, target.tier, pending.effectiveAt, [
            `${target.because}: the downgrade due on ${pending.effectiveAt.slice(0, 10)} now goes to ${name(target.tier)} instead of ${name(pending.tier)}`,
          ]),
        ],
      }
    }
    return { held, changes: [] }
  }
  const notice = Duration.fromISO(policy.document.tierLifecycle.downgradeNotice)
  const effectiveAt = DateTime.fromMillis(nowMs, { zone: 'utc' }).plus(notice).toISO() as string
  const reasons = [
    `${target.because} → ${name(target.tier)}`,
    `a downgrade waits ${notice.toHuman({ unitDisplay: 'long' })} after the notice: ${name(held.tier)} until ${effectiveAt.slice(0, 10)}`,
  ]
  return {
    held: { ...held, pending: { tier: target.tier, noticeAt: at, effectiveAt, reasons } },
    changes: [change('downgrade_scheduled', held.tier, target.tier, effectiveAt, reasons)],
  }
}

/** The tier a ticket filed at `atMs` counts under: the held tier, or the better target. */
export function tierInForce(
  policy: CompiledPolicy,
  held: HeldTier | null | undefined,
  target: string,
): string {
  if (!held || rankOf(policy, held.tier) === policy.tiers.length) return target
  return rankOf(policy, held.tier) <= rankOf(policy, target) ? held.tier : target
}

export interface NextTier {
  readonly tier: string
  readonly name: string
  /** Extra ARR, in the policy currency, that would meet the next tier's condition; null if ARR alone cannot. */
  readonly arrGap: number | null
  readonly text: string
}

/**
 * How far the account is from the tier above its own: the smallest ARR (to the dollar) at which the next
 * tier's condition holds, all other facts unchanged. Found by bisection, so it works for any condition
 * that rises with ARR; a condition ARR cannot meet (a tag, a plan) says so.
 */
export function distanceToNextTier(
  policy: CompiledPolicy,
  facts: AccountFacts,
  currentTier: string,
): NextTier | null {
  const rank = rankOf(policy, currentTier)
  if (rank <= 0) return null
  const next = policy.tiers[rank - 1] as CompiledTier
  const holds = (arr: number) =>
    next.when.evaluate(celContext('tier', { account: { ...facts, arr } })).matched
  const ceiling = Math.max(facts.arr * 1000, 1e9)
  const explain = next.explain ? ` (${next.explain})` : ''
  if (!holds(ceiling)) {
    return {
      tier: next.id,
      name: next.name,
      arrGap: null,
      text: `${next.name}${explain} does not depend on ARR alone`,
    }
  }
  // Whole currency units: the answer is the smallest whole ARR that meets the condition.
  let lo = Math.floor(facts.arr)
  let hi = Math.ceil(ceiling)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (holds(mid)) hi = mid
    else lo = mid
  }
  const gap = Math.max(0, Math.ceil(hi - facts.arr))
  return {
    tier: next.id,
    name: next.name,
    arrGap: gap,
    text: `${formatMoneyCompact(gap, policy.currency)} more ARR reaches ${next.name}${explain}`,
  }
}

/** A small account growing fast: worth a CSM's time now, before its value shows it. */
export function incubationCandidate(
  policy: CompiledPolicy,
  tier: string,
  metrics: readonly MetricsSnapshot[],
): string | null {
  const rule = policy.document.tierLifecycle.incubation
  if (!rule?.tiers.includes(tier)) return null
  const m = metrics[0]
  if (!m) return null
  const growth =
    m.logins30d !== null && m.loginsPrev30d !== null && m.loginsPrev30d > 0
      ? m.logins30d / m.loginsPrev30d - 1
      : null
  const seats = m.activeSeats !== null && m.licensedSeats ? m.activeSeats / m.licensedSeats : null
  if (growth === null || seats === null) return null
  if (growth >= rule.minLoginGrowth && seats >= rule.minSeatUtilisation) {
    return `logins +${Math.round(growth * 100)}% in 30 days and ${Math.round(seats * 100)}% of seats in use: a ${nameOf(policy, tier)} account growing fast`
  }
  return null
}
