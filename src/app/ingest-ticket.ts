/**
 * @module Ingest a ticket: recognise the customer, triage, and persist ticket + decision + alerts at once.
 *
 * Idempotent on the source's ticket id: the same (source, externalId) again returns the stored ticket
 * unchanged (`created: false`), whether the first copy committed long ago or a moment ago in a
 * concurrent request. The caller acknowledges only after the write commits.
 *
 * Two round trips to the database: the candidate accounts, then one atomic write. A repeat is not
 * looked up first: triage costs microseconds, and the write itself tells a repeat from a new ticket.
 */
import { UserError } from '../core/errors.js'
import type { Severity } from '../core/tickets/severity.js'
import type { Alert, Channel, TicketInput } from '../core/tickets/ticket.js'
import { emailDomain } from '../core/triage/resolve-account.js'
import { triage } from '../core/triage/triage.js'
import type { NewTicket, OutboxEntry, StoredTicket } from '../store/store.js'
import type { AppDeps } from './deps.js'

/** A ticket as submitted, after boundary validation; optional fields not yet defaulted. */
export interface TicketSubmission {
  readonly externalId: string
  readonly source?: string | undefined
  readonly channel: Channel
  readonly subject?: string | undefined
  readonly body: string
  readonly requester: { readonly email: string; readonly name?: string | undefined }
  readonly severity?: Severity | undefined
  readonly createdAt?: string | undefined
}

/** How far ahead of our clock a source's createdAt may be before we call it wrong. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

export function toTicketInput(sub: TicketSubmission, now: Date): TicketInput {
  const createdAt = sub.createdAt ? new Date(sub.createdAt) : now
  if (createdAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new UserError('PATRON_E_VALIDATION', 'createdAt is in the future', [
      {
        field: 'createdAt',
        reason: `is more than 5 minutes after the server's clock (${now.toISOString()}); SLA clocks cannot start in the future`,
      },
    ])
  }
  return {
    externalId: sub.externalId,
    source: sub.source ?? 'api',
    channel: sub.channel,
    subject: sub.subject ?? '',
    body: sub.body,
    requester: { email: sub.requester.email.toLowerCase(), name: sub.requester.name ?? null },
    severity: sub.severity ?? null,
    createdAt: createdAt.toISOString(),
  }
}

export function alertOutboxEntries(ticket: NewTicket): OutboxEntry[] {
  const d = ticket.decision
  return d.alerts
    .filter((a: Alert) => a.deliverable)
    .map((a) => ({
      topic: 'alert.ticket',
      dedupKey: `ticket:${ticket.id}:alert:${a.recipient.role}`,
      ticketId: ticket.id,
      payload: {
        ticketId: ticket.id,
        externalId: ticket.input.externalId,
        account: d.account,
        recipient: a.recipient,
        rule: a.rule,
        reasons: a.reasons,
        tier: d.tier.id,
        severity: d.severity.effective,
        priority: { score: d.priority.score, level: d.priority.level },
        signals: d.signals.map((s) => ({ kind: s.kind, phrase: s.phrase })),
        firstResponseDueAt: d.sla.firstResponseDueAt,
      },
    }))
}

export async function ingestTicket(
  deps: AppDeps,
  submission: TicketSubmission,
): Promise<{ readonly ticket: StoredTicket; readonly created: boolean }> {
  const now = deps.now()
  const input = toTicketInput(submission, now)
  const email = input.requester.email
  const candidates = await deps.store.accounts.findCandidates(email, emailDomain(email))
  const decision = triage({ ticket: input, candidates, policy: deps.policy.current() })
  const ticket: NewTicket = {
    id: deps.newId(),
    input,
    accountId: decision.account?.id ?? null,
    decision,
    receivedAt: now.toISOString(),
  }
  const result = await deps.store.tickets.insert(ticket, alertOutboxEntries(ticket))
  if (result.created) {
    // Ids and decision labels only: no names, addresses or ticket text in logs.
    deps.log.info(
      {
        ticketId: result.ticket.id,
        tier: decision.tier.id,
        severity: decision.severity.effective,
        score: decision.priority.score,
        queue: decision.routing.queue,
        alerts: decision.alerts.length,
      },
      'ticket triaged',
    )
  }
  return result
}
