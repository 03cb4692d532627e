import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, test } from 'node:test'
import type { HelpdeskMapping } from './helpdesk-event.js'
import { mapZendeskWebhook, verifyZendeskSignature } from './zendesk.js'

// Shaped after the examples in Zendesk's "Ticket events" webhook reference: ids as strings, statuses
// upper-case, `time` with nanoseconds.
const detail = {
  actor_id: '8447388090494',
  assignee_id: '8447388090494',
  created_at: '2025-01-08T10:12:07Z',
  id: '5158',
  is_public: true,
  priority: 'HIGH',
  requester_id: '8447388090495',
  status: 'OPEN',
  subject: 'Cannot login to mobile app',
  tags: ['mobile', 'login'],
  type: 'PROBLEM',
  updated_at: '2025-01-08T14:25:30Z',
  via: { channel: 'web_service' },
}

function delivery(type: string, event: unknown, extra: Record<string, unknown> = {}) {
  return {
    account_id: 22129848,
    detail,
    event,
    id: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
    subject: 'zen:ticket:5158',
    time: '2025-01-08T14:25:30.123456789Z',
    type: `zen:event-type:${type}`,
    zendesk_event_version: '2022-11-06',
    ...extra,
  }
}

const agentComment = delivery('ticket.comment_added', {
  comment: {
    author: { id: '8447388090494', is_staff: true, name: 'Support Agent' },
    body: 'We are investigating this issue and will update you shortly.',
    id: '9876543210',
    is_public: true,
  },
})

function events(mapping: HelpdeskMapping) {
  assert.equal(mapping.kind, 'events', JSON.stringify(mapping))
  return mapping.kind === 'events' ? mapping.events : []
}

function issues(mapping: HelpdeskMapping) {
  assert.equal(mapping.kind, 'invalid', JSON.stringify(mapping))
  return mapping.kind === 'invalid' ? mapping.issues.map((i) => `${i.field}: ${i.reason}`) : []
}

describe('verifyZendeskSignature', () => {
  const secret = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=='
  const body = JSON.stringify(agentComment)
  const timestamp = '2025-01-08T14:25:31Z'
  const now = new Date('2025-01-08T14:25:40Z')
  // As Zendesk signs: base64(HMAC-SHA256(secret, TIMESTAMP + BODY)).
  const sign = (ts: string, raw: string) =>
    createHmac('sha256', secret)
      .update(ts + raw)
      .digest('base64')
  const headers = (ts = timestamp, signature = sign(ts, body)) => ({
    'x-zendesk-webhook-signature': signature,
    'x-zendesk-webhook-signature-timestamp': ts,
  })

  test('a delivery signed with the secret is accepted', () => {
    assert.deepEqual(verifyZendeskSignature(headers(), body, secret, now), { ok: true })
  })

  test('header names are matched whatever their case', () => {
    const mixed = {
      'X-Zendesk-Webhook-Signature': sign(timestamp, body),
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
    }
    assert.deepEqual(verifyZendeskSignature(mixed, body, secret, now), { ok: true })
  })

  test('a wrong signature, a changed body or another secret is refused', () => {
    const wrong = verifyZendeskSignature(headers(timestamp, 'AAAA'), body, secret, now)
    assert.deepEqual(wrong, { ok: false, reason: 'signature does not match the body and timestamp' })
    const tampered = verifyZendeskSignature(headers(), body.replace('5158', '5159'), secret, now)
    assert.equal(tampered.ok, false)
    assert.equal(verifyZendeskSignature(headers(), body, 'another secret', now).ok, false)
  })

  test('each missing header is named', () => {
    const noSignature = { 'x-zendesk-webhook-signature-timestamp': timestamp }
    assert.deepEqual(verifyZendeskSignature(noSignature, body, secret, now), {
      ok: false,
      reason: 'missing x-zendesk-webhook-signature header',
    })
    const noTimestamp = { 'x-zendesk-webhook-signature': sign(timestamp, body) }
    assert.deepEqual(verifyZendeskSignature(noTimestamp, body, secret, now), {
      ok: false,
      reason: 'missing x-zendesk-webhook-signature-timestamp header',
    })
  })

  test('a correctly signed but stale delivery is refused as a replay', () => {
    const old = '2025-01-08T14:19:00Z'
    const result = verifyZendeskSignature(headers(old), body, secret, now)
    assert.equal(result.ok, false)
    assert.match(!result.ok ? result.reason : '', /is 400 s from now, outside the 300 s replay window/)
    // The window is symmetric (a clock running ahead) and adjustable.
    assert.equal(verifyZendeskSignature(headers('2025-01-08T14:31:00Z'), body, secret, now).ok, false)
    assert.deepEqual(verifyZendeskSignature(headers(old), body, secret, now, 600), { ok: true })
  })

  test('a timestamp that is not ISO-8601 is refused even when signed', () => {
    const result = verifyZendeskSignature(headers('1736346331'), body, secret, now)
    assert.match(!result.ok ? result.reason : '', /is not an ISO-8601 date-time/)
  })

  test('an empty secret and repeated headers are refused', () => {
    assert.deepEqual(verifyZendeskSignature(headers(), body, '', now), {
      ok: false,
      reason: 'no Zendesk signing secret is configured',
    })
    const twice = { ...headers(), 'x-zendesk-webhook-signature': [sign(timestamp, body), 'AAAA'] }
    assert.match(
      ((r) => (r.ok ? '' : r.reason))(verifyZendeskSignature(twice, body, secret, now)),
      /more than once/,
    )
  })
})

describe('mapZendeskWebhook', () => {
  test('a comment by an agent is a public agent reply, at the event time in UTC', () => {
    const mapping = mapZendeskWebhook(agentComment)
    assert.deepEqual(mapping, {
      kind: 'events',
      ticket: { source: 'zendesk', externalId: '5158' },
      events: [
        {
          eventId: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
          type: 'agent_reply',
          at: '2025-01-08T14:25:30.123Z',
          public: true,
        },
      ],
    })
  })

  test('an internal note by an agent is an agent reply that answers nobody', () => {
    const note = delivery('ticket.comment_added', {
      comment: { author: { id: '1', is_staff: true, name: 'Agent' }, body: 'x', id: '2', is_public: false },
    })
    assert.deepEqual(
      events(mapZendeskWebhook(note)).map((e) => [e.type, e.public]),
      [['agent_reply', false]],
    )
  })

  test('a comment by the requester is a customer reply', () => {
    const reply = delivery('ticket.comment_added', {
      comment: {
        author: { id: '8447388090495', is_staff: false, name: 'Jane Customer' },
        body: 'Still broken.',
        id: '9876543211',
        is_public: true,
      },
    })
    assert.deepEqual(events(mapZendeskWebhook(reply)), [
      {
        eventId: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
        type: 'customer_reply',
        at: '2025-01-08T14:25:30.123Z',
      },
    ])
  })

  test('every Zendesk status maps onto a Patron status; solved is the resolution', () => {
    const table = [
      ['NEW', 'status_change', 'open'],
      ['OPEN', 'status_change', 'open'],
      ['PENDING', 'status_change', 'pending'],
      ['HOLD', 'status_change', 'on_hold'],
      ['SOLVED', 'resolution', 'solved'],
      ['CLOSED', 'status_change', 'closed'],
      ['Pending', 'status_change', 'pending'],
    ] as const
    for (const [zendesk, type, status] of table) {
      const mapping = mapZendeskWebhook(
        delivery('ticket.status_changed', { current: zendesk, previous: 'OPEN' }),
      )
      assert.deepEqual(
        events(mapping).map((e) => [e.type, e.status]),
        [[type, status]],
        zendesk,
      )
    }
  })

  test('statuses with no Patron counterpart are ignored; unknown ones are invalid', () => {
    const deleted = mapZendeskWebhook(
      delivery('ticket.status_changed', { current: 'DELETED', previous: 'OPEN' }),
    )
    assert.equal(deleted.kind, 'ignored')
    const unknown = mapZendeskWebhook(
      delivery('ticket.status_changed', { current: 'PARKED', previous: 'OPEN' }),
    )
    assert.deepEqual(issues(unknown), [
      'event.current: must be one of new, open, pending, hold, solved, closed, deleted, archived, scrubbed (got "parked")',
    ])
  })

  test('an assignment names the new agent; none means unassigned', () => {
    const assigned = delivery('ticket.agent_assignment_changed', {
      current: '8447388090496',
      previous: '8447388090494',
    })
    assert.deepEqual(events(mapZendeskWebhook(assigned)), [
      {
        eventId: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
        type: 'assignment',
        at: '2025-01-08T14:25:30.123Z',
        assignee: { id: '8447388090496', name: null },
      },
    ])
    for (const none of [null, '', '0']) {
      const unassigned = delivery('ticket.agent_assignment_changed', {
        current: none,
        previous: '8447388090494',
      })
      assert.deepEqual(
        events(mapZendeskWebhook(unassigned)).map((e) => e.assignee),
        [null],
      )
    }
    // Numeric ids (seen in some samples) are accepted when JSON can carry them exactly.
    const numeric = delivery('ticket.agent_assignment_changed', { current: 235324, previous: 235323 })
    assert.deepEqual(
      events(mapZendeskWebhook(numeric)).map((e) => e.assignee),
      [{ id: '235324', name: null }],
    )
  })

  test('events Patron does not track are ignored, with the reason', () => {
    const tags = delivery('ticket.tags_changed', { tags_added: ['vip'], tags_removed: [] })
    assert.deepEqual(mapZendeskWebhook(tags), {
      kind: 'ignored',
      reason: 'zen:event-type:ticket.tags_changed is not a ticket lifecycle event Patron tracks',
    })
    const user = {
      ...delivery('user.active_changed', { current: false, previous: true }),
      subject: 'zen:user:1',
    }
    assert.equal(mapZendeskWebhook(user).kind, 'ignored')
    assert.match(
      ((m) => (m.kind === 'ignored' ? m.reason : ''))(mapZendeskWebhook(delivery('ticket.created', {}))),
      /new tickets are ingested through the tickets API/,
    )
  })

  test('a malformed delivery is invalid, naming each bad field', () => {
    const { id: _ticketId, ...noTicketId } = detail
    assert.deepEqual(issues(mapZendeskWebhook({ ...agentComment, detail: noTicketId })), [
      'detail.id: is required',
    ])
    assert.deepEqual(issues(mapZendeskWebhook({ ...agentComment, id: '', time: 'yesterday' })), [
      'id: must not be empty',
      'time: must be an ISO-8601 date-time with a zone, such as 2025-01-08T14:25:30Z',
    ])
    const noFlag = delivery('ticket.comment_added', { comment: { author: { is_staff: 'yes' }, body: 'x' } })
    assert.deepEqual(issues(mapZendeskWebhook(noFlag)), [
      'event.comment.is_public: is required',
      'event.comment.author.is_staff: must be true or false',
    ])
    // As the route gets it: JSON.parse has already rounded the 18-digit id.
    const unsafe = delivery(
      'ticket.agent_assignment_changed',
      JSON.parse('{ "current": 820982911946154508 }'),
    )
    assert.deepEqual(issues(mapZendeskWebhook(unsafe)), [
      'event.current: is too large to survive JSON as a number; send it as a string',
    ])
    assert.deepEqual(issues(mapZendeskWebhook({ detail })), ['type: is required'])
    assert.deepEqual(issues(mapZendeskWebhook('not json')), ['(document): must be a JSON object'])
  })

  test('a local time without a zone is refused rather than guessed', () => {
    assert.deepEqual(issues(mapZendeskWebhook({ ...agentComment, time: '2025-01-08T14:25:30' })), [
      'time: must be an ISO-8601 date-time with a zone, such as 2025-01-08T14:25:30Z',
    ])
    const offset = events(mapZendeskWebhook({ ...agentComment, time: '2025-01-08T16:25:30+02:00' }))
    assert.equal(offset[0]?.at, '2025-01-08T14:25:30.000Z')
  })
})
