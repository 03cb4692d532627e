/**
 * @module SLA clocks and their ledger: the state of each metric on a ticket, and every change to it
 * written down with its reason.
 *
 * Terminology:
 * - **metric**: first response, next response (after each customer reply), periodic update (an
 *   agent must write at least this often), resolution.
 * - **target**: business time on the clock's calendar; **elapsed** counts only open hours, and only
 *   while the clock runs.
 * - **paused**: the customer or a third party owes the next move (policy `sla.pauseOn` statuses).
 * - **waiting**: a next-response clock with no unanswered customer message: nothing to measure.
 * - **cycle**: next response and periodic update restart; each run is a cycle, numbered from 1.
 * - **breach** does not stop a clock: it keeps running, so the ledger shows how late the answer was.
 */
import type { SlaMetric } from './metric.js'

export const CLOCK_STATUSES = ['running', 'paused', 'waiting', 'fulfilled', 'stopped'] as const
export type ClockStatus = (typeof CLOCK_STATUSES)[number]

export interface ClockState {
  readonly metric: SlaMetric
  readonly calendar: string
  readonly targetMs: number
  readonly status: ClockStatus
  readonly cycle: number
  /** Business time used in this cycle before `runningSince`. */
  readonly elapsedMs: number
  readonly runningSince: string | null
  readonly pausedSince: string | null
  readonly pauseReason: string | null
  /** While running: when the target is reached, and when to warn. */
  readonly dueAt: string | null
  readonly warnAt: string | null
  readonly warnedAt: string | null
  readonly breachedAt: string | null
  /** Time spent paused since the breach: escalation levels wait for it (nobody escalates a ticket the customer owes). */
  readonly pausedAfterBreachMs: number
  readonly escalationLevel: number
  readonly fulfilledAt: string | null
}

export const LEDGER_ACTIONS = [
  'start',
  'pause',
  'resume',
  'fulfil',
  'restart',
  'warn',
  'breach',
  'escalate',
  'stop',
  'reopen',
  'assign',
] as const
export type LedgerAction = (typeof LEDGER_ACTIONS)[number]

/** One line of a ticket's SLA history, readable as is: "paused after 3 hr, 12 min: waiting on customer". */
export interface LedgerEntry {
  readonly at: string
  /** Null for entries about the ticket rather than one clock (assignment). */
  readonly metric: SlaMetric | null
  readonly cycle: number
  readonly action: LedgerAction
  readonly text: string
  readonly level?: number
}
