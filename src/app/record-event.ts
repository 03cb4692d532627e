/**
 * @module Record a ticket event and move the ticket's SLA clocks: one transaction with the ticket locked,
 * so two events for one ticket apply one after the other, never interleaved.
 *
 * Idempotent by event id: the same event again changes nothing and returns the ticket (`applied:
 * false`). Events apply in the order they happened: one older than the last applied is refused,
 * because applying it late would rewrite clock history the ledger has already recorded.
 */
import { isDeepStrictEqual } from 'node:util'
import { UserError } from '../core/errors.js'
import { applyEvent } from '../core/sla/apply-event.js'
import type { TicketEvent } from '../core/tickets/ticket-event.js'
import type { StoredTicket } from '../store/store.js'
import { assessJob } from './assess-account.js'
import type { AppDeps } from './deps.js'
import { MAX_CLOCK_SKEW_MS } from './ingest-ticket.js'
import { settleClocks } from './settle-clocks.js'
import { slaTimer, slaTimerKey } from './sla-timer.js'

export async function recordEvent(
  deps: AppDeps,
  ticketId: string,
  event: TicketEvent,
): Promise<{ readonly ticket: StoredTicket; readonly applied: boolean }> {
  const now = deps.now()
  const policy = deps.policy.current()
  if (Date.parse(event.at) > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new UserError('PATRON_E_VALIDATION', 'at is in the future', [
      { field: 'at', reason: `is more than 5 minutes after the server's clock (${now.toISOString()})` },
    ])
  }
  return deps.store.transaction(async (tx) => {
    const ticket = await tx.tickets.lock(ticketId)
    if (!ticket) throw new UserError('PATRON_E_NOT_FOUND', `No ticket ${ticketId}`)

    const seen = await tx.events.get(ticketId, event.eventId)
    if (seen) {
      if (isDeepStrictEqual(seen.event, event)) return { ticket, applied: false }
      throw new UserError(
        'PATRON_E_CONFLICT',
        `event ${event.eventId} was already recorded with different content`,
        [
          {
            field: 'eventId',
            reason: `was already used on this ticket for a ${seen.event.type} at ${seen.event.at}`,
          },
        ],
      )
    }
    const last = ticket.lastEventAt ?? ticket.createdAt
    if (Date.parse(event.at) < Date.parse(last)) {
      throw new UserError(
        'PATRON_E_CONFLICT',
        'the event is older than the last one applied to this ticket',
        [
          {
            field: 'at',
            reason: `is before ${last}, the ${ticket.lastEventAt ? 'last event' : 'ticket creation'} already applied`,
          },
        ],
      )
    }
    // A rating usually comes after the ticket is closed; it moves no clock.
    if (event.type === 'satisfaction') {
      await tx.events.record(ticketId, event, now)
      await tx.tickets.update(ticketId, { csat: event.rating as number, lastEventAt: event.at })
      if (ticket.accountId) await tx.jobs.schedule([assessJob(ticket.accountId, now.toISOString())], now)
      const rated = await tx.tickets.get(ticketId)
      if (!rated) throw new UserError('PATRON_E_NOT_FOUND', `No ticket ${ticketId}`)
      return { ticket: rated, applied: true }
    }
    if (ticket.status === 'closed') {
      throw new UserError('PATRON_E_CONFLICT', 'the ticket is closed', [
        { field: 'type', reason: 'a closed ticket takes no more events; a new message makes a new ticket' },
      ])
    }

    await tx.events.record(ticketId, event, now)
    // What was due before the event happened is recorded first (the timer may not have run yet).
    const settled = await settleClocks(
      tx,
      deps,
      ticket,
      await tx.clocks.forTicket(ticketId),
      Math.min(Date.parse(event.at), now.getTime()),
    )
    const applied = applyEvent({ status: ticket.status, clocks: settled }, event, policy.sla)
    await tx.clocks.save(ticketId, applied.clocks)
    await tx.clocks.appendLedger(ticketId, applied.ledger)
    const done = (s: string) => s === 'solved' || s === 'closed'
    await tx.tickets.update(ticketId, {
      status: applied.status,
      lastEventAt: event.at,
      ...(done(applied.status) && !done(ticket.status) ? { resolvedAt: event.at } : {}),
      ...(!done(applied.status) && done(ticket.status) ? { resolvedAt: null } : {}),
      ...(event.type === 'assignment' ? { assignee: event.assignee ?? null } : {}),
    })
    const timer = slaTimer(ticketId, applied.clocks, policy)
    if (timer) await tx.jobs.schedule([timer], now)
    else await tx.jobs.cancel([slaTimerKey(ticketId)])
    const updated = await tx.tickets.get(ticketId)
    if (!updated) throw new UserError('PATRON_E_NOT_FOUND', `No ticket ${ticketId}`)
    return { ticket: updated, applied: true }
  })
}
