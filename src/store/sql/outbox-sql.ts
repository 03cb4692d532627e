/**
 * @module SQL for the outbox: notifications written with the change that caused them, and delivered
 * from here, claimed with FOR UPDATE SKIP LOCKED like jobs.
 */
import type { Notification } from '../../core/notification.js'
import type { Queryable } from '../db.js'
import type { OutboxEntry, OutboxState, OutboxStore, StoredOutboxEntry } from '../store.js'
import { iso, isoOrNull } from './timestamps.js'

/** Unique per message, channel and recipient: the same message to two people is two deliveries. */
export function outboxDedupKey(e: OutboxEntry): string {
  return `${e.notification.dedupKey}|${e.channel}|${e.target}`
}

/** Entries as parallel arrays for `unnest`: dedup_key, message_key, topic, channel, target, payload, deliver_by. */
export function outboxColumns(
  entries: readonly OutboxEntry[],
): [string[], string[], string[], string[], string[], string[], (string | null)[]] {
  return [
    entries.map(outboxDedupKey),
    entries.map((e) => e.notification.dedupKey),
    entries.map((e) => e.notification.topic),
    entries.map((e) => e.channel),
    entries.map((e) => e.target),
    entries.map((e) => JSON.stringify(e.notification)),
    entries.map((e) => e.deliverBy ?? null),
  ]
}

interface OutboxRow {
  id: number
  channel: OutboxEntry['channel']
  target: string
  ticket_id: string | null
  payload: Notification
  state: OutboxState
  attempts: number
  available_at: Date
  deliver_by: Date | null
  created_at: Date
  delivered_at: Date | null
  last_error: string | null
  response: string | null
  [key: string]: unknown
}

const COLUMNS = `id::int AS id, channel, target, ticket_id::text, payload, state, attempts, available_at, deliver_by,
  created_at, delivered_at, last_error, response`

function toEntry(r: OutboxRow): StoredOutboxEntry {
  return {
    id: r.id,
    notification: r.payload,
    channel: r.channel,
    target: r.target,
    ticketId: r.ticket_id,
    deliverBy: isoOrNull(r.deliver_by),
    state: r.state,
    attempts: r.attempts,
    createdAt: iso(r.created_at),
    availableAt: iso(r.available_at),
    deliveredAt: isoOrNull(r.delivered_at),
    lastError: r.last_error,
    response: r.response,
  }
}

export function outboxSql(q: Queryable): OutboxStore {
  return {
    async add(entries, at) {
      if (entries.length === 0) return
      await q.query(
        `INSERT INTO outbox (dedup_key, message_key, topic, channel, target, ticket_id, payload, available_at, deliver_by, created_at)
         SELECT x.dedup_key, x.message_key, x.topic, x.channel, x.target, x.ticket_id::uuid, x.payload::jsonb, $9, x.deliver_by, $9
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
                AS x(dedup_key, message_key, topic, channel, target, payload, deliver_by, ticket_id)
         ON CONFLICT (dedup_key) DO NOTHING`,
        [...outboxColumns(entries), entries.map((e) => e.ticketId), at],
      )
    },

    async listForTicket(ticketId) {
      const rows = await q.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE ticket_id = $1 ORDER BY id`,
        [ticketId],
      )
      return rows.map(toEntry)
    },

    async list({ state, limit, afterId }) {
      const rows = await q.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE ($1::text IS NULL OR state = $1) AND id > $2 ORDER BY id LIMIT $3`,
        [state ?? null, afterId ?? 0, limit],
      )
      return rows.map(toEntry)
    },

    async get(id) {
      const rows = await q.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id])
      return rows[0] ? toEntry(rows[0]) : null
    },

    async claim({ limit, worker, now }) {
      const rows = await q.query<OutboxRow>(
        `UPDATE outbox SET state = 'sending', locked_at = $3, locked_by = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND available_at <= $3
                        ORDER BY deliver_by, available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}`,
        [limit, worker, now],
      )
      return rows.map(toEntry)
    },

    async markDelivered(id, worker, response, at) {
      await q.query(
        `UPDATE outbox SET state = 'delivered', delivered_at = $4, response = $3, last_error = NULL, locked_at = NULL, locked_by = NULL
          WHERE id = $1 AND state = 'sending' AND locked_by = $2`,
        [id, worker, response.slice(0, 500), at],
      )
    },

    async markFailed(id, worker, error, retryAt) {
      await q.query(
        `UPDATE outbox SET state = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
                available_at = COALESCE($4::timestamptz, available_at), last_error = $3, locked_at = NULL, locked_by = NULL
          WHERE id = $1 AND state = 'sending' AND locked_by = $2`,
        [id, worker, error.slice(0, 2000), retryAt],
      )
    },

    async recoverStale(lockedBefore) {
      // Delivered at most once more: the receiver may have taken it before the worker died, which is
      // why every message carries a dedup key.
      const rows = await q.query(
        `UPDATE outbox SET state = 'pending', locked_at = NULL, locked_by = NULL,
                last_error = 'its worker stopped before finishing'
          WHERE state = 'sending' AND locked_at < $1 RETURNING 1`,
        [lockedBefore],
      )
      return rows.length
    },

    async revive(id, at) {
      const rows = await q.query(
        `UPDATE outbox SET state = 'pending', available_at = $2, attempts = 0 WHERE id = $1 AND state = 'dead' RETURNING 1`,
        [id, at],
      )
      return rows.length > 0
    },

    async counts() {
      const rows = await q.query<{ state: OutboxState; n: number }>(
        'SELECT state, count(*)::int AS n FROM outbox GROUP BY state',
      )
      const out: Record<OutboxState, number> = { pending: 0, sending: 0, delivered: 0, dead: 0 }
      for (const r of rows) out[r.state] = r.n
      return out
    },
  }
}
