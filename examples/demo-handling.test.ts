import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ticketEventBody } from '../src/app/input-schemas.js'
import { generateDemo } from './demo-data.js'
import { type DemoHandling, type HandledTicket, handlingEvents } from './demo-handling.js'

const NOW = new Date('2026-11-20T22:00:00Z')
const NOW_MS = NOW.getTime()
const demo = generateDemo({ seed: 42, now: NOW })

const plan = (changes: Partial<DemoHandling> = {}): DemoHandling => ({
  externalId: 'demo-1',
  agent: { id: 'agent-sam', name: 'Sam Patel' },
  firstReply: 0.5,
  askedCustomer: null,
  solved: 0.5,
  csat: { rating: 4, afterMinutes: 60 },
  ...changes,
})

// Arrived 10 h before NOW; first response due 2 h after, resolution 8 h after.
const ticket: HandledTicket = {
  createdAt: '2026-11-20T12:00:00.000Z',
  sla: { firstResponseDueAt: '2026-11-20T14:00:00.000Z', resolutionDueAt: '2026-11-20T20:00:00.000Z' },
  severity: 'P3',
  periodicUpdateMs: null,
}

describe('demo handling plans', () => {
  it('has one plan per ticket, in ticket order', () => {
    assert.deepEqual(
      demo.handling.map((h) => h.externalId),
      demo.tickets.map((t) => t.externalId),
    )
  })

  it('answers most tickets in time, and some late', () => {
    const late = demo.handling.filter((h) => h.firstReply > 1).length
    assert.ok(late > 0, 'some first replies are late')
    assert.ok(late / demo.handling.length < 0.2, `late share ${late / demo.handling.length}`)
    assert.ok(
      demo.handling.filter((h) => h.solved === null).length > 0,
      'some tickets are still being worked',
    )
  })

  it('rates only solved tickets, 1 to 5', () => {
    for (const h of demo.handling) {
      if (h.csat === null) continue
      assert.notEqual(h.solved, null, h.externalId)
      assert.ok(Number.isInteger(h.csat.rating) && h.csat.rating >= 1 && h.csat.rating <= 5)
    }
  })
})

describe('handlingEvents', () => {
  it('places the reply and the solve at their share of the ticket’s own windows', () => {
    const events = handlingEvents(plan(), ticket, NOW_MS)
    assert.deepEqual(
      events.map((e) => [e.type, e.at]),
      [
        ['assignment', '2026-11-20T12:05:00.000Z'],
        ['agent_reply', '2026-11-20T13:00:00.000Z'],
        ['status_change', '2026-11-20T16:00:00.000Z'],
        ['satisfaction', '2026-11-20T17:00:00.000Z'],
      ],
    )
    assert.equal(events[0]?.assignee?.id, 'agent-sam')
    assert.equal(events[2]?.status, 'solved')
    assert.equal(events[3]?.rating, 4)
  })

  it('waits on the customer when the agent asked something', () => {
    const events = handlingEvents(
      plan({ askedCustomer: { answerAfterMinutes: 30, nextReplyMinutes: 10 }, solved: null, csat: null }),
      ticket,
      NOW_MS,
    )
    assert.deepEqual(
      events.map((e) => [e.type, e.status ?? null, e.at]),
      [
        ['assignment', null, '2026-11-20T12:05:00.000Z'],
        ['agent_reply', null, '2026-11-20T13:00:00.000Z'],
        ['status_change', 'pending', '2026-11-20T13:01:00.000Z'],
        ['customer_reply', null, '2026-11-20T13:31:00.000Z'],
        ['agent_reply', null, '2026-11-20T13:41:00.000Z'],
      ],
    )
  })

  it('keeps a ticket with periodic updates posted, and solves it even when the plan left it open', () => {
    const urgent = { ...ticket, severity: 'P2' as const, periodicUpdateMs: 3_600_000 }
    const events = handlingEvents(plan({ solved: null, csat: null }), urgent, NOW_MS)
    assert.deepEqual(
      events.map((e) => [e.type, e.at]),
      [
        ['assignment', '2026-11-20T12:05:00.000Z'],
        ['agent_reply', '2026-11-20T13:00:00.000Z'],
        ['agent_reply', '2026-11-20T13:42:00.000Z'],
        ['agent_reply', '2026-11-20T14:24:00.000Z'],
        ['agent_reply', '2026-11-20T15:06:00.000Z'],
        ['agent_reply', '2026-11-20T15:48:00.000Z'],
        ['agent_reply', '2026-11-20T16:30:00.000Z'],
        ['agent_reply', '2026-11-20T17:12:00.000Z'],
        ['agent_reply', '2026-11-20T17:54:00.000Z'],
        ['agent_reply', '2026-11-20T18:36:00.000Z'],
        ['status_change', '2026-11-20T19:12:00.000Z'],
      ],
    )
  })

  it('solves a P1 or P2 the plan left open; a P3 may stay open', () => {
    const open = plan({ solved: null, csat: null })
    assert.equal(handlingEvents(open, { ...ticket, severity: 'P1' }, NOW_MS).at(-1)?.status, 'solved')
    assert.equal(handlingEvents(open, ticket, NOW_MS).at(-1)?.type, 'agent_reply')
  })

  it('stops at now: what has not happened yet is left for the live demo', () => {
    const events = handlingEvents(plan(), ticket, Date.parse('2026-11-20T13:30:00Z'))
    assert.deepEqual(
      events.map((e) => e.type),
      ['assignment', 'agent_reply'],
    )
    assert.deepEqual(handlingEvents(plan(), ticket, Date.parse('2026-11-20T12:01:00Z')), [])
  })

  it('keeps events in order and a minute apart even when the plan’s shares collide', () => {
    const events = handlingEvents(plan({ firstReply: 0.001, solved: 0.001 }), ticket, NOW_MS)
    for (let i = 1; i < events.length; i++) {
      assert.ok(Date.parse(events[i]!.at) - Date.parse(events[i - 1]!.at) >= 60_000)
    }
    assert.ok(Date.parse(events[0]!.at) > Date.parse(ticket.createdAt))
  })

  it('writes events the events API accepts', () => {
    const events = handlingEvents(
      plan({ askedCustomer: { answerAfterMinutes: 5, nextReplyMinutes: 5 } }),
      ticket,
      NOW_MS,
    )
    assert.equal(events.length, 7)
    for (const e of events) assert.ok(ticketEventBody.safeParse(e).success, JSON.stringify(e))
    assert.equal(new Set(events.map((e) => e.eventId)).size, events.length)
  })
})
