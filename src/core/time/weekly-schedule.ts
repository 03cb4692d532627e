/**
 * @module A weekly wall-clock schedule ("Mondays at 08:00 in America/New_York"): when it next runs, and
 * which ISO week an instant belongs to. Luxon does the calendar arithmetic, so the run stays at 08:00
 * local across daylight-saving changes (13:00 UTC in winter, 12:00 in summer for New York).
 */
import { DateTime } from 'luxon'
import { WEEKDAY_KEYS, type WeekdayKey } from './calendar.js'

export interface WeeklySchedule {
  readonly weekday: WeekdayKey
  /** Local time "HH:MM"; "24:00" is midnight at the end of the day. */
  readonly at: string
  /** IANA time zone. */
  readonly zone: string
}

/**
 * The first run strictly after `afterMs`. A local time that does not exist that day (inside a
 * spring-forward gap) runs at the same offset later, as luxon resolves it: 02:30 becomes 03:30.
 */
export function nextWeeklyRun(schedule: WeeklySchedule, afterMs: number): string {
  const [hour = 0, minute = 0] = schedule.at.split(':').map(Number)
  const weekday = WEEKDAY_KEYS.indexOf(schedule.weekday)
  const monday = DateTime.fromMillis(afterMs, { zone: schedule.zone }).startOf('week')
  const runIn = (weeks: number) =>
    monday
      .plus({ weeks, days: weekday + (hour === 24 ? 1 : 0) })
      .set({ hour: hour % 24, minute, second: 0, millisecond: 0 })
  // The run of this week may be past; next week's is always ahead (a week is longer than any DST jump).
  for (let weeks = 0; ; weeks++) {
    const run = runIn(weeks)
    if (run.toMillis() > afterMs) return run.toUTC().toISO() as string
  }
}

/** The ISO week of an instant in a zone: "2026-W48" (ISO years: 2027-01-01 is in "2026-W53"). */
export function isoWeek(atMs: number, zone: string): string {
  return DateTime.fromMillis(atMs, { zone }).toFormat("kkkk-'W'WW")
}
