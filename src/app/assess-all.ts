/**
 * @module The nightly recompute: every account's health, churn risk and tier target, in batches.
 *
 * A page of accounts (in external-id order) is read in one query and its activity in four; the pure core
 * assesses each account; the page's assessments are written in one statement. An account whose
 * assessment calls for more than a record goes through `assessAccountNow` instead, the one place that
 * notifies and holds tiers: its risk bucket became more urgent (the CSM is told), or its tier must step
 * (an upgrade, a downgrade notice, a notice that has run out). So does an account that changed between
 * the read and the write (a ticket's reassessment, an import): the batch write checks that the account
 * is as it was read and leaves it alone otherwise.
 *
 * As a durable job (`accounts.assess-all`, one per database) the run is cut into slices of a few seconds,
 * each rescheduling the job with its cursor, so no claim outlives the worker's lock timeout and a crash
 * resumes at the last page written. The last slice schedules the next night.
 */
import type { AccountActivity } from '../core/accounts/activity.js'
import { assessAccount } from '../core/accounts/assess-account.js'
import { stepTier } from '../core/accounts/tier-lifecycle.js'
import type { AssessmentWrite, NewJob, StoredAccount } from '../store/store.js'
import { activitySince, assessAccountNow, assessJob, moreUrgent } from './assess-account.js'
import type { AppDeps } from './deps.js'

export const ASSESS_ALL_JOB = 'accounts.assess-all'
/** The nightly run starts at this hour, UTC. */
export const NIGHTLY_HOUR_UTC = 2
/**
 * A job slice starts no new page after this long, and reads pages of `SLICE_BATCH`. A page of 1000 took
 * 0.2 s in the batch path and 3.3 s on PostgreSQL, 6.2 s on PGlite, when every account went through the
 * single path (bench/accounts.ts data, a loaded 2-core machine); half that page keeps a slice under
 * about 8 s, inside the worker's lock timeout (at least 15 s), past which another worker would take it.
 */
export const SLICE_MS = 5_000
export const SLICE_BATCH = 500

/** Accounts assessed through the single path at once. */
const SINGLE_CONCURRENCY = 4

const EMPTY: AccountActivity = { metrics: [], billing: [], tickets: [], healthHistory: [] }

export interface AssessAllOptions {
  /** Accounts read, assessed and written together. @default 1000 */
  readonly batch?: number
  /** Resume after this external id. @default null: from the first account */
  readonly after?: string | null
  /** Start no new page after this many milliseconds; `next` then says where to resume. @default Infinity */
  readonly budgetMs?: number
}

export interface AssessAllCounts {
  /** Accounts assessed, by either path. */
  readonly assessed: number
  /** Written by the batch path. */
  readonly batched: number
  /** Assessed by `assessAccountNow` because the risk bucket became more urgent. */
  readonly riskRose: number
  /** …because the tier must step. */
  readonly tierStep: number
  /** …because the account changed between the read and the batch write. */
  readonly changed: number
  /** Single assessments that failed; each was handed to its own retried job. */
  readonly failed: number
}

export interface AssessAllResult extends AssessAllCounts {
  readonly pages: number
  /** The external id to resume after, or null when every account was reached. */
  readonly next: string | null
}

type SingleReason = 'riskRose' | 'tierStep' | 'changed'

interface Page {
  readonly accounts: readonly StoredAccount[]
  readonly activity: ReadonlyMap<string, AccountActivity>
  readonly now: Date
}

/** A page of accounts after `after` with their activity, read as of now. */
async function readPage(deps: AppDeps, after: string | null, batch: number): Promise<Page> {
  const now = deps.now()
  const accounts = await deps.store.accounts.list({ limit: batch, ...(after === null ? {} : { after }) })
  const activity =
    accounts.length === 0
      ? new Map()
      : await deps.store.activity.loadMany(
          accounts.map((a) => a.id),
          activitySince(deps.policy.current(), now.getTime()),
        )
  return { accounts, activity, now }
}

export async function assessAllAccounts(
  deps: AppDeps,
  options: AssessAllOptions = {},
): Promise<AssessAllResult> {
  const batch = options.batch ?? 1000
  const budgetMs = options.budgetMs ?? Number.POSITIVE_INFINITY
  const started = performance.now()
  const counts = { assessed: 0, batched: 0, riskRose: 0, tierStep: 0, changed: 0, failed: 0 }
  let pages = 0
  let next = readPage(deps, options.after ?? null, batch)
  for (;;) {
    const page = await next
    if (page.accounts.length === 0) return { ...counts, pages, next: null }
    const after = (page.accounts.at(-1) as StoredAccount).externalId
    const last = page.accounts.length < batch
    // The next page is read while this one is assessed: the database works while the core computes.
    if (!last) {
      next = readPage(deps, after, batch)
      // Handled here so that a failure of this page does not leave a rejection nobody waits for.
      next.catch(() => {})
    }
    pages++
    await assessPage(deps, page, counts)
    if (last) return { ...counts, pages, next: null }
    if (performance.now() - started >= budgetMs) {
      // Nothing is left running behind the caller's back (a job slice ends, a test closes the database).
      await next.then(
        () => {},
        () => {},
      )
      return { ...counts, pages, next: after }
    }
  }
}

async function assessPage(
  deps: AppDeps,
  { accounts, activity, now }: Page,
  counts: { -readonly [K in keyof AssessAllCounts]: number },
): Promise<void> {
  const nowMs = now.getTime()
  const policy = deps.policy.current()
  const writes: AssessmentWrite[] = []
  const single: { id: string; why: SingleReason }[] = []
  for (const account of accounts) {
    const assessment = assessAccount(account, activity.get(account.id) ?? EMPTY, policy, nowMs)
    if (moreUrgent(assessment.risk.bucket, account.assessment?.risk.bucket ?? null))
      single.push({ id: account.id, why: 'riskRose' })
    else if (stepTier(policy, account.heldTier, assessment.target, nowMs).changes.length > 0)
      single.push({ id: account.id, why: 'tierStep' })
    else
      writes.push({
        accountId: account.id,
        assessment,
        readAs: { revision: account.revision, assessedAt: account.assessment?.at ?? null },
      })
  }
  const written = await deps.store.accounts.saveAssessments(writes)
  counts.batched += written.size
  for (const w of writes) if (!written.has(w.accountId)) single.push({ id: w.accountId, why: 'changed' })

  // Each in its own transaction with its account locked, a few at once (each waits mostly on its commit);
  // a failure costs that account, not the page.
  const failed: string[] = []
  let done = 0
  let nextSingle = 0
  const lane = async () => {
    while (nextSingle < single.length) {
      const { id, why } = single[nextSingle++] as (typeof single)[number]
      try {
        // Null: the account was deleted since the page was read.
        if (await assessAccountNow(deps, id)) {
          counts[why]++
          done++
        }
      } catch (e) {
        failed.push(id)
        deps.log.warn({ accountId: id, err: String((e as Error)?.message ?? e) }, 'account assessment failed')
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(SINGLE_CONCURRENCY, single.length) }, lane))
  if (failed.length > 0) {
    counts.failed += failed.length
    await deps.store.jobs.schedule(
      failed.map((id) => assessJob(id, now.toISOString())),
      now,
    )
  }
  counts.assessed += written.size + done
}

/** The first 02:00 UTC strictly after `nowMs`. */
export function nextNightlyRun(nowMs: number): string {
  const d = new Date(nowMs)
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), NIGHTLY_HOUR_UTC)
  return new Date(today > nowMs ? today : today + 86_400_000).toISOString()
}

/** The nightly job: one per database (keyed), resuming after `after` when a run is under way. */
export function assessAllJob(runAt: string, progress: NightlyProgress | null): NewJob {
  return { kind: ASSESS_ALL_JOB, key: ASSESS_ALL_JOB, payload: progress ? { ...progress } : {}, runAt }
}

/** Where a nightly run stands between slices: its cursor and what it has done so far. */
export interface NightlyProgress extends AssessAllCounts {
  readonly after: string
  readonly startedAt: string
}

/** At start-up: makes sure the nightly job exists, without moving one that is due or running. */
export async function scheduleNightlyAssessment(deps: AppDeps): Promise<void> {
  const now = deps.now()
  await deps.store.jobs.scheduleIfAbsent([assessAllJob(nextNightlyRun(now.getTime()), null)], now)
}

const COUNT_KEYS = ['assessed', 'batched', 'riskRose', 'tierStep', 'changed', 'failed'] as const

/** The job handler: one slice of the nightly run, then the next slice (now) or the next night. */
export async function runNightlyAssessment(
  deps: AppDeps,
  payload: Readonly<Record<string, unknown>>,
): Promise<AssessAllResult> {
  const after = typeof payload.after === 'string' ? payload.after : null
  const startedAt =
    after !== null && typeof payload.startedAt === 'string' ? payload.startedAt : deps.now().toISOString()
  const slice = await assessAllAccounts(deps, { after, batch: SLICE_BATCH, budgetMs: SLICE_MS })
  const total = Object.fromEntries(
    COUNT_KEYS.map((k) => [k, slice[k] + (after !== null ? Number(payload[k]) || 0 : 0)]),
  ) as Record<(typeof COUNT_KEYS)[number], number>
  const now = deps.now()
  const next =
    slice.next === null
      ? assessAllJob(nextNightlyRun(now.getTime()), null)
      : assessAllJob(now.toISOString(), { ...total, after: slice.next, startedAt })
  await deps.store.jobs.schedule([next], now)
  if (slice.next === null) deps.log.info({ ...total, startedAt }, 'nightly account assessment done')
  return slice
}
