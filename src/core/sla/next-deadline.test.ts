import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clockFixture } from '../../store/store.contract.test.js'
import type { ClockState } from './clock.js'
import type { SlaMetric } from './metric.js'
import { nextDeadline } from './next-deadline.js'

function clock(metric: SlaMetric, changes: Partial<ClockState>): ClockState {
  return { ...clockFixture(metric), warnAt: null, ...changes }
}

describe('nextDeadline', () => {
  it('skips a fulfilled first response and shows the resolution due next', () => {
    const clocks = [
      clock('first_response', { status: 'fulfilled', dueAt: null, fulfilledAt: '2026-11-20T21:10:00.000Z' }),
      clock('resolution', { dueAt: '2026-11-21T05:00:00.000Z' }),
    ]
    assert.equal(nextDeadline(clocks)?.metric, 'resolution')
  })

  it('picks the running clock due first, a breached one before one still in time', () => {
    const clocks = [
      clock('resolution', { dueAt: '2026-11-21T05:00:00.000Z' }),
      clock('next_response', { dueAt: '2026-11-20T20:30:00.000Z', breachedAt: '2026-11-20T20:30:00.000Z' }),
      clock('periodic_update', { dueAt: '2026-11-20T23:00:00.000Z' }),
    ]
    assert.equal(nextDeadline(clocks)?.metric, 'next_response')
  })

  it('falls back to a paused clock, then to nothing', () => {
    const paused = clock('resolution', { status: 'paused', dueAt: null, pauseReason: 'waiting on customer' })
    assert.equal(
      nextDeadline([clock('first_response', { status: 'fulfilled', dueAt: null }), paused]),
      paused,
    )
    assert.equal(nextDeadline([clock('resolution', { status: 'stopped', dueAt: null })]), null)
    assert.equal(nextDeadline([]), null)
  })
})
