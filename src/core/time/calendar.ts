/**
 * @module Business-hours calendars for SLA clocks: a policy's calendar spec compiled into a value that
 * says when support is open (zone, weekly hours, holidays), plus the business-time arithmetic on it.
 *
 * This is the public entry point of `core/time` for calendars; the arithmetic lives in
 * `business-time.ts`, wall time ↔ instant resolution (and the daylight-saving rule) in
 * `open-intervals.ts`, and iCalendar holiday import in `ical-holidays.ts`.
 */
import { DateTime, IANAZone } from 'luxon'
import type { BusinessCalendar, MinutePeriod } from './open-intervals.js'

export { addBusinessTime, businessTimeBetween, isOpen, nextOpen } from './business-time.js'
export { parseICalHolidays } from './ical-holidays.js'
export type { BusinessCalendar, MinutePeriod } from './open-intervals.js'

/** Calendar weekday keys in ISO order (Monday first), as written in the policy YAML. */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number]

/** A weekly opening period on one local day, "HH:MM" to "HH:MM" ("24:00" allowed as an end). */
export interface PeriodSpec {
  readonly start: string
  readonly end: string
}

/** As written in the policy YAML (already shape-validated by zod elsewhere). */
export interface CalendarSpec {
  readonly id: string
  /** IANA zone, e.g. `America/New_York`; hours and holidays are local to it. */
  readonly zone: string
  /**
   * 24×7: every instant is business time; zone, hours and holidays do not affect the arithmetic
   * (they are still checked, so a typo does not wait to bite until `always` is switched off).
   * @default false
   */
  readonly always?: boolean
  /** Opening periods per local weekday; a missing day is closed. Overnight shifts are two periods on two days. */
  readonly hours?: Readonly<Partial<Record<WeekdayKey, readonly PeriodSpec[]>>>
  /** ISO dates YYYY-MM-DD, local to the zone: closed all day. */
  readonly holidays?: readonly string[]
}

/** One problem in a calendar spec; `path` is relative to the calendar, e.g. `['hours', 'mon', 1, 'start']`. */
export interface CalendarIssue {
  readonly path: readonly (string | number)[]
  readonly reason: string
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** "HH:MM" → minutes after midnight, or undefined when not a time from 00:00 to 24:00. */
function parseTime(text: string): number | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  return m[1] === undefined ? 1440 : Number(m[1]) * 60 + Number(m[2])
}

function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && DateTime.fromFormat(text, 'yyyy-MM-dd', { zone: 'utc' }).isValid
}

interface IndexedPeriod extends MinutePeriod {
  readonly index: number
  readonly spec: PeriodSpec
}

/** Validates one weekday's periods; returns the valid ones with their index in the spec. */
function checkDay(day: string, periods: readonly PeriodSpec[], issues: CalendarIssue[]): IndexedPeriod[] {
  const valid: IndexedPeriod[] = []
  periods.forEach((spec, index) => {
    const start = parseTime(spec.start)
    const end = parseTime(spec.end)
    if (start === undefined) {
      issues.push({ path: ['hours', day, index, 'start'], reason: timeReason(spec.start) })
    } else if (start === 1440) {
      issues.push({ path: ['hours', day, index, 'start'], reason: '24:00 is allowed only as an end' })
    }
    if (end === undefined) issues.push({ path: ['hours', day, index, 'end'], reason: timeReason(spec.end) })
    if (start === undefined || start === 1440 || end === undefined) return
    if (start >= end) {
      issues.push({
        path: ['hours', day, index],
        reason:
          `start ${spec.start} is not before end ${spec.end} ` +
          '(a period stays within one day: write an overnight shift as two periods on two days)',
      })
      return
    }
    const clash = valid.find((v) => v.start < end && start < v.end)
    if (clash) {
      issues.push({
        path: ['hours', day, index],
        reason: `overlaps hours.${day}[${clash.index}] (${clash.spec.start}–${clash.spec.end})`,
      })
      return
    }
    valid.push({ start, end, index, spec })
  })
  return valid
}

function timeReason(text: string): string {
  return `must be a time HH:MM from 00:00 to 24:00, got '${text}'`
}

/** Sorted by start, with touching periods (09:00–12:00, 12:00–13:00) joined, so intervals never abut. */
function normalise(periods: readonly MinutePeriod[]): MinutePeriod[] {
  const sorted = [...periods].sort((a, b) => a.start - b.start)
  const out: MinutePeriod[] = []
  for (const p of sorted) {
    const last = out[out.length - 1]
    if (last && p.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, p.end) }
    else out.push({ start: p.start, end: p.end })
  }
  return out
}

/**
 * Checks a calendar spec and compiles it. Every problem is reported, each with its path.
 *
 * `extraHolidays` are closed dates shared from elsewhere (a policy-wide list, an imported .ics);
 * their problems are reported under `['extraHolidays', i]`.
 */
export function compileCalendar(
  spec: CalendarSpec,
  extraHolidays: readonly string[] = [],
): { ok: BusinessCalendar } | { issues: CalendarIssue[] } {
  const issues: CalendarIssue[] = []
  if (!IANAZone.isValidZone(spec.zone))
    issues.push({ path: ['zone'], reason: `unknown time zone '${spec.zone}'` })

  const week: MinutePeriod[][] = WEEKDAY_KEYS.map(() => [])
  let written = 0
  for (const [day, periods] of Object.entries(spec.hours ?? {})) {
    const weekday = WEEKDAY_KEYS.indexOf(day as WeekdayKey)
    if (weekday < 0) {
      issues.push({ path: ['hours', day], reason: `is not a weekday: use one of ${WEEKDAY_KEYS.join(', ')}` })
      continue
    }
    written += periods?.length ?? 0
    week[weekday] = normalise(checkDay(day, periods ?? [], issues))
  }
  if (written === 0 && spec.always !== true) {
    issues.push({ path: ['hours'], reason: 'is never open: give it hours or set always: true' })
  }

  const holidays = new Set<string>()
  const addHolidays = (dates: readonly string[], field: string) =>
    dates.forEach((date, i) => {
      if (isIsoDate(date)) holidays.add(date)
      else issues.push({ path: [field, i], reason: `must be a date YYYY-MM-DD, got '${date}'` })
    })
  addHolidays(spec.holidays ?? [], 'holidays')
  addHolidays(extraHolidays, 'extraHolidays')

  if (issues.length > 0) return { issues }
  return { ok: { id: spec.id, zone: spec.zone, always: spec.always === true, week, holidays } }
}
