/**
 * @module What an account did lately, as the account side reads it: usage and billing observations,
 * billing events, and its tickets reduced to the facts health and risk need.
 */
import type { Severity } from '../tickets/severity.js'
import type { TicketStatus } from '../tickets/ticket.js'

/** One day's observation of usage and billing; a field the source did not report is null. */
export interface MetricsSnapshot {
  /** ISO date. */
  readonly observedOn: string
  readonly logins30d: number | null
  readonly loginsPrev30d: number | null
  readonly activeSeats: number | null
  readonly licensedSeats: number | null
  readonly featuresUsed: number | null
  readonly featuresAvailable: number | null
  readonly failedPayments90d: number | null
  readonly downgradeRequested: boolean | null
  /** Latest NPS answer, 0–10. */
  readonly nps: number | null
}

export const BILLING_EVENT_KINDS = [
  'payment_failed',
  'payment_recovered',
  'downgrade_request',
  'upgrade',
  'refund',
  'cancellation_request',
] as const
export type BillingEventKind = (typeof BILLING_EVENT_KINDS)[number]

export interface BillingEvent {
  /** The billing system's id; the idempotency key. */
  readonly eventId: string
  readonly kind: BillingEventKind
  readonly occurredAt: string
  /** Decimal string in the account's currency, or null. */
  readonly amount: string | null
  readonly note: string | null
}

/** A ticket as the account side sees it: when, how bad, how it went, what its words said. */
export interface TicketFact {
  readonly id: string
  readonly externalId: string
  readonly subject: string
  readonly createdAt: string
  readonly severity: Severity
  readonly status: TicketStatus
  readonly resolvedAt: string | null
  /** 1–5, when the customer rated it. */
  readonly csat: number | null
  /** Characters in the customer's message: shorter and shorter messages read as disengagement. */
  readonly bodyLength: number
  /** Triage's sentiment, −1 … 1. */
  readonly sentiment: number
  readonly churnDirect: boolean
  readonly churnIndirect: boolean
  readonly competitor: boolean
  /** Phrases of the churn signals, to quote. */
  readonly signalPhrases: readonly string[]
  /** SLA metrics breached on this ticket. */
  readonly breaches: number
  /** Highest escalation level reached, 0 when none. */
  readonly escalationLevel: number
}

/** Everything health and risk read about one account, at one moment. */
export interface AccountActivity {
  /** Newest first. */
  readonly metrics: readonly MetricsSnapshot[]
  /** Newest first. */
  readonly billing: readonly BillingEvent[]
  /** Newest first. */
  readonly tickets: readonly TicketFact[]
  /** Earlier health scores, newest first, for the trend. */
  readonly healthHistory: readonly { readonly at: string; readonly score: number }[]
}
