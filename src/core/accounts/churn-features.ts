/**
 * @module The row a churn model reads for one account: a fixed set of named columns computed from the
 * account and its activity at one moment. `patron export churn-features` writes these rows for labelled
 * accounts (with the label beside them) and `patron train churn` learns from them; assessment computes
 * the same row for the account now and asks the model. One function makes the row for both, so what the
 * model learnt from is what it is asked about.
 *
 * Values are strings as in a CSV: a blank means "not known" (the model fills it and learns what a blank
 * means); flags are 0 or 1.
 */
import type { Account } from './account.js'
import type { AccountActivity } from './activity.js'
import type { HealthAssessment } from './health-score.js'
import type { PatternSignal } from './patterns.js'

/**
 * Every column, with the words an agent reads in a risk factor, and the scorecard factor it stands for
 * (so the recommended actions read the same factors whichever method scored the account).
 */
export const CHURN_FEATURES = {
  plan: { label: 'plan', factor: 'plan' },
  arr: { label: 'ARR (policy currency)', factor: 'arr' },
  tenure_days: { label: 'days since the contract started', factor: 'tenure' },
  renewal_in_days: { label: 'days to renewal', factor: 'renewal' },
  health_score: { label: 'health score', factor: 'health' },
  logins_30d: { label: 'logins in 30 days', factor: 'usage' },
  login_change: { label: 'change in logins against the 30 days before', factor: 'usage' },
  seat_utilisation: { label: 'share of licensed seats in use', factor: 'usage' },
  feature_adoption: { label: 'share of features in use', factor: 'adoption' },
  nps: { label: 'latest NPS answer', factor: 'nps' },
  failed_payments_90d: { label: 'failed payments in 90 days', factor: 'billing' },
  downgrade_requested: { label: 'asked to downgrade', factor: 'downgrade' },
  cancellation_requested: { label: 'asked to cancel', factor: 'cancellation' },
  tickets_90d: { label: 'tickets in 90 days', factor: 'support_load' },
  urgent_tickets_90d: { label: 'P1/P2 tickets in 90 days', factor: 'support_load' },
  sla_breaches_90d: { label: 'SLA breaches in 90 days', factor: 'sla' },
  escalated_tickets_90d: { label: 'escalated tickets in 90 days', factor: 'sla' },
  csat_90d: { label: 'mean CSAT in 90 days (1–5)', factor: 'satisfaction' },
  sentiment_90d: { label: 'mean ticket sentiment in 90 days (−1…1)', factor: 'sentiment' },
  churn_language_90d: { label: 'tickets saying they may leave, 90 days', factor: 'churn_language' },
  frustration_90d: { label: 'tickets reading as worn out, 90 days', factor: 'frustration' },
  competitor_90d: { label: 'tickets naming a competitor, 90 days', factor: 'competitor' },
  frequency_rising: { label: 'ticket frequency rising', factor: 'frequency_rising' },
  severity_climbing: { label: 'ticket severity climbing', factor: 'severity_climbing' },
  messages_shorter: { label: 'customer messages getting shorter', factor: 'messages_shorter' },
  repeated_issue: { label: 'the same issue again', factor: 'repeated_issue' },
} as const satisfies Record<string, { label: string; factor: string }>

export type ChurnFeature = keyof typeof CHURN_FEATURES
export const CHURN_FEATURE_NAMES = Object.keys(CHURN_FEATURES) as ChurnFeature[]

export const isChurnFeature = (name: string): name is ChurnFeature => Object.hasOwn(CHURN_FEATURES, name)

export interface ChurnFeatureInput {
  readonly account: Account
  /** The account's ARR in the policy currency, or null when its currency has no rate. */
  readonly arrInPolicyCurrency: number | null
  readonly activity: AccountActivity
  readonly health: HealthAssessment
  readonly patterns: readonly PatternSignal[]
  readonly renewalInDays: number | null
}

const DAY_MS = 86_400_000

const blank = (n: number | null | undefined, digits = 4): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '' : String(Number(n.toFixed(digits)))
const flag = (b: boolean): string => (b ? '1' : '0')
const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length
const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b <= 0 ? null : a / b

/** The account's row at `nowMs`. */
export function churnFeatureRow(input: ChurnFeatureInput, nowMs: number): Record<ChurnFeature, string> {
  const { account, activity, health, patterns } = input
  const since = nowMs - 90 * DAY_MS
  const latest = activity.metrics[0]
  const billing = activity.billing.filter((e) => Date.parse(e.occurredAt) >= since)
  const count = (kind: string) => billing.filter((e) => e.kind === kind).length
  const tickets = activity.tickets.filter((t) => Date.parse(t.createdAt) >= since)
  const nps = activity.metrics.find((m) => m.nps !== null)?.nps ?? null
  const failed = Math.max(
    latest?.failedPayments90d ?? 0,
    count('payment_failed') - count('payment_recovered'),
  )
  const has = (kind: PatternSignal['kind']) => flag(patterns.some((p) => p.kind === kind))
  const contractStart = account.contractStart ? Date.parse(account.contractStart) : Number.NaN
  return {
    plan: account.plan,
    arr: blank(input.arrInPolicyCurrency, 2),
    tenure_days: Number.isNaN(contractStart) ? '' : String(Math.floor((nowMs - contractStart) / DAY_MS)),
    renewal_in_days: blank(input.renewalInDays),
    health_score: blank(health.score),
    logins_30d: blank(latest?.logins30d),
    login_change: blank(
      latest?.logins30d != null && latest.loginsPrev30d ? latest.logins30d / latest.loginsPrev30d - 1 : null,
    ),
    seat_utilisation: blank(ratio(latest?.activeSeats ?? null, latest?.licensedSeats ?? null)),
    feature_adoption: blank(ratio(latest?.featuresUsed ?? null, latest?.featuresAvailable ?? null)),
    nps: blank(nps),
    failed_payments_90d: String(failed),
    downgrade_requested: flag(latest?.downgradeRequested === true || count('downgrade_request') > 0),
    cancellation_requested: flag(count('cancellation_request') > 0),
    tickets_90d: String(tickets.length),
    urgent_tickets_90d: String(tickets.filter((t) => t.severity === 'P1' || t.severity === 'P2').length),
    sla_breaches_90d: String(tickets.reduce((s, t) => s + t.breaches, 0)),
    escalated_tickets_90d: String(tickets.filter((t) => t.escalationLevel > 0).length),
    csat_90d: blank(mean(tickets.flatMap((t) => (t.csat === null ? [] : [t.csat])))),
    sentiment_90d: blank(mean(tickets.map((t) => t.sentiment))),
    churn_language_90d: String(tickets.filter((t) => t.churnDirect).length),
    frustration_90d: String(tickets.filter((t) => t.churnIndirect).length),
    competitor_90d: String(tickets.filter((t) => t.competitor).length),
    frequency_rising: has('frequency_rising'),
    severity_climbing: has('severity_climbing'),
    messages_shorter: has('messages_shorter'),
    repeated_issue: has('repeated_issue'),
  }
}

/**
 * The activity as it stood at `atMs`: what was observed, billed, filed and scored by then. Training rows
 * for accounts that left are taken as of a date before they left, so the model learns from what could be
 * seen in time, not from the cancellation itself.
 */
export function activityAsOf(activity: AccountActivity, atMs: number): AccountActivity {
  const day = new Date(atMs).toISOString().slice(0, 10)
  return {
    metrics: activity.metrics.filter((m) => m.observedOn <= day),
    billing: activity.billing.filter((e) => Date.parse(e.occurredAt) <= atMs),
    tickets: activity.tickets
      .filter((t) => Date.parse(t.createdAt) <= atMs)
      .map((t) =>
        t.resolvedAt !== null && Date.parse(t.resolvedAt) > atMs
          ? { ...t, resolvedAt: null, csat: null, status: 'open' }
          : t,
      ),
    healthHistory: activity.healthHistory.filter((h) => Date.parse(h.at) <= atMs),
  }
}
