/**
 * @module Churn risk, 0–100, by the default scorecard: each factor adds points and says why. The score
 * puts the account in a bucket — when it is likely to leave if nobody acts: urgent (within 30 days),
 * medium (60), early warning (90) — and a near renewal pulls a risky account into a nearer bucket,
 * because the renewal is when a customer who means to leave can.
 */
import type { PolicyDocument } from '../policy/policy-schema.js'
import type { AccountActivity } from './activity.js'
import type { HealthAssessment } from './health-score.js'
import type { PatternSignal } from './patterns.js'

export const RISK_BUCKETS = ['urgent', 'medium', 'early_warning'] as const
export type RiskBucket = (typeof RISK_BUCKETS)[number]

export const BUCKET_NAMES: Record<RiskBucket, string> = {
  urgent: 'urgent (≤ 30 days)',
  medium: 'medium (≤ 60 days)',
  early_warning: 'early warning (≤ 90 days)',
}

export interface RiskFactor {
  readonly factor: string
  readonly points: number
  readonly text: string
}

export interface RiskAssessment {
  readonly score: number
  readonly bucket: RiskBucket | null
  /** 'scorecard' for the built-in rules, 'model' for a model trained on the user's history. */
  readonly method: 'scorecard' | 'model'
  /** Largest first. */
  readonly factors: readonly RiskFactor[]
  readonly text: string
}

const DAY_MS = 86_400_000
const PATTERN_POINTS: Record<PatternSignal['kind'], number> = {
  frequency_rising: 6,
  severity_climbing: 6,
  messages_shorter: 5,
  repeated_issue: 8,
}

export interface RiskInput {
  readonly health: HealthAssessment
  readonly activity: AccountActivity
  readonly patterns: readonly PatternSignal[]
  /** Days to renewal on the account's calendar, or null without a fixed term. */
  readonly renewalInDays: number | null
}

/** The bucket a score falls in, then pulled nearer by the renewal date; with the reason when it was. */
export function bucketFor(
  score: number,
  renewalInDays: number | null,
  config: PolicyDocument['churnRisk'],
): { bucket: RiskBucket | null; because: string | null } {
  const byScore: RiskBucket | null =
    score >= config.urgentAt
      ? 'urgent'
      : score >= config.mediumAt
        ? 'medium'
        : score >= config.earlyWarningAt
          ? 'early_warning'
          : null
  if (byScore === null || renewalInDays === null || renewalInDays < 0)
    return { bucket: byScore, because: null }
  const byRenewal: RiskBucket | null =
    renewalInDays <= 30
      ? 'urgent'
      : renewalInDays <= 60
        ? 'medium'
        : renewalInDays <= 90
          ? 'early_warning'
          : null
  if (byRenewal !== null && RISK_BUCKETS.indexOf(byRenewal) < RISK_BUCKETS.indexOf(byScore)) {
    return {
      bucket: byRenewal,
      because: `renewal in ${renewalInDays} days makes a ${BUCKET_NAMES[byScore]} risk ${BUCKET_NAMES[byRenewal]}`,
    }
  }
  return { bucket: byScore, because: null }
}

export function scoreChurnRisk(
  input: RiskInput,
  config: PolicyDocument['churnRisk'],
  nowMs: number,
): RiskAssessment {
  const { health, activity, patterns } = input
  const factors: RiskFactor[] = []
  const add = (factor: string, points: number, text: string) => {
    if (points > 0) factors.push({ factor, points: Math.round(points), text })
  }

  if (health.score !== null) add('health', (100 - health.score) * 0.35, `health ${health.score}/100`)
  if (health.trend && health.trend.delta <= -10)
    add('health_falling', 10, `health fell ${-health.trend.delta} points in four weeks`)

  const usage = health.measures.find((m) => m.id === 'usage')
  if (usage?.score !== null && usage?.score !== undefined && usage.score < 50)
    add('usage', usage.score < 25 ? 15 : 10, `usage is down: ${usage.text}`)

  const recentMs = nowMs - 90 * DAY_MS
  const billing = activity.billing.filter((e) => Date.parse(e.occurredAt) >= recentMs)
  const snapshot = activity.metrics[0]
  const failed = Math.max(
    snapshot?.failedPayments90d ?? 0,
    billing.filter((e) => e.kind === 'payment_failed').length -
      billing.filter((e) => e.kind === 'payment_recovered').length,
  )
  if (failed > 0)
    add('billing', failed >= 2 ? 12 : 8, `${failed} failed payment${failed === 1 ? '' : 's'} in 90 days`)
  if (snapshot?.downgradeRequested === true || billing.some((e) => e.kind === 'downgrade_request'))
    add('downgrade', 15, 'asked to downgrade')
  if (billing.some((e) => e.kind === 'cancellation_request')) add('cancellation', 30, 'asked to cancel')

  const tickets = activity.tickets.filter((t) => Date.parse(t.createdAt) >= recentMs)
  const direct = tickets.find((t) => t.churnDirect)
  if (direct)
    add(
      'churn_language',
      25,
      `ticket ${direct.externalId} says it may leave ("${direct.signalPhrases[0] ?? ''}")`,
    )
  else {
    const indirect = tickets.find((t) => t.churnIndirect)
    if (indirect)
      add(
        'frustration',
        8,
        `ticket ${indirect.externalId} reads as worn out ("${indirect.signalPhrases[0] ?? ''}")`,
      )
  }
  const rival = tickets.find((t) => t.competitor)
  if (rival) add('competitor', 15, `ticket ${rival.externalId} names a competitor`)

  for (const p of patterns) add(p.kind, PATTERN_POINTS[p.kind], p.text)

  const nps = activity.metrics.find((m) => m.nps !== null)?.nps ?? null
  if (nps !== null && nps <= 6) add('nps', 8, `NPS answer ${nps} (detractor)`)

  factors.sort((a, b) => b.points - a.points)
  const score = Math.min(
    100,
    factors.reduce((s, f) => s + f.points, 0),
  )
  const { bucket, because } = bucketFor(score, input.renewalInDays, config)
  const text = [
    `churn risk ${score}/100`,
    bucket ? BUCKET_NAMES[bucket] : 'no risk bucket',
    because,
    factors.length > 0
      ? `because ${factors
          .slice(0, 3)
          .map((f) => f.text)
          .join('; ')}`
      : 'no risk factor found',
  ]
    .filter((s) => s !== null)
    .join(' — ')
  return { score, bucket, method: 'scorecard', factors, text }
}
