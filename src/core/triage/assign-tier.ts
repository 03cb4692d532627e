/**
 * @module Which tier an account is in: the first policy tier whose condition holds.
 */

import { type HeldTier, tierInForce } from '../accounts/tier-lifecycle.js'
import type { Reason } from '../decision.js'
import { signed } from '../format.js'
import type { CelContext } from '../policy/cel.js'
import type { CompiledPolicy, CompiledTier } from '../policy/compile-policy.js'
import type { ValueFacts } from './facts.js'

export interface TierChoice {
  readonly tier: CompiledTier
  /** The reason that carries the tier's points (part of the priority explanation). */
  readonly reason: Reason
  /** Everything that led here: currency conversion, skipped conditions, the match. */
  readonly reasons: readonly Reason[]
}

function tierReason(tier: CompiledTier, because: string): Reason {
  const explain = tier.explain ? ` (${tier.explain})` : ''
  return {
    rule: `tier.${tier.id}`,
    factor: 'tier',
    points: tier.points,
    text: `${because} → ${tier.name} tier${explain} (${signed(tier.points)})`,
  }
}

/**
 * The tier the lifecycle holds the account in wins over the value's tier while a downgrade is under
 * notice; from the effective date on (even before the job has applied it) the announced tier counts.
 */
export function applyHeldTier(
  policy: CompiledPolicy,
  choice: TierChoice,
  held: HeldTier | null | undefined,
  atMs: number,
): TierChoice {
  if (!held) return choice
  const pendingDue = held.pending !== null && atMs >= Date.parse(held.pending.effectiveAt)
  const heldId = pendingDue && held.pending ? held.pending.tier : held.tier
  const inForce = tierInForce(policy, { ...held, tier: heldId }, choice.tier.id)
  if (inForce === choice.tier.id) return choice
  const tier = policy.tiers.find((t) => t.id === inForce)
  if (!tier) return choice
  const until =
    held.pending && !pendingDue
      ? `; moves to ${held.pending.tier} on ${held.pending.effectiveAt.slice(0, 10)} after notice`
      : ''
  const reason = tierReason(
    tier,
    `value now fits ${choice.tier.name}, but the account is held in ${tier.name} since ${held.since.slice(0, 10)}${until}`,
  )
  return { tier, reason, reasons: [...choice.reasons, reason] }
}

export function assignTier(
  policy: CompiledPolicy,
  value: ValueFacts,
  context: CelContext<'tier'>,
): TierChoice {
  if (!value.facts.known) {
    const reason = tierReason(policy.unknownCustomerTier, 'requester matches no account')
    return { tier: policy.unknownCustomerTier, reason, reasons: [reason] }
  }
  const reasons: Reason[] = [...value.reasons]
  for (const tier of policy.tiers) {
    const result = tier.when.evaluate(context)
    if (result.matched) {
      const reason = tierReason(tier, `ARR ${value.arrText}`)
      reasons.push(reason)
      return { tier, reason, reasons }
    }
    if (result.error) {
      reasons.push({
        rule: `tier.${tier.id}`,
        factor: 'tier',
        text: `tier '${tier.id}' skipped: its condition could not be evaluated (${result.error})`,
      })
    }
  }
  const fallback = policy.unknownCustomerTier
  const reason = tierReason(fallback, `ARR ${value.arrText} matches no tier condition; fallback`)
  reasons.push(reason)
  return { tier: fallback, reason, reasons }
}
