/**
 * The notifier contract on the webhook adapter, plus what only webhooks have: the body format,
 * the signature a receiver verifies, and redirects (Slack shares the HTTP code, so its redirect
 * handling is covered here once).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TransientError, UserError } from '../core/errors.js'
import type { Notification } from '../core/notification.js'
import { retryAfterMs } from './delivery.js'
import type { DeliveryOptions } from './notification.js'
import { AT, notificationFixture, optionsFixture, runNotifierContract } from './notifier.contract.test.js'
import { HttpReceiver } from './testing/http-receiver.js'
import { deliverWebhook } from './webhook/deliver-webhook.js'
import { verifySignature } from './webhook/signature.js'

const SECRET = 'whsec_3b1f0c9e8a7d'

const deliver = (n: Notification, url: string, options: DeliveryOptions) =>
  deliverWebhook(n, { kind: 'webhook', url, secret: SECRET }, options)

runNotifierContract({ name: 'webhook', deliver, receiver: () => HttpReceiver.start() })

describe('webhook only', () => {
  let r: HttpReceiver
  before(async () => {
    r = await HttpReceiver.start()
  })
  after(async () => r.close())

  async function deliverOne() {
    r.reset()
    const n = notificationFixture()
    const receipt = await deliver(n, r.endpoint, optionsFixture())
    const arrival = r.arrivals[0]
    assert.ok(arrival)
    return { n, receipt, arrival }
  }

  test('the body and headers carry the notification', async () => {
    const { n, receipt, arrival } = await deliverOne()
    assert.equal(receipt.response, 'HTTP 200')
    assert.equal(arrival.headers['content-type'], 'application/json')
    assert.equal(arrival.headers['user-agent'], 'Patron')
    assert.equal(arrival.headers['patron-topic'], 'alert.ticket')
    const { dedupKey, ...rest } = n
    assert.deepEqual(JSON.parse(arrival.body), { id: dedupKey, ...rest })
  })

  test('the receiver verifies the signature', async () => {
    const { arrival } = await deliverOne()
    const header = arrival.headers['patron-signature']
    assert.equal(typeof header, 'string')
    assert.deepEqual(verifySignature(header as string, arrival.body, SECRET, AT), { ok: true })
  })

  test('a tampered body fails verification', async () => {
    const { arrival } = await deliverOne()
    const tampered = arrival.body.replace('"score":87', '"score":12')
    assert.notEqual(tampered, arrival.body)
    const check = verifySignature(arrival.headers['patron-signature'] as string, tampered, SECRET, AT)
    assert.deepEqual(check, { ok: false, reason: 'signature-mismatch' })
  })

  test('a replayed request fails verification once its timestamp is old', async () => {
    const { arrival } = await deliverOne()
    const later = new Date(AT.getTime() + 301_000)
    const check = verifySignature(arrival.headers['patron-signature'] as string, arrival.body, SECRET, later)
    assert.deepEqual(check, { ok: false, reason: 'timestamp-too-old' })
  })

  test('a 3xx is not followed and is a UserError naming the Location', async () => {
    r.reset()
    const elsewhere = `${new URL(r.endpoint).origin}/followed`
    r.respond = (res) => res.writeHead(302, { location: elsewhere }).end()
    await assert.rejects(deliver(notificationFixture(), r.endpoint, optionsFixture()), (e: unknown) => {
      assert.ok(e instanceof UserError)
      assert.ok(e.message.includes(elsewhere), e.message)
      return true
    })
    assert.deepEqual(r.paths, ['/hooks/patron'])
  })

  test('429 with Retry-After is a TransientError carrying retryAfterMs', async () => {
    r.reset()
    r.respond = (res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down')
    await assert.rejects(deliver(notificationFixture(), r.endpoint, optionsFixture()), (e: unknown) => {
      assert.ok(e instanceof TransientError)
      assert.equal(retryAfterMs(e), 7000)
      assert.match(e.message, /HTTP 429: "slow down" \(retry after 7 s\)/)
      return true
    })
  })

  test('errors name the host but never the secret, the path or the body', async () => {
    r.reset()
    r.mode = 'refuse'
    const url = `${r.endpoint}?token=${SECRET}`
    await assert.rejects(deliver(notificationFixture(), url, optionsFixture()), (e: unknown) => {
      assert.ok(e instanceof UserError)
      assert.match(e.message, /^webhook 127\.0\.0\.1:\d+ answered HTTP 400: "invalid_payload"$/)
      return true
    })
  })

  test('an empty secret or a header-unsafe dedup key is refused before anything is sent', async () => {
    r.reset()
    const n = notificationFixture()
    const empty = deliverWebhook(n, { kind: 'webhook', url: r.endpoint, secret: '' }, optionsFixture())
    await assert.rejects(empty, (e: unknown) => e instanceof UserError && e.issues[0]?.field === 'secret')
    const unsafe = deliver({ ...n, dedupKey: 'key\r\nx-injected: 1' }, r.endpoint, optionsFixture())
    await assert.rejects(unsafe, (e: unknown) => e instanceof UserError && e.issues[0]?.field === 'dedupKey')
    assert.equal(r.contacts, 0)
  })
})
