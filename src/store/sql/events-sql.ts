/**
 * @module SQL for ticket events, kept once per source event id.
 */
import type { TicketEvent } from '../../core/tickets/ticket-event.js'
import type { Queryable } from '../db.js'
import type { EventsStore } from '../store.js'
import { iso } from './timestamps.js'

export function eventsSql(q: Queryable): EventsStore {
  return {
    async record(ticketId, event, receivedAt) {
      const rows = await q.query(
        `INSERT INTO ticket_events (ticket_id, event_id, type, at, event, received_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (ticket_id, event_id) DO NOTHING RETURNING 1`,
        [ticketId, event.eventId, event.type, event.at, JSON.stringify(event), receivedAt],
      )
      return rows.length > 0
    },
    async get(ticketId, eventId) {
      const rows = await q.query<{ event: TicketEvent; received_at: Date }>(
        'SELECT event, received_at FROM ticket_events WHERE ticket_id = $1 AND event_id = $2',
        [ticketId, eventId],
      )
      const r = rows[0]
      return r ? { event: r.event, receivedAt: iso(r.received_at) } : null
    },
  }
}
