/**
 * @module Account health, 0–100: a weighted mean of measures the policy lists, each scored 0–100 from
 * the account's recent activity and each explaining itself. A measure with no data is left out and the
 * others are re-weighted, and the explanation says so: a new account is not "unhealthy" for lack of NPS.
 */
import { Duration } from 'luxon'
import type { HealthMeasureId, PolicyDocument } from '../policy/policy-schema.js'
import type { AccountActivity, MetricsSnapshot, TicketFact } from './activity.js'

export interface MeasureResult {
  readonly id: HealthMeasureId
  readonly weight: number
  /** 0–100, or null when the account has no data for it. */
  readonly score: number | null
  /** Points this measure adds to the health score (its share of the weighted mean). */
  readonly contribution: number
  readonly text: string
}

export interface HealthAssessment {
  /** 0–100, or null when no measure had data. */
  readonly score: number | null
  readonly measures: readonly MeasureResult[]
  /** Change since the assessment about four weeks ago, when there is one. */
  readonly trend: { readonly delta: number; readonly since: string } | null
  readonly text: string
}

const DAY_MS = 86_400_000
/** The measures with data must carry at least this share of the weight for a score. */
export const MIN_COVERAGE = 0.4
const clamp = (x: number) => Math.max(0, Math.min(100, x))
const pct = (x: number) => `${Math.round(x * 100)}%`

type Scored = { readonly score: number | null; readonly text: string }

/** The newest snapshot that reports `field`. */
function latest<K extends keyof MetricsSnapshot>(
  metrics: readonly MetricsSnapshot[],
  field: K,
): NonNullable<MetricsSnapshot[K]> | null {
  for (const m of metrics) {
    const v = m[field]
    if (v !== null && v !== undefined) return v as NonNullable<MetricsSnapshot[K]>
  }
  return null
}

function usage(metrics: readonly MetricsSnapshot[]): Scored {
  const parts: number[] = []
  const words: string[] = []
  const now = latest(metrics, 'logins30d')
  const before = latest(metrics, 'loginsPrev30d')
  if (now !== null && before !== null && before > 0) {
    const ratio = now / before
    // Flat usage is healthy; a fall to a quarter of the month before is as bad as it gets.
    parts.push(clamp(((ratio - 0.25) / 0.75) * 100))
    words.push(`logins ${now} in 30 days vs ${before} before (${ratio >= 1 ? '+' : ''}${pct(ratio - 1)})`)
  } else if (now !== null && before === 0) {
    parts.push(now > 0 ? 100 : 0)
    words.push(`logins ${now} in 30 days, none before`)
  }
  const active = latest(metrics, 'activeSeats')
  const licensed = latest(metrics, 'licensedSeats')
  if (active !== null && licensed !== null && licensed > 0) {
    const used = active / licensed
    parts.push(clamp((used / 0.8) * 100))
    words.push(`${active} of ${licensed} seats active (${pct(used)})`)
  }
  if (parts.length === 0) return { score: null, text: 'no usage data' }
  return { score: parts.reduce((a, b) => a + b, 0) / parts.length, text: words.join('; ') }
}

function adoption(metrics: readonly MetricsSnapshot[]): Scored {
  const used = latest(metrics, 'featuresUsed')
  const available = latest(metrics, 'featuresAvailable')
  if (used === null || available === null || available === 0)
    return { score: null, text: 'no feature-use data' }
  const share = used / available
  return {
    score: clamp((share / 0.6) * 100),
    text: `${used} of ${available} features in use (${pct(share)})`,
  }
}

function support(tickets: readonly TicketFact[]): Scored {
  if (tickets.length === 0) return { score: 100, text: 'no tickets in the window' }
  const p1 = tickets.filter((t) => t.severity === 'P1').length
  const p2 = tickets.filter((t) => t.severity === 'P2').length
  const breaches = tickets.reduce((n, t) => n + t.breaches, 0)
  // A couple of tickets is normal use; severity and missed SLAs are what wear a relationship down.
  const load = Math.max(0, tickets.length - 2)
  const score = clamp(100 - 10 * p1 - 5 * p2 - 2 * load - 8 * breaches)
  const words = [`${tickets.length} ticket${tickets.length === 1 ? '' : 's'}`]
  if (p1 + p2 > 0) words.push(`${p1} P1, ${p2} P2`)
  words.push(breaches === 0 ? 'no SLA breach' : `${breaches} SLA breach${breaches === 1 ? '' : 'es'}`)
  return { score, text: words.join(', ') }
}

function sentiment(tickets: readonly TicketFact[]): Scored {
  if (tickets.length === 0) return { score: null, text: 'no tickets to read' }
  const mean = tickets.reduce((s, t) => s + t.sentiment, 0) / tickets.length
  const words = [
    `mean ticket sentiment ${mean.toFixed(2)} over ${tickets.length} ticket${tickets.length === 1 ? '' : 's'}`,
  ]
  if (tickets.length >= 4) {
    // Newest first: the first half is the recent one.
    const half = Math.floor(tickets.length / 2)
    const recent = tickets.slice(0, half).reduce((s, t) => s + t.sentiment, 0) / half
    const earlier = tickets.slice(half).reduce((s, t) => s + t.sentiment, 0) / (tickets.length - half)
    if (recent < earlier - 0.15) words.push(`getting worse (${earlier.toFixed(2)} → ${recent.toFixed(2)})`)
    else if (recent > earlier + 0.15) words.push(`improving (${earlier.toFixed(2)} → ${recent.toFixed(2)})`)
  }
  return { score: clamp(50 + 50 * mean), text: words.join(', ') }
}

function satisfaction(tickets: readonly TicketFact[], metrics: readonly MetricsSnapshot[]): Scored {
  const rated = tickets.flatMap((t) => (t.csat === null ? [] : [t.csat]))
  const nps = latest(metrics, 'nps')
  const parts: number[] = []
  const words: string[] = []
  if (rated.length > 0) {
    const mean = rated.reduce((a, b) => a + b, 0) / rated.length
    parts.push(((mean - 1) / 4) * 100)
    words.push(`CSAT ${mean.toFixed(1)}/5 on ${rated.length} rated ticket${rated.length === 1 ? '' : 's'}`)
  }
  if (nps !== null) {
    parts.push(nps * 10)
    words.push(`NPS answer ${nps} (${nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor'})`)
  }
  if (parts.length === 0) return { score: null, text: 'no CSAT or NPS' }
  return { score: parts.reduce((a, b) => a + b, 0) / parts.length, text: words.join('; ') }
}

function billing(activity: AccountActivity, fromMs: number): Scored {
  const recent = activity.billing.filter((e) => Date.parse(e.occurredAt) >= fromMs)
  const failedEvents = recent.filter((e) => e.kind === 'payment_failed').length
  const recovered = recent.filter((e) => e.kind === 'payment_recovered').length
  const failed = Math.max(latest(activity.metrics, 'failedPayments90d') ?? 0, failedEvents - recovered)
  const downgrade =
    latest(activity.metrics, 'downgradeRequested') === true ||
    recent.some((e) => e.kind === 'downgrade_request')
  const cancellation = recent.some((e) => e.kind === 'cancellation_request')
  const known =
    recent.length > 0 ||
    latest(activity.metrics, 'failedPayments90d') !== null ||
    latest(activity.metrics, 'downgradeRequested') !== null
  if (!known) return { score: null, text: 'no billing data' }
  const words: string[] = []
  if (failed > 0) words.push(`${failed} failed payment${failed === 1 ? '' : 's'}`)
  if (downgrade) words.push('asked to downgrade')
  if (cancellation) words.push('asked to cancel')
  const score = clamp(100 - 25 * failed - (downgrade ? 40 : 0) - (cancellation ? 60 : 0))
  return { score, text: words.length === 0 ? 'payments on time, no downgrade request' : words.join(', ') }
}

/** Health trend: against the score nearest to four weeks before `now` (at least three weeks old). */
export function healthTrend(
  history: AccountActivity['healthHistory'],
  score: number | null,
  nowMs: number,
): HealthAssessment['trend'] {
  if (score === null) return null
  const old = history.find((h) => Date.parse(h.at) <= nowMs - 21 * DAY_MS)
  return old ? { delta: score - old.score, since: old.at } : null
}

export function assessHealth(
  activity: AccountActivity,
  config: PolicyDocument['health'],
  nowMs: number,
): HealthAssessment {
  const fromMs = nowMs - Duration.fromISO(config.window).toMillis()
  const tickets = activity.tickets.filter((t) => Date.parse(t.createdAt) >= fromMs)
  const scored = config.measures.map((m) => {
    const r =
      m.id === 'usage'
        ? usage(activity.metrics)
        : m.id === 'adoption'
          ? adoption(activity.metrics)
          : m.id === 'support'
            ? support(tickets)
            : m.id === 'sentiment'
              ? sentiment(tickets)
              : m.id === 'satisfaction'
                ? satisfaction(tickets, activity.metrics)
                : billing(activity, fromMs)
    return { ...m, ...r }
  })
  const weight = scored.reduce((s, m) => s + (m.score === null ? 0 : m.weight), 0)
  const measures: MeasureResult[] = scored.map((m) => ({
    id: m.id,
    weight: m.weight,
    score: m.score === null ? null : Math.round(m.score),
    contribution:
      m.score === null || weight === 0 ? 0 : Math.round(((m.score * m.weight) / weight) * 10) / 10,
    text: m.text,
  }))
  const total = scored.reduce((s, m) => s + m.weight, 0)
  // A score from one thin measure ("no tickets, so support is fine") would read as a healthy account.
  if (weight < MIN_COVERAGE * total) {
    const have = measures.filter((m) => m.score !== null).map((m) => m.id)
    return {
      score: null,
      measures,
      trend: null,
      text: `not enough data for a health score: measures with data (${have.join(', ') || 'none'}) carry ${Math.round((100 * weight) / total)}% of the weight, below ${MIN_COVERAGE * 100}%`,
    }
  }
  const score = Math.round(
    scored.reduce((s, m) => s + (m.score === null ? 0 : m.score * m.weight), 0) / weight,
  )
  const missing = measures.filter((m) => m.score === null).map((m) => m.id)
  const weakest = measures
    .filter((m) => m.score !== null && (m.score ?? 100) < 60)
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .map((m) => `${m.id} ${m.score}`)
  const trend = healthTrend(activity.healthHistory, score, nowMs)
  const text = [
    `health ${score}/100`,
    trend ? `${trend.delta >= 0 ? '+' : ''}${trend.delta} in four weeks` : null,
    weakest.length > 0 ? `weakest: ${weakest.join(', ')}` : 'no weak measure',
    missing.length > 0 ? `left out for lack of data: ${missing.join(', ')}` : null,
  ]
    .filter((s) => s !== null)
    .join('; ')
  return { score, measures, trend, text }
}
