/** The notifier contract on the email adapter against a real SMTP server, plus what only email has. */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { UserError } from '../core/errors.js'
import type { Notification } from '../core/notification.js'
import type { DeliveryOptions } from './notification.js'
import { AT, notificationFixture, optionsFixture, runNotifierContract } from './notifier.contract.test.js'
import { closeEmailTransports, deliverEmail, messageIdFor } from './smtp/deliver-email.js'
import { SmtpReceiver } from './testing/smtp-receiver.js'

const FROM = 'Patron <patron@vendor.example>'
const TO = 'jordan@vendor.example'

const deliver = (n: Notification, url: string, options: DeliveryOptions) =>
  deliverEmail(n, { kind: 'email', to: TO }, { ...options, smtp: { url, from: FROM } })

after(closeEmailTransports)

runNotifierContract({ name: 'email', deliver, receiver: () => SmtpReceiver.start() })

describe('email only', () => {
  let r: SmtpReceiver
  before(async () => {
    r = await SmtpReceiver.start()
  })
  after(async () => r.close())

  test('subject, plain text, headers and envelope arrive; the receipt is the server reply', async () => {
    r.reset()
    const n = notificationFixture()
    const receipt = await deliver(n, r.endpoint, optionsFixture())
    assert.match(receipt.response, /^250 .*Queued as 1/)
    const arrival = r.arrivals[0]
    assert.ok(arrival)
    assert.deepEqual(arrival.recipients, [TO])
    assert.equal(arrival.mail.subject, n.subject)
    assert.equal(arrival.mail.text?.trim(), n.text)
    assert.equal(arrival.mail.html, false)
    assert.equal(arrival.mail.headers.get('x-patron-topic'), n.topic)
    assert.equal(arrival.mail.date?.toISOString(), AT.toISOString())
  })

  test('a message with HTML arrives as multipart/alternative: the HTML part and the same text', async () => {
    r.reset()
    const n = { ...notificationFixture(), html: '<p>Acme &amp; Co: <strong>urgent</strong></p>' }
    await deliver(n, r.endpoint, optionsFixture())
    const arrival = r.arrivals[0]
    assert.ok(arrival)
    assert.equal(String(arrival.mail.html).trim(), n.html)
    assert.equal(arrival.mail.text?.trim(), n.text)
    const type = arrival.mail.headers.get('content-type') as { value: string } | undefined
    assert.equal(type?.value, 'multipart/alternative')
  })

  test('a retried message carries the same Message-ID, derived from the dedup key', async () => {
    r.reset()
    const n = notificationFixture()
    await deliver(n, r.endpoint, optionsFixture())
    await deliver(n, r.endpoint, optionsFixture())
    await deliver(notificationFixture({ dedupKey: 'another' }), r.endpoint, optionsFixture())
    const ids = r.arrivals.map((a) => a.mail.messageId)
    assert.equal(ids[0], messageIdFor(n.dedupKey, FROM))
    assert.match(ids[0] ?? '', /^<patron\.[0-9a-f]{32}@vendor\.example>$/)
    assert.equal(ids[1], ids[0])
    assert.notEqual(ids[2], ids[0])
  })

  test('a relay URL that is not smtp: or smtps: is refused, naming smtp.url', async () => {
    r.reset()
    const url = r.endpoint.replace('smtp:', 'http:')
    await assert.rejects(
      deliver(notificationFixture(), url, optionsFixture()),
      (e: unknown) => e instanceof UserError && e.issues[0]?.field === 'smtp.url',
    )
    assert.equal(r.contacts, 0)
  })
})
