/**
 * @module A compiled business calendar and the UTC instants at which it opens and closes on each local day.
 *
 * Terms:
 * - *wall time*: a local date and a time of day in the calendar's zone ("Friday 2026-11-20 16:47").
 * - *open interval*: `[start, end)` in epoch milliseconds during which the calendar is open; start
 *   inclusive, end exclusive, so a period 09:00–17:00 is open at 09:00:00.000 and closed at 17:00:00.000.
 * - *day number*: days since 1970-01-01, naming a civil (local) date. It is only a counter for dates;
 *   every wall time ↔ instant conversion goes through luxon in the calendar's zone.
 *
 * Daylight-saving rule (the same as RFC 5545 §3.3.5 and Temporal's `disambiguation: 'compatible'`):
 * - a wall time that happens twice (autumn back) means its FIRST occurrence, so 01:00–04:00 on the
 *   US autumn-back day opens at 01:00 EDT and closes at 04:00 EST: 4 hours of elapsed time;
 * - a wall time that never happens (spring forward) is read with the offset in force before the gap,
 *   which is luxon's own choice: 02:30 becomes 03:30 EDT, the instant 2.5 h after midnight as on any
 *   other day. So 01:00–04:00 on the US spring-forward day is 2 hours of elapsed time.
 * Each interval is the true elapsed time between its two instants, so a 00:00–24:00 period is 23 h
 * or 25 h long on transition days; no day is assumed to last 24 hours.
 */
import { DateTime } from 'luxon'
import { InvariantError } from '../errors.js'

/** An opening period as minutes after local midnight, `[start, end)`, 0 ≤ start < end ≤ 1440. */
export interface MinutePeriod {
  readonly start: number
  readonly end: number
}

export interface BusinessCalendar {
  readonly id: string
  /** IANA zone in which hours and holidays are read. */
  readonly zone: string
  /** 24×7: every instant is business time; `week` and `holidays` are not consulted. */
  readonly always: boolean
  /** Opening periods per ISO weekday, index 0 = Monday … 6 = Sunday; sorted, disjoint, non-adjacent. */
  readonly week: readonly (readonly MinutePeriod[])[]
  /** Local dates (YYYY-MM-DD) on which the calendar is closed all day. */
  readonly holidays: ReadonlySet<string>
}

/**
 * Milliseconds in one day of the ECMAScript time value, which has no leap seconds and no zone
 * (ECMA-262 "Day Number and Time within Day"). Used only to number civil dates, never to measure a local day.
 */
const MS_PER_DAY = 86_400_000
const MINUTES_PER_DAY = 1440

/** The day number of the UTC date of an instant. Its local date in any zone is this, the one before or after. */
export function utcDayNumber(atMs: number): number {
  return Math.floor(atMs / MS_PER_DAY)
}

/** Open intervals as a flat, sorted list `[start0, end0, start1, end1, …]` of epoch milliseconds. */
export type DayIntervals = readonly number[]

const CLOSED: DayIntervals = Object.freeze([])

/**
 * Day intervals are recomputed only on a cache miss: luxon resolves a wall time in ~12 µs (it asks
 * Intl for the offset each time), while a cached day costs a Map lookup. SLA clocks cluster around
 * "now", so a few hundred days per calendar cover nearly every call. The cache is memoisation of a
 * pure function, keyed by the calendar object, and so is invisible to callers. Oldest entries go first.
 */
const CACHE_DAYS = 1024
const caches = new WeakMap<BusinessCalendar, Map<number, DayIntervals>>()

/** The open intervals of the local date named by `dayNumber`, in time order. */
export function dayIntervals(cal: BusinessCalendar, dayNumber: number): DayIntervals {
  let cache = caches.get(cal)
  if (!cache) {
    cache = new Map()
    caches.set(cal, cache)
  }
  let hit = cache.get(dayNumber)
  if (hit === undefined) {
    hit = computeDay(cal, dayNumber)
    if (cache.size >= CACHE_DAYS) {
      const oldest = cache.keys().next()
      if (!oldest.done) cache.delete(oldest.value)
    }
    cache.set(dayNumber, hit)
  }
  return hit
}

interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number
  readonly iso: string
}

function civilDate(dayNumber: number): CivilDate {
  const d = DateTime.fromMillis(dayNumber * MS_PER_DAY, { zone: 'utc' })
  return { year: d.year, month: d.month, day: d.day, weekday: d.weekday, iso: d.toISODate() ?? '' }
}

function computeDay(cal: BusinessCalendar, dayNumber: number): DayIntervals {
  const date = civilDate(dayNumber)
  const periods = cal.week[date.weekday - 1] ?? []
  if (periods.length === 0 || cal.holidays.has(date.iso)) return CLOSED

  // 24:00 is the next date's 00:00, resolved by the same rule, so adjacent days meet exactly.
  const nextDate = periods.some((p) => p.end === MINUTES_PER_DAY) ? civilDate(dayNumber + 1) : date
  const wall = (minutes: number): DateTime => {
    const d = minutes === MINUTES_PER_DAY ? nextDate : date
    const hm = minutes === MINUTES_PER_DAY ? 0 : minutes
    return DateTime.fromObject(
      { year: d.year, month: d.month, day: d.day, hour: Math.floor(hm / 60), minute: hm % 60 },
      { zone: cal.zone },
    )
  }
  const bounds: DateTime[] = []
  for (const p of periods) bounds.push(wall(p.start), wall(p.end))
  const ms = resolveRepeatedWallTimes(bounds)

  const pairs: [number, number][] = []
  for (let i = 0; i + 1 < ms.length; i += 2) {
    const start = ms[i]!
    const end = ms[i + 1]!
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw new InvariantError(`calendar '${cal.id}': cannot resolve ${date.iso} in zone '${cal.zone}'`)
    }
    // A period inside a spring-forward gap can come out empty or shifted onto a later period.
    if (end > start) pairs.push([start, end])
  }
  pairs.sort((a, b) => a[0] - b[0])
  const out: number[] = []
  for (const [start, end] of pairs) {
    const last = out.length - 1
    if (out.length > 0 && start <= out[last]!) out[last] = Math.max(out[last]!, end)
    else out.push(start, end)
  }
  return out.length === 0 ? CLOSED : out
}

/**
 * Longest backward or forward jump of a zone's offset worth looking for around a boundary. DST moves
 * clocks by at most 2 h; a 25 h window also covers zones that changed their standard offset by a day.
 */
const TRANSITION_WINDOW = { hours: 25 } as const

/**
 * luxon resolves a repeated wall time to its LATER occurrence; the rule here is the earlier. Asking
 * luxon for every possible offset costs ~15 µs per boundary, so it is asked only on a day whose
 * offset changes between a day before the first boundary and the last boundary: a repeated wall time
 * needs a backward transition at most one shift before its later occurrence.
 */
function resolveRepeatedWallTimes(bounds: readonly DateTime[]): number[] {
  const first = bounds[0]
  const last = bounds[bounds.length - 1]
  if (!first || !last) return []
  const steady = first.minus(TRANSITION_WINDOW).offset === first.offset && first.offset === last.offset
  if (steady) return bounds.map((b) => b.toMillis())
  return bounds.map((b) => Math.min(...b.getPossibleOffsets().map((c) => c.toMillis())))
}

/** Whether the calendar has at least one opening period in its week. */
export function hasHours(cal: BusinessCalendar): boolean {
  return cal.week.some((periods) => periods.length > 0)
}

/**
 * Consecutive days without open time after which the walk gives up. A compiled calendar with hours
 * reopens within a week of its last holiday, give or take a day lost in a spring-forward gap; a
 * longer run means a hand-built or corrupt calendar, and looping forever would hang an SLA worker.
 */
export function closedDaysLimit(cal: BusinessCalendar): number {
  return 7 * (cal.holidays.size + 2) + 366
}
