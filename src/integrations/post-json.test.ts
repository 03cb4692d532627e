import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseRetryAfter } from './post-json.js'

test('Retry-After is delta-seconds or an HTTP date, in ms from now (RFC 9110 §10.2.3)', () => {
  const now = new Date('2026-11-20T21:47:00.000Z')
  assert.equal(parseRetryAfter('120', now), 120_000)
  assert.equal(parseRetryAfter(' 0 ', now), 0)
  assert.equal(parseRetryAfter('Fri, 20 Nov 2026 21:48:30 GMT', now), 90_000)
  assert.equal(parseRetryAfter('Fri, 20 Nov 2026 21:00:00 GMT', now), 0)
  assert.equal(parseRetryAfter('soon', now), undefined)
  assert.equal(parseRetryAfter(null, now), undefined)
})
