import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DateTime } from 'luxon'
import { daysUntil, localTime } from './local-time.js'

test('local wall clock on both sides of the US spring-forward and autumn-back transitions', () => {
  // 2026-03-08 07:30Z is 03:30 EDT (just after 02:00 EST became 03:00 EDT); 06:30Z was 01:30 EST.
  assert.deepEqual(localTime(Date.parse('2026-03-08T06:30:00Z'), 'America/New_York'), {
    year: 2026,
    month: 3,
    day: 8,
    hour: 1,
    weekday: 7,
  })
  assert.deepEqual(localTime(Date.parse('2026-03-08T07:30:00Z'), 'America/New_York'), {
    year: 2026,
    month: 3,
    day: 8,
    hour: 3,
    weekday: 7,
  })
  // 2026-11-01: 05:30Z is 01:30 EDT, 06:30Z is 01:30 EST — the same wall hour twice.
  assert.equal(localTime(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York').hour, 1)
  assert.equal(localTime(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York').hour, 1)
})

test('the Acme Friday: 21:47Z is Friday 16:47 in New York and Saturday 05:47 in Shanghai', () => {
  const at = Date.parse('2026-11-20T21:47:00Z')
  assert.deepEqual(localTime(at, 'America/New_York'), {
    year: 2026,
    month: 11,
    day: 20,
    hour: 16,
    weekday: 5,
  })
  assert.deepEqual(localTime(at, 'Asia/Shanghai'), { year: 2026, month: 11, day: 21, hour: 5, weekday: 6 })
  assert.deepEqual(localTime(at, 'Asia/Kathmandu').hour, 3) // +05:45
})

test('agrees with luxon on a year of hourly instants in several zones', () => {
  for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']) {
    for (
      let ms = Date.parse('2026-01-01T00:00:00Z');
      ms < Date.parse('2027-01-01T00:00:00Z');
      ms += 3_600_000 * 7
    ) {
      const d = DateTime.fromMillis(ms, { zone })
      assert.deepEqual(
        localTime(ms, zone),
        { year: d.year, month: d.month, day: d.day, hour: d.hour, weekday: d.weekday },
        `${zone} ${ms}`,
      )
    }
  }
})

test('days until a date count calendar days across DST and year ends', () => {
  const friday = localTime(Date.parse('2026-11-20T21:47:00Z'), 'America/New_York')
  assert.equal(daysUntil(friday, '2027-01-07'), 48)
  assert.equal(daysUntil(friday, '2026-11-20'), 0)
  assert.equal(daysUntil(friday, '2026-11-10'), -10)
  // Across the March DST change: still whole days.
  assert.equal(daysUntil({ year: 2026, month: 3, day: 1, hour: 12, weekday: 7 }, '2026-03-15'), 14)
  // A leap day.
  assert.equal(daysUntil({ year: 2028, month: 2, day: 28, hour: 0, weekday: 1 }, '2028-03-01'), 2)
})
