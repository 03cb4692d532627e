/**
 * @module Holiday dates read from an iCalendar (.ics, RFC 5545) text, such as a public-holiday feed.
 *
 * Only all-day events count: an event whose DTSTART is a DATE closes every date from DTSTART up to,
 * not including, DTEND (RFC 5545 §3.6.1: with neither DTEND nor DURATION it lasts one day). Timed
 * events (a meeting, a half-day closure at 13:00) are ignored, because a calendar holiday closes a
 * whole local day. Recurrences (RRULE, RDATE, EXDATE and RECURRENCE-ID overrides) are expanded by ical.js.
 */
import ICAL from 'ical.js'
import { DateTime } from 'luxon'

/** More years than any holiday feed needs; it bounds the work an unbounded RRULE can cause. */
const MAX_YEARS = 100
/**
 * Occurrences inspected per recurring event before giving up. A daily rule from 1970 reaches 2100
 * in ~47,500 steps; an HOURLY rule on a date would never reach the range in reasonable time.
 */
const MAX_OCCURRENCES = 50_000

type ICalTime = InstanceType<typeof ICAL.Time>
type ICalEvent = InstanceType<typeof ICAL.Event>
type ICalComponent = InstanceType<typeof ICAL.Component>

class ICalHolidayError extends Error {}

/**
 * Holidays from an iCalendar (.ics) text: every all-day VEVENT's dates (multi-day events expand to
 * each day; yearly/other RRULEs expand within [fromYear, toYear]). Timed events are ignored.
 *
 * Only dates in years `fromYear`…`toYear` are returned (single events too, so the result is "the
 * holidays of these years"), sorted and without duplicates. Cancelled events (STATUS:CANCELLED) are skipped.
 */
export function parseICalHolidays(
  text: string,
  fromYear: number,
  toYear: number,
): { ok: string[] } | { error: string } {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    return { error: `expected whole years with fromYear ≤ toYear, got ${fromYear}…${toYear}` }
  }
  if (toYear - fromYear >= MAX_YEARS)
    return { error: `at most ${MAX_YEARS} years at a time, got ${fromYear}…${toYear}` }
  try {
    const dates = new Set<string>()
    for (const event of events(calendars(text))) collect(event, fromYear, toYear, dates)
    return { ok: [...dates].sort() }
  } catch (e) {
    return { error: `not a usable iCalendar text: ${e instanceof Error ? e.message : String(e)}` }
  }
}

function calendars(text: string): ICalComponent[] {
  const parsed: unknown = ICAL.parse(text)
  // One component parses to ['vcalendar', props, children]; several to a list of those.
  const list = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]
  const out: ICalComponent[] = []
  for (const jcal of list) {
    if (!Array.isArray(jcal) || jcal[0] !== 'vcalendar')
      throw new ICalHolidayError('expected BEGIN:VCALENDAR')
    out.push(new ICAL.Component(jcal))
  }
  return out
}

/** Master events, with their RECURRENCE-ID overrides attached so an expansion uses the moved dates. */
function events(roots: readonly ICalComponent[]): ICalEvent[] {
  const all: ICalEvent[] = []
  const overrides: ICalEvent[] = []
  const series = new Map<string, ICalEvent>()
  for (const root of roots) {
    for (const vevent of root.getAllSubcomponents('vevent')) {
      checkDates(vevent)
      const event = new ICAL.Event(vevent)
      if (event.isRecurrenceException()) {
        overrides.push(event)
        continue
      }
      all.push(event)
      if (event.uid && event.isRecurring()) series.set(event.uid, event)
    }
  }
  for (const o of overrides) {
    const master = series.get(o.uid)
    if (master) master.relateException(o)
    else all.push(o) // an override whose series is not in this file is just an event
  }
  return all
}

/**
 * ical.js turns a malformed DATE such as 20261340 into a normalised time without complaint, so the
 * text of each DATE value is checked before it is used.
 */
function checkDates(vevent: ICalComponent): void {
  const start = vevent.getFirstProperty('dtstart')
  if (!start) throw new ICalHolidayError(`event '${uidOf(vevent)}' has no DTSTART`)
  for (const prop of [start, vevent.getFirstProperty('dtend')]) {
    if (prop?.type !== 'date') continue
    const raw = String(prop.toJSON()[3])
    if (!DateTime.fromFormat(raw, 'yyyy-MM-dd', { zone: 'utc' }).isValid) {
      throw new ICalHolidayError(
        `event '${uidOf(vevent)}' has an invalid ${prop.name.toUpperCase()} date '${raw}'`,
      )
    }
  }
}

function uidOf(vevent: ICalComponent): string {
  return String(vevent.getFirstPropertyValue('uid') ?? vevent.getFirstPropertyValue('summary') ?? '?')
}

function collect(event: ICalEvent, fromYear: number, toYear: number, out: Set<string>): void {
  if (String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return
  if (!event.isRecurring()) {
    addDays(event.startDate, event.endDate, fromYear, toYear, out)
    return
  }
  const it = event.iterator()
  for (let n = 0; ; n++) {
    if (n >= MAX_OCCURRENCES) {
      throw new ICalHolidayError(
        `event '${event.uid}' repeats more than ${MAX_OCCURRENCES} times before ${toYear + 1}`,
      )
    }
    const occurrence = it.next()
    if (!occurrence || occurrence.year > toYear) return
    const details = event.getOccurrenceDetails(occurrence)
    if (String(details.item?.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED')
      continue
    addDays(details.startDate, details.endDate, fromYear, toYear, out)
  }
}

/** Adds each date from `start` up to, not including, `end` (at least `start`) within the years. */
function addDays(start: ICalTime, end: ICalTime, fromYear: number, toYear: number, out: Set<string>): void {
  if (!start.isDate) return
  const first = DateTime.fromObject({ year: start.year, month: start.month, day: start.day }, { zone: 'utc' })
  const stop = DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone: 'utc' })
  const rangeStart = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: 'utc' })
  const rangeStop = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone: 'utc' })
  let day = first < rangeStart ? rangeStart : first
  const last = stop > first ? stop : first.plus({ days: 1 })
  const until = last < rangeStop ? last : rangeStop
  for (; day < until; day = day.plus({ days: 1 })) out.add(day.toISODate() ?? '')
}
