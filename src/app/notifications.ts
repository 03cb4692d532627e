/**
 * @module Notifications: what Patron tells people, rendered once, then fanned out to the channels the
 * policy routes its topic to and this deployment has configured.
 *
 * Email goes to each person named (CSM, account executive, team lead, support VP) who has an address;
 * a webhook and a Slack channel get one copy. Ticket text quoted in a message is the customer's and
 * untrusted: adapters escape it for their medium.
 */

import type { Person } from '../core/accounts/account.js'
import type { Notification } from '../core/notification.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import type { EscalationRole, NotificationTopic } from '../core/policy/compile-sla.js'
import { teamLeadFor } from '../core/policy/compile-sla.js'
import type { SlaNotice } from '../core/sla/evaluate-clock.js'
import { METRIC_NAMES } from '../core/sla/metric.js'
import type { TriageDecision } from '../core/tickets/ticket.js'
import type { OutboxEntry, StoredAccount, StoredTask, StoredTicket } from '../store/store.js'
import type { Channels } from './deps.js'

export interface Recipient {
  readonly role: string
  readonly name: string | null
  readonly email: string | null
}

/** The ticket facts every message about it carries. */
export interface TicketSummary {
  readonly id: string
  readonly externalId: string
  readonly subject: string
  readonly queue: string
  readonly decision: TriageDecision
}

export function summarize(ticket: StoredTicket): TicketSummary {
  return {
    id: ticket.id,
    externalId: ticket.externalId,
    subject: ticket.subject,
    queue: ticket.decision.routing.queue,
    decision: ticket.decision,
  }
}

/** One message to its recipients over every channel its topic is routed to. */
export function fanOut(
  policy: CompiledPolicy,
  channels: Channels,
  notification: Notification,
  recipients: readonly Recipient[],
  ticketId: string | null,
  deliverBy: string | null = null,
): OutboxEntry[] {
  const kinds = policy.sla.routes.get(notification.topic as NotificationTopic) ?? []
  const entries: OutboxEntry[] = []
  const base = { notification, ticketId, deliverBy }
  for (const kind of kinds) {
    if (kind === 'email' && channels.email) {
      const addresses = new Set(recipients.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])))
      for (const to of addresses) entries.push({ ...base, channel: 'email', target: to })
    } else if (kind === 'webhook' && channels.webhook) {
      entries.push({ ...base, channel: 'webhook', target: 'webhook' })
    } else if (kind === 'slack' && channels.slack) {
      entries.push({ ...base, channel: 'slack', target: 'slack' })
    }
  }
  return entries
}

const quote = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s)

function headline(t: TicketSummary): string {
  const d = t.decision
  const who = d.account?.name ?? 'Unrecognised customer'
  return `${who}: ${d.severity.effective} ${d.tier.id} ticket "${quote(t.subject || '(no subject)')}"`
}

function ticketData(t: TicketSummary): Record<string, unknown> {
  const d = t.decision
  return {
    ticketId: t.id,
    externalId: t.externalId,
    account: d.account,
    tier: d.tier.id,
    severity: d.severity.effective,
    priority: { score: d.priority.score, level: d.priority.level },
    queue: t.queue,
    signals: d.signals.map((s) => ({ kind: s.kind, phrase: s.phrase })),
  }
}

/** The alerts triage raised on a new ticket: one message, to every recipient that has an address. */
export function alertNotification(
  t: TicketSummary,
  occurredAt: string,
): { notification: Notification; recipients: Recipient[] } {
  const d = t.decision
  const deliverable = d.alerts.filter((a) => a.deliverable)
  const why = [...new Set(deliverable.flatMap((a) => a.reasons.map((r) => r.text)))]
  const text = [
    headline(t),
    `Priority ${d.priority.score} (${d.priority.level}); first response due ${d.sla.firstResponseDueAt}.`,
    'Why you are told:',
    ...why.map((w) => `  • ${w}`),
    'How it was scored:',
    ...d.priority.reasons.map((r) => `  • ${r.text}`),
    `Ticket: /v1/tickets/${t.id}`,
  ].join('\n')
  return {
    notification: {
      dedupKey: `ticket:${t.id}:alert`,
      topic: 'alert.ticket',
      occurredAt,
      subject: `[Patron] ${headline(t)}`,
      text,
      data: {
        ...ticketData(t),
        alerts: deliverable.map((a) => ({ role: a.recipient.role, reasons: a.reasons })),
      },
    },
    recipients: deliverable.map((a) => a.recipient),
  }
}

/** The people an SLA notice names, by role; a role nobody fills is left out. */
export function recipientsFor(
  roles: readonly EscalationRole[],
  policy: CompiledPolicy,
  account: StoredAccount | null,
  queue: string,
): Recipient[] {
  const out: Recipient[] = []
  const add = (role: string, p: Person | null | undefined) => {
    if (p) out.push({ role, name: p.name, email: p.email })
  }
  for (const role of roles) {
    if (role === 'teamLead') add(role, teamLeadFor(policy.sla, queue))
    else if (role === 'supportVp') add(role, policy.sla.supportVp)
    else if (role === 'csm') add(role, account?.csm)
    else if (role === 'accountExecutive') add(role, account?.accountExecutive)
    // 'assignee' has no address in Patron (agents live in the helpdesk): webhook and Slack reach them.
  }
  return out
}

export function slaNotification(t: TicketSummary, notice: SlaNotice): Notification {
  const level = notice.level === null ? '' : `:${notice.level}`
  const kind =
    notice.topic === 'sla.warning'
      ? 'SLA warning'
      : notice.topic === 'sla.breach'
        ? 'SLA breached'
        : 'SLA escalation'
  return {
    dedupKey: `sla:${t.id}:${notice.metric}:${notice.cycle}:${notice.topic}${level}`,
    topic: notice.topic,
    occurredAt: notice.at,
    subject: `[Patron] ${kind}: ${METRIC_NAMES[notice.metric]} — ${headline(t)}`,
    text: [headline(t), notice.text, `Ticket: /v1/tickets/${t.id}`].join('\n'),
    data: {
      ...ticketData(t),
      metric: notice.metric,
      cycle: notice.cycle,
      level: notice.level,
      text: notice.text,
    },
  }
}

export function taskDueNotification(t: TicketSummary, task: StoredTask, occurredAt: string): Notification {
  return {
    dedupKey: `task:${task.id}:due`,
    topic: 'task.due',
    occurredAt,
    subject: `[Patron] Follow-up due: ${headline(t)}`,
    text: [
      headline(t),
      `${task.title} was due at ${task.dueAt} and is still open.`,
      task.reason,
      `Ticket: /v1/tickets/${t.id}`,
    ].join('\n'),
    data: { ...ticketData(t), taskId: task.id, dueAt: task.dueAt },
  }
}
