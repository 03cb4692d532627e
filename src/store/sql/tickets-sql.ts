/**
 * @module SQL for tickets: the triage decision, the clocks, ledger, notifications, timers and tasks a
 * ticket starts with, and later changes to its status, assignee and priority.
 *
 * The decision is kept whole as jsonb (it is what the agent reads); the fields the queue sorts and
 * filters on are also columns, so the queue is an index scan.
 */

import { InvariantError } from '../../core/errors.js'
import type { Severity } from '../../core/tickets/severity.js'
import type { Channel, TicketStatus, TriageDecision } from '../../core/tickets/ticket.js'
import type { Assignee } from '../../core/tickets/ticket-event.js'
import type { Queryable } from '../db.js'
import type { NewTicket, PriorityAdjustment, StoredTicket, TicketsStore } from '../store.js'
import { clockColumns, ledgerColumns } from './clocks-sql.js'
import { jobColumns } from './jobs-sql.js'
import { outboxColumns } from './outbox-sql.js'
import { iso, isoOrNull } from './timestamps.js'

const TICKET_COLUMNS = `id::text, source, external_id, account_id::text, channel, subject, body, requester_email,
  requester_name, severity_filed, status, created_at, received_at, decision, last_event_at, assignee,
  priority_adjustments, priority_score`
const SELECT_TICKET = `SELECT ${TICKET_COLUMNS} FROM tickets`

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
  last_event_at: Date | null
  assignee: Assignee | null
  priority_adjustments: PriorityAdjustment[]
  priority_score: number
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
    lastEventAt: isoOrNull(r.last_event_at),
    assignee: r.assignee,
    priorityAdjustments: r.priority_adjustments,
    priorityScore: r.priority_score,
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
  async function byId(id: string, lock: boolean) {
    // A malformed id cannot name a ticket; asking PostgreSQL would raise a cast error instead.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null
    const rows = await q.query<TicketRow>(`${SELECT_TICKET} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
    return rows[0] ? toTicket(rows[0]) : null
  }

  return {
    async insert(t: NewTicket) {
      const d = t.decision
      const params: unknown[] = [
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
      ]
      /** The placeholders for `columns`, cast to `types`, as arguments of `unnest`. */
      const unnest = (columns: readonly unknown[][], types: readonly string[]) =>
        columns
          .map((values, i) => {
            params.push(values)
            return `$${params.length}::${types[i]}[]`
          })
          .join(', ')
      // Only the rows this ticket has: an empty INSERT branch still costs planning, which PGlite pays
      // on every statement (one WASM thread, no plan cache across calls).
      const writes: string[] = []
      if (t.clocks?.length)
        writes.push(`c AS (
           INSERT INTO clocks (ticket_id, metric, status, due_at, state)
           SELECT t.id, x.metric, x.status, x.due_at, x.state::jsonb
             FROM t CROSS JOIN unnest(${unnest(clockColumns(t.clocks), ['text', 'text', 'timestamptz', 'text'])})
                  AS x(metric, status, due_at, state))`)
      if (t.ledger?.length)
        writes.push(`l AS (
           INSERT INTO clock_ledger (ticket_id, at, metric, cycle, action, level, text)
           SELECT t.id, x.at, x.metric, x.cycle, x.action, x.level, x.text
             FROM t CROSS JOIN unnest(${unnest(ledgerColumns(t.ledger), ['timestamptz', 'text', 'int', 'text', 'int', 'text'])})
                  WITH ORDINALITY AS x(at, metric, cycle, action, level, text, n)
            ORDER BY x.n)`)
      if (t.outbox?.length)
        writes.push(`o AS (
           INSERT INTO outbox (dedup_key, message_key, topic, channel, target, ticket_id, payload, available_at, deliver_by, created_at)
           SELECT x.dedup_key, x.message_key, x.topic, x.channel, x.target, t.id, x.payload::jsonb, t.received_at, x.deliver_by, t.received_at
             FROM t CROSS JOIN unnest(${unnest(outboxColumns(t.outbox), ['text', 'text', 'text', 'text', 'text', 'text', 'timestamptz'])})
                  AS x(dedup_key, message_key, topic, channel, target, payload, deliver_by)
           ON CONFLICT (dedup_key) DO NOTHING)`)
      if (t.jobs?.length)
        writes.push(`j AS (
           INSERT INTO jobs (kind, key, payload, run_at, created_at)
           SELECT x.kind, x.key, x.payload::jsonb, x.run_at, t.received_at
             FROM t CROSS JOIN unnest(${unnest(jobColumns(t.jobs), ['text', 'text', 'text', 'timestamptz'])})
                  AS x(kind, key, payload, run_at)
           ON CONFLICT (key) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, state = 'queued',
             attempts = 0, locked_at = NULL, locked_by = NULL, last_error = NULL)`)
      const tasks = t.tasks ?? []
      if (tasks.length > 0)
        writes.push(`k AS (
           INSERT INTO tasks (id, ticket_id, kind, title, owner, due_at, reason, created_at)
           SELECT x.id, t.id, x.kind, x.title, x.owner::jsonb, x.due_at, x.reason, t.received_at
             FROM t CROSS JOIN unnest(${unnest(
               [
                 tasks.map((k) => k.id),
                 tasks.map((k) => k.kind),
                 tasks.map((k) => k.title),
                 tasks.map((k) => (k.owner ? JSON.stringify(k.owner) : null)),
                 tasks.map((k) => k.dueAt),
                 tasks.map((k) => k.reason),
               ],
               ['uuid', 'text', 'text', 'text', 'timestamptz', 'text'],
             )})
                  AS x(id, kind, title, owner, due_at, reason))`)
      // One statement writes the ticket and, only if its row was created, everything it starts with:
      // atomic without BEGIN/COMMIT, and fewer round trips on the path every ticket takes.
      const rows = await q.query<TicketRow>(
        `WITH t AS (
           INSERT INTO tickets (id, source, external_id, account_id, channel, subject, body, requester_email, requester_name,
                                severity_filed, severity_effective, priority_score, priority_level, tier, queue, agent_tier,
                                language, status, first_response_due_at, resolution_due_at, created_at, received_at,
                                policy_version, decision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'open', $18, $19, $20, $21, $22, $23::jsonb)
           ON CONFLICT (source, external_id) DO NOTHING
           RETURNING *
         )${writes.map((w) => `, ${w}`).join('')}
         SELECT ${TICKET_COLUMNS} FROM t`,
        params,
      )
      if (rows[0]) return { ticket: toTicket(rows[0]), created: true }
      // Lost a race with the same (source, externalId): the first writer's ticket is the ticket.
      const existing = await getByExternalId(t.input.source, t.input.externalId)
      if (!existing)
        throw new InvariantError('ticket conflicted on (source, external_id) but cannot be read back')
      return { ticket: existing, created: false }
    },

    get: (id) => byId(id, false),
    lock: (id) => byId(id, true),
    getByExternalId,

    async update(id, changes) {
      const sets: string[] = []
      const params: unknown[] = [id]
      const set = (sql: string, value: unknown) => {
        params.push(value)
        sets.push(sql.replaceAll('$?', `$${params.length}`))
      }
      if (changes.status !== undefined) set('status = $?', changes.status)
      if (changes.lastEventAt !== undefined) set('last_event_at = $?', changes.lastEventAt)
      if (changes.csat !== undefined) set('csat = $?', changes.csat)
      if (changes.resolvedAt !== undefined) set('resolved_at = $?', changes.resolvedAt)
      if (changes.assignee !== undefined)
        set('assignee = $?::jsonb', changes.assignee === null ? null : JSON.stringify(changes.assignee))
      const adjustments = changes.addAdjustments ?? []
      if (adjustments.length > 0) {
        set('priority_adjustments = priority_adjustments || $?::jsonb', JSON.stringify(adjustments))
        set(
          'priority_score = priority_score + $?::int',
          adjustments.reduce((s, a) => s + a.points, 0),
        )
      }
      if (sets.length === 0) return
      await q.query(`UPDATE tickets SET ${sets.join(', ')} WHERE id = $1`, params)
    },

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
