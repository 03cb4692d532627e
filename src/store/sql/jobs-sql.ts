/**
 * @module SQL for durable jobs: scheduled by key, claimed with FOR UPDATE SKIP LOCKED so any number of
 * workers share the table without taking the same job, retried or buried as dead when they fail.
 *
 * Every statement takes the instant from the caller rather than the database's now(): tests and the
 * crash test run on a clock of their own, and the workers and the API then agree on what is due.
 */
import type { Queryable } from '../db.js'
import type { ClaimedJob, JobsStore, NewJob } from '../store.js'

/** Jobs as parallel arrays for `unnest`: kind, key, payload, run_at. */
export function jobColumns(jobs: readonly NewJob[]): [string[], string[], string[], string[]] {
  return [
    jobs.map((j) => j.kind),
    jobs.map((j) => j.key),
    jobs.map((j) => JSON.stringify(j.payload)),
    jobs.map((j) => j.runAt),
  ]
}

interface JobRow {
  id: number
  kind: string
  key: string
  payload: Record<string, unknown>
  run_at: Date
  attempts: number
  max_attempts: number
  last_error: string | null
  [key: string]: unknown
}

const JOB_COLUMNS = 'id::int AS id, kind, key, payload, run_at, attempts, max_attempts, last_error'

function toJob(r: JobRow): ClaimedJob & { lastError: string | null } {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    payload: r.payload,
    runAt: r.run_at.toISOString(),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
  }
}

export function jobsSql(q: Queryable): JobsStore {
  return {
    async schedule(jobs, at) {
      if (jobs.length === 0) return
      await q.query(
        `INSERT INTO jobs (kind, key, payload, run_at, created_at)
         SELECT x.kind, x.key, x.payload::jsonb, x.run_at, $5
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(kind, key, payload, run_at)
         ON CONFLICT (key) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, state = 'queued',
           attempts = 0, locked_at = NULL, locked_by = NULL, last_error = NULL`,
        [...jobColumns(jobs), at],
      )
    },

    async scheduleIfAbsent(jobs, at) {
      if (jobs.length === 0) return
      await q.query(
        `INSERT INTO jobs (kind, key, payload, run_at, created_at)
         SELECT x.kind, x.key, x.payload::jsonb, x.run_at, $5
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(kind, key, payload, run_at)
         ON CONFLICT (key) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, state = 'queued',
           attempts = 0, locked_at = NULL, locked_by = NULL, last_error = NULL
           WHERE jobs.state = 'dead'`,
        [...jobColumns(jobs), at],
      )
    },

    async cancel(keys) {
      if (keys.length === 0) return
      await q.query(`DELETE FROM jobs WHERE key = ANY($1::text[]) AND state = 'queued'`, [[...keys]])
    },

    async claim({ limit, worker, now, kinds }) {
      const rows = await q.query<JobRow>(
        `UPDATE jobs SET state = 'active', locked_at = $3, locked_by = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM jobs
                        WHERE state = 'queued' AND run_at <= $3 AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
                        ORDER BY run_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING ${JOB_COLUMNS}`,
        [limit, worker, now, kinds ? [...kinds] : null],
      )
      return rows.map(toJob)
    },

    async complete(ids, worker) {
      if (ids.length === 0) return
      // A job rescheduled while it ran is 'queued' again, no longer ours: it stays.
      await q.query(`DELETE FROM jobs WHERE id = ANY($1::bigint[]) AND state = 'active' AND locked_by = $2`, [
        [...ids],
        worker,
      ])
    },

    async fail(id, worker, error, retryAt) {
      await q.query(
        `UPDATE jobs SET state = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'queued' END,
                run_at = COALESCE($4::timestamptz, run_at), locked_at = NULL, locked_by = NULL, last_error = $3
          WHERE id = $1 AND state = 'active' AND locked_by = $2`,
        [id, worker, error.slice(0, 2000), retryAt],
      )
    },

    async recoverStale(lockedBefore) {
      // A job that was running when its worker died goes back to the queue, unless it has used up its
      // attempts: a job that kills its worker every time must not kill every worker in turn.
      const rows = await q.query(
        `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                locked_at = NULL, locked_by = NULL, last_error = 'its worker stopped before finishing'
          WHERE state = 'active' AND locked_at < $1 RETURNING 1`,
        [lockedBefore],
      )
      return rows.length
    },

    async counts() {
      const rows = await q.query<{ state: 'queued' | 'active' | 'dead'; n: number }>(
        'SELECT state, count(*)::int AS n FROM jobs GROUP BY state',
      )
      const out = { queued: 0, active: 0, dead: 0 }
      for (const r of rows) out[r.state] = r.n
      return out
    },

    async dead(limit) {
      const rows = await q.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'dead' ORDER BY id LIMIT $1`,
        [limit],
      )
      return rows.map(toJob)
    },
  }
}
