import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retryDelayMs } from './backoff.js'

test('delays double per attempt within ±20 % and stop at the cap', () => {
  for (let attempt = 1; attempt <= 6; attempt++) {
    const d = retryDelayMs(42, attempt)
    const nominal = 5_000 * 2 ** (attempt - 1)
    assert.ok(d >= nominal * 0.8 && d <= nominal * 1.2, `attempt ${attempt}: ${d}`)
  }
  const capped = retryDelayMs(42, 30)
  assert.ok(capped >= 1_800_000 * 0.8 && capped <= 1_800_000, `capped: ${capped}`)
})

test('jitter spreads jobs that failed together, and is the same for the same job and attempt', () => {
  const delays = new Set(Array.from({ length: 50 }, (_, id) => retryDelayMs(id, 3)))
  assert.ok(delays.size > 40, `only ${delays.size} distinct delays`)
  assert.equal(retryDelayMs(7, 3), retryDelayMs(7, 3))
})

test("a receiver's Retry-After is respected, within the cap", () => {
  assert.equal(retryDelayMs(1, 1, {}, 120_000), 120_000)
  assert.equal(retryDelayMs(1, 1, {}, 10 * 3_600_000), 1_800_000)
})
