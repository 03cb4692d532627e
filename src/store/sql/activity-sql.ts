/**
 * @module SQL for what feeds an account's assessment: usage and billing observations, billing events,
 * its tickets reduced to facts, and its health history.
 */
import type {
  AccountActivity,
  BillingEvent,
  MetricsSnapshot,
  TicketFact,
} from '../../core/accounts/activity.js'
import type { Severity } from '../../core/tickets/severity.js'
import type { TicketStatus } from '../../core/tickets/ticket.js'
import type { Queryable } from '../db.js'
import type { AccountActivityStore } from '../store.js'
import { iso, isoOrNull } from './timestamps.js'

interface MetricsRow {
  observed_on: string
  logins_30d: number | null
  logins_prev_30d: number | null
  active_seats: number | null
  licensed_seats: number | null
  features_used: number | null
  features_available: number | null
  failed_payments_90d: number | null
  downgrade_requested: boolean | null
  nps: number | null
  [key: string]: unknown
}

interface TicketFactRow {
  id: string
  external_id: string
  subject: string
  created_at: Date
  severity: Severity
  status: TicketStatus
  resolved_at: Date | null
  csat: number | null
  body_length: number
  sentiment: number | null
  kinds: string[]
  phrases: string[]
  breaches: number
  escalation_level: number
  [key: string]: unknown
}

// Signal kinds and phrases come out of the stored decision; breaches and escalation from the ledger.
const TICKET_FACTS = `
  SELECT t.id::text, t.external_id, t.subject, t.created_at, t.severity_effective AS severity, t.status,
         t.resolved_at, t.csat::int AS csat, char_length(t.body)::int AS body_length,
         (t.decision->'sentiment'->>'score')::float8 AS sentiment,
         COALESCE(ARRAY(SELECT s->>'kind' FROM jsonb_array_elements(t.decision->'signals') s), '{}') AS kinds,
         COALESCE(ARRAY(SELECT s->>'phrase' FROM jsonb_array_elements(t.decision->'signals') s
                         WHERE s->>'kind' IN ('churn.direct', 'churn.indirect', 'competitor')), '{}') AS phrases,
         (SELECT count(*)::int FROM clock_ledger l WHERE l.ticket_id = t.id AND l.action = 'breach') AS breaches,
         (SELECT COALESCE(max(l.level), 0)::int FROM clock_ledger l
           WHERE l.ticket_id = t.id AND l.action = 'escalate') AS escalation_level
    FROM tickets t`

function toTicketFact(r: TicketFactRow): TicketFact {
  return {
    id: r.id,
    externalId: r.external_id,
    subject: r.subject,
    createdAt: iso(r.created_at),
    severity: r.severity,
    status: r.status,
    resolvedAt: isoOrNull(r.resolved_at),
    csat: r.csat,
    bodyLength: r.body_length,
    sentiment: r.sentiment ?? 0,
    churnDirect: r.kinds.includes('churn.direct'),
    churnIndirect: r.kinds.includes('churn.indirect'),
    competitor: r.kinds.includes('competitor'),
    signalPhrases: r.phrases,
    breaches: r.breaches,
    escalationLevel: r.escalation_level,
  }
}

function toMetrics(r: MetricsRow): MetricsSnapshot {
  return {
    observedOn: r.observed_on,
    logins30d: r.logins_30d,
    loginsPrev30d: r.logins_prev_30d,
    activeSeats: r.active_seats,
    licensedSeats: r.licensed_seats,
    featuresUsed: r.features_used,
    featuresAvailable: r.features_available,
    failedPayments90d: r.failed_payments_90d,
    downgradeRequested: r.downgrade_requested,
    nps: r.nps,
  }
}

const METRIC_COLUMNS = `to_char(observed_on, 'YYYY-MM-DD') AS observed_on, logins_30d, logins_prev_30d, active_seats,
  licensed_seats, features_used, features_available, failed_payments_90d, downgrade_requested, nps::int AS nps`

interface BillingRow {
  event_id: string
  kind: BillingEvent['kind']
  occurred_at: Date
  amount: string | null
  note: string | null
  [key: string]: unknown
}

const toBilling = (b: BillingRow): BillingEvent => ({
  eventId: b.event_id,
  kind: b.kind,
  occurredAt: iso(b.occurred_at),
  amount: b.amount,
  note: b.note,
})

/** Rows of many accounts → lists per account, in the order the rows came. */
function byAccount<R extends { account_id: string }, T>(
  rows: readonly R[],
  map: (r: R) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.account_id)
    if (list) list.push(map(r))
    else out.set(r.account_id, [map(r)])
  }
  return out
}

/**
 * Runs queries one after another. Inside a transaction they share one client, which must not be given
 * a second query while the first runs (node-postgres deprecates it); the round trips are short.
 */
async function oneAtATime<T extends readonly unknown[]>(
  steps: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const out: unknown[] = []
  for (const step of steps) out.push(await step())
  return out as unknown as T
}

export function activitySql(q: Queryable): AccountActivityStore {
  async function tickets(accountId: string, limit: number, since: Date | null): Promise<TicketFact[]> {
    const rows = await q.query<TicketFactRow>(
      `${TICKET_FACTS} WHERE t.account_id = $1 AND ($3::timestamptz IS NULL OR t.created_at >= $3)
        ORDER BY t.created_at DESC, t.id LIMIT $2`,
      [accountId, limit, since],
    )
    return rows.map(toTicketFact)
  }

  return {
    async addMetricsMany(rows) {
      if (rows.length === 0) return
      const col = <K extends keyof MetricsSnapshot>(k: K) => rows.map((r) => r.snapshot[k])
      await q.query(
        `INSERT INTO account_metrics (account_id, observed_on, logins_30d, logins_prev_30d, active_seats, licensed_seats,
                                      features_used, features_available, failed_payments_90d, downgrade_requested, nps)
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                              $9::int[], $10::bool[], $11::int[])
         ON CONFLICT (account_id, observed_on) DO UPDATE SET
           logins_30d = EXCLUDED.logins_30d, logins_prev_30d = EXCLUDED.logins_prev_30d,
           active_seats = EXCLUDED.active_seats, licensed_seats = EXCLUDED.licensed_seats,
           features_used = EXCLUDED.features_used, features_available = EXCLUDED.features_available,
           failed_payments_90d = EXCLUDED.failed_payments_90d, downgrade_requested = EXCLUDED.downgrade_requested,
           nps = EXCLUDED.nps`,
        [
          rows.map((r) => r.accountId),
          col('observedOn'),
          col('logins30d'),
          col('loginsPrev30d'),
          col('activeSeats'),
          col('licensedSeats'),
          col('featuresUsed'),
          col('featuresAvailable'),
          col('failedPayments90d'),
          col('downgradeRequested'),
          col('nps'),
        ],
      )
    },

    async addMetrics(accountId, snapshots) {
      await this.addMetricsMany(snapshots.map((snapshot) => ({ accountId, snapshot })))
    },

    async addBillingEvents(accountId, events) {
      if (events.length === 0) return 0
      const rows = await q.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO account_billing_events (account_id, event_id, kind, occurred_at, amount, note)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[])
           ON CONFLICT DO NOTHING RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [
          accountId,
          events.map((e) => e.eventId),
          events.map((e) => e.kind),
          events.map((e) => e.occurredAt),
          events.map((e) => e.amount),
          events.map((e) => e.note),
        ],
      )
      return rows[0]?.n ?? 0
    },

    async load(accountId, since) {
      const [metrics, billing, facts, history] = await oneAtATime([
        () =>
          q.query<MetricsRow>(
            `SELECT ${METRIC_COLUMNS} FROM account_metrics WHERE account_id = $1 ORDER BY observed_on DESC LIMIT 12`,
            [accountId],
          ),
        () =>
          q.query<BillingRow>(
            `SELECT event_id, kind, occurred_at, amount::text AS amount, note FROM account_billing_events
            WHERE account_id = $1 AND occurred_at >= $2 ORDER BY occurred_at DESC, event_id`,
            [accountId, since],
          ),
        () => tickets(accountId, 500, since),
        () =>
          q.query<{ computed_at: Date; score: number }>(
            `SELECT computed_at, score::int AS score FROM account_health_history
            WHERE account_id = $1 ORDER BY computed_at DESC LIMIT 60`,
            [accountId],
          ),
      ])
      return {
        metrics: metrics.map(toMetrics),
        billing: billing.map(toBilling),
        tickets: facts,
        healthHistory: history.map((h) => ({ at: iso(h.computed_at), score: h.score })),
      }
    },

    // The same four reads as `load`, each once for the whole batch: a LATERAL subquery keeps `load`'s
    // per-account LIMIT and order (the index on (account, time) answers each), and the outer ORDER BY
    // repeats that order on the raw columns, so grouping the rows by account gives `load`'s lists exactly.
    async loadMany(accountIds, since) {
      const ids = [...new Set(accountIds)]
      const out = new Map<string, AccountActivity>()
      if (ids.length === 0) return out
      const accounts = 'unnest($1::uuid[]) WITH ORDINALITY AS a(id, ord)'
      const [metrics, billing, facts, history] = await oneAtATime([
        () =>
          q.query<MetricsRow & { account_id: string }>(
            `SELECT a.id::text AS account_id, m.* FROM ${accounts}
             CROSS JOIN LATERAL (SELECT ${METRIC_COLUMNS}, observed_on AS observed_date FROM account_metrics
                                  WHERE account_id = a.id ORDER BY observed_on DESC LIMIT 12) m
            ORDER BY a.ord, m.observed_date DESC`,
            [ids],
          ),
        () =>
          q.query<BillingRow & { account_id: string }>(
            `SELECT account_id::text AS account_id, event_id, kind, occurred_at, amount::text AS amount, note
             FROM account_billing_events
            WHERE account_id = ANY($1::uuid[]) AND occurred_at >= $2
            ORDER BY account_id, occurred_at DESC, event_id`,
            [ids, since],
          ),
        () =>
          q.query<TicketFactRow & { account_id: string }>(
            `SELECT a.id::text AS account_id, f.* FROM ${accounts}
             CROSS JOIN LATERAL (${TICKET_FACTS} WHERE t.account_id = a.id AND t.created_at >= $2
                                  ORDER BY t.created_at DESC, t.id LIMIT 500) f
            ORDER BY a.ord, f.created_at DESC, f.id::uuid`,
            [ids, since],
          ),
        () =>
          q.query<{ account_id: string; computed_at: Date; score: number }>(
            `SELECT a.id::text AS account_id, h.* FROM ${accounts}
             CROSS JOIN LATERAL (SELECT computed_at, score::int AS score FROM account_health_history
                                  WHERE account_id = a.id ORDER BY computed_at DESC LIMIT 60) h
            ORDER BY a.ord, h.computed_at DESC`,
            [ids],
          ),
      ])
      const metricsOf = byAccount(metrics, toMetrics)
      const billingOf = byAccount(billing, toBilling)
      const ticketsOf = byAccount(facts, toTicketFact)
      const historyOf = byAccount(history, (h) => ({ at: iso(h.computed_at), score: h.score }))
      for (const id of ids) {
        // Rows name the account as PostgreSQL prints a uuid: lower case.
        const key = id.toLowerCase()
        out.set(id, {
          metrics: metricsOf.get(key) ?? [],
          billing: billingOf.get(key) ?? [],
          tickets: ticketsOf.get(key) ?? [],
          healthHistory: historyOf.get(key) ?? [],
        })
      }
      return out
    },

    tickets: (accountId, limit) => tickets(accountId, limit, null),

    async healthHistory(accountId, limit) {
      const rows = await q.query<{
        computed_at: Date
        score: number
        risk_score: number
        risk_bucket: string | null
      }>(
        `SELECT computed_at, score::int AS score, risk_score::int AS risk_score, risk_bucket
           FROM account_health_history WHERE account_id = $1 ORDER BY computed_at DESC LIMIT $2`,
        [accountId, limit],
      )
      return rows.map((r) => ({
        at: iso(r.computed_at),
        score: r.score,
        riskScore: r.risk_score,
        riskBucket: r.risk_bucket,
      }))
    },

    async openEscalations(accountId) {
      const rows = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tickets t
          WHERE t.account_id = $1 AND t.status NOT IN ('solved', 'closed')
            AND EXISTS (SELECT 1 FROM clock_ledger l WHERE l.ticket_id = t.id AND l.action IN ('breach', 'escalate'))`,
        [accountId],
      )
      return rows[0]?.n ?? 0
    },
  }
}
