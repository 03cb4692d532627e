/**
 * The notifier contract: what every notification adapter must do, against a real receiver on
 * loopback. Run by notifier.webhook.test.ts, notifier.slack.test.ts and notifier.email.test.ts.
 */
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { after, afterEach, before, describe, test } from 'node:test'
import { TransientError, UserError } from '../core/errors.js'
import type { Notification } from '../core/notification.js'
import type { DeliveryOptions, DeliveryReceipt } from './notification.js'
import { closedPort, type TestReceiver } from './testing/receiver.js'

export const AT = new Date('2026-11-20T21:47:00.000Z')

export function notificationFixture(overrides: Partial<Notification> = {}): Notification {
  return {
    dedupKey: 'alert.ticket:7f9c2a4e-1b9e-4c61-9a57-2f0d8c1e5b11:csm',
    topic: 'alert.ticket',
    occurredAt: AT.toISOString(),
    subject: "Acme Corp: VP filed P3 'Charge of $12' — churn language, exec sender",
    text: 'Tier: strategic (ARR 380000.10 USD)\nSignals: "we are evaluating alternatives" <!channel>',
    data: { ticketId: '7f9c2a4e-1b9e-4c61-9a57-2f0d8c1e5b11', score: 87, reasons: ['评估替代方案'] },
    ...overrides,
  }
}

export function optionsFixture(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return { allowlist: ['127.0.0.1'], timeoutMs: 5000, now: () => AT, ...overrides }
}

export interface NotifierContract<R extends TestReceiver> {
  readonly name: string
  /** Deliver `n` the way the adapter does, to the receiver at `endpoint` (an http or smtp URL). */
  readonly deliver: (n: Notification, endpoint: string, options: DeliveryOptions) => Promise<DeliveryReceipt>
  /** Start a fresh receiver on loopback. */
  readonly receiver: () => Promise<R>
}

const isTransient = (e: unknown) => e instanceof TransientError
const isUser = (e: unknown) => e instanceof UserError

export function runNotifierContract<R extends TestReceiver>(c: NotifierContract<R>): void {
  describe(`notifier contract: ${c.name}`, () => {
    let r: R
    before(async () => {
      r = await c.receiver()
    })
    afterEach(() => r.reset())
    after(async () => r.close())

    test('a delivery arrives once with the dedup key visible to the receiver', async () => {
      const n = notificationFixture()
      const receipt = await c.deliver(n, r.endpoint, optionsFixture())
      assert.match(receipt.response, /\S/)
      assert.deepEqual(
        r.arrivals.map((a) => a.dedupKey),
        [n.dedupKey],
      )
    })

    test('the same notification delivered twice arrives twice with the same dedup key', async () => {
      const n = notificationFixture()
      await c.deliver(n, r.endpoint, optionsFixture())
      await c.deliver(n, r.endpoint, optionsFixture())
      assert.deepEqual(
        r.arrivals.map((a) => a.dedupKey),
        [n.dedupKey, n.dedupKey],
      )
    })

    test('a receiver that fails temporarily gives a TransientError', async () => {
      r.mode = 'fail-temporarily'
      await assert.rejects(c.deliver(notificationFixture(), r.endpoint, optionsFixture()), isTransient)
      assert.equal(r.arrivals.length, 0)
    })

    test('a permanent refusal gives a UserError', async () => {
      r.mode = 'refuse'
      await assert.rejects(c.deliver(notificationFixture(), r.endpoint, optionsFixture()), isUser)
    })

    test('a receiver that is down gives a TransientError', async () => {
      const down = r.endpointAt(await closedPort())
      await assert.rejects(c.deliver(notificationFixture(), down, optionsFixture()), isTransient)
    })

    test('a host outside the allowlist gives a UserError naming it, and the receiver sees nothing', async () => {
      const options = optionsFixture({ allowlist: ['hooks.example.com', '*.example.com', '127.0.0.2'] })
      await assert.rejects(c.deliver(notificationFixture(), r.endpoint, options), (e: unknown) => {
        assert.ok(e instanceof UserError)
        assert.match(e.message, /127\.0\.0\.1/)
        assert.match(e.message, /allowlist/)
        return true
      })
      assert.equal(r.contacts, 0)
    })

    test('a hung receiver gives a TransientError within the timeout', async () => {
      r.mode = 'hang'
      const started = performance.now()
      await assert.rejects(
        c.deliver(notificationFixture(), r.endpoint, optionsFixture({ timeoutMs: 300 })),
        (e: unknown) => {
          assert.ok(e instanceof TransientError)
          assert.match(e.message, /300 ms/)
          return true
        },
      )
      const elapsed = performance.now() - started
      assert.ok(elapsed >= 250 && elapsed < 3000, `gave up after ${Math.round(elapsed)} ms`)
    })
  })
}
