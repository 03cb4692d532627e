/**
 * @module Clock arithmetic on business calendars: running, pausing, time used, when to warn.
 */
import { InvariantError } from '../errors.js'
import type { CompiledSla } from '../policy/compile-sla.js'
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from '../time/calendar.js'
import type { ClockState } from './clock.js'

export function calendarOf(sla: CompiledSla, id: string): BusinessCalendar {
  const calendar = sla.calendars.get(id)
  // compile-policy checks every calendar a cell names; a clock from an older policy may name one that is gone.
  if (!calendar) throw new InvariantError(`calendar '${id}' is not in the policy`)
  return calendar
}

const iso = (ms: number) => new Date(ms).toISOString()

/** Business time used in this cycle up to `atMs`. */
export function usedMs(clock: ClockState, atMs: number, sla: CompiledSla): number {
  if (clock.status !== 'running' || !clock.runningSince) return clock.elapsedMs
  return (
    clock.elapsedMs +
    businessTimeBetween(calendarOf(sla, clock.calendar), Date.parse(clock.runningSince), atMs)
  )
}

/**
 * When to warn, counting from `fromMs` with `elapsedMs` already used: the earlier of "this fraction of
 * the target used" and "this long before the breach". A threshold already passed warns at once; null
 * when there is nothing left to warn about.
 */
function warnAt(clock: ClockState, fromMs: number, elapsedMs: number, sla: CompiledSla): string | null {
  if (clock.warnedAt || clock.breachedAt) return null
  const { fraction, beforeMs } = sla.warning
  const thresholds: number[] = []
  if (fraction !== null) thresholds.push(clock.targetMs * fraction)
  if (beforeMs !== null) thresholds.push(clock.targetMs - beforeMs)
  const first = Math.min(...thresholds.filter((t) => t > 0 && t < clock.targetMs))
  if (!Number.isFinite(first)) return null
  return iso(addBusinessTime(calendarOf(sla, clock.calendar), fromMs, Math.max(0, first - elapsedMs)))
}

/** The clock running from `fromMs`, with its due and warning instants worked out. */
export function runFrom(clock: ClockState, fromMs: number, sla: CompiledSla): ClockState {
  const calendar = calendarOf(sla, clock.calendar)
  const remaining = Math.max(0, clock.targetMs - clock.elapsedMs)
  return {
    ...clock,
    status: 'running',
    runningSince: iso(fromMs),
    pausedSince: null,
    pauseReason: null,
    dueAt: iso(addBusinessTime(calendar, fromMs, remaining)),
    warnAt: warnAt(clock, fromMs, clock.elapsedMs, sla),
  }
}

/** The clock stopped counting at `atMs` (paused, fulfilled or stopped), with the time it used kept. */
export function haltAt(clock: ClockState, atMs: number, sla: CompiledSla): ClockState {
  return { ...clock, elapsedMs: usedMs(clock, atMs, sla), runningSince: null, dueAt: null, warnAt: null }
}

/** A fresh cycle: nothing used, nothing warned, breached or escalated. */
export function newCycle(clock: ClockState): ClockState {
  return {
    ...clock,
    cycle: clock.cycle + 1,
    elapsedMs: 0,
    warnedAt: null,
    breachedAt: null,
    escalationLevel: 0,
    fulfilledAt: null,
  }
}
