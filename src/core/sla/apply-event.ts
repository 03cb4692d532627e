/**
 * @module A ticket event applied to its SLA clocks: what starts, pauses, resumes, is fulfilled or stops,
 * each with a ledger entry that says why.
 *
 * Status rules: entering a `pauseOn` status pauses running clocks; leaving it resumes them; solved
 * fulfils resolution and stops the others; closed stops everything; solved → open reopens, and the
 * resolution clock carries on from the time it had used. A customer reply on a paused ticket reopens
 * it, as helpdesks do.
 */
import { assertNever } from '../assert-never.js'
import { formatMillis } from '../format.js'
import type { CompiledSla } from '../policy/compile-sla.js'
import type { TicketStatus } from '../tickets/ticket.js'
import type { TicketEvent } from '../tickets/ticket-event.js'
import type { ClockState, LedgerEntry } from './clock.js'
import { haltAt, newCycle, runFrom, usedMs } from './clock-math.js'
import { METRIC_NAMES } from './metric.js'

export interface TicketSlaState {
  readonly status: TicketStatus
  readonly clocks: readonly ClockState[]
}

export interface AppliedEvent extends TicketSlaState {
  readonly ledger: readonly LedgerEntry[]
}

const PAUSE_REASONS: Partial<Record<TicketStatus, string>> = {
  pending: 'waiting on customer',
  on_hold: 'waiting on a third party',
}

const isLive = (c: ClockState) => c.status === 'running' || c.status === 'paused'

export function applyEvent(state: TicketSlaState, event: TicketEvent, sla: CompiledSla): AppliedEvent {
  const at = event.at
  const atMs = Date.parse(at)
  const ledger: LedgerEntry[] = []
  const note = (clock: ClockState, action: LedgerEntry['action'], text: string) =>
    ledger.push({ at, metric: clock.metric, cycle: clock.cycle, action, text })
  let clocks = [...state.clocks]
  let status = state.status
  const update = (fn: (c: ClockState) => ClockState) => {
    clocks = clocks.map(fn)
  }

  const fulfil = (c: ClockState, because: string): ClockState => {
    const halted = haltAt(c, atMs, sla)
    const late = halted.elapsedMs > c.targetMs ? `, ${formatMillis(halted.elapsedMs - c.targetMs)} late` : ''
    // The answer happened before the breach Patron recorded, but reached Patron after it (a helpdesk's
    // webhook delayed or retried): the breach did not happen. What was sent cannot be unsent; the ledger says so.
    const withdrawn = c.breachedAt !== null && atMs < Date.parse(c.breachedAt)
    const correction = withdrawn
      ? `; the breach recorded at ${c.breachedAt} is withdrawn: this answer came before it but reached Patron late`
      : ''
    note(
      c,
      'fulfil',
      `${METRIC_NAMES[c.metric]} met by ${because} after ${formatMillis(halted.elapsedMs)}${late}${correction}`,
    )
    return {
      ...halted,
      status: 'fulfilled',
      fulfilledAt: at,
      pausedSince: null,
      pauseReason: null,
      ...(withdrawn ? { breachedAt: null } : {}),
    }
  }
  const stop = (c: ClockState, because: string): ClockState => {
    note(c, 'stop', `${METRIC_NAMES[c.metric]} clock stopped: ${because}`)
    return { ...haltAt(c, atMs, sla), status: 'stopped', pausedSince: null, pauseReason: null }
  }
  const pause = (c: ClockState, reason: string): ClockState => {
    const halted = haltAt(c, atMs, sla)
    note(
      c,
      'pause',
      `${METRIC_NAMES[c.metric]} paused after ${formatMillis(halted.elapsedMs)} used: ${reason}`,
    )
    return { ...halted, status: 'paused', pausedSince: at, pauseReason: reason }
  }
  const resume = (c: ClockState, because: string): ClockState => {
    const paused = c.pausedSince ? formatMillis(atMs - Date.parse(c.pausedSince)) : ''
    note(
      c,
      'resume',
      `${METRIC_NAMES[c.metric]} resumed ${because} after ${paused} paused: ${c.pauseReason ?? ''}`,
    )
    // Escalation after a breach waits for the pause too (see evaluate-clock).
    const sinceBreach =
      c.breachedAt && c.pausedSince ? atMs - Math.max(Date.parse(c.pausedSince), Date.parse(c.breachedAt)) : 0
    return runFrom({ ...c, pausedAfterBreachMs: c.pausedAfterBreachMs + Math.max(0, sinceBreach) }, atMs, sla)
  }
  const startCycle = (c: ClockState, because: string): ClockState => {
    const next = runFrom(newCycle(c), atMs, sla)
    note(
      next,
      c.status === 'waiting' ? 'start' : 'restart',
      `${METRIC_NAMES[c.metric]} clock started ${because}, due ${next.dueAt}`,
    )
    return next
  }

  const enterStatus = (to: TicketStatus) => {
    const from = status
    if (to === from) return
    status = to
    const pausing = sla.pauseOn.includes(to)
    const wasPaused = sla.pauseOn.includes(from)
    if (to === 'solved') {
      update((c) =>
        !isLive(c)
          ? c
          : c.metric === 'resolution'
            ? fulfil(c, 'solving the ticket')
            : stop(c, 'ticket solved'),
      )
    } else if (to === 'closed') {
      update((c) => (isLive(c) ? stop(c, 'ticket closed') : c))
    } else if (from === 'solved' || from === 'closed') {
      update((c) => {
        if (c.metric === 'resolution') {
          ledger.push({
            at,
            metric: c.metric,
            cycle: c.cycle,
            action: 'reopen',
            text: 'ticket reopened: resolution clock carries on',
          })
          return pausing
            ? { ...c, status: 'paused', pausedSince: at, pauseReason: PAUSE_REASONS[to] ?? to }
            : runFrom(c, atMs, sla)
        }
        if (c.metric === 'periodic_update') {
          if (!pausing) return startCycle(c, 'on reopening')
          return { ...newCycle(c), status: 'paused', pausedSince: at, pauseReason: PAUSE_REASONS[to] ?? to }
        }
        // Solving stopped it; the reopened ticket waits for the customer's next message again (a
        // reopening customer reply starts it at once, below).
        if (c.metric === 'next_response' && c.status !== 'waiting')
          return { ...newCycle(c), status: 'waiting', runningSince: null, dueAt: null, warnAt: null }
        return c
      })
    } else if (pausing && !wasPaused) {
      update((c) => (c.status === 'running' ? pause(c, PAUSE_REASONS[to] ?? to) : c))
    } else if (!pausing && wasPaused) {
      update((c) => (c.status === 'paused' ? resume(c, `as the ticket became ${to}`) : c))
    }
  }

  switch (event.type) {
    case 'agent_reply': {
      if (event.public === false) break
      update((c) => {
        if (c.metric === 'first_response' && isLive(c)) return fulfil(c, 'the first public agent reply')
        if (c.metric === 'next_response' && isLive(c))
          return { ...fulfil(c, 'an agent reply'), status: 'waiting' }
        if (c.metric === 'periodic_update' && isLive(c)) {
          const done = fulfil(c, 'an agent update')
          return c.status === 'paused'
            ? { ...newCycle(done), status: 'paused', pausedSince: at, pauseReason: c.pauseReason }
            : startCycle(done, 'after the update')
        }
        return c
      })
      break
    }
    case 'customer_reply': {
      if (sla.pauseOn.includes(status) || status === 'solved') enterStatus('open')
      update((c) =>
        c.metric === 'next_response' && c.status === 'waiting' ? startCycle(c, 'by a customer reply') : c,
      )
      break
    }
    case 'status_change':
      if (event.status) enterStatus(event.status)
      break
    case 'resolution':
      enterStatus('solved')
      break
    case 'satisfaction':
      // A rating moves no clock; the account side reads it.
      break
    case 'assignment':
      ledger.push({
        at,
        metric: null,
        cycle: 0,
        action: 'assign',
        text: event.assignee ? `assigned to ${event.assignee.name ?? event.assignee.id}` : 'unassigned',
      })
      break
    default:
      assertNever(event.type, 'ticket event type')
  }
  return { status, clocks, ledger }
}

/** Business time used so far, for display: "41 min of 1 hr". */
export function progress(
  clock: ClockState,
  nowMs: number,
  sla: CompiledSla,
): { usedMs: number; remainingMs: number } {
  const used = usedMs(clock, nowMs, sla)
  return { usedMs: used, remainingMs: clock.targetMs - used }
}
