/**
 * @module What a ticket is before and after triage: channels, severities and the triaged record.
 */
import type { Reason } from '../decision.js'
import type { Signal, TextLanguage } from '../signals/signal.js'
import type { Severity } from './severity.js'

export const CHANNELS = ['email', 'chat', 'web', 'sms', 'whatsapp', 'voice'] as const
export type Channel = (typeof CHANNELS)[number]

export const TICKET_STATUSES = ['open', 'pending', 'on_hold', 'solved', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

/** A ticket as it arrives, after boundary validation. Text fields are untrusted. */
export interface TicketInput {
  readonly externalId: string
  /** Which system the externalId belongs to (`api`, `zendesk`, ...). Idempotency is per source. */
  readonly source: string
  readonly channel: Channel
  readonly subject: string
  readonly body: string
  readonly requester: { readonly email: string; readonly name: string | null }
  /** As filed; `null` when the source did not say. */
  readonly severity: Severity | null
  /** When the customer raised it (ISO-8601 UTC). SLA clocks start here. */
  readonly createdAt: string
}

export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number]

export interface AlertRecipient {
  readonly role: 'csm' | 'accountExecutive'
  readonly name: string | null
  readonly email: string | null
}

/** An alert Patron decided to raise; delivered through the outbox. */
export interface Alert {
  readonly rule: string
  readonly recipient: AlertRecipient
  /** False when the account has nobody in that role: the alert is kept, and says so. */
  readonly deliverable: boolean
  readonly reasons: readonly Reason[]
  /** The latest acceptable delivery (the executive-contact rule), or null. */
  readonly deliverBy: string | null
}

/** A follow-up someone owes whatever happens to the ticket (the executive-contact rule). */
export interface FollowUp {
  readonly kind: 'executive_follow_up'
  readonly owner: AlertRecipient
  readonly dueAt: string
  readonly reasons: readonly Reason[]
}

/** Everything triage decided about one ticket, each part with its reasons. */
export interface TriageDecision {
  readonly account: { readonly id: string; readonly externalId: string; readonly name: string } | null
  readonly accountReasons: readonly Reason[]
  readonly language: TextLanguage
  readonly signals: readonly Signal[]
  readonly sentiment: { readonly score: number; readonly label: 'negative' | 'neutral' | 'positive' }
  readonly tier: { readonly id: string; readonly name: string; readonly reasons: readonly Reason[] }
  readonly severity: {
    readonly filed: Severity | null
    readonly effective: Severity
    readonly reasons: readonly Reason[]
  }
  readonly priority: {
    readonly score: number
    readonly level: PriorityLevel
    readonly reasons: readonly Reason[]
  }
  readonly routing: {
    readonly queue: string
    readonly agentTier: string
    readonly reasons: readonly Reason[]
  }
  readonly sla: {
    readonly firstResponseDueAt: string
    readonly resolutionDueAt: string
    readonly firstResponse: string
    readonly resolution: string
    readonly reasons: readonly Reason[]
  }
  readonly alerts: readonly Alert[]
  readonly followUp: FollowUp | null
  readonly policyVersion: string
}
