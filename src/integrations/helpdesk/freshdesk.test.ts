import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mapFreshdeskWebhook, verifyFreshdeskAuth } from './freshdesk.js'
import type { HelpdeskMapping } from './helpdesk-event.js'

// What Freshdesk posts for the template in freshdesk.ts once its placeholders are rendered; the
// `triggered_event` forms are those in Zulip's Freshdesk fixtures.
function delivery(fields: Record<string, unknown>) {
  return {
    freshdesk_webhook: {
      ticket_id: '11',
      ticket_status: 'Open',
      triggered_event: '{reply_sent:sent}',
      agent_name: 'Ada Agent',
      ...fields,
    },
  }
}

const receivedAt = new Date('2025-03-04T09:30:00Z')

function only(mapping: HelpdeskMapping) {
  assert.equal(mapping.kind, 'events', JSON.stringify(mapping))
  if (mapping.kind !== 'events') return undefined
  assert.deepEqual(mapping.ticket, { source: 'freshdesk', externalId: '11' })
  assert.equal(mapping.events.length, 1)
  return mapping.events[0]
}

function issues(mapping: HelpdeskMapping) {
  assert.equal(mapping.kind, 'invalid', JSON.stringify(mapping))
  return mapping.kind === 'invalid' ? mapping.issues.map((i) => `${i.field}: ${i.reason}`) : []
}

describe('verifyFreshdeskAuth', () => {
  const secret = 's3cret-Patron'
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`

  test('Basic auth with the secret as password is accepted (username and password option)', () => {
    assert.deepEqual(verifyFreshdeskAuth({ authorization: basic('freshdesk', secret) }, secret), { ok: true })
    assert.deepEqual(verifyFreshdeskAuth({ Authorization: basic('', secret) }, secret), { ok: true })
  })

  test('Basic auth with the secret as username is accepted (API key option)', () => {
    assert.deepEqual(verifyFreshdeskAuth({ authorization: basic(secret, 'X') }, secret), { ok: true })
  })

  test('the custom header with the secret is accepted', () => {
    assert.deepEqual(verifyFreshdeskAuth({ 'x-patron-webhook-secret': secret }, secret), { ok: true })
    assert.deepEqual(verifyFreshdeskAuth({ 'X-Patron-Webhook-Secret': ` ${secret} ` }, secret), { ok: true })
  })

  test('wrong credentials are refused, each with its reason', () => {
    assert.deepEqual(verifyFreshdeskAuth({ authorization: basic('freshdesk', 'guess') }, secret), {
      ok: false,
      reason: 'basic auth credentials are wrong',
    })
    assert.deepEqual(verifyFreshdeskAuth({ 'x-patron-webhook-secret': 'guess' }, secret), {
      ok: false,
      reason: 'x-patron-webhook-secret is wrong',
    })
    // A wrong custom header is not rescued by a right Basic header: the header chosen is the one checked.
    const both = { 'x-patron-webhook-secret': 'guess', authorization: basic('u', secret) }
    assert.equal(verifyFreshdeskAuth(both, secret).ok, false)
  })

  test('missing and malformed credentials are refused', () => {
    assert.deepEqual(verifyFreshdeskAuth({}, secret), {
      ok: false,
      reason: 'missing credentials: send Basic auth or the x-patron-webhook-secret header',
    })
    for (const authorization of [
      `Bearer ${secret}`,
      'Basic !!!',
      `Basic ${Buffer.from(secret).toString('base64')}`,
    ]) {
      assert.deepEqual(verifyFreshdeskAuth({ authorization }, secret), {
        ok: false,
        reason: 'authorization header is not Basic base64(user:password)',
      })
    }
  })

  test('an empty configured secret and repeated credentials are refused', () => {
    assert.deepEqual(verifyFreshdeskAuth({ authorization: basic('', '') }, ''), {
      ok: false,
      reason: 'no Freshdesk webhook secret is configured',
    })
    assert.deepEqual(verifyFreshdeskAuth({ 'x-patron-webhook-secret': [secret, 'guess'] }, secret), {
      ok: false,
      reason: 'credentials sent more than once',
    })
  })
})

describe('mapFreshdeskWebhook', () => {
  test('a reply sent by an agent is a public agent reply', () => {
    const event = only(mapFreshdeskWebhook(delivery({ actor: 'agent' }), { receivedAt }))
    assert.equal(event?.type, 'agent_reply')
    assert.equal(event?.public, true)
    assert.equal(event?.at, '2025-03-04T09:30:00.000Z')
    assert.match(event?.eventId ?? '', /^fd-[0-9a-f]{32}$/)
  })

  test('a reply sent by the requester is a customer reply', () => {
    const event = only(mapFreshdeskWebhook(delivery({ actor: 'requester' }), { receivedAt }))
    assert.equal(event?.type, 'customer_reply')
    assert.equal(event?.public, undefined)
  })

  test('notes: a public note answers the customer, a private note answers nobody', () => {
    const pub = only(
      mapFreshdeskWebhook(delivery({ actor: 'agent', triggered_event: '{note_type:public}' }), {
        receivedAt,
      }),
    )
    const priv = only(
      mapFreshdeskWebhook(delivery({ actor: 'agent', triggered_event: '{note_type:private}' }), {
        receivedAt,
      }),
    )
    assert.deepEqual(
      [pub?.type, pub?.public, priv?.type, priv?.public],
      ['agent_reply', true, 'agent_reply', false],
    )
  })

  test('the event id and time in the body are used when the rule sends them', () => {
    const body = delivery({ actor: 'agent', event_id: 'fd-evt-1', occurred_at: '2025-03-04T10:29:58+01:00' })
    assert.deepEqual(only(mapFreshdeskWebhook(body, { receivedAt })), {
      eventId: 'fd-evt-1',
      type: 'agent_reply',
      at: '2025-03-04T09:29:58.000Z',
      public: true,
    })
  })

  test('the derived event id is the same for the same delivery and differs between events', () => {
    const id = (body: unknown, at = receivedAt) =>
      only(mapFreshdeskWebhook(body, { receivedAt: at }))?.eventId
    const reply = delivery({ actor: 'agent' })
    assert.equal(id(reply), id(structuredClone(reply)))
    assert.notEqual(id(reply), id(delivery({ actor: 'requester' })))
    assert.notEqual(id(reply), id(reply, new Date('2025-03-04T09:31:00Z')))
    const other = mapFreshdeskWebhook(delivery({ actor: 'agent', ticket_id: '12' }), { receivedAt })
    assert.notEqual(id(reply), other.kind === 'events' ? other.events[0]?.eventId : undefined)
  })

  test('status table: ids 2–5 and the status names Patron knows', () => {
    const table = [
      ['{status:{from:3,to:2}}', 'Open', 'status_change', 'open'],
      ['{status:{from:2,to:3}}', 'Pending', 'status_change', 'pending'],
      ['{status:{from:2,to:4}}', 'Resolved', 'resolution', 'solved'],
      ['{status:{from:4,to:5}}', 'Closed', 'status_change', 'closed'],
      ['{status:{from:4,to:6}}', 'Waiting on Customer', 'status_change', 'pending'],
      ['{status:{from:2,to:7}}', 'Waiting on Third Party', 'status_change', 'on_hold'],
      ['{status:{from:2,to:6}}', 'waiting on customer', 'status_change', 'pending'],
    ] as const
    for (const [triggered_event, ticket_status, type, status] of table) {
      const event = only(mapFreshdeskWebhook(delivery({ triggered_event, ticket_status }), { receivedAt }))
      assert.deepEqual([event?.type, event?.status], [type, status], `${triggered_event} ${ticket_status}`)
    }
  })

  test('a custom status Patron cannot place is invalid, naming the status', () => {
    const body = delivery({ triggered_event: '{status:{from:2,to:8}}', ticket_status: 'Job Application' })
    assert.deepEqual(issues(mapFreshdeskWebhook(body, { receivedAt })), [
      'freshdesk_webhook.ticket_status: "Job Application" is not a status Patron knows: use Open, Pending, ' +
        'Resolved, Closed, Waiting on Customer or Waiting on Third Party',
    ])
  })

  test('an assignment names the new agent; an empty agent means unassigned', () => {
    const assigned = delivery({ triggered_event: '{responder_id:{from:150006383528,to:150014937111}}' })
    assert.deepEqual(only(mapFreshdeskWebhook(assigned, { receivedAt }))?.assignee, {
      id: '150014937111',
      name: 'Ada Agent',
    })
    for (const to of ['', 'null']) {
      const body = delivery({
        triggered_event: `{responder_id:{from:150006383528,to:${to}}}`,
        agent_name: '',
      })
      const event = only(mapFreshdeskWebhook(body, { receivedAt }))
      assert.deepEqual([event?.type, event?.assignee], ['assignment', null])
    }
  })

  test('ticket actions and other property changes are ignored, with the reason', () => {
    const created = mapFreshdeskWebhook(delivery({ triggered_event: '{ticket_action:created}' }), {
      receivedAt,
    })
    assert.equal(created.kind, 'ignored')
    assert.match(created.kind === 'ignored' ? created.reason : '', /ingested through the tickets API/)
    const priority = mapFreshdeskWebhook(delivery({ triggered_event: '{priority:{from:1,to:4}}' }), {
      receivedAt,
    })
    assert.deepEqual(priority, {
      kind: 'ignored',
      reason: 'priority changes are not ticket lifecycle events Patron tracks',
    })
  })

  test('a malformed delivery is invalid, naming each bad field', () => {
    const { ticket_id: _id, ...noId } = delivery({ actor: 'agent' }).freshdesk_webhook
    assert.deepEqual(issues(mapFreshdeskWebhook({ freshdesk_webhook: noId }, { receivedAt })), [
      'freshdesk_webhook.ticket_id: is required',
    ])
    // A placeholder Freshdesk did not render, and an actor that is neither.
    assert.deepEqual(
      issues(mapFreshdeskWebhook(delivery({ ticket_id: '{{ticket.id}}', actor: 'bot' }), { receivedAt })),
      [
        'freshdesk_webhook.ticket_id: must be a Freshdesk ticket number',
        'freshdesk_webhook.actor: must be agent or requester',
      ],
    )
    assert.deepEqual(issues(mapFreshdeskWebhook({ ticket_id: '11' }, { receivedAt })), [
      'freshdesk_webhook: is required',
    ])
  })

  test('a triggered event that is not in Freshdesk’s form is invalid', () => {
    for (const triggered_event of ['status changed', '{status:{from:2}}', '{{triggered_event}}']) {
      assert.deepEqual(issues(mapFreshdeskWebhook(delivery({ triggered_event }), { receivedAt })), [
        'freshdesk_webhook.triggered_event: must look like {status:{from:2,to:3}} (the {{triggered_event}} placeholder)',
      ])
    }
    assert.deepEqual(
      issues(mapFreshdeskWebhook(delivery({ triggered_event: '{status:open}' }), { receivedAt })),
      ['freshdesk_webhook.triggered_event: a status change must look like {status:{from:2,to:3}}'],
    )
  })

  test('replies need the actor, and some time must be known', () => {
    assert.deepEqual(issues(mapFreshdeskWebhook(delivery({}), { receivedAt })), [
      'freshdesk_webhook.actor: is required for replies and notes (agent or requester)',
    ])
    assert.deepEqual(issues(mapFreshdeskWebhook(delivery({ actor: 'agent' }))), [
      'freshdesk_webhook.occurred_at: is required when the time of receipt is not passed',
    ])
    assert.deepEqual(
      issues(mapFreshdeskWebhook(delivery({ actor: 'agent', occurred_at: '04/03/2025 10:29' }))),
      [
        'freshdesk_webhook.occurred_at: must be an ISO-8601 date-time with a zone, such as 2025-01-08T14:25:30Z',
      ],
    )
  })

  test('a ticket id sent as a number is accepted', () => {
    const mapping = mapFreshdeskWebhook(delivery({ ticket_id: 11, actor: 'agent' }), { receivedAt })
    assert.equal(only(mapping)?.type, 'agent_reply')
  })
})
