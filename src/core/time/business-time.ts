/**
 * @module Business-time arithmetic on a compiled calendar: is it open, when does it next open, and how
 * much business time lies between two instants.
 *
 * All four functions walk the calendar's open intervals (see `open-intervals.ts`) forward from an
 * instant, one local day at a time; they never convert wall times themselves.
 */
import { InvariantError } from '../errors.js'
import {
  type BusinessCalendar,
  closedDaysLimit,
  dayIntervals,
  hasHours,
  utcDayNumber,
} from './open-intervals.js'

/**
 * Calls `visit(start, end)` for each open interval that ends after `fromMs`, in time order, with
 * `start` raised to `fromMs` when the interval contains it. Stops when `visit` returns false.
 *
 * The walk starts at the day before the UTC date of `fromMs`, because the local date is within one
 * day of it in every zone; intervals that end by `fromMs` are skipped. `floor` also keeps the walk
 * monotonic if a zone's calendar jump makes two local days resolve to overlapping instants
 * (Pacific/Apia skipped 2011-12-30 by moving its clocks a whole day forward).
 */
function walk(cal: BusinessCalendar, fromMs: number, visit: (start: number, end: number) => boolean): void {
  let floor = fromMs
  let closedRun = 0
  const limit = closedDaysLimit(cal)
  for (let day = utcDayNumber(fromMs) - 1; ; day++) {
    const iv = dayIntervals(cal, day)
    let opened = false
    for (let i = 0; i + 1 < iv.length; i += 2) {
      const end = iv[i + 1]!
      if (end <= floor) continue
      const start = Math.max(iv[i]!, floor)
      opened = true
      floor = end
      if (!visit(start, end)) return
    }
    if (opened) closedRun = 0
    else if (++closedRun > limit) {
      throw new InvariantError(`calendar '${cal.id}' has been closed for ${closedRun} days in a row`)
    }
  }
}

/** Whether the calendar is open at the instant: period starts are inclusive, ends exclusive. */
export function isOpen(cal: BusinessCalendar, atMs: number): boolean {
  if (cal.always) return true
  const utcDay = utcDayNumber(atMs)
  for (let day = utcDay - 1; day <= utcDay + 1; day++) {
    const iv = dayIntervals(cal, day)
    for (let i = 0; i + 1 < iv.length; i += 2) {
      if (iv[i]! <= atMs && atMs < iv[i + 1]!) return true
    }
  }
  return false
}

/** The first instant ≥ atMs at which the calendar is open (atMs itself when open). Null if the calendar is never open (no hours at all). */
export function nextOpen(cal: BusinessCalendar, atMs: number): number | null {
  if (cal.always) return atMs
  if (!hasHours(cal)) return null
  let found = atMs
  walk(cal, atMs, (start) => {
    found = start
    return false
  })
  return found
}

/**
 * The instant reached after `durationMs` of business time counted from `fromMs`.
 *
 * It is the EARLIEST such instant: a duration that runs out exactly at closing time ends at the
 * closing instant (Friday 17:00), not at the next opening (Monday 09:00), so a deadline is never
 * later than it must be. A zero duration returns `fromMs` even when the calendar is closed then.
 *
 * @throws InvariantError for a negative or non-finite duration, or a calendar that is never open
 *   (`compileCalendar` refuses both; reaching here means a caller skipped it).
 */
export function addBusinessTime(cal: BusinessCalendar, fromMs: number, durationMs: number): number {
  if (!Number.isFinite(durationMs) || durationMs < 0 || !Number.isFinite(fromMs)) {
    throw new InvariantError(
      `addBusinessTime: expected a finite instant and duration ≥ 0, got ${fromMs}, ${durationMs}`,
    )
  }
  if (cal.always || durationMs === 0) return fromMs + durationMs
  if (!hasHours(cal)) throw new InvariantError(`calendar '${cal.id}' is never open`)
  let remaining = durationMs
  let reached = fromMs
  walk(cal, fromMs, (start, end) => {
    if (remaining <= end - start) {
      reached = start + remaining
      return false
    }
    remaining -= end - start
    return true
  })
  return reached
}

/**
 * Business time between two instants (0 when b ≤ a). The inverse of `addBusinessTime`:
 * `businessTimeBetween(cal, a, addBusinessTime(cal, a, d)) === d`.
 *
 * @throws InvariantError for a non-finite instant.
 */
export function businessTimeBetween(cal: BusinessCalendar, aMs: number, bMs: number): number {
  if (!Number.isFinite(aMs) || !Number.isFinite(bMs)) {
    throw new InvariantError(`businessTimeBetween: expected finite instants, got ${aMs}, ${bMs}`)
  }
  if (bMs <= aMs) return 0
  if (cal.always) return bMs - aMs
  if (!hasHours(cal)) return 0
  let total = 0
  walk(cal, aMs, (start, end) => {
    if (start >= bMs) return false
    total += Math.min(end, bMs) - start
    return end < bMs
  })
  return total
}
