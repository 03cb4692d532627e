/**
 * @module SQL for the outbox: notifications written with the change that caused them.
 */
import type { Queryable } from '../db.js'
import type { OutboxStore, StoredOutboxEntry } from '../store.js'
import { iso } from './timestamps.js'

interface OutboxRow {
  id: number
  topic: string
  dedup_key: string
  ticket_id: string | null
  payload: Record<string, unknown>
  state: StoredOutboxEntry['state']
  attempts: number
  created_at: Date
  [key: string]: unknown
}

export function outboxSql(q: Queryable): OutboxStore {
  return {
    async add(entries, at) {
      if (entries.length === 0) return
      await q.query(
        `INSERT INTO outbox (topic, dedup_key, ticket_id, payload, available_at, created_at)
         SELECT e.topic, e.dedup_key, e.ticket_id::uuid, e.payload::jsonb, $5, $5
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e(topic, dedup_key, ticket_id, payload)
         ON CONFLICT (dedup_key) DO NOTHING`,
        [
          entries.map((e) => e.topic),
          entries.map((e) => e.dedupKey),
          entries.map((e) => e.ticketId),
          entries.map((e) => JSON.stringify(e.payload)),
          at,
        ],
      )
    },

    async listForTicket(ticketId) {
      const rows = await q.query<OutboxRow>(
        `SELECT id::int AS id, topic, dedup_key, ticket_id::text, payload, state, attempts, created_at
           FROM outbox WHERE ticket_id = $1 ORDER BY id`,
        [ticketId],
      )
      return rows.map((r) => ({
        id: r.id,
        topic: r.topic,
        dedupKey: r.dedup_key,
        ticketId: r.ticket_id,
        payload: r.payload,
        state: r.state,
        attempts: r.attempts,
        createdAt: iso(r.created_at),
      }))
    },
  }
}
