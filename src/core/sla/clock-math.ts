/**
 * @module Clock arithmetic on business calendars: running, pausing, time used, when to warn.
 */
import { InvariantError } from '../errors.js'
import type { CompiledSla } from '../policy/compile-sla.js'
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  compileCalendar,
} from '../time/calendar.js'
import type { ClockState } from './clock.js'

const compiledAlways = compileCalendar({ id: 'always', zone: 'UTC', always: true })
if ('issues' in compiledAlways) throw new InvariantError('the built-in 24×7 calendar does not compile')
/** Every instant open. */
export const ALWAYS: BusinessCalendar = compiledAlways.ok

/**
 * The clock's calendar. A clock started under an earlier policy may name a calendar the policy in
 * force no longer has: it then counts 24×7 rather than stopping (`calendarMissing` tells the view).
 */
export function calendarOf(sla: CompiledSla, id: string): BusinessCalendar {
  return sla.calendars.get(id) ?? ALWAYS
}

export function calendarMissing(sla: CompiledSla, id: string): boolean {
  return !sla.calendars.has(id)
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
    pausedAfterBreachMs: 0,
    escalationLevel: 0,
    fulfilledAt: null,
  }
}
