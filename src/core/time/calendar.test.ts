import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  type CalendarSpec,
  compileCalendar,
  isOpen,
  nextOpen,
  type PeriodSpec,
  parseICalHolidays,
} from './calendar.js'

const MIN = 60_000
const HOUR = 60 * MIN
const at = (iso: string): number => {
  const ms = Date.parse(iso)
  assert.ok(Number.isFinite(ms), iso)
  return ms
}
const iso = (ms: number | null): string => (ms === null ? 'null' : new Date(ms).toISOString())

function compile(spec: CalendarSpec, extra?: readonly string[]): BusinessCalendar {
  const r = compileCalendar(spec, extra)
  if ('issues' in r) assert.fail(`unexpected issues: ${JSON.stringify(r.issues)}`)
  return r.ok
}

const weekdays = (...periods: PeriodSpec[]) => ({
  mon: periods,
  tue: periods,
  wed: periods,
  thu: periods,
  fri: periods,
})
const NINE_TO_FIVE = { start: '09:00', end: '17:00' }
const acmeSpec: CalendarSpec = { id: 'acme', zone: 'America/New_York', hours: weekdays(NINE_TO_FIVE) }

describe('addBusinessTime / businessTimeBetween', () => {
  test('the Acme Friday: 4 business hours from Friday 16:47 EST end Monday 12:47 EST', () => {
    const cal = compile(acmeSpec)
    const from = at('2026-11-20T21:47:00Z') // Friday 16:47 EST
    const due = addBusinessTime(cal, from, 4 * HOUR)
    assert.equal(iso(due), '2026-11-23T17:47:00.000Z') // Monday 12:47 EST
    assert.equal(businessTimeBetween(cal, from, due), 4 * HOUR)
    // A second call is served from the day cache and must agree.
    assert.equal(addBusinessTime(cal, from, 4 * HOUR), due)
  })

  test('a lunch break is skipped: 3 h from 11:00 ends 15:00', () => {
    const cal = compile({
      ...acmeSpec,
      hours: weekdays({ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }),
    })
    const from = at('2026-06-16T15:00:00Z') // Tuesday 11:00 EDT
    assert.equal(iso(addBusinessTime(cal, from, 3 * HOUR)), '2026-06-16T19:00:00.000Z') // 15:00 EDT
    assert.equal(businessTimeBetween(cal, from, at('2026-06-16T19:00:00Z')), 3 * HOUR)
  })

  test('a holiday on a Friday: 2 h from Thursday 16:00 ends Monday 10:00', () => {
    const from = at('2026-07-02T20:00:00Z') // Thursday 16:00 EDT
    for (const cal of [
      compile({ ...acmeSpec, holidays: ['2026-07-03'] }), // Independence Day observed
      compile(acmeSpec, ['2026-07-03']),
    ]) {
      assert.equal(iso(addBusinessTime(cal, from, 2 * HOUR)), '2026-07-06T14:00:00.000Z') // Monday 10:00 EDT
      assert.equal(isOpen(cal, at('2026-07-03T16:00:00Z')), false)
      assert.equal(iso(nextOpen(cal, at('2026-07-03T13:00:00Z'))), '2026-07-06T13:00:00.000Z')
    }
  })

  test('a duration that runs out at closing time ends at closing time, not at the next opening', () => {
    const cal = compile(acmeSpec)
    const from = at('2026-11-20T21:47:00Z')
    assert.equal(iso(addBusinessTime(cal, from, 13 * MIN)), '2026-11-20T22:00:00.000Z') // Friday 17:00 EST
    assert.equal(addBusinessTime(cal, at('2026-11-21T12:00:00Z'), 0), at('2026-11-21T12:00:00Z'))
  })

  test('30 business days of 8 h: Monday 09:00 + 240 h ends six weeks later on Friday 17:00', () => {
    const cal = compile(acmeSpec)
    const from = at('2026-01-05T14:00:00Z') // Monday 09:00 EST
    const due = addBusinessTime(cal, from, 240 * HOUR)
    assert.equal(iso(due), '2026-02-13T22:00:00.000Z')
    assert.equal(businessTimeBetween(cal, from, due), 240 * HOUR)
    // Two years of business time (more days than fit the day cache) still terminates, and round-trips.
    const far = addBusinessTime(cal, from, 2 * 52 * 40 * HOUR)
    assert.equal(iso(far), '2027-12-31T22:00:00.000Z') // 104 weeks on: Friday 17:00 EST
    assert.equal(businessTimeBetween(cal, from, far), 2 * 52 * 40 * HOUR)
  })

  test('businessTimeBetween is 0 when b ≤ a and counts only open time', () => {
    const cal = compile(acmeSpec)
    const a = at('2026-11-20T21:47:00Z')
    assert.equal(businessTimeBetween(cal, a, a), 0)
    assert.equal(businessTimeBetween(cal, a, a - HOUR), 0)
    // Friday 16:47 → Saturday noon: only the 13 minutes before Friday's close.
    assert.equal(businessTimeBetween(cal, a, at('2026-11-21T17:00:00Z')), 13 * MIN)
  })

  test('24×7: addition is plain addition and the time between is b − a', () => {
    const cal = compile({ id: 'always', zone: 'UTC', always: true })
    const a = at('2026-03-08T06:30:00Z')
    assert.equal(addBusinessTime(cal, a, 26 * HOUR), a + 26 * HOUR)
    assert.equal(businessTimeBetween(cal, a, a + 26 * HOUR + 5), 26 * HOUR + 5)
    assert.equal(businessTimeBetween(cal, a, a - 1), 0)
    assert.equal(isOpen(cal, a), true)
    assert.equal(nextOpen(cal, a), a)
  })

  test('bad arguments are a bug, not a result', () => {
    const cal = compile(acmeSpec)
    assert.throws(() => addBusinessTime(cal, 0, -1), /duration ≥ 0/)
    assert.throws(() => addBusinessTime(cal, 0, Number.POSITIVE_INFINITY), /duration ≥ 0/)
    assert.throws(() => businessTimeBetween(cal, 0, Number.POSITIVE_INFINITY), /finite/)
  })

  test('a calendar built by hand with no hours: nextOpen is null, addBusinessTime throws', () => {
    const never: BusinessCalendar = { id: 'never', zone: 'UTC', always: false, week: [], holidays: new Set() }
    assert.equal(nextOpen(never, 0), null)
    assert.equal(isOpen(never, 0), false)
    assert.equal(businessTimeBetween(never, 0, HOUR), 0)
    assert.throws(() => addBusinessTime(never, 0, HOUR), /never open/)
  })
})

describe('daylight saving', () => {
  const weekend = (zone: string, ...periods: PeriodSpec[]): BusinessCalendar =>
    compile({ id: `weekend-${zone}`, zone, hours: { sat: periods, sun: periods } })

  // Each case: a Sunday with a transition, and the UTC instants of Saturday 00:00 and Monday 00:00 local.
  const cases = [
    {
      zone: 'America/New_York',
      name: 'US spring forward',
      sat: '2026-03-07T05:00:00Z',
      mon: '2026-03-09T04:00:00Z',
      sunday: 23,
    },
    {
      zone: 'America/New_York',
      name: 'US autumn back',
      sat: '2026-10-31T04:00:00Z',
      mon: '2026-11-02T05:00:00Z',
      sunday: 25,
    },
    {
      zone: 'Europe/London',
      name: 'UK spring forward',
      sat: '2026-03-28T00:00:00Z',
      mon: '2026-03-29T23:00:00Z',
      sunday: 23,
    },
    {
      zone: 'Europe/London',
      name: 'UK autumn back',
      sat: '2026-10-23T23:00:00Z',
      mon: '2026-10-26T00:00:00Z',
      sunday: 25,
    },
  ]

  for (const c of cases) {
    test(`${c.name} (${c.zone}): a 00:00–24:00 Sunday lasts ${c.sunday} h`, () => {
      const cal = weekend(c.zone, { start: '00:00', end: '24:00' })
      const sat = at(c.sat)
      const mon = at(c.mon)
      // Counted over the whole week around it, so only the open days contribute.
      assert.equal(businessTimeBetween(cal, sat - 3 * 24 * HOUR, mon + 3 * 24 * HOUR), (24 + c.sunday) * HOUR)
      assert.equal(addBusinessTime(cal, sat, (24 + c.sunday) * HOUR), mon)
      assert.equal(nextOpen(cal, sat - 5 * HOUR), sat)
      assert.equal(isOpen(cal, mon - 1), true)
      assert.equal(isOpen(cal, mon), false)
    })

    test(`${c.name} (${c.zone}): a 01:00–04:00 period is ${c.sunday === 25 ? 4 : 2} h of elapsed time`, () => {
      const cal = weekend(c.zone, { start: '01:00', end: '04:00' })
      const sunday = businessTimeBetween(cal, at(c.sat) + 24 * HOUR - 2 * HOUR, at(c.mon))
      assert.equal(sunday, (c.sunday === 25 ? 4 : 2) * HOUR)
    })
  }

  test('a repeated wall time means its first occurrence; 04:00 is after the repeat', () => {
    const cal = weekend('America/New_York', { start: '01:00', end: '04:00' })
    assert.equal(iso(nextOpen(cal, at('2026-11-01T00:00:00Z'))), '2026-11-01T05:00:00.000Z') // 01:00 EDT
    assert.equal(isOpen(cal, at('2026-11-01T06:30:00Z')), true) // 01:30 EST, the second 01:30
    assert.equal(isOpen(cal, at('2026-11-01T08:59:59.999Z')), true) // 03:59:59.999 EST
    assert.equal(isOpen(cal, at('2026-11-01T09:00:00Z')), false) // 04:00 EST
  })

  test('a boundary in the spring-forward gap is read with the offset before the gap', () => {
    // 02:30 does not exist on 2026-03-08 in New York; it becomes 03:30 EDT (07:30Z), 2.5 h after midnight.
    const cal = weekend('America/New_York', { start: '02:30', end: '05:00' })
    assert.equal(iso(nextOpen(cal, at('2026-03-08T05:00:00Z'))), '2026-03-08T07:30:00.000Z')
    assert.equal(businessTimeBetween(cal, at('2026-03-08T05:00:00Z'), at('2026-03-09T05:00:00Z')), 1.5 * HOUR)
    // A period wholly inside the gap is shifted by the gap, not dropped.
    const inGap = weekend('America/New_York', { start: '02:00', end: '02:30' })
    assert.equal(iso(nextOpen(inGap, at('2026-03-08T05:00:00Z'))), '2026-03-08T07:00:00.000Z')
    assert.equal(businessTimeBetween(inGap, at('2026-03-08T05:00:00Z'), at('2026-03-09T05:00:00Z')), 30 * MIN)
  })

  test('weekday hours across the US autumn-back weekend keep their local times', () => {
    const cal = compile(acmeSpec)
    // Friday 2026-10-30 16:00 EDT + 2 h → Monday 2026-11-02 10:00 EST.
    assert.equal(iso(addBusinessTime(cal, at('2026-10-30T20:00:00Z'), 2 * HOUR)), '2026-11-02T15:00:00.000Z')
  })
})

describe('isOpen / nextOpen at period boundaries', () => {
  const cal = compile({
    ...acmeSpec,
    hours: weekdays({ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }),
  })
  const mon0900 = at('2026-11-23T14:00:00Z')

  test('start is inclusive, end exclusive', () => {
    assert.equal(isOpen(cal, mon0900 - 1), false)
    assert.equal(isOpen(cal, mon0900), true)
    assert.equal(isOpen(cal, mon0900 + 3 * HOUR - 1), true) // 11:59:59.999
    assert.equal(isOpen(cal, mon0900 + 3 * HOUR), false) // 12:00
    assert.equal(isOpen(cal, mon0900 + 4 * HOUR), true) // 13:00
    assert.equal(isOpen(cal, mon0900 + 8 * HOUR), false) // 17:00
  })

  test('nextOpen is the instant itself when open, else the next start', () => {
    assert.equal(nextOpen(cal, mon0900), mon0900)
    assert.equal(nextOpen(cal, mon0900 - 1), mon0900)
    assert.equal(nextOpen(cal, mon0900 + 90 * MIN), mon0900 + 90 * MIN)
    assert.equal(nextOpen(cal, mon0900 + 3 * HOUR), mon0900 + 4 * HOUR) // lunch → 13:00
    assert.equal(iso(nextOpen(cal, at('2026-11-20T22:00:00Z'))), '2026-11-23T14:00:00.000Z') // Fri 17:00 → Mon 09:00
  })

  test('a period ending at 24:00 meets the next day’s 00:00 period', () => {
    const allWeek = compile({
      id: 'nights',
      zone: 'Asia/Kolkata',
      hours: { mon: [{ start: '18:00', end: '24:00' }], tue: [{ start: '00:00', end: '06:00' }] },
    })
    const mon1800 = at('2026-11-23T12:30:00Z') // +05:30
    assert.equal(businessTimeBetween(allWeek, mon1800, mon1800 + 12 * HOUR), 12 * HOUR)
    assert.equal(isOpen(allWeek, mon1800 + 6 * HOUR), true) // Tuesday 00:00
    assert.equal(addBusinessTime(allWeek, mon1800, 12 * HOUR), mon1800 + 12 * HOUR)
  })
})

describe('round trip on seeded random instants', () => {
  // mulberry32: a small deterministic generator, so a failure replays exactly.
  function rng(seed: number): () => number {
    let s = seed >>> 0
    return () => {
      s = (s + 0x6d2b79f5) >>> 0
      let t = s
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const calendars = [
    compile({
      ...acmeSpec,
      hours: weekdays({ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }),
      holidays: ['2026-01-01', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
    }),
    compile({
      id: 'london-weekend-nights',
      zone: 'Europe/London',
      hours: {
        mon: [{ start: '08:00', end: '20:00' }],
        wed: [{ start: '00:00', end: '24:00' }],
        fri: [
          { start: '07:30', end: '12:00' },
          { start: '22:00', end: '24:00' },
        ],
        sat: [{ start: '00:00', end: '02:00' }],
        sun: [{ start: '01:00', end: '04:00' }],
      },
      holidays: ['2026-04-03', '2026-12-25'],
    }),
  ]
  const yearStart = at('2026-01-01T00:00:00Z')
  const yearMs = 365 * 24 * HOUR

  for (const cal of calendars) {
    test(`${cal.id}: businessTimeBetween undoes addBusinessTime, and back`, () => {
      const next = rng(20261120)
      for (let i = 0; i < 200; i++) {
        const a = yearStart + Math.floor(next() * yearMs)
        const d = Math.floor(next() * 120 * HOUR)
        const due = addBusinessTime(cal, a, d)
        assert.equal(businessTimeBetween(cal, a, due), d, `${cal.id} ${iso(a)} + ${d}`)

        const b = a + Math.floor(next() * 30 * 24 * HOUR)
        const between = businessTimeBetween(cal, a, b)
        const reached = addBusinessTime(cal, a, between)
        assert.ok(reached <= b, `${iso(reached)} ≤ ${iso(b)}`)
        assert.equal(businessTimeBetween(cal, reached, b), 0)
        if (isOpen(cal, b) && isOpen(cal, b - 1)) assert.equal(reached, b)
      }
    })
  }
})

describe('compileCalendar', () => {
  test('compiles, sorting periods and accepting 24:00 as an end', () => {
    const cal = compile({
      id: 'x',
      zone: 'Europe/Berlin',
      hours: {
        mon: [
          { start: '13:00', end: '24:00' },
          { start: '08:00', end: '12:00' },
        ],
      },
      holidays: ['2026-12-24'],
    })
    assert.deepEqual(cal.week[0], [
      { start: 480, end: 720 },
      { start: 780, end: 1440 },
    ])
    assert.equal(cal.always, false)
    assert.ok(cal.holidays.has('2026-12-24'))
  })

  test('a 24×7 calendar needs no hours', () => {
    assert.ok('ok' in compileCalendar({ id: 'x', zone: 'UTC', always: true }))
  })

  test('reports every problem with its path', () => {
    const r = compileCalendar(
      {
        id: 'bad',
        zone: 'Mars/Olympus',
        hours: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
          tue: [{ start: '17:00', end: '09:00' }],
          wed: [{ start: '09:00', end: '25:00' }],
          thu: [{ start: '24:00', end: '24:00' }],
          fri: [{ start: '9:00', end: '17:00' }],
        },
        holidays: ['2026-02-30', '2026-07-03'],
      },
      ['July 4'],
    )
    assert.ok('issues' in r)
    assert.deepEqual(r.issues, [
      { path: ['zone'], reason: "unknown time zone 'Mars/Olympus'" },
      { path: ['hours', 'mon', 1], reason: 'overlaps hours.mon[0] (09:00–12:00)' },
      {
        path: ['hours', 'tue', 0],
        reason:
          'start 17:00 is not before end 09:00 (a period stays within one day: write an overnight shift as two periods on two days)',
      },
      { path: ['hours', 'wed', 0, 'end'], reason: "must be a time HH:MM from 00:00 to 24:00, got '25:00'" },
      { path: ['hours', 'thu', 0, 'start'], reason: '24:00 is allowed only as an end' },
      { path: ['hours', 'fri', 0, 'start'], reason: "must be a time HH:MM from 00:00 to 24:00, got '9:00'" },
      { path: ['holidays', 0], reason: "must be a date YYYY-MM-DD, got '2026-02-30'" },
      { path: ['extraHolidays', 0], reason: "must be a date YYYY-MM-DD, got 'July 4'" },
    ])
  })

  test('a calendar that is never open', () => {
    for (const hours of [undefined, {}, { mon: [] }]) {
      assert.deepEqual(compileCalendar({ id: 'closed', zone: 'UTC', ...(hours ? { hours } : {}) }), {
        issues: [{ path: ['hours'], reason: 'is never open: give it hours or set always: true' }],
      })
    }
  })

  test('an unknown weekday key (the zod schema should have caught it) is still reported', () => {
    const spec = { id: 'x', zone: 'UTC', hours: { monday: [NINE_TO_FIVE] } } as unknown as CalendarSpec
    const r = compileCalendar(spec)
    assert.ok('issues' in r)
    assert.deepEqual(r.issues[0]?.path, ['hours', 'monday'])
  })
})

describe('parseICalHolidays', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Patron//holidays test//EN',
    'BEGIN:VEVENT',
    'UID:independence-observed-2026',
    'DTSTART;VALUE=DATE:20260703',
    'SUMMARY:Independence Day (observed)',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:thanksgiving-2026',
    'DTSTART;VALUE=DATE:20261126',
    'DTEND;VALUE=DATE:20261128',
    'SUMMARY:Thanksgiving and the day after',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:christmas',
    'DTSTART;VALUE=DATE:20201225',
    'RRULE:FREQ=YEARLY',
    'SUMMARY:Christmas Day',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:all-hands',
    'DTSTART:20260415T140000Z',
    'DTEND:20260415T160000Z',
    'SUMMARY:All-hands (timed: not a holiday)',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n')

  test('all-day, multi-day and yearly events; timed events ignored', () => {
    assert.deepEqual(parseICalHolidays(ics, 2026, 2027), {
      ok: ['2026-07-03', '2026-11-26', '2026-11-27', '2026-12-25', '2027-12-25'],
    })
    assert.deepEqual(parseICalHolidays(ics, 2028, 2028), { ok: ['2028-12-25'] })
  })

  test('EXDATE and a moved occurrence (RECURRENCE-ID) are honoured', () => {
    const moved = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:founders',
      'DTSTART;VALUE=DATE:20250901',
      'RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=1MO',
      'EXDATE;VALUE=DATE:20260907',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:founders',
      'RECURRENCE-ID;VALUE=DATE:20270906',
      'DTSTART;VALUE=DATE:20270910',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n')
    assert.deepEqual(parseICalHolidays(moved, 2026, 2028), { ok: ['2027-09-10', '2028-09-04'] })
  })

  test('the parsed dates compile as extra holidays', () => {
    const parsed = parseICalHolidays(ics, 2026, 2026)
    assert.ok('ok' in parsed)
    const cal = compile(acmeSpec, parsed.ok)
    assert.equal(iso(addBusinessTime(cal, at('2026-07-02T20:00:00Z'), 2 * HOUR)), '2026-07-06T14:00:00.000Z')
  })

  test('malformed text returns an error', () => {
    for (const bad of [
      'hello',
      '',
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n',
      'BEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20260101\nEND:VEVENT',
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20261340\nEND:VEVENT\nEND:VCALENDAR',
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=BOGUS\nEND:VEVENT\nEND:VCALENDAR',
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:no start\nEND:VEVENT\nEND:VCALENDAR',
    ]) {
      const r = parseICalHolidays(bad, 2026, 2026)
      assert.ok('error' in r, `${JSON.stringify(bad)} → ${JSON.stringify(r)}`)
    }
    assert.ok('error' in parseICalHolidays(ics, 2027, 2026))
  })
})
