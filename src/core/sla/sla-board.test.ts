/**
 * The SLA board's words and ordering, without a database.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { composeSlaBoard, percent, type SlaBoardInput } from './sla-board.js'

const base: SlaBoardInput = {
  now: new Date('2026-11-21T12:00:00.000Z'),
  days: 30,
  hours: 1,
  tiers: [
    { id: 'enterprise', name: 'Enterprise' },
    { id: 'starter', name: 'Starter' },
  ],
  escalation: [{ level: 1, notify: ['assignee'] }],
  attainment: [],
  breached: { count: 0, items: [] },
  warning: { count: 0, items: [] },
  escalationLevels: [],
  queueDepth: [],
}

test('a percentage never claims all or none when that is not so', () => {
  assert.equal(percent(18, 20), 90)
  assert.equal(percent(199, 200), 99)
  assert.equal(percent(1, 300), 1)
  assert.equal(percent(0, 3), 0)
  assert.equal(percent(3, 3), 100)
})

test('rows follow the policy tiers, then tiers it no longer has, then the metric order', () => {
  const board = composeSlaBoard({
    ...base,
    attainment: [
      { tier: 'legacy', metric: 'first_response', met: 1, breached: 0, running: 0, stopped: 0 },
      { tier: 'starter', metric: 'resolution', met: 0, breached: 2, running: 0, stopped: 1 },
      { tier: 'starter', metric: 'first_response', met: 199, breached: 1, running: 3, stopped: 0 },
      { tier: 'enterprise', metric: 'next_response', met: 0, breached: 0, running: 1, stopped: 0 },
    ],
  })
  assert.deepEqual(
    board.attainment.rows.map((r) => [r.text, r.share]),
    [
      ['Enterprise next response: none completed yet; 1 still running', null],
      ['Starter first response: 199 of 200 met (99 %); 3 still running', 0.995],
      ['Starter resolution: 0 of 2 met (0 %); 1 stopped unmet before due (solved or closed first)', 0],
      ['legacy first response: 1 of 1 met (100 %)', 1],
    ],
  )
})

test('every policy level is listed, zero included, and a level only the data has is kept', () => {
  const board = composeSlaBoard({ ...base, escalationLevels: [{ level: 5, tickets: 2 }] })
  assert.deepEqual(
    board.now.escalations.map((e) => e.text),
    ['L1 (assignee): 0 open tickets', 'L5: 2 open tickets'],
  )
})

test('a paused breached clock says so', () => {
  const board = composeSlaBoard({
    ...base,
    breached: {
      count: 1,
      items: [
        {
          ticketId: 't',
          externalId: 'x',
          subject: 's',
          tier: 'starter',
          metric: 'resolution',
          status: 'paused',
          dueAt: '2026-11-21T10:30:00.000Z',
          warnAt: null,
          breachedAt: '2026-11-21T10:30:00.000Z',
          escalationLevel: 1,
          pauseReason: 'waiting on customer',
        },
      ],
    },
  })
  assert.equal(
    board.now.breached.items[0]?.text,
    'resolution was due 2026-11-21T10:30:00.000Z: 1 hr, 30 min overdue; escalated to L1; paused: waiting on customer',
  )
  assert.deepEqual(board.now.breached.items[0]?.tier, { id: 'starter', name: 'Starter' })
})
