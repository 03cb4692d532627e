/**
 * @module Churn risk, 0–100: by the default scorecard (each factor adds points and says why) or, when the
 * policy names one, by a model trained on the user's own history (the score is the churn probability in
 * percent; each feature's share of it is a factor). The score puts the account in a bucket — when it is
 * likely to leave if nobody acts: urgent (within 30 days), medium (60), early warning (90) — and a near
 * renewal pulls a risky account into a nearer bucket, because the renewal is when a customer who means
 * to leave can.
 */
import { type ChurnModel, predictChurn } from '../ml/churn-model.js'
import { sigmoid } from '../ml/logistic.js'
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
  /** Points added to the score; by a model, the percentage points the feature adds to the probability. */
  readonly points: number
  readonly text: string
  /** By a model: the column the factor comes from. */
  readonly feature?: string
}

export interface RiskAssessment {
  readonly score: number
  readonly bucket: RiskBucket | null
  /** 'scorecard' for the built-in rules, 'model' for a model trained on the user's history. */
  readonly method: 'scorecard' | 'model'
  /** Largest first. */
  readonly factors: readonly RiskFactor[]
  readonly text: string
  /** By a model: what it is and how sure it is. */
  readonly model?: {
    readonly probability: number
    /** Probability for an average account of the training rows. */
    readonly baseline: number
    readonly trainedOn: number
    /** What holds the risk down: features that lower it, largest first (negative points). */
    readonly offsets: readonly RiskFactor[]
  }
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

function riskText(
  score: number,
  bucket: RiskBucket | null,
  because: string | null,
  factors: readonly RiskFactor[],
  method: string | null,
): string {
  return [
    `churn risk ${score}/100${method ? ` ${method}` : ''}`,
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
}

/** How many of the lowering features a model assessment lists. */
const OFFSETS = 3

/**
 * Risk by a trained model: the score is the probability of churn in percent, and a factor is a feature
 * whose value moves it — its points are how far the probability would fall if the feature were at the
 * training average, so an agent reads "+12 points: 2 failed payments in 90 days (typical 0)".
 */
export function scoreChurnRiskByModel(
  model: ChurnModel,
  row: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, { readonly label: string; readonly factor: string }>>,
  renewalInDays: number | null,
  config: PolicyDocument['churnRisk'],
): RiskAssessment {
  const prediction = predictChurn(model, row)
  const p = prediction.probability
  const typical = new Map(
    model.encoding.columns.map((c) => [
      c.name,
      c.kind === 'numeric' ? String(Number(c.median.toPrecision(4))) : null,
    ]),
  )
  const toFactor = (c: (typeof prediction.contributions)[number]): RiskFactor => {
    const points = Math.round(100 * (p - sigmoid(prediction.logOdds - c.contribution)))
    const known = labels[c.feature]
    const value = c.value.trim() === '' ? 'not known' : c.value
    const usual = typical.get(c.feature)
    return {
      factor: known?.factor ?? c.feature,
      feature: c.feature,
      points,
      text: `${known?.label ?? c.feature}: ${value}${usual != null ? ` (typical ${usual})` : ''}`,
    }
  }
  const all = prediction.contributions.map(toFactor)
  const factors = all.filter((f) => f.points >= 1).sort((a, b) => b.points - a.points)
  const offsets = all
    .filter((f) => f.points <= -1)
    .sort((a, b) => a.points - b.points)
    .slice(0, OFFSETS)
  const score = Math.round(p * 100)
  const { bucket, because } = bucketFor(score, renewalInDays, config)
  return {
    score,
    bucket,
    method: 'model',
    factors,
    text: riskText(
      score,
      bucket,
      because,
      factors.map((f) => ({ ...f, text: `${f.text} (+${f.points})` })),
      `(model trained on ${model.training.rows.toLocaleString('en-US')} accounts)`,
    ),
    model: {
      probability: Number(p.toFixed(4)),
      baseline: Number(sigmoid(prediction.baseline).toFixed(4)),
      trainedOn: model.training.rows,
      offsets,
    },
  }
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
  return {
    score,
    bucket,
    method: 'scorecard',
    factors,
    text: riskText(score, bucket, because, factors, null),
  }
}
