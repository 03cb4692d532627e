/**
 * The managers' SLA board over HTTP: tickets ingested and answered on an injected clock, a worker that
 * records warnings, breaches and escalations, and the board's counts checked one by one. Runs on PGlite,
 * or PostgreSQL when DATABASE_URL is set.
 *
 * The story, all enterprise P2 (24×7: first response 1 h, periodic update 4 h, resolution 8 h; warning
 * at 30 min before a first response is due) unless said otherwise, "now" ending at 2026-11-21 12:00Z:
 *   early    created 11-20 10:00, answered 10:10, solved 10:30        all met
 *   starter  Bright Pixel, starter P3 on support hours, 11-20 21:41; answered 11-21 11:00, still open
 *   met      created 11-21 00:00, answered 00:20, solved 01:00        all met
 *   late     created 01:00, breached 02:00, answered 02:10 (late), updated 05:00, then silent: periodic
 *            update and resolution breached at 09:00, escalated to L3 at 11:00
 *   overdue  created 10:30, first response due 11:30, no timer run before the first look at 12:00
 *   warned   created 11:15, first response due 12:15, warning from 11:45
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { NO_CHANNELS } from '../app/deps.js'
import { startWorker, type Worker } from '../jobs/runner.js'
import { type SlaBoardView, slaBoardView } from './sla-board-schemas.js'
import { assertProblem, call, drain as drainWorker, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

let s: TestServer
let worker: Worker
const api = (method: string, path: string, body?: unknown) => call(s.url, method, path, body)
const at = (iso: string) => s.setNow(new Date(iso))
const drain = () => drainWorker(worker)
const ids: Record<string, string> = {}

async function acme(name: string, createdAt: string): Promise<void> {
  at(createdAt)
  const res = await api('POST', '/v1/tickets', {
    ...fixture('tickets/acme-vp-billing.json'),
    externalId: `sb-${name}`,
    subject: `Acme ${name}`,
    createdAt,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  assert.equal(res.body.tier.id, 'enterprise')
  assert.equal(res.body.severity.effective, 'P2')
  ids[name] = res.body.id
}

async function event(name: string, eventId: string, type: string, when: string): Promise<void> {
  at(when)
  const res = await api('POST', `/v1/tickets/${ids[name]}/events`, { eventId, type, at: when })
  assert.equal(res.status, 201, JSON.stringify(res.body))
}

async function board(query = ''): Promise<SlaBoardView> {
  const res = await api('GET', `/v1/sla/summary${query}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return slaBoardView.parse(res.body)
}

/** Attainment rows as [tier, metric, met, breached, running, stopped, share, text]. */
const rows = (b: SlaBoardView) =>
  b.attainment.rows.map((r) => [
    r.tier.id,
    r.metric,
    r.met,
    r.breached,
    r.running,
    r.stopped,
    r.share,
    r.text,
  ])

const FULL_ATTAINMENT = [
  [
    'enterprise',
    'first_response',
    2,
    2,
    1,
    0,
    0.5,
    'enterprise first response: 2 of 4 met (50 %); 1 still running',
  ],
  [
    'enterprise',
    'periodic_update',
    4,
    1,
    2,
    2,
    0.8,
    'enterprise periodic update: 4 of 5 met (80 %); 2 still running; 2 stopped unmet before due (solved or closed first)',
  ],
  [
    'enterprise',
    'resolution',
    2,
    1,
    2,
    0,
    0.6667,
    'enterprise resolution: 2 of 3 met (67 %); 2 still running',
  ],
  ['starter', 'first_response', 1, 0, 0, 0, 1, 'starter first response: 1 of 1 met (100 %)'],
  ['starter', 'resolution', 0, 0, 1, 0, null, 'starter resolution: none completed yet; 1 still running'],
]

before(async () => {
  s = await startTestServer({ now: new Date('2026-11-20T09:00:00.000Z'), channels: NO_CHANNELS })
  worker = startWorker(s.deps, { loop: false, lockTimeoutMs: 60_000 })
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
    assert.equal((await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  }

  await acme('early', '2026-11-20T10:00:00.000Z')
  await event('early', 'r1', 'agent_reply', '2026-11-20T10:10:00.000Z')
  await event('early', 'done', 'resolution', '2026-11-20T10:30:00.000Z')

  at('2026-11-20T21:50:00.000Z')
  const starter = await api('POST', '/v1/tickets', fixture('tickets/brightpixel-csv-export.json'))
  assert.equal(starter.status, 201)
  assert.equal(starter.body.tier.id, 'starter')
  ids.starter = starter.body.id

  await acme('met', '2026-11-21T00:00:00.000Z')
  await event('met', 'r1', 'agent_reply', '2026-11-21T00:20:00.000Z')
  await event('met', 'done', 'resolution', '2026-11-21T01:00:00.000Z')

  await acme('late', '2026-11-21T01:00:00.000Z')
  at('2026-11-21T02:00:00.000Z')
  await drain()
  await event('late', 'r1', 'agent_reply', '2026-11-21T02:10:00.000Z')
  await event('late', 'r2', 'agent_reply', '2026-11-21T05:00:00.000Z')

  await acme('overdue', '2026-11-21T10:30:00.000Z')
  await drain()
  await event('starter', 'r1', 'agent_reply', '2026-11-21T11:00:00.000Z')
  await acme('warned', '2026-11-21T11:15:00.000Z')
  at('2026-11-21T12:00:00.000Z')
})
after(async () => {
  await worker.stop()
  await s.close()
})

describe('GET /v1/sla/summary before the timer has caught up', () => {
  let b: SlaBoardView
  before(async () => {
    b = await board()
  })

  test('attainment per tier and metric over 30 days, each number in words', () => {
    assert.equal(b.generatedAt, '2026-11-21T12:00:00.000Z')
    assert.deepEqual(
      { days: b.attainment.days, from: b.attainment.from, to: b.attainment.to },
      { days: 30, from: '2026-10-22T12:00:00.000Z', to: '2026-11-21T12:00:00.000Z' },
    )
    assert.deepEqual(rows(b), FULL_ATTAINMENT)
  })

  test('a clock running past due is breached now, though no timer recorded it', () => {
    assert.equal(b.now.breached.count, 3)
    assert.deepEqual(
      b.now.breached.items.map((c) => [
        c.ticketId,
        c.metric,
        c.status,
        c.dueAt,
        c.breachedAt,
        c.escalationLevel,
      ]),
      [
        [ids.late, 'periodic_update', 'running', '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z', 2],
        [ids.late, 'resolution', 'running', '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z', 2],
        [ids.overdue, 'first_response', 'running', '2026-11-21T11:30:00.000Z', null, 0],
      ],
    )
    const overdue = b.now.breached.items[2]
    assert.equal(overdue?.subject, 'Acme overdue')
    assert.deepEqual(overdue?.tier, { id: 'enterprise', name: 'enterprise' })
    assert.equal(
      overdue?.text,
      'first response was due 2026-11-21T11:30:00.000Z: 30 min overdue; breach not yet recorded by the timer',
    )
    assert.equal(
      b.now.breached.items[0]?.text,
      'periodic update was due 2026-11-21T09:00:00.000Z: 3 hr overdue; escalated to L2',
    )
  })

  test('a clock past its warning instant is in its warning window', () => {
    assert.equal(b.now.warning.count, 1)
    const w = b.now.warning.items[0]
    assert.deepEqual(
      [w?.ticketId, w?.metric, w?.dueAt, w?.warnAt, w?.breachedAt],
      [ids.warned, 'first_response', '2026-11-21T12:15:00.000Z', '2026-11-21T11:45:00.000Z', null],
    )
    assert.equal(w?.text, 'first response due 2026-11-21T12:15:00.000Z, in 15 min')
  })

  test('escalations: the level recorded so far', () => {
    assert.deepEqual(
      b.now.escalations.map((e) => [e.label, e.tickets]),
      [
        ['L1', 0],
        ['L2', 1],
        ['L3', 0],
        ['L4', 0],
      ],
    )
    assert.equal(b.now.escalations[1]?.text, 'L2 (teamLead, csm): 1 open ticket')
  })
})

describe('GET /v1/sla/summary after the timer ran', () => {
  let b: SlaBoardView
  before(async () => {
    await drain()
    b = await board()
  })

  test('attainment is the same: an overdue clock was counted breached already', () => {
    assert.deepEqual(rows(b), FULL_ATTAINMENT)
  })

  test('the breach is recorded and escalated; the warning stays until the due time', () => {
    assert.deepEqual(
      b.now.breached.items.map((c) => [c.ticketId, c.metric, c.breachedAt, c.escalationLevel]),
      [
        [ids.late, 'periodic_update', '2026-11-21T09:00:00.000Z', 3],
        [ids.late, 'resolution', '2026-11-21T09:00:00.000Z', 3],
        [ids.overdue, 'first_response', '2026-11-21T11:30:00.000Z', 2],
      ],
    )
    assert.deepEqual(
      b.now.warning.items.map((c) => [c.ticketId, c.metric]),
      [[ids.warned, 'first_response']],
    )
  })

  test('escalations: L2 at 30 min after the breach, L3 at 2 h', () => {
    assert.deepEqual(
      b.now.escalations.map((e) => [e.level, e.tickets, e.text]),
      [
        [1, 0, 'L1 (assignee, teamLead): 0 open tickets'],
        [2, 1, 'L2 (teamLead, csm): 1 open ticket'],
        [3, 1, 'L3 (csm, accountExecutive): 1 open ticket'],
        [4, 0, 'L4 (supportVp): 0 open tickets'],
      ],
    )
  })

  test('queue depth: open tickets at each hour of the last 48', () => {
    const points = b.queueDepth.points
    assert.equal(b.queueDepth.hours, 48)
    assert.equal(points.length, 48)
    assert.deepEqual(points[0], { at: '2026-11-19T13:00:00.000Z', open: 0 })
    const depth = Object.fromEntries(points.map((p) => [p.at.slice(5, 16), p.open]))
    assert.deepEqual(
      [
        '11-20T09:00',
        '11-20T10:00',
        '11-20T11:00',
        '11-20T21:00',
        '11-20T22:00',
        '11-21T00:00',
        '11-21T01:00',
        '11-21T10:00',
        '11-21T11:00',
        '11-21T12:00',
      ].map((h) => depth[h]),
      // early is open 10:00–10:30, the starter ticket from 21:41, met 00:00–01:00, late from 01:00,
      // overdue from 10:30, warned from 11:15.
      [0, 1, 0, 0, 1, 2, 2, 2, 3, 4],
    )
  })

  test('queue depth over fewer hours counts what was open before the first hour', async () => {
    assert.deepEqual((await board('?hours=1')).queueDepth.points, [
      { at: '2026-11-21T12:00:00.000Z', open: 4 },
    ])
    assert.deepEqual(
      (await board('?hours=3')).queueDepth.points.map((p) => p.open),
      [2, 3, 4],
    )
    const fourteen = (await board('?hours=14')).queueDepth.points
    assert.equal(fourteen.length, 14)
    assert.deepEqual(fourteen[0], { at: '2026-11-20T23:00:00.000Z', open: 1 })
  })

  test('a one-day window leaves out the clocks started before it', async () => {
    const day = await board('?days=1')
    assert.equal(day.attainment.from, '2026-11-20T12:00:00.000Z')
    assert.deepEqual(
      rows(day).filter((r) => r[0] === 'enterprise'),
      [
        [
          'enterprise',
          'first_response',
          1,
          2,
          1,
          0,
          0.3333,
          'enterprise first response: 1 of 3 met (33 %); 1 still running',
        ],
        [
          'enterprise',
          'periodic_update',
          3,
          1,
          2,
          1,
          0.75,
          'enterprise periodic update: 3 of 4 met (75 %); 2 still running; 1 stopped unmet before due (solved or closed first)',
        ],
        [
          'enterprise',
          'resolution',
          1,
          1,
          2,
          0,
          0.5,
          'enterprise resolution: 1 of 2 met (50 %); 2 still running',
        ],
      ],
    )
  })

  test('solving a breached ticket takes it off the board now; its attainment stays', async () => {
    await event('late', 'done', 'resolution', '2026-11-21T12:00:00.000Z')
    const after = await board()
    assert.deepEqual(
      after.now.breached.items.map((c) => [c.ticketId, c.metric]),
      [[ids.overdue, 'first_response']],
    )
    assert.deepEqual(
      after.now.escalations.map((e) => e.tickets),
      [0, 1, 0, 0],
    )
    const resolution = after.attainment.rows.find(
      (r) => r.tier.id === 'enterprise' && r.metric === 'resolution',
    )
    assert.deepEqual([resolution?.met, resolution?.breached, resolution?.running], [2, 1, 2])
    const periodic = after.attainment.rows.find(
      (r) => r.tier.id === 'enterprise' && r.metric === 'periodic_update',
    )
    assert.deepEqual([periodic?.met, periodic?.breached, periodic?.stopped], [4, 1, 2])
    assert.equal(after.queueDepth.points.at(-1)?.open, 3)
  })
})

describe('bad query input is a 400 problem naming the field', () => {
  const cases: [string, string, RegExp][] = [
    ['days=0', 'days', /1–365/],
    ['days=366', 'days', /1–365/],
    ['days=1.5', 'days', /whole number/],
    ['days=', 'days', /1–365/],
    ['hours=abc', 'hours', /whole number of hours/],
    ['hours=0', 'hours', /1–720/],
    ['hours=721', 'hours', /1–720/],
    ['color=red', 'color', /is not a known field/],
  ]
  for (const [query, field, reason] of cases) {
    test(query, async () => {
      const res = await api('GET', `/v1/sla/summary?${query}`)
      const p = assertProblem(res, 400, 'PATRON_E_VALIDATION')
      assert.equal(p.errors?.length, 1, JSON.stringify(p))
      assert.equal(p.errors?.[0]?.field, field)
      assert.match(p.errors?.[0]?.reason ?? '', reason)
    })
  }

  test('the route is in the OpenAPI document with its query and bearer security', async () => {
    const doc = (await api('GET', '/openapi.json')).body
    const get = doc.paths['/v1/sla/summary']?.get
    assert.ok(get, 'missing /v1/sla/summary')
    assert.deepEqual(get.security, [{ bearer: [] }])
    assert.deepEqual(get.parameters.map((p: { name: string }) => p.name).sort(), ['days', 'hours'])
  })
})
