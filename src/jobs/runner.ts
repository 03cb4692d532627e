/**
 * @module The worker: wakes due jobs (SLA timers, follow-up tasks) and delivers due notifications, in
 * a loop, until stopped.
 *
 * Durable by construction: timers and messages are rows, claimed with FOR UPDATE SKIP LOCKED, so any
 * number of workers can run against one PostgreSQL database, and a worker that dies mid-job loses
 * nothing — its claims time out and another worker (or the same one, restarted) takes them again.
 * A job that fails is retried with backoff and buried as dead after its attempts run out.
 */

import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { ASSESS_JOB, assessAccountNow } from '../app/assess-account.js'
import { ASSESS_ALL_JOB, runNightlyAssessment } from '../app/assess-all.js'
import { deliverDue, type Send } from '../app/deliver-notifications.js'
import type { AppDeps } from '../app/deps.js'
import { reconcileClocks } from '../app/reconcile-clocks.js'
import { SLA_JOB, TASK_JOB } from '../app/sla-timer.js'
import { taskDue } from '../app/task-due.js'
import { REPORT_JOB, runWeeklyVipReport } from '../app/vip-report.js'
import { retryDelayMs } from '../core/jobs/backoff.js'
import type { ClaimedJob } from '../store/store.js'

export interface WorkerOptions {
  /** Names this worker's claims. @default `worker-<pid>` */
  readonly id?: string
  /** Sleep between polls when there was nothing to do. @default 250 */
  readonly pollMs?: number
  /** Jobs and messages claimed per poll. @default 50 */
  readonly batch?: number
  /** Jobs handled, and messages sent, at once. @default 8 */
  readonly concurrency?: number
  /** A claim older than this belongs to a dead worker. @default 60000 */
  readonly lockTimeoutMs?: number
  /** Replaces the real channel adapters (tests). */
  readonly send?: Send
  /** Poll in the background. Tests set false and call `poll()` themselves. @default true */
  readonly loop?: boolean
  /** Handlers for further job kinds, by kind. */
  readonly handlers?: Readonly<Record<string, Handler>>
}

export interface Worker {
  /** Finishes what it has claimed, then resolves. */
  stop(): Promise<void>
  /** Runs one poll now (tests); resolves with what it claimed. */
  poll(): Promise<{ jobs: number; deliveries: number }>
}

export type Handler = (deps: AppDeps, job: ClaimedJob) => Promise<unknown>

const HANDLERS: Readonly<Record<string, Handler>> = {
  [SLA_JOB]: (deps, job) => reconcileClocks(deps, String(job.payload.ticketId)),
  [TASK_JOB]: (deps, job) => taskDue(deps, String(job.payload.taskId)),
  [ASSESS_JOB]: (deps, job) => assessAccountNow(deps, String(job.payload.accountId)),
  [ASSESS_ALL_JOB]: (deps, job) => runNightlyAssessment(deps, job.payload),
  [REPORT_JOB]: (deps) => runWeeklyVipReport(deps),
}

export function startWorker(deps: AppDeps, options: WorkerOptions = {}): Worker {
  // Unique across hosts and restarts: in containers every worker may be pid 1, and claims are checked by id.
  const id = options.id ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  const pollMs = options.pollMs ?? 250
  const batch = options.batch ?? 50
  const concurrency = options.concurrency ?? 8
  const lockTimeoutMs = options.lockTimeoutMs ?? 60_000
  let running = true
  let lastRecovery = 0
  const wakers = new Set<() => void>()
  const handlers = { ...HANDLERS, ...options.handlers }

  /** Runs the job; true when it succeeded (the caller completes the batch in one statement). */
  async function runJob(job: ClaimedJob): Promise<boolean> {
    const handler = handlers[job.kind]
    try {
      if (!handler) throw new Error(`no handler for job kind '${job.kind}'`)
      await handler(deps, job)
      return true
    } catch (e) {
      const retryAt =
        job.attempts < job.maxAttempts
          ? new Date(deps.now().getTime() + retryDelayMs(job.id, job.attempts))
          : null
      await deps.store.jobs.fail(job.id, id, e instanceof Error ? e.message : String(e), retryAt)
      deps.log.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, dead: retryAt === null },
        'job failed',
      )
      return false
    }
  }

  async function pollJobs(): Promise<number> {
    const now = deps.now()
    if (now.getTime() - lastRecovery > Math.min(10_000, lockTimeoutMs)) {
      lastRecovery = now.getTime()
      const before = new Date(now.getTime() - lockTimeoutMs)
      const recovered =
        (await deps.store.jobs.recoverStale(before)) + (await deps.store.outbox.recoverStale(before))
      if (recovered > 0) deps.log.warn({ recovered }, 'took back claims of a worker that stopped responding')
    }
    const jobs = await deps.store.jobs.claim({ limit: batch, worker: id, now })
    const done: number[] = []
    let next = 0
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as ClaimedJob
        if (await runJob(job)) done.push(job.id)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane))
    await deps.store.jobs.complete(done, id)
    return jobs.length
  }

  // Deliveries are claimed only as many as are sent at once, so a claim lives at most one send timeout
  // and a slow receiver cannot hold a pile of claims until they look abandoned and are sent twice.
  const pollDeliveries = () =>
    deliverDue(deps, {
      worker: id,
      limit: concurrency,
      concurrency,
      ...(options.send ? { send: options.send } : {}),
    })

  /** Runs `step` until stopped, at once again after a full batch, else after `pollMs`. */
  const loop = (name: string, step: () => Promise<number>, full: number) =>
    (async () => {
      while (running && options.loop !== false) {
        let busy = false
        try {
          busy = (await step()) >= full
        } catch (e) {
          deps.log.error({ err: String((e as Error)?.message ?? e), loop: name }, 'worker poll failed')
        }
        if (running && !busy) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer)
              wakers.delete(wake)
              resolve()
            }
            const timer = setTimeout(wake, pollMs)
            wakers.add(wake)
          })
        }
      }
    })()
  // Two loops: a receiver that hangs delays deliveries, never SLA timers.
  const loops = [loop('jobs', pollJobs, batch), loop('deliveries', pollDeliveries, concurrency)]

  return {
    async poll() {
      return { jobs: await pollJobs(), deliveries: await pollDeliveries() }
    },
    async stop() {
      running = false
      for (const wake of [...wakers]) wake()
      await Promise.all(loops)
    },
  }
}
