/**
 * @module What a helpdesk webhook delivery means to Patron: lifecycle events for one ticket, nothing
 * Patron needs, or a list of what is wrong with it. Shared by the Zendesk and Freshdesk mappers.
 *
 * Mapping is pure: it neither reads the clock nor writes. The HTTP route verifies the delivery first
 * (`verifyZendeskSignature`, `verifyFreshdeskAuth`), then maps it, then applies the events by their
 * `eventId`, so a redelivered webhook is applied once.
 */
import { z } from 'zod'
import type { TicketStatus } from '../../core/tickets/ticket.js'
import type { TicketEvent } from '../../core/tickets/ticket-event.js'

export type HelpdeskSource = 'zendesk' | 'freshdesk'

export interface HelpdeskIssue {
  readonly field: string
  readonly reason: string
}

export type HelpdeskMapping =
  | {
      readonly kind: 'events'
      readonly ticket: { readonly source: HelpdeskSource; readonly externalId: string }
      readonly events: readonly TicketEvent[]
    }
  /** A well-formed delivery Patron has no use for (a tag change, a priority change). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** Malformed: names each bad field (`detail.id: is required`). */
  | { readonly kind: 'invalid'; readonly issues: readonly HelpdeskIssue[] }

/**
 * A vendor's point in time → ISO-8601 UTC. Zendesk writes nanoseconds (`…48.105316520Z`); an explicit
 * zone is required because a local time in an unknown zone would shift every SLA clock it touches.
 */
export const vendorInstant = z.iso
  .datetime({
    offset: true,
    error: 'must be an ISO-8601 date-time with a zone, such as 2025-01-08T14:25:30Z',
  })
  .transform((s) => new Date(s).toISOString())

/**
 * Vendor ids arrive as strings (Zendesk's event webhooks document them so) or as JSON numbers. A number
 * beyond 2^53 has already lost digits in JSON.parse, so it is refused rather than stored wrong.
 */
export const vendorId = z.union(
  [
    z.string().trim().min(1, 'must not be empty'),
    z.number().refine(Number.isSafeInteger, {
      error: (issue) =>
        Number.isInteger(issue.input)
          ? 'is too large to survive JSON as a number; send it as a string'
          : 'must be a whole number',
    }),
  ],
  { error: (issue) => requiredOr(issue, 'must be an id (string or number)') },
)

/** A union reports a missing value as "no branch matched"; say "is required" as everywhere else. */
export function requiredOr(issue: { readonly input?: unknown }, reason: string): string {
  return issue.input === undefined ? 'is required' : reason
}

export function invalid(field: string, reason: string): HelpdeskMapping {
  return { kind: 'invalid', issues: [{ field, reason }] }
}

export function ticketEvents(source: HelpdeskSource, externalId: string | number, event: TicketEvent) {
  return {
    kind: 'events',
    ticket: { source, externalId: String(externalId) },
    events: [event],
  } as const satisfies HelpdeskMapping
}

/** Reaching `solved` is the resolution (it stops the resolution clock); every other status is a change. */
export function statusEvent(eventId: string, at: string, status: TicketStatus): TicketEvent {
  return { eventId, type: status === 'solved' ? 'resolution' : 'status_change', at, status }
}
