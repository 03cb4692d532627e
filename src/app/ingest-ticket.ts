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

import { InvariantError, UserError } from '../core/errors.js'
import { startClocks } from '../core/sla/start-clocks.js'
import type { Severity } from '../core/tickets/severity.js'
import type { Channel, TicketInput } from '../core/tickets/ticket.js'
import { emailDomain } from '../core/triage/resolve-account.js'
import { triage } from '../core/triage/triage.js'
import type { NewJob, NewTask, StoredTicket } from '../store/store.js'
import { ASSESS_DELAY_MS, assessJob } from './assess-account.js'
import type { AppDeps } from './deps.js'
import { alertNotification, fanOut } from './notifications.js'
import { slaTimer, TASK_JOB, taskTimerKey } from './sla-timer.js'

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

export async function ingestTicket(
  deps: AppDeps,
  submission: TicketSubmission,
): Promise<{ readonly ticket: StoredTicket; readonly created: boolean }> {
  const now = deps.now()
  const input = toTicketInput(submission, now)
  const email = input.requester.email
  const candidates = await deps.store.accounts.findCandidates(email, emailDomain(email))
  const policy = deps.policy.current()
  const decision = triage({ ticket: input, candidates, policy })
  const id = deps.newId()
  const cell = policy.matrix.get(decision.tier.id)?.[decision.severity.effective]
  if (!cell)
    throw new InvariantError(`no matrix cell for ${decision.tier.id} × ${decision.severity.effective}`)
  const { clocks, ledger } = startClocks(cell, input.createdAt, policy.sla)
  const summary = {
    id,
    externalId: input.externalId,
    subject: input.subject,
    queue: decision.routing.queue,
    decision,
  }
  const alert = alertNotification(summary, input.createdAt)
  const deliverBy = decision.alerts.find((a) => a.deliverBy)?.deliverBy ?? null
  const outbox =
    alert.recipients.length > 0
      ? fanOut(policy, deps.channels, alert.notification, alert.recipients, id, deliverBy)
      : []
  const timer = slaTimer(id, clocks, policy)
  const tasks: NewTask[] = []
  const jobs: NewJob[] = timer ? [timer] : []
  // Reassess the account a little later: a burst of tickets then costs one assessment.
  if (decision.account)
    jobs.push(assessJob(decision.account.id, new Date(now.getTime() + ASSESS_DELAY_MS).toISOString()))
  if (decision.followUp) {
    const task: NewTask = {
      id: deps.newId(),
      ticketId: id,
      kind: decision.followUp.kind,
      title: `Follow up with the executive who wrote in`,
      owner: decision.followUp.owner.email
        ? { name: decision.followUp.owner.name ?? '', email: decision.followUp.owner.email }
        : null,
      dueAt: decision.followUp.dueAt,
      reason: decision.followUp.reasons.map((r) => r.text).join('; '),
    }
    tasks.push(task)
    jobs.push({ kind: TASK_JOB, key: taskTimerKey(task.id), payload: { taskId: task.id }, runAt: task.dueAt })
  }
  const result = await deps.store.tickets.insert({
    id,
    input,
    accountId: decision.account?.id ?? null,
    decision,
    receivedAt: now.toISOString(),
    clocks,
    ledger,
    outbox,
    jobs,
    tasks,
  })
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
