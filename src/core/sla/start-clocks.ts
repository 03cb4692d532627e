/**
 * @module The clocks a new ticket starts with, from its matrix cell, counting from its creation.
 */
import { formatMillis } from '../format.js'
import type { CompiledCell } from '../policy/compile-policy.js'
import type { CompiledSla } from '../policy/compile-sla.js'
import type { ClockState, LedgerEntry } from './clock.js'
import { runFrom } from './clock-math.js'
import { METRIC_NAMES, type SlaMetric } from './metric.js'

function blank(metric: SlaMetric, calendar: string, targetMs: number): ClockState {
  return {
    metric,
    calendar,
    targetMs,
    status: 'waiting',
    cycle: 1,
    elapsedMs: 0,
    runningSince: null,
    pausedSince: null,
    pauseReason: null,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
    pausedAfterBreachMs: 0,
    escalationLevel: 0,
    fulfilledAt: null,
  }
}

export function startClocks(
  cell: CompiledCell,
  createdAt: string,
  sla: CompiledSla,
): { readonly clocks: ClockState[]; readonly ledger: LedgerEntry[] } {
  const at = Date.parse(createdAt)
  const clocks: ClockState[] = []
  const ledger: LedgerEntry[] = []
  const on = sla.calendars.get(cell.calendar)?.always ? '24×7' : `the ${cell.calendar} calendar`
  const run = (metric: SlaMetric, targetMs: number) => {
    const clock = runFrom(blank(metric, cell.calendar, targetMs), at, sla)
    clocks.push(clock)
    ledger.push({
      at: createdAt,
      metric,
      cycle: 1,
      action: 'start',
      text: `${METRIC_NAMES[metric]} clock started: ${formatMillis(targetMs)} on ${on}, due ${clock.dueAt}`,
    })
  }
  run('first_response', cell.firstResponseMs)
  if (cell.periodicUpdateMs !== null) run('periodic_update', cell.periodicUpdateMs)
  run('resolution', cell.resolutionMs)
  // Nothing to answer yet: the next-response clock waits for the customer's next message.
  if (cell.nextResponseMs !== null) clocks.push(blank('next_response', cell.calendar, cell.nextResponseMs))
  return { clocks, ledger }
}
