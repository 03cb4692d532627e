/**
 * @module SQL for the managers' SLA board: attainment from the clock ledger and clocks, the live clocks
 * breached or warned now, tickets per escalation level, and queue depth by the hour.
 *
 * Only the current cycle of a clock is kept in `clocks`; earlier cycles (next response, periodic update)
 * live on in `clock_ledger`, one `start`/`restart` line each. So a cycle is found by its start line, and
 * its outcome read from its `breach` and `fulfil` lines, with the `clocks` row for the cycle still live.
 */
import type { ClockStatus } from '../../core/sla/clock.js'
import type { SlaMetric } from '../../core/sla/metric.js'
import type { SlaClockAtRisk } from '../../core/sla/sla-board.js'
import type { Queryable } from '../db.js'
import type { SlaReportStore } from '../store.js'
import { iso, isoOrNull } from './timestamps.js'

/**
 * One row per clock cycle started in [$1, $2]. A breach stands unless a `fulfil` line recorded after it
 * happened before it (an answer that reached Patron late withdraws the breach, as apply-event does); a
 * clock still running past its due time at $2 is breached whether or not a timer has recorded it.
 */
const ATTAINMENT = `
  WITH cycles AS (
    SELECT l.ticket_id, l.metric, l.cycle
      FROM clock_ledger l
     WHERE l.action IN ('start', 'restart') AND l.metric IS NOT NULL AND l.at >= $1 AND l.at <= $2
     GROUP BY l.ticket_id, l.metric, l.cycle
  ), outcomes AS (
    SELECT t.tier, cy.metric,
           COALESCE(c.status IN ('running', 'paused') AND (c.state->>'cycle')::int = cy.cycle, false) AS live,
           EXISTS (
             SELECT 1 FROM clock_ledger b
              WHERE b.ticket_id = cy.ticket_id AND b.metric = cy.metric AND b.cycle = cy.cycle
                AND b.action = 'breach'
                AND NOT EXISTS (
                  SELECT 1 FROM clock_ledger f
                   WHERE f.ticket_id = b.ticket_id AND f.metric = b.metric AND f.cycle = b.cycle
                     AND f.action = 'fulfil' AND f.id > b.id AND f.at < b.at))
           OR COALESCE(c.status = 'running' AND (c.state->>'cycle')::int = cy.cycle AND c.due_at <= $2, false)
             AS breached,
           EXISTS (
             SELECT 1 FROM clock_ledger f
              WHERE f.ticket_id = cy.ticket_id AND f.metric = cy.metric AND f.cycle = cy.cycle
                AND f.action = 'fulfil') AS fulfilled
      FROM cycles cy
      JOIN tickets t ON t.id = cy.ticket_id
      LEFT JOIN clocks c ON c.ticket_id = cy.ticket_id AND c.metric = cy.metric
  )
  SELECT tier, metric,
         count(*) FILTER (WHERE NOT breached AND NOT live AND fulfilled)::int AS met,
         count(*) FILTER (WHERE breached)::int AS breached,
         count(*) FILTER (WHERE NOT breached AND live)::int AS running,
         count(*) FILTER (WHERE NOT breached AND NOT live AND NOT fulfilled)::int AS stopped
    FROM outcomes
   GROUP BY tier, metric
   ORDER BY tier, metric`

/**
 * Live clocks of unresolved tickets, classified at $1: breached (recorded, or running past due) or in
 * the warning window (running, not yet due, and warned or past its warning instant), the first $2 of
 * each with the count of all. A breached clock's deadline is the one it missed (a clock resumed after a
 * breach is due again at once, which says nothing).
 */
const AT_RISK = `
  WITH live AS (
    SELECT t.id::text AS ticket_id, t.external_id, t.subject, t.tier, c.metric, c.status,
           COALESCE((c.state->>'breachedAt')::timestamptz, c.due_at) AS due_at,
           (c.state->>'warnAt')::timestamptz AS warn_at,
           (c.state->>'breachedAt')::timestamptz AS breached_at,
           (c.state->>'escalationLevel')::int AS escalation_level,
           c.state->>'pauseReason' AS pause_reason,
           CASE
             WHEN c.state->>'breachedAt' IS NOT NULL OR (c.status = 'running' AND c.due_at <= $1) THEN 'breached'
             WHEN c.status = 'running' AND c.due_at > $1
                  AND (c.state->>'warnedAt' IS NOT NULL OR (c.state->>'warnAt')::timestamptz <= $1) THEN 'warning'
           END AS kind
      FROM clocks c
      JOIN tickets t ON t.id = c.ticket_id
     WHERE c.status IN ('running', 'paused') AND t.status NOT IN ('solved', 'closed')
  ), ranked AS (
    SELECT live.*,
           count(*) OVER (PARTITION BY kind)::int AS total,
           row_number() OVER (PARTITION BY kind ORDER BY due_at, ticket_id, metric) AS n
      FROM live
     WHERE kind IS NOT NULL
  )
  SELECT * FROM ranked WHERE n <= $2 ORDER BY kind, n`

const ESCALATION_LEVELS = `
  SELECT level, count(*)::int AS tickets
    FROM (SELECT max((c.state->>'escalationLevel')::int) AS level
            FROM tickets t
            JOIN clocks c ON c.ticket_id = t.id AND c.status IN ('running', 'paused')
           WHERE t.status NOT IN ('solved', 'closed')
           GROUP BY t.id) per_ticket
   WHERE level > 0
   GROUP BY level
   ORDER BY level`

/**
 * Open tickets at each whole hour: those open at the first hour, then +1 at each creation and −1 at
 * each resolution, each counted at the first hour at or after it (date_bin works on absolute time, so
 * the session's time zone does not move the hours). A ticket resolved no later than it was created was
 * never open.
 */
const QUEUE_DEPTH = `
  WITH span AS (
    SELECT date_bin('1 hour', $1::timestamptz, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS last_at
  ), points AS (
    SELECT generate_series(last_at - ($2::int - 1) * interval '1 hour', last_at, interval '1 hour') AS at
      FROM span
  ), bounds AS (
    SELECT min(at) AS first_at, max(at) AS last_at FROM points
  ), spans AS (
    SELECT t.created_at, t.resolved_at
      FROM tickets t, bounds b
     WHERE t.created_at <= b.last_at
       AND (t.resolved_at IS NULL OR (t.resolved_at > b.first_at AND t.resolved_at > t.created_at))
  ), changes AS (
    SELECT s.created_at AS at, 1 AS d FROM spans s, bounds b WHERE s.created_at > b.first_at
    UNION ALL
    SELECT s.resolved_at, -1 FROM spans s, bounds b WHERE s.resolved_at <= b.last_at
  ), bucketed AS (
    SELECT CASE WHEN bin = at THEN bin ELSE bin + interval '1 hour' END AS at, d
      FROM (SELECT date_bin('1 hour', at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bin, at, d FROM changes) c
  ), per_point AS (
    SELECT p.at, COALESCE(sum(c.d), 0) AS d FROM points p LEFT JOIN bucketed c ON c.at = p.at GROUP BY p.at
  ), base AS (
    SELECT count(*) AS n FROM spans s, bounds b WHERE s.created_at <= b.first_at
  )
  SELECT p.at, (base.n + sum(p.d) OVER (ORDER BY p.at))::int AS open
    FROM per_point p, base
   ORDER BY p.at`

interface AtRiskRow {
  ticket_id: string
  external_id: string
  subject: string
  tier: string
  metric: SlaMetric
  status: ClockStatus
  due_at: Date
  warn_at: Date | null
  breached_at: Date | null
  escalation_level: number | null
  pause_reason: string | null
  kind: 'breached' | 'warning'
  total: number
  [key: string]: unknown
}

const toClock = (r: AtRiskRow): SlaClockAtRisk => ({
  ticketId: r.ticket_id,
  externalId: r.external_id,
  subject: r.subject,
  tier: r.tier,
  metric: r.metric,
  status: r.status,
  dueAt: iso(r.due_at),
  warnAt: isoOrNull(r.warn_at),
  breachedAt: isoOrNull(r.breached_at),
  escalationLevel: r.escalation_level ?? 0,
  pauseReason: r.pause_reason,
})

export function slaReportSql(q: Queryable): SlaReportStore {
  return {
    async attainment({ from, now }) {
      const rows = await q.query<{
        tier: string
        metric: SlaMetric
        met: number
        breached: number
        running: number
        stopped: number
      }>(ATTAINMENT, [from, now])
      return rows.map((r) => ({
        tier: r.tier,
        metric: r.metric,
        met: r.met,
        breached: r.breached,
        running: r.running,
        stopped: r.stopped,
      }))
    },

    async atRisk({ now, limit }) {
      const rows = await q.query<AtRiskRow>(AT_RISK, [now, limit])
      const list = (kind: AtRiskRow['kind']) => {
        const of = rows.filter((r) => r.kind === kind)
        return { count: of[0]?.total ?? 0, items: of.map(toClock) }
      }
      return { breached: list('breached'), warning: list('warning') }
    },

    async escalationLevels() {
      return q.query<{ level: number; tickets: number }>(ESCALATION_LEVELS)
    },

    async queueDepth({ now, hours }) {
      const rows = await q.query<{ at: Date; open: number }>(QUEUE_DEPTH, [now, hours])
      return rows.map((r) => ({ at: iso(r.at), open: r.open }))
    },
  }
}
