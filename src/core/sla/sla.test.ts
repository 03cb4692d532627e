/**
 * SLA clocks on the demo policy: start, pause for the customer, resume, fulfil, warn, breach and
 * escalate, each step with its ledger line. Fixed instants; the Acme ticket is 2026-11-20 21:47Z.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { demoPolicyFiles, demoPolicyText } from '../../../examples/policy-fixture.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { parsePolicy } from '../policy/parse-policy.js'
import type { TicketEvent } from '../tickets/ticket-event.js'
import { type AppliedEvent, applyEvent, type TicketSlaState } from './apply-event.js'
import type { ClockState } from './clock.js'
import { evaluateClock } from './evaluate-clock.js'
import { startClocks } from './start-clocks.js'

const parsed = parsePolicy(demoPolicyText(), 'v', demoPolicyFiles())
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
const policy: CompiledPolicy = parsed.policy
const sla = policy.sla
const CREATED = '2026-11-20T21:47:00.000Z'
const ms = (iso: string) => Date.parse(iso)

function acme(): TicketSlaState {
  const cell = policy.matrix.get('enterprise')?.P2
  if (!cell) throw new Error('no cell')
  return { status: 'open', clocks: startClocks(cell, CREATED, sla).clocks }
}
const clock = (s: TicketSlaState, metric: ClockState['metric']) =>
  s.clocks.find((c) => c.metric === metric) as ClockState
let n = 0
const event = (type: TicketEvent['type'], at: string, extra: Partial<TicketEvent> = {}): TicketEvent => ({
  eventId: `e${++n}`,
  type,
  at,
  ...extra,
})
const apply = (s: TicketSlaState, e: TicketEvent): AppliedEvent => applyEvent(s, e, sla)

describe('starting', () => {
  test('enterprise P2 runs 24×7: first response, periodic update and resolution run; next response waits', () => {
    const cell = policy.matrix.get('enterprise')?.P2
    if (!cell) throw new Error('no cell')
    const { clocks, ledger } = startClocks(cell, CREATED, sla)
    assert.deepEqual(
      clocks.map((c) => [c.metric, c.status, c.dueAt, c.warnAt]),
      [
        ['first_response', 'running', '2026-11-20T22:47:00.000Z', '2026-11-20T22:17:00.000Z'],
        ['periodic_update', 'running', '2026-11-21T01:47:00.000Z', '2026-11-21T00:47:00.000Z'],
        ['resolution', 'running', '2026-11-21T05:47:00.000Z', '2026-11-21T03:47:00.000Z'],
        ['next_response', 'waiting', null, null],
      ],
    )
    assert.equal(ledger[0]?.text, 'first response clock started: 1 hr on 24×7, due 2026-11-20T22:47:00.000Z')
  })

  test('a starter P3 counts on support hours and skips the Thanksgiving holidays', () => {
    const cell = policy.matrix.get('starter')?.P3
    if (!cell) throw new Error('no cell')
    const { clocks } = startClocks(cell, '2026-11-20T21:41:00.000Z', sla)
    // 48 business hours from Friday 16:41 New York: Fri 3h19, Mon–Wed 36h, Thu–Fri holidays, Mon 8h41.
    assert.equal(clock({ status: 'open', clocks }, 'first_response').dueAt, '2026-11-30T21:41:00.000Z')
  })
})

describe('events', () => {
  test('the first public agent reply meets the first response; an internal note does not', () => {
    let s: TicketSlaState = acme()
    const note = apply(s, event('agent_reply', '2026-11-20T21:55:00.000Z', { public: false }))
    assert.equal(clock(note, 'first_response').status, 'running')
    s = apply(s, event('agent_reply', '2026-11-20T22:05:00.000Z'))
    const fr = clock(s, 'first_response')
    assert.equal(fr.status, 'fulfilled')
    assert.equal(fr.elapsedMs, 18 * 60_000)
    const reply = apply(acme(), event('agent_reply', '2026-11-20T22:05:00.000Z'))
    assert.ok(
      reply.ledger.some((e) => e.text === 'first response met by the first public agent reply after 18 min'),
    )
    assert.ok(
      reply.ledger.some((e) =>
        e.text.startsWith('periodic update clock started after the update, due 2026-11-21T02:05:00.000Z'),
      ),
    )
  })

  test('pending pauses the clocks; the customer reply resumes them with the due time moved by the pause', () => {
    const paused = apply(acme(), event('status_change', '2026-11-20T22:00:00.000Z', { status: 'pending' }))
    assert.equal(paused.status, 'pending')
    assert.equal(clock(paused, 'resolution').status, 'paused')
    assert.ok(
      paused.ledger.some((e) => e.text === 'resolution paused after 13 min used: waiting on customer'),
    )
    const resumed = apply(paused, event('customer_reply', '2026-11-21T01:12:00.000Z'))
    assert.equal(resumed.status, 'open')
    const res = clock(resumed, 'resolution')
    assert.equal(res.status, 'running')
    // Due 05:47 plus the 3 h 12 min paused.
    assert.equal(res.dueAt, '2026-11-21T08:59:00.000Z')
    assert.ok(
      resumed.ledger.some(
        (e) =>
          e.text ===
          'resolution resumed as the ticket became open after 3 hr, 12 min paused: waiting on customer',
      ),
    )
    // The customer's reply starts the next-response clock: 2 h.
    assert.equal(clock(resumed, 'next_response').status, 'running')
    assert.equal(clock(resumed, 'next_response').dueAt, '2026-11-21T03:12:00.000Z')
  })

  test('solving meets the resolution and stops the rest; reopening carries the resolution on; closing stops it', () => {
    const solved = apply(acme(), event('resolution', '2026-11-20T23:47:00.000Z'))
    assert.equal(solved.status, 'solved')
    assert.equal(clock(solved, 'resolution').status, 'fulfilled')
    assert.equal(clock(solved, 'first_response').status, 'stopped')
    const reopened = apply(solved, event('customer_reply', '2026-11-21T00:47:00.000Z'))
    assert.equal(reopened.status, 'open')
    const res = clock(reopened, 'resolution')
    assert.equal(res.status, 'running')
    assert.equal(res.elapsedMs, 2 * 3_600_000, 'the 2 h used before solving still count')
    assert.ok(reopened.ledger.some((e) => e.action === 'reopen'))
    const closed = apply(reopened, event('status_change', '2026-11-21T01:00:00.000Z', { status: 'closed' }))
    assert.ok(closed.clocks.every((c) => c.status !== 'running'))
  })

  test('an agent reply answers the customer: next response met, then waiting for the next message', () => {
    const asked = apply(acme(), event('customer_reply', '2026-11-20T22:30:00.000Z'))
    assert.equal(clock(asked, 'next_response').cycle, 2)
    const answered = apply(asked, event('agent_reply', '2026-11-20T23:00:00.000Z'))
    assert.equal(clock(answered, 'next_response').status, 'waiting')
    assert.equal(clock(answered, 'next_response').fulfilledAt, '2026-11-20T23:00:00.000Z')
  })

  test('assignment is recorded in the ledger and moves no clock', () => {
    const s = apply(
      acme(),
      event('assignment', '2026-11-20T22:00:00.000Z', { assignee: { id: 'a7', name: 'Kim Park' } }),
    )
    assert.deepEqual(s.clocks, acme().clocks)
    assert.deepEqual(
      s.ledger.map((e) => e.text),
      ['assigned to Kim Park'],
    )
  })
})

describe('warnings, breaches and escalation', () => {
  const fr = clock(acme(), 'first_response')

  test('nothing before the warning; the warning at 30 min before the breach (earlier than 75 %)', () => {
    assert.deepEqual(evaluateClock(fr, ms('2026-11-20T22:16:59.000Z'), sla).notices, [])
    const w = evaluateClock(fr, ms('2026-11-20T22:17:00.000Z'), sla)
    assert.deepEqual(
      w.notices.map((x) => x.topic),
      ['sla.warning'],
    )
    assert.equal(
      w.ledger[0]?.text,
      'warning: first response due in 30 min (1 hr target), at 2026-11-20T22:47:00.000Z',
    )
    assert.equal(w.nextWakeAt, '2026-11-20T22:47:00.000Z')
    // Evaluating again sends nothing twice.
    assert.deepEqual(evaluateClock(w.clock, ms('2026-11-20T22:20:00.000Z'), sla).notices, [])
  })

  test('the breach escalates to level 1 at once, level 2 thirty minutes later, with priority points', () => {
    const b = evaluateClock(fr, ms('2026-11-20T22:47:00.000Z'), sla)
    // Looked at first at the breach itself: the warning would come too late, so it is not sent.
    assert.deepEqual(
      b.notices.map((x) => [x.topic, x.level, x.points]),
      [
        ['sla.breach', null, 0],
        ['sla.escalation', 1, 10],
      ],
    )
    assert.equal(b.clock.status, 'running', 'a breached clock keeps counting')
    assert.equal(b.nextWakeAt, '2026-11-20T23:17:00.000Z')
    const l2 = evaluateClock(b.clock, ms('2026-11-20T23:17:00.000Z'), sla)
    assert.deepEqual(
      l2.notices.map((x) => [x.level, x.roles]),
      [[2, ['teamLead', 'csm']]],
    )
    assert.equal(
      l2.ledger[0]?.text,
      'first response escalated to level 2 (teamLead, csm) 30 min after the breach; priority +10',
    )
  })

  test('levels missed while no worker ran are applied in order, each once', () => {
    const late = evaluateClock(fr, ms('2026-11-21T04:00:00.000Z'), sla)
    assert.deepEqual(
      late.notices.map((x) => x.level ?? x.topic),
      ['sla.breach', 1, 2, 3, 4],
    )
    assert.deepEqual(
      late.ledger.map((e) => e.at),
      [
        '2026-11-20T22:47:00.000Z',
        '2026-11-20T22:47:00.000Z',
        '2026-11-20T23:17:00.000Z',
        '2026-11-21T00:47:00.000Z',
        '2026-11-21T02:47:00.000Z',
      ],
    )
    assert.equal(late.nextWakeAt, null, 'nothing more can happen without an event')
    assert.deepEqual(evaluateClock(late.clock, ms('2026-11-21T09:00:00.000Z'), sla).notices, [])
  })

  test('a paused clock neither warns nor breaches', () => {
    const paused = apply(acme(), event('status_change', '2026-11-20T22:00:00.000Z', { status: 'pending' }))
    const r = evaluateClock(clock(paused, 'first_response'), ms('2026-11-21T10:00:00.000Z'), sla)
    assert.deepEqual(r.notices, [])
    assert.equal(r.nextWakeAt, null)
  })
})

describe('after a solve, after a pause, after downtime', () => {
  test('reopening after a solve restarts the next response (the customer is waiting) and the periodic update', () => {
    const solved = apply(acme(), event('resolution', '2026-11-20T23:47:00.000Z'))
    assert.equal(clock(solved, 'periodic_update').status, 'stopped')
    const reopened = apply(solved, event('customer_reply', '2026-11-21T00:47:00.000Z'))
    const next = clock(reopened, 'next_response')
    assert.deepEqual([next.status, next.dueAt], ['running', '2026-11-21T02:47:00.000Z'])
    const update = clock(reopened, 'periodic_update')
    assert.deepEqual([update.status, update.dueAt], ['running', '2026-11-21T04:47:00.000Z'])
  })

  test('escalation after a breach waits out the time the ticket was pending', () => {
    const breached = evaluateClock(clock(acme(), 'first_response'), ms('2026-11-20T22:47:00.000Z'), sla)
    let s: TicketSlaState = {
      status: 'open',
      clocks: acme().clocks.map((c) => (c.metric === 'first_response' ? breached.clock : c)),
    }
    // Pending from 23:00 to 01:00: 13 min after the breach, then two hours waiting on the customer.
    s = apply(s, event('status_change', '2026-11-20T23:00:00.000Z', { status: 'pending' }))
    s = apply(s, event('customer_reply', '2026-11-21T01:00:00.000Z'))
    const fr = clock(s, 'first_response')
    assert.equal(fr.pausedAfterBreachMs, 2 * 3_600_000)
    // Level 2 was due 30 min after the breach (23:17); the pause moves it to 01:17.
    const before = evaluateClock(fr, ms('2026-11-21T01:16:59.000Z'), sla)
    assert.deepEqual(before.notices, [])
    assert.equal(before.nextWakeAt, '2026-11-21T01:17:00.000Z')
    const l2 = evaluateClock(fr, ms('2026-11-21T01:17:00.000Z'), sla)
    assert.deepEqual(
      l2.notices.map((x) => [x.level, x.at]),
      [[2, '2026-11-21T01:17:00.000Z']],
    )
  })

  test('catching up after downtime sends only the highest level due; the rest are recorded as passed over', () => {
    const late = evaluateClock(clock(acme(), 'first_response'), ms('2026-11-21T01:00:00.000Z'), sla)
    assert.deepEqual(
      late.notices.map((x) => [x.topic, x.level, x.send]),
      [
        ['sla.breach', null, true],
        ['sla.escalation', 1, false],
        ['sla.escalation', 2, false],
        ['sla.escalation', 3, true],
      ],
    )
    assert.match(
      late.ledger[1]?.text ?? '',
      /level 1 .*\(passed over: a higher level was due at the same time\)$/,
    )
    // Points still count for every level passed.
    assert.equal(
      late.notices.reduce((sum, x) => sum + x.points, 0),
      30,
    )
  })

  test('a clock on a calendar the policy no longer has counts 24×7 rather than stopping', () => {
    const cell = policy.matrix.get('starter')?.P3
    if (!cell) throw new Error('no cell')
    const started = startClocks(cell, '2026-11-20T21:41:00.000Z', sla).clocks
    const orphan = {
      ...clock({ status: 'open', clocks: started }, 'resolution'),
      calendar: 'retired-calendar',
    }
    const paused = apply(
      { status: 'open', clocks: [orphan] },
      event('status_change', '2026-11-21T21:41:00.000Z', { status: 'pending' }),
    )
    // A day of wall time is a day used on 24×7 (on support hours it would be 3 h 19 min).
    assert.equal(clock(paused, 'resolution').elapsedMs, 24 * 3_600_000)
  })
})
