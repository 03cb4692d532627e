/**
 * @module The weekly VIP health report: build it from the store, send one email per CSM through the
 * outbox, and keep the weekly job that does so on schedule.
 *
 * The report covers the tiers `reports.weeklyVip.tiers` names, or the policy's top two tiers. It is
 * sent by a keyed job (`report.weekly`) at the policy's weekday and time in its zone; each run writes
 * the messages and schedules the next run in one transaction, so a crash loses neither and a retry of a
 * run that committed cannot send twice (the dedup key is per CSM per ISO week). Accounts without a CSM
 * go to the support VP, when the policy names one.
 */
import type { Person } from '../core/accounts/account.js'
import {
  composeVipReport,
  reportFor,
  type VipReport,
  type VipReportInput,
} from '../core/accounts/vip-report.js'
import {
  renderVipReportHtml,
  renderVipReportText,
  vipReportSubject,
} from '../core/accounts/vip-report-render.js'
import type { Notification } from '../core/notification.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import { nextWeeklyRun } from '../core/time/weekly-schedule.js'
import type { NewJob, OutboxEntry, Store } from '../store/store.js'
import type { AppDeps } from './deps.js'
import { fanOut, type Recipient } from './notifications.js'

export const REPORT_JOB = 'report.weekly'
/** One weekly report job per database, whatever the number of processes. */
export const REPORT_JOB_KEY = 'report.weekly'
/** Accounts read per query. */
const PAGE = 200
/**
 * Health history rows read per account (newest first): four weeks of nightly assessments with room for
 * ticket-driven ones. An account assessed more often than that shows gaps in its oldest weeks.
 */
const HISTORY = 60

/** The tiers the report covers, top first: the policy's list, or its top two tiers. */
export function reportTiers(policy: CompiledPolicy): { id: string; name: string }[] {
  const ids = policy.document.reports.weeklyVip?.tiers ?? policy.tiers.slice(0, 2).map((t) => t.id)
  return ids.map((id) => ({ id, name: policy.tiers.find((t) => t.id === id)?.name ?? id }))
}

/** Every account in `tiers` (of one CSM, if given) with its escalations and health history. */
async function loadInputs(
  store: Store,
  tiers: readonly string[],
  csm: string | null,
): Promise<VipReportInput[]> {
  const out: VipReportInput[] = []
  let after: string | undefined
  for (;;) {
    const page = await store.accounts.list({ limit: PAGE, tiers, ...(after === undefined ? {} : { after }) })
    const wanted = csm === null ? page : page.filter((a) => a.csm?.email.toLowerCase() === csm)
    out.push(
      ...(await Promise.all(
        wanted.map(async (account) => {
          const [openEscalations, history] = await Promise.all([
            store.activity.openEscalations(account.id),
            store.activity.healthHistory(account.id, HISTORY),
          ])
          return {
            account,
            assessment: account.assessment,
            openEscalations,
            healthHistory: history.map((h) => ({ at: h.at, score: h.score })),
          }
        }),
      )),
    )
    if (page.length < PAGE) return out
    after = page.at(-1)?.externalId
  }
}

/** The report now, for every CSM or for one (by email address, any case). */
export async function buildVipReport(deps: AppDeps, options: { csm?: string } = {}): Promise<VipReport> {
  const policy = deps.policy.current()
  const tiers = reportTiers(policy)
  const inputs = await loadInputs(
    deps.store,
    tiers.map((t) => t.id),
    options.csm?.toLowerCase() ?? null,
  )
  return composeVipReport(inputs, {
    tiers,
    nowMs: deps.now().getTime(),
    zone: policy.document.reports.weeklyVip?.zone ?? 'UTC',
  })
}

/** The keyed job that sends the report at the next scheduled time after `now`; null without `reports.weeklyVip`. */
export function weeklyReportJob(policy: CompiledPolicy, now: Date): NewJob | null {
  const schedule = policy.document.reports.weeklyVip
  if (!schedule) return null
  return { kind: REPORT_JOB, key: REPORT_JOB_KEY, payload: {}, runAt: nextWeeklyRun(schedule, now.getTime()) }
}

/**
 * At start-up: make sure the weekly job exists when the policy asks for the report. A job already
 * queued is left as it is, so a restart neither postpones a run that is due nor doubles one; a job
 * left by a policy that no longer has the section ends without sending when it runs.
 */
export async function scheduleWeeklyVipReport(deps: AppDeps): Promise<string | null> {
  const now = deps.now()
  const job = weeklyReportJob(deps.policy.current(), now)
  if (job) await deps.store.jobs.scheduleIfAbsent([job], now)
  return job?.runAt ?? null
}

export interface VipReportSendResult {
  /** ISO week of the report, in the schedule's zone. */
  readonly week: string
  /** Reports written: one per CSM, and one for the accounts without a CSM. */
  readonly reports: number
  /** Emails queued in the outbox. */
  readonly emails: number
  /** Outbox entries on every channel: the emails, and webhook or Slack copies when the policy routes the topic there. */
  readonly deliveries: number
  /** When the scheduled report runs next; null when this send was not the scheduled one. */
  readonly nextRunAt: string | null
}

function recipientsOf(csm: Person | null, policy: CompiledPolicy): Recipient[] {
  if (csm) return [{ role: 'csm', name: csm.name, email: csm.email }]
  const vp = policy.sla.supportVp
  return vp ? [{ role: 'supportVp', name: vp.name, email: vp.email }] : []
}

function reportNotification(report: VipReport, dedupKey: string, at: string): Notification {
  const group = report.groups[0]
  return {
    dedupKey,
    topic: 'report.weekly',
    occurredAt: at,
    subject: vipReportSubject(report),
    text: renderVipReportText(report),
    html: renderVipReportHtml(report),
    data: {
      week: report.week,
      tiers: report.tiers,
      csm: group?.csm ?? null,
      summary: report.summary,
      accounts: group?.accounts ?? [],
    },
  }
}

/**
 * One message per CSM, to the channels the policy routes `report.weekly` to. `scheduled`: this is the
 * weekly run: its messages are keyed per CSM per ISO week, and the next run is scheduled with them.
 * Otherwise ("send now") each send is its own message and the schedule is left alone.
 */
export async function sendWeeklyVipReport(
  deps: AppDeps,
  options: { scheduled?: boolean; csm?: string } = {},
): Promise<VipReportSendResult> {
  const policy = deps.policy.current()
  const now = deps.now()
  const report = await buildVipReport(deps, options.csm === undefined ? {} : { csm: options.csm })
  const entries: OutboxEntry[] = []
  for (const group of report.groups) {
    const who = group.csm?.email.toLowerCase() ?? 'unassigned'
    const key = `report.weekly:${who}:${report.week}${options.scheduled ? '' : `:sent:${now.toISOString()}`}`
    const notification = reportNotification(reportFor(report, group), key, now.toISOString())
    entries.push(...fanOut(policy, deps.channels, notification, recipientsOf(group.csm, policy), null))
  }
  const next = options.scheduled ? weeklyReportJob(policy, now) : null
  await deps.store.transaction(async (tx) => {
    if (entries.length > 0) await tx.outbox.add(entries, now)
    if (next) await tx.jobs.schedule([next], now)
  })
  const emails = entries.filter((e) => e.channel === 'email').length
  deps.log.info(
    {
      week: report.week,
      reports: report.groups.length,
      emails,
      deliveries: entries.length,
      next: next?.runAt,
    },
    'weekly VIP report queued',
  )
  if (report.groups.length > 0 && emails === 0)
    deps.log.warn(
      { week: report.week },
      'weekly VIP report sent by no email: route report.weekly to email in the policy and configure PATRON_SMTP_URL',
    )
  return {
    week: report.week,
    reports: report.groups.length,
    emails,
    deliveries: entries.length,
    nextRunAt: next?.runAt ?? null,
  }
}

/** The job handler: the scheduled send, unless the policy no longer asks for the report (then it ends). */
export async function runWeeklyVipReport(deps: AppDeps): Promise<VipReportSendResult | null> {
  if (!deps.policy.current().document.reports.weeklyVip) {
    deps.log.info({}, 'weekly VIP report job ended: the policy has no reports.weeklyVip')
    return null
  }
  return sendWeeklyVipReport(deps, { scheduled: true })
}
