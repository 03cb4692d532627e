import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isoWeek, nextWeeklyRun } from './weekly-schedule.js'

const ms = (iso: string) => Date.parse(iso)
const mondays8 = { weekday: 'mon', at: '08:00', zone: 'America/New_York' } as const

describe('nextWeeklyRun', () => {
  test('from a Friday: the coming Monday at 08:00 New York time', () => {
    assert.equal(nextWeeklyRun(mondays8, ms('2026-11-20T21:50:00Z')), '2026-11-23T13:00:00.000Z')
  })

  test('exactly at the run time: the next week (strictly after)', () => {
    assert.equal(nextWeeklyRun(mondays8, ms('2026-11-23T13:00:00Z')), '2026-11-30T13:00:00.000Z')
  })

  test('a minute before the run time: this week', () => {
    assert.equal(nextWeeklyRun(mondays8, ms('2026-11-23T12:59:00Z')), '2026-11-23T13:00:00.000Z')
  })

  test('Monday 07:00 in New York: 08:00 the same day', () => {
    assert.equal(nextWeeklyRun(mondays8, ms('2026-11-23T12:00:00Z')), '2026-11-23T13:00:00.000Z')
  })

  test('across the autumn DST change: 08:00 local moves from 12:00 to 13:00 UTC', () => {
    // US daylight saving ends on Sunday 2026-11-01.
    assert.equal(nextWeeklyRun(mondays8, ms('2026-10-20T12:00:00Z')), '2026-10-26T12:00:00.000Z')
    assert.equal(nextWeeklyRun(mondays8, ms('2026-10-27T12:00:00Z')), '2026-11-02T13:00:00.000Z')
  })

  test('across the spring DST change, and a run inside the gap moves to 03:30', () => {
    // US daylight saving starts on Sunday 2027-03-14 at 02:00.
    assert.equal(nextWeeklyRun(mondays8, ms('2027-03-10T12:00:00Z')), '2027-03-15T12:00:00.000Z')
    const sunday0230 = { weekday: 'sun', at: '02:30', zone: 'America/New_York' } as const
    assert.equal(nextWeeklyRun(sunday0230, ms('2027-03-10T12:00:00Z')), '2027-03-14T07:30:00.000Z')
  })

  test('24:00 is midnight at the end of the day', () => {
    const sunday24 = { weekday: 'sun', at: '24:00', zone: 'UTC' } as const
    assert.equal(nextWeeklyRun(sunday24, ms('2026-11-20T21:50:00Z')), '2026-11-23T00:00:00.000Z')
  })

  test('a zone ahead of UTC: Monday 08:00 in Shanghai is Monday 00:00 UTC', () => {
    const shanghai = { weekday: 'mon', at: '08:00', zone: 'Asia/Shanghai' } as const
    assert.equal(nextWeeklyRun(shanghai, ms('2026-11-22T23:59:00Z')), '2026-11-23T00:00:00.000Z')
    assert.equal(nextWeeklyRun(shanghai, ms('2026-11-23T00:00:00Z')), '2026-11-30T00:00:00.000Z')
  })
})

describe('isoWeek', () => {
  test('counts in the zone given', () => {
    // Sunday evening in New York is already Monday in UTC.
    assert.equal(isoWeek(ms('2026-11-23T02:00:00Z'), 'America/New_York'), '2026-W47')
    assert.equal(isoWeek(ms('2026-11-23T02:00:00Z'), 'UTC'), '2026-W48')
  })

  test('uses the ISO week-numbering year at a year boundary', () => {
    assert.equal(isoWeek(ms('2027-01-01T12:00:00Z'), 'UTC'), '2026-W53')
    assert.equal(isoWeek(ms('2025-12-29T12:00:00Z'), 'UTC'), '2026-W01')
  })
})
