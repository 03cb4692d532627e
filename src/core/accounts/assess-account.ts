/**
 * @module One account, assessed: health, the patterns in its tickets, churn risk and its bucket, the
 * tier its value puts it in, the distance to the next tier, an incubation flag, and what the CSM
 * should do about it. Pure: the account, its activity, the policy and the time in; the assessment out.
 */
import type { CelContext } from '../policy/cel.js'
import { celContext } from '../policy/cel.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { daysUntil, localTime } from '../time/local-time.js'
import { assignTier } from '../triage/assign-tier.js'
import { accountFacts } from '../triage/facts.js'
import type { Account } from './account.js'
import type { AccountActivity } from './activity.js'
import { activityAsOf, CHURN_FEATURES, type ChurnFeature, churnFeatureRow } from './churn-features.js'
import { type RiskAssessment, scoreChurnRisk, scoreChurnRiskByModel } from './churn-risk.js'
import { assessHealth, type HealthAssessment } from './health-score.js'
import { detectPatterns, type PatternSignal } from './patterns.js'
import { distanceToNextTier, incubationCandidate, type NextTier, type TierTarget } from './tier-lifecycle.js'

export interface AccountAssessment {
  readonly at: string
  readonly health: HealthAssessment
  readonly patterns: readonly PatternSignal[]
  readonly risk: RiskAssessment
  /** Where the account's value puts it today (the lifecycle decides when that takes effect). */
  readonly target: TierTarget
  readonly nextTier: NextTier | null
  /** Why the account is worth incubating, or null. */
  readonly incubation: string | null
  readonly renewalInDays: number | null
}

/**
 * The row a churn model reads for the account at `nowMs`, from activity as it stood then (see
 * `activityAsOf`): what `patron export churn-features` writes for a labelled account.
 */
export function churnRowAt(
  account: Account,
  activity: AccountActivity,
  policy: CompiledPolicy,
  nowMs: number,
): Record<ChurnFeature, string> {
  const then = activityAsOf(activity, nowMs)
  const health = assessHealth(then, policy.document.health, nowMs)
  const local = localTime(nowMs, account.timezone)
  return churnFeatureRow(
    {
      account,
      arrInPolicyCurrency: accountFacts(account, policy, local).arrInPolicyCurrency,
      activity: then,
      health,
      patterns: detectPatterns(then.tickets, nowMs),
      renewalInDays: account.renewalDate ? daysUntil(local, account.renewalDate) : null,
    },
    nowMs,
  )
}

export function assessAccount(
  account: Account,
  activity: AccountActivity,
  policy: CompiledPolicy,
  nowMs: number,
): AccountAssessment {
  const health = assessHealth(activity, policy.document.health, nowMs)
  const patterns = detectPatterns(activity.tickets, nowMs)
  const local = localTime(nowMs, account.timezone)
  const renewalInDays = account.renewalDate ? daysUntil(local, account.renewalDate) : null
  // Tier conditions may read health: they see the score just computed, not the stored one.
  const value = accountFacts({ ...account, healthScore: health.score ?? account.healthScore }, policy, local)
  const risk = policy.churnModel
    ? scoreChurnRiskByModel(
        policy.churnModel,
        churnFeatureRow(
          {
            account,
            arrInPolicyCurrency: value.arrInPolicyCurrency,
            activity,
            health,
            patterns,
            renewalInDays,
          },
          nowMs,
        ),
        CHURN_FEATURES,
        renewalInDays,
        policy.document.churnRisk,
      )
    : scoreChurnRisk({ health, activity, patterns, renewalInDays }, policy.document.churnRisk, nowMs)
  const context: CelContext<'tier'> = celContext('tier', { account: value.facts })
  const choice = assignTier(policy, value, context)
  const target: TierTarget = { tier: choice.tier.id, because: `ARR ${value.arrText}` }
  return {
    at: new Date(nowMs).toISOString(),
    health,
    patterns,
    risk,
    target,
    nextTier: distanceToNextTier(policy, value.facts, choice.tier.id),
    incubation: incubationCandidate(policy, choice.tier.id, activity.metrics),
    renewalInDays,
  }
}

/** What the CSM should do this week, most pressing first, each with its reason. */
export function recommendActions(
  a: AccountAssessment,
  context: {
    readonly openEscalations: number
    readonly pendingDowngrade: { tier: string; effectiveAt: string } | null
  },
): string[] {
  const out: string[] = []
  const has = (factor: string) => a.risk.factors.some((f) => f.factor === factor)
  if (a.risk.bucket === 'urgent')
    out.push('Call the executive sponsor this week and agree a recovery plan (churn risk is urgent)')
  if (has('cancellation')) out.push('Answer the cancellation request in person before billing processes it')
  if (has('churn_language') || has('competitor'))
    out.push('Read the tickets that mention leaving or a competitor, and reply with a value review')
  if (context.openEscalations > 0)
    out.push(
      `Follow the ${context.openEscalations} open escalation${context.openEscalations === 1 ? '' : 's'} to closure and tell the customer where each stands`,
    )
  if (
    a.renewalInDays !== null &&
    a.renewalInDays >= 0 &&
    a.renewalInDays <= 60 &&
    (a.health.score ?? 100) < 70
  )
    out.push(`Hold an executive business review before the renewal in ${a.renewalInDays} days`)
  if (has('usage')) out.push('Run an adoption session: usage is falling')
  if (has('repeated_issue')) out.push('Take the repeated issue to engineering with the ticket history')
  if (has('billing')) out.push('Clear the failed payments with finance before they become a suspension')
  if (has('downgrade')) out.push('Review the downgrade request with the customer before it is processed')
  if (context.pendingDowngrade)
    out.push(
      `Tier changes to ${context.pendingDowngrade.tier} on ${context.pendingDowngrade.effectiveAt.slice(0, 10)}: agree what that means for their SLAs`,
    )
  if (a.incubation) out.push(`Consider incubation: ${a.incubation}`)
  if (
    a.nextTier?.arrGap !== null &&
    a.nextTier !== null &&
    a.nextTier.arrGap !== null &&
    a.risk.bucket === null
  )
    out.push(`Expansion: ${a.nextTier.text}`)
  if (out.length === 0) out.push('No action needed: a routine check-in will do')
  return out
}
