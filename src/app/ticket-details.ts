/**
 * @module Everything an agent sees on one ticket: the decision, the clocks with time used and left,
 * the ledger, follow-up tasks and what was sent to whom.
 */
import { InvariantError } from '../core/errors.js'
import { formatMillis } from '../core/format.js'
import { progress } from '../core/sla/apply-event.js'
import type { ClockState, LedgerEntry } from '../core/sla/clock.js'
import { METRIC_NAMES } from '../core/sla/metric.js'
import type { StoredOutboxEntry, StoredTask, StoredTicket } from '../store/store.js'
import type { AppDeps } from './deps.js'

export interface ClockView extends ClockState {
  /** Business time used and left at the moment of reading; null if the clock's calendar has left the policy. */
  readonly usedMs: number | null
  readonly remainingMs: number | null
  readonly text: string
}

export interface TicketDetails {
  readonly ticket: StoredTicket
  readonly clocks: readonly ClockView[]
  readonly ledger: readonly LedgerEntry[]
  readonly tasks: readonly StoredTask[]
  readonly notifications: readonly StoredOutboxEntry[]
}

function describe(c: ClockState, used: number | null): string {
  const name = METRIC_NAMES[c.metric]
  const of = used === null ? '' : `${formatMillis(used)} of ${formatMillis(c.targetMs)} used`
  switch (c.status) {
    case 'running':
      return `${name}: ${of}, due ${c.dueAt}${c.breachedAt ? ` (breached at ${c.breachedAt})` : ''}`
    case 'paused':
      return `${name}: paused since ${c.pausedSince} (${c.pauseReason ?? ''}), ${of}`
    case 'waiting':
      return `${name}: waiting for the customer's next message`
    case 'fulfilled':
      return `${name}: met at ${c.fulfilledAt}, ${of}${c.breachedAt ? ', late' : ''}`
    case 'stopped':
      return `${name}: stopped, ${of}`
  }
}

export function clockViews(clocks: readonly ClockState[], deps: AppDeps): ClockView[] {
  const now = deps.now().getTime()
  const sla = deps.policy.current().sla
  return clocks.map((c) => {
    let used: number | null = null
    let remaining: number | null = null
    try {
      ;({ usedMs: used, remainingMs: remaining } = progress(c, now, sla))
    } catch (e) {
      // A clock started under an earlier policy whose calendar is gone: show it, without the arithmetic.
      if (!(e instanceof InvariantError)) throw e
    }
    return { ...c, usedMs: used, remainingMs: remaining, text: describe(c, used) }
  })
}

export async function ticketDetails(deps: AppDeps, ticket: StoredTicket): Promise<TicketDetails> {
  const [clocks, ledger, tasks, notifications] = await Promise.all([
    deps.store.clocks.forTicket(ticket.id),
    deps.store.clocks.ledger(ticket.id),
    deps.store.tasks.forTicket(ticket.id),
    deps.store.outbox.listForTicket(ticket.id),
  ])
  return { ticket, clocks: clockViews(clocks, deps), ledger, tasks, notifications }
}
