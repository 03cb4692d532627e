/**
 * @module The weekly VIP health report: for each CSM, the accounts in the top tiers with their health
 * and its four-week trend, churn risk with its bucket and largest factors, open escalations, the
 * renewal and the days to it, an announced downgrade, and what to do this week.
 *
 * Pure: the accounts (with their latest assessment), their open escalations and health history, and
 * the time in; the report out. Accounts without a CSM form one "unassigned" group, listed last. Within
 * a group the most urgent risk comes first, then the largest ARR. Rendering is in vip-report-render.ts.
 */
import { formatMoneyCompact } from '../format.js'
import { daysUntil, localTime } from '../time/local-time.js'
import { isoWeek } from '../time/weekly-schedule.js'
import type { Account, Person } from './account.js'
import { type AccountAssessment, recommendActions } from './assess-account.js'
import { BUCKET_NAMES, RISK_BUCKETS, type RiskBucket, type RiskFactor } from './churn-risk.js'
import { healthTrend } from './health-score.js'

/** One account as the report reads it. */
export interface VipReportInput {
  readonly account: Account
  /** The latest assessment; null when the account was never assessed. */
  readonly assessment: AccountAssessment | null
  /** Open tickets of the account that breached an SLA or were escalated. */
  readonly openEscalations: number
  /** Earlier health scores, newest first. */
  readonly healthHistory: readonly { readonly at: string; readonly score: number }[]
}

export interface VipReportOptions {
  /** The tiers the report covers, top first, with their display names. */
  readonly tiers: readonly { readonly id: string; readonly name: string }[]
  readonly nowMs: number
  /** The zone the report's week is counted in (the schedule's). */
  readonly zone: string
  /** Risk factors shown per account. @default 3 */
  readonly topFactors?: number
}

export interface VipAccountRow {
  readonly accountId: string
  readonly externalId: string
  readonly name: string
  /** The tier the account is held in. */
  readonly tier: { readonly id: string; readonly name: string }
  /** Decimal string in currency units. */
  readonly arr: string
  readonly currency: string
  /** "$380k" */
  readonly arrText: string
  readonly health: {
    readonly score: number | null
    /** Against the score about four weeks ago (see `healthTrend`). */
    readonly trend: { readonly delta: number; readonly since: string } | null
    /** The score at the end of each of the last four weeks and now, oldest first; null where none was recorded. */
    readonly weekly: readonly (number | null)[]
  }
  readonly risk: {
    readonly score: number | null
    readonly bucket: RiskBucket | null
    /** "urgent (≤ 30 days)", or null outside every bucket. */
    readonly bucketName: string | null
    /** The largest factors, largest first. */
    readonly factors: readonly RiskFactor[]
  }
  readonly openEscalations: number
  /** Days counted on the account's own calendar; negative once the date has passed. */
  readonly renewal: { readonly date: string; readonly inDays: number } | null
  readonly pendingDowngrade: {
    readonly tier: string
    readonly tierName: string
    readonly effectiveAt: string
  } | null
  /** What the CSM should do this week, most pressing first (`recommendActions`). */
  readonly actions: readonly string[]
  readonly assessedAt: string | null
}

export interface VipReportSummary {
  readonly accounts: number
  readonly urgent: number
  readonly medium: number
  readonly earlyWarning: number
  readonly openEscalations: number
  /** Accounts whose renewal is within 90 days and not past. */
  readonly renewingIn90Days: number
}

export interface VipReportGroup {
  /** null: the accounts nobody is assigned to. */
  readonly csm: Person | null
  readonly summary: VipReportSummary
  readonly accounts: readonly VipAccountRow[]
}

export interface VipReport {
  readonly generatedAt: string
  /** ISO week in the report's zone, e.g. "2026-W48". */
  readonly week: string
  readonly tiers: readonly { readonly id: string; readonly name: string }[]
  readonly summary: VipReportSummary
  readonly groups: readonly VipReportGroup[]
}

const DAY_MS = 86_400_000
const WEEKS_SHOWN = 4

/** Cents of a decimal string ("380000.5" → 38000050n): ARR is compared exactly, never as a float. */
function cents(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.')
  return BigInt(whole || '0') * 100n + BigInt(`${fraction}00`.slice(0, 2))
}

const bucketRank = (b: RiskBucket | null) => (b === null ? RISK_BUCKETS.length : RISK_BUCKETS.indexOf(b))

/** Urgent first, then medium, early warning, no bucket; within a bucket the largest ARR; then by name. */
export function compareRows(a: VipAccountRow, b: VipAccountRow): number {
  const byBucket = bucketRank(a.risk.bucket) - bucketRank(b.risk.bucket)
  if (byBucket !== 0) return byBucket
  const arrA = cents(a.arr)
  const arrB = cents(b.arr)
  if (arrA !== arrB) return arrA > arrB ? -1 : 1
  return a.name.localeCompare(b.name, 'en') || a.externalId.localeCompare(b.externalId)
}

/** The newest score at or before each weekly mark; the last point is the current score. */
function weeklyScores(
  history: VipReportInput['healthHistory'],
  current: number | null,
  nowMs: number,
): (number | null)[] {
  const points: (number | null)[] = []
  for (let weeksAgo = WEEKS_SHOWN; weeksAgo >= 1; weeksAgo--) {
    const mark = nowMs - weeksAgo * 7 * DAY_MS
    points.push(history.find((h) => Date.parse(h.at) <= mark)?.score ?? null)
  }
  points.push(current)
  return points
}

export function vipAccountRow(input: VipReportInput, options: VipReportOptions): VipAccountRow {
  const { account, assessment: a, openEscalations } = input
  const nameOf = (id: string) => options.tiers.find((t) => t.id === id)?.name ?? id
  const tierId = account.heldTier?.tier ?? a?.target.tier ?? ''
  const renewalInDays = account.renewalDate
    ? daysUntil(localTime(options.nowMs, account.timezone), account.renewalDate)
    : null
  const pending = account.heldTier?.pending ?? null
  const pendingDowngrade = pending
    ? { tier: pending.tier, tierName: nameOf(pending.tier), effectiveAt: pending.effectiveAt }
    : null
  const score = a?.health.score ?? null
  // Days to renewal are counted today, not on the day of the assessment, so the actions agree with the row.
  const actions = a
    ? recommendActions({ ...a, renewalInDays }, { openEscalations, pendingDowngrade })
    : ['Not assessed yet: its health and churn risk are unknown until Patron assesses it']
  return {
    accountId: account.id,
    externalId: account.externalId,
    name: account.name,
    tier: { id: tierId, name: nameOf(tierId) },
    arr: account.arr,
    currency: account.currency,
    arrText: formatMoneyCompact(Number(account.arr), account.currency),
    health: {
      score,
      trend: healthTrend(input.healthHistory, score, options.nowMs),
      weekly: weeklyScores(input.healthHistory, score, options.nowMs),
    },
    risk: {
      score: a?.risk.score ?? null,
      bucket: a?.risk.bucket ?? null,
      bucketName: a?.risk.bucket ? BUCKET_NAMES[a.risk.bucket] : null,
      factors: (a?.risk.factors ?? []).slice(0, options.topFactors ?? 3),
    },
    openEscalations,
    renewal:
      account.renewalDate && renewalInDays !== null
        ? { date: account.renewalDate, inDays: renewalInDays }
        : null,
    pendingDowngrade,
    actions,
    assessedAt: a?.at ?? null,
  }
}

export function summarize(rows: readonly VipAccountRow[]): VipReportSummary {
  const count = (b: RiskBucket) => rows.filter((r) => r.risk.bucket === b).length
  return {
    accounts: rows.length,
    urgent: count('urgent'),
    medium: count('medium'),
    earlyWarning: count('early_warning'),
    openEscalations: rows.reduce((n, r) => n + r.openEscalations, 0),
    renewingIn90Days: rows.filter(
      (r) => r.renewal !== null && r.renewal.inDays >= 0 && r.renewal.inDays <= 90,
    ).length,
  }
}

export function composeVipReport(inputs: readonly VipReportInput[], options: VipReportOptions): VipReport {
  const byCsm = new Map<string, { csm: Person | null; rows: VipAccountRow[] }>()
  for (const input of inputs) {
    const csm = input.account.csm
    // One group per address, whatever its case; the first name seen for it labels the group.
    const key = csm ? csm.email.toLowerCase() : ''
    let group = byCsm.get(key)
    if (!group) {
      group = { csm, rows: [] }
      byCsm.set(key, group)
    }
    group.rows.push(vipAccountRow(input, options))
  }
  const groups = [...byCsm.values()]
    .sort((a, b) => {
      if (a.csm === null || b.csm === null) return a.csm === null ? (b.csm === null ? 0 : 1) : -1
      return a.csm.name.localeCompare(b.csm.name, 'en') || a.csm.email.localeCompare(b.csm.email)
    })
    .map((g) => {
      const rows = g.rows.sort(compareRows)
      return { csm: g.csm, summary: summarize(rows), accounts: rows }
    })
  return {
    generatedAt: new Date(options.nowMs).toISOString(),
    week: isoWeek(options.nowMs, options.zone),
    tiers: options.tiers,
    summary: summarize(groups.flatMap((g) => g.accounts)),
    groups,
  }
}

/** The report cut down to one group: what one CSM receives. */
export function reportFor(report: VipReport, group: VipReportGroup): VipReport {
  return { ...report, summary: group.summary, groups: [group] }
}
