/**
 * @module SQL for tickets and their triage decisions.
 *
 * The decision is kept whole as jsonb (it is what the agent reads); the fields the queue sorts and
 * filters on are also columns, so the queue is an index scan.
 */

import { InvariantError } from '../../core/errors.js'
import type { Severity } from '../../core/tickets/severity.js'
import type { Channel, TicketStatus, TriageDecision } from '../../core/tickets/ticket.js'
import type { Queryable } from '../db.js'
import type { NewTicket, OutboxEntry, StoredTicket, TicketsStore } from '../store.js'
import { iso } from './timestamps.js'

const SELECT_TICKET = `
  SELECT id::text, source, external_id, account_id::text, channel, subject, body, requester_email, requester_name,
         severity_filed, status, created_at, received_at, decision
    FROM tickets`

interface TicketRow {
  id: string
  source: string
  external_id: string
  account_id: string | null
  channel: Channel
  subject: string
  body: string
  requester_email: string
  requester_name: string | null
  severity_filed: Severity | null
  status: TicketStatus
  created_at: Date
  received_at: Date
  decision: TriageDecision
  [key: string]: unknown
}

function toTicket(r: TicketRow): StoredTicket {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    accountId: r.account_id,
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    requester: { email: r.requester_email, name: r.requester_name },
    severity: r.severity_filed,
    status: r.status,
    createdAt: iso(r.created_at),
    receivedAt: iso(r.received_at),
    decision: r.decision,
  }
}

export function ticketsSql(q: Queryable): TicketsStore {
  async function getByExternalId(source: string, externalId: string) {
    const rows = await q.query<TicketRow>(`${SELECT_TICKET} WHERE source = $1 AND external_id = $2`, [
      source,
      externalId,
    ])
    return rows[0] ? toTicket(rows[0]) : null
  }

  return {
    async insert(t: NewTicket, outbox: readonly OutboxEntry[] = []) {
      const d = t.decision
      // One statement writes the ticket and, only if the ticket row was created, its outbox rows: atomic
      // without BEGIN/COMMIT, and two round trips fewer on the path every ticket takes.
      const rows = await q.query<TicketRow>(
        `WITH t AS (
           INSERT INTO tickets (id, source, external_id, account_id, channel, subject, body, requester_email, requester_name,
                                severity_filed, severity_effective, priority_score, priority_level, tier, queue, agent_tier,
                                language, status, first_response_due_at, resolution_due_at, created_at, received_at,
                                policy_version, decision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'open', $18, $19, $20, $21, $22, $23::jsonb)
           ON CONFLICT (source, external_id) DO NOTHING
           RETURNING *
         ), o AS (
           INSERT INTO outbox (topic, dedup_key, ticket_id, payload, available_at, created_at)
           SELECT e.topic, e.dedup_key, t.id, e.payload::jsonb, t.received_at, t.received_at
             FROM t CROSS JOIN unnest($24::text[], $25::text[], $26::text[]) AS e(topic, dedup_key, payload)
           ON CONFLICT (dedup_key) DO NOTHING
         )
         SELECT id::text, source, external_id, account_id::text, channel, subject, body, requester_email, requester_name,
                severity_filed, status, created_at, received_at, decision
           FROM t`,
        [
          t.id,
          t.input.source,
          t.input.externalId,
          t.accountId,
          t.input.channel,
          t.input.subject,
          t.input.body,
          t.input.requester.email,
          t.input.requester.name,
          t.input.severity,
          d.severity.effective,
          d.priority.score,
          d.priority.level,
          d.tier.id,
          d.routing.queue,
          d.routing.agentTier,
          d.language,
          d.sla.firstResponseDueAt,
          d.sla.resolutionDueAt,
          t.input.createdAt,
          t.receivedAt,
          d.policyVersion,
          JSON.stringify(d),
          outbox.map((e) => e.topic),
          outbox.map((e) => e.dedupKey),
          outbox.map((e) => JSON.stringify(e.payload)),
        ],
      )
      if (rows[0]) return { ticket: toTicket(rows[0]), created: true }
      // Lost a race with the same (source, externalId): the first writer's ticket is the ticket.
      const existing = await getByExternalId(t.input.source, t.input.externalId)
      if (!existing)
        throw new InvariantError('ticket conflicted on (source, external_id) but cannot be read back')
      return { ticket: existing, created: false }
    },

    async get(id) {
      // A malformed id cannot name a ticket; asking PostgreSQL would raise a cast error instead.
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null
      const rows = await q.query<TicketRow>(`${SELECT_TICKET} WHERE id = $1`, [id])
      return rows[0] ? toTicket(rows[0]) : null
    },

    getByExternalId,

    async queue({ queue, limit, after }) {
      const params: unknown[] = [limit]
      const where = [`status = 'open'`]
      if (queue !== undefined) {
        params.push(queue)
        where.push(`queue = $${params.length}`)
      }
      if (after) {
        params.push(-after.score, after.firstResponseDueAt, after.createdAt, after.id)
        const n = params.length
        where.push(
          `(-priority_score, first_response_due_at, created_at, id) > ($${n - 3}::int, $${n - 2}::timestamptz, $${n - 1}::timestamptz, $${n}::uuid)`,
        )
      }
      const rows = await q.query<TicketRow>(
        `${SELECT_TICKET} WHERE ${where.join(' AND ')}
         ORDER BY -priority_score, first_response_due_at, created_at, id LIMIT $1`,
        params,
      )
      return rows.map(toTicket)
    },

    async count() {
      const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')
      return rows[0]?.n ?? 0
    },
  }
}
