/**
 * @module Stored records → the API's wire shapes, and the opaque queue cursor.
 */

import { z } from 'zod'
import type { AccountProfile } from '../app/account-profile.js'
import type { ClockView, TicketDetails } from '../app/ticket-details.js'
import { UserError } from '../core/errors.js'
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import { teamLeadFor } from '../core/policy/compile-sla.js'
import { bandFor } from '../core/triage/effective-severity.js'
import { type Handling, suggestHandling } from '../core/triage/handling.js'
import type {
  QueueCursor,
  StoredAccount,
  StoredAccountNote,
  StoredOutboxEntry,
  StoredTicket,
} from '../store/store.js'
import type { accountProfileView, noteView as noteSchema } from './account-schemas.js'
import type {
  AccountView,
  ClockWireView,
  NotificationView,
  TicketDetailsView,
  TicketView,
} from './schemas.js'

/** `policy`: the policy in force, which places the current score (triage's plus escalation's) in a band. */
export function ticketView(t: StoredTicket, policy: CompiledPolicy): TicketView {
  const d = t.decision
  return {
    id: t.id,
    externalId: t.externalId,
    source: t.source,
    channel: t.channel,
    subject: t.subject,
    body: t.body,
    requester: t.requester,
    status: t.status,
    createdAt: t.createdAt,
    receivedAt: t.receivedAt,
    account: d.account,
    accountReasons: [...d.accountReasons],
    language: d.language,
    tier: { ...d.tier, reasons: [...d.tier.reasons] },
    severity: { ...d.severity, reasons: [...d.severity.reasons] },
    // The score now: triage's, plus what escalation added since, each with its reason.
    priority: {
      score: t.priorityScore,
      level: t.priorityAdjustments.length === 0 ? d.priority.level : bandFor(policy, t.priorityScore).level,
      reasons: [
        ...d.priority.reasons,
        ...t.priorityAdjustments.map((a) => ({
          rule: a.rule,
          factor: 'escalation',
          points: a.points,
          text: a.text,
        })),
      ],
    },
    signals: d.signals.map((s) => ({ ...s })),
    sentiment: d.sentiment,
    queue: d.routing.queue,
    agentTier: d.routing.agentTier,
    routingReasons: [...d.routing.reasons],
    sla: { ...d.sla, reasons: [...d.sla.reasons] },
    alerts: d.alerts.map((a) => ({ ...a, reasons: [...a.reasons], deliverBy: a.deliverBy ?? null })),
    followUp: d.followUp ? { ...d.followUp, reasons: [...d.followUp.reasons] } : null,
    lastEventAt: t.lastEventAt,
    assignee: t.assignee,
    policyVersion: d.policyVersion,
  }
}

export function notificationView(e: StoredOutboxEntry): NotificationView {
  return {
    id: e.id,
    ticketId: e.ticketId,
    topic: e.notification.topic,
    channel: e.channel,
    target: e.target,
    state: e.state,
    attempts: e.attempts,
    subject: e.notification.subject,
    dedupKey: e.notification.dedupKey,
    createdAt: e.createdAt,
    availableAt: e.availableAt,
    deliverBy: e.deliverBy ?? null,
    deliveredAt: e.deliveredAt,
    lastError: e.lastError,
    response: e.response,
  }
}

function handlingView(h: Handling): TicketDetailsView['handling'] {
  return { ...h, loopIn: h.loopIn.map((l) => ({ ...l })), notes: [...h.notes] }
}

export function clockWireView(c: ClockView): ClockWireView {
  return {
    metric: c.metric,
    status: c.status,
    calendar: c.calendar,
    targetMs: c.targetMs,
    cycle: c.cycle,
    usedMs: c.usedMs,
    remainingMs: c.remainingMs,
    dueAt: c.dueAt,
    warnAt: c.warnAt,
    warnedAt: c.warnedAt,
    breachedAt: c.breachedAt,
    escalationLevel: c.escalationLevel,
    pausedSince: c.pausedSince,
    pauseReason: c.pauseReason,
    fulfilledAt: c.fulfilledAt,
    text: c.text,
  }
}

export function ticketDetailsView(d: TicketDetails, policy: CompiledPolicy): TicketDetailsView {
  return {
    ...ticketView(d.ticket, policy),
    handling: handlingView(
      suggestHandling(d.ticket.decision, teamLeadFor(policy.sla, d.ticket.decision.routing.queue)),
    ),
    clocks: d.clocks.map(clockWireView),
    ledger: d.ledger.map((e) => ({ ...e })),
    tasks: d.tasks.map((t) => ({ ...t })),
    notifications: d.notifications.map(notificationView),
  }
}

export function profileView(p: AccountProfile): z.output<typeof accountProfileView> {
  const a = p.account
  const held = a.heldTier
  return {
    ...accountView(a),
    contractStart: a.contractStart ?? null,
    tier: held
      ? {
          id: held.tier,
          since: held.since,
          pendingDowngrade: held.pending ? { ...held.pending, reasons: [...held.pending.reasons] } : null,
        }
      : null,
    assessment: a.assessment as z.output<typeof accountProfileView>['assessment'],
    recommendedActions: [...p.recommendedActions],
    openEscalations: p.openEscalations,
    usage: p.usage,
    billingEvents: [...p.billingEvents],
    tickets: p.tickets.map((t) => ({
      id: t.id,
      externalId: t.externalId,
      subject: t.subject,
      createdAt: t.createdAt,
      severity: t.severity,
      status: t.status,
      resolvedAt: t.resolvedAt,
      resolutionHours: t.resolutionHours,
      csat: t.csat,
      sentiment: t.sentiment,
      breaches: t.breaches,
    })),
    healthHistory: [...p.healthHistory],
    tierChanges: p.tierChanges.map((c) => ({ ...c, reasons: [...c.reasons] })),
    notes: { items: p.notes.items.map(noteView), total: p.notes.total },
  }
}

export function noteView(n: StoredAccountNote): z.output<typeof noteSchema> {
  return {
    id: n.id,
    author: { ...n.author },
    body: n.body,
    pinned: n.pinned,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  }
}

export function accountView(a: StoredAccount): AccountView {
  return {
    ...a,
    domains: [...a.domains],
    contacts: a.contacts.map((c) => ({ ...c })),
    tags: [...a.tags],
  }
}

// A cursor comes back from the client, so it is input like any other: bounded to what the queue holds.
const instant = z.iso
  .datetime()
  .refine((s) => Date.parse(s) >= Date.UTC(2000, 0, 1) && Date.parse(s) < Date.UTC(2300, 0, 1))
const cursorSchema = z.strictObject({
  s: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  f: instant,
  c: instant,
  i: z.uuid(),
})

export function encodeCursor(t: StoredTicket): string {
  const c = { s: t.priorityScore, f: t.decision.sla.firstResponseDueAt, c: t.createdAt, i: t.id }
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

export function decodeCursor(cursor: string): QueueCursor {
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    raw = null
  }
  const parsed = cursorSchema.safeParse(raw)
  if (!parsed.success) {
    throw new UserError('PATRON_E_VALIDATION', 'cursor is not one this server issued', [
      { field: 'cursor', reason: 'is not a cursor returned by GET /v1/queue (pass nextCursor unchanged)' },
    ])
  }
  return {
    score: parsed.data.s,
    firstResponseDueAt: parsed.data.f,
    createdAt: parsed.data.c,
    id: parsed.data.i,
  }
}
