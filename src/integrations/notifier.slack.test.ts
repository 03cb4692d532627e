/** The notifier contract on the Slack-compatible adapter, plus its message format (Slack only). */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Notification } from '../core/notification.js'
import type { DeliveryOptions } from './notification.js'
import { notificationFixture, optionsFixture, runNotifierContract } from './notifier.contract.test.js'
import { deliverSlack, slackText } from './slack/deliver-slack.js'
import { HttpReceiver } from './testing/http-receiver.js'

const deliver = (n: Notification, url: string, options: DeliveryOptions) =>
  deliverSlack(n, { kind: 'slack', url }, options)

runNotifierContract({
  name: 'slack',
  deliver,
  receiver: () => HttpReceiver.start('/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX'),
})

describe('slack only', () => {
  let r: HttpReceiver
  before(async () => {
    r = await HttpReceiver.start('/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX')
  })
  after(async () => r.close())

  test('posts text and one section block, with untrusted text escaped', async () => {
    const receipt = await deliver(notificationFixture(), r.endpoint, optionsFixture())
    assert.equal(receipt.response, 'HTTP 200')
    const body = JSON.parse(r.arrivals[0]?.body ?? '{}')
    assert.equal(body.text.split('\n')[0], notificationFixture().subject)
    assert.match(body.text, /&lt;!channel&gt;$/)
    assert.doesNotMatch(body.text, /<!channel>/)
    assert.deepEqual(body.blocks, [{ type: 'section', text: { type: 'mrkdwn', text: body.text } }])
  })

  test('long text is cut to fit a section block without splitting an entity', () => {
    // 's\n' + x…x + '&lt;…': the cut at 2999 falls just after, or inside, the first entity.
    const cut = (xs: number) =>
      slackText(notificationFixture({ subject: 's', text: `${'x'.repeat(xs)}<<<<` }))
    assert.equal(cut(2993).length, 3000)
    assert.match(cut(2993), /x&lt;…$/)
    assert.match(cut(2994), /x…$/)
    assert.equal(slackText(notificationFixture({ subject: 's', text: 'short' })), 's\nshort')
  })

  test('the error names the host, not the URL path, which is the credential', async () => {
    r.reset()
    r.mode = 'refuse'
    await assert.rejects(deliver(notificationFixture(), r.endpoint, optionsFixture()), (e: unknown) => {
      assert.ok(e instanceof Error)
      assert.doesNotMatch(e.message, /XXXX|services/)
      return true
    })
  })
})
