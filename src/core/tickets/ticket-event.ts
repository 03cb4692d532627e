/**
 * @module What happens to a ticket after it arrives: replies, status changes, assignment, resolution.
 *
 * Events come from the events API or from a helpdesk's webhooks (mapped by integrations/helpdesk).
 * Each carries the source's own event id, so a redelivered webhook is recognised and applied once.
 */
import type { TicketStatus } from './ticket.js'

export const TICKET_EVENT_TYPES = [
  'agent_reply',
  'customer_reply',
  'status_change',
  'assignment',
  'resolution',
  'satisfaction',
] as const
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number]

export interface Assignee {
  readonly id: string
  readonly name: string | null
}

export interface TicketEvent {
  /** The source's id for this event; unique per ticket. */
  readonly eventId: string
  readonly type: TicketEventType
  /** When it happened at the source (ISO-8601 UTC). Events apply in this order. */
  readonly at: string
  /** status_change: the new status. */
  readonly status?: TicketStatus
  /** assignment: who now owns the ticket (null: unassigned). */
  readonly assignee?: Assignee | null
  /** agent_reply: false for an internal note, which answers nobody. @default true */
  readonly public?: boolean
  /** satisfaction: the customer's rating, 1 (very unhappy) to 5 (very happy). */
  readonly rating?: number
}
