/**
 * The SLA engine end to end over HTTP: clocks and ledger on the ticket, events in, warnings, breaches
 * and escalations out, delivered by the worker to a real loopback webhook receiver and SMTP server,
 * retries and the dead letter, helpdesk connectors, follow-up tasks. Time moves by an injected clock.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { reconcileClocks } from '../app/reconcile-clocks.js'
import { SLA_JOB } from '../app/sla-timer.js'
import { closeEmailTransports } from '../integrations/smtp/deliver-email.js'
import { HttpReceiver } from '../integrations/testing/http-receiver.js'
import { SmtpReceiver } from '../integrations/testing/smtp-receiver.js'
import { verifySignature } from '../integrations/webhook/signature.js'
import { startWorker, type Worker } from '../jobs/runner.js'
import {
  eventResultView,
  notificationListView,
  problemView,
  queueView,
  ticketDetailsView,
} from './schemas.js'
import { call, drain as drainWorker, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))
const SECRET = 'a-webhook-secret-for-tests'
const ZENDESK_SECRET = 'zendesk-signing-secret'

let s: TestServer
let hook: HttpReceiver
let mail: SmtpReceiver
let worker: Worker
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, method, path, body, headers)
const at = (iso: string) => s.setNow(new Date(iso))
const drain = () => drainWorker(worker)
const details = async (id: string) => ticketDetailsView.parse((await api('GET', `/v1/tickets/${id}`)).body)

before(async () => {
  hook = await HttpReceiver.start()
  mail = await SmtpReceiver.start()
  s = await startTestServer({
    now: new Date('2026-11-20T21:50:00.000Z'),
    channels: {
      email: { smtpUrl: mail.endpoint, from: 'Patron <patron@patron-demo.example>' },
      webhook: { url: hook.endpoint, secret: SECRET },
      slack: null,
      allowlist: ['127.0.0.1'],
    },
    connectors: { zendeskSecret: ZENDESK_SECRET, freshdeskSecret: null },
  })
  worker = startWorker(s.deps, { loop: false, lockTimeoutMs: 60_000 })
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
    assert.equal((await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  }
})
after(async () => {
  await worker.stop()
  closeEmailTransports()
  await s.close()
  await hook.close()
  await mail.close()
})

describe('the VIP P2 alert reaches a real webhook receiver and a real SMTP server', () => {
  let acmeId: string
  before(async () => {
    const res = await api('POST', '/v1/tickets', fixture('tickets/acme-vp-billing.json'))
    assert.equal(res.status, 201)
    acmeId = res.body.id
    assert.deepEqual(await worker.poll(), { jobs: 0, deliveries: 3 })
  })

  test('the webhook arrives once, signed, with the dedup key', () => {
    const alerts = hook.arrivals.filter((a) => a.dedupKey === `ticket:${acmeId}:alert`)
    assert.equal(alerts.length, 1)
    const a = alerts[0]!
    assert.deepEqual(
      verifySignature(
        String(a.headers['patron-signature']),
        a.body,
        SECRET,
        new Date('2026-11-20T21:50:00Z'),
      ),
      { ok: true },
    )
    const body = JSON.parse(a.body)
    assert.equal(body.topic, 'alert.ticket')
    assert.match(body.text, /the customer used churn language → notify the CSM/)
  })

  test('the CSM and the account executive each get an email', () => {
    const to = mail.arrivals.flatMap((m) => m.recipients).sort()
    assert.deepEqual(to, ['jordan.ellis@patron-demo.example', 'morgan.reyes@patron-demo.example'])
    assert.match(mail.arrivals[0]?.mail.subject ?? '', /^\[Patron\] Acme Corp: P2 enterprise ticket/)
    assert.match(mail.arrivals[0]?.mail.text ?? '', /ARR \$380k → enterprise tier/)
  })

  test('the ticket shows its deliveries, on time for the executive rule', async () => {
    const d = await details(acmeId)
    assert.deepEqual(
      d.notifications.map((n) => n.state),
      ['delivered', 'delivered', 'delivered'],
    )
    assert.ok(d.notifications.every((n) => n.deliverBy === '2026-11-20T21:52:00.000Z'))
  })
})

describe('events move the clocks and fill the ledger', () => {
  let id: string
  const event = (body: object) => api('POST', `/v1/tickets/${id}/events`, body)
  before(async () => {
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: 'acme-events',
    })
    id = res.body.id
  })

  const queueDeadline = async () => {
    const q = queueView.parse((await api('GET', '/v1/queue?limit=200')).body)
    return q.items.find((t) => t.id === id)?.deadline
  }

  test('before any reply the queue counts down to the first response', async () => {
    const d = await details(id)
    const deadline = await queueDeadline()
    assert.equal(deadline?.metric, 'first_response')
    assert.equal(deadline?.dueAt, d.sla.firstResponseDueAt)
  })

  test('a public agent reply meets the first response', async () => {
    at('2026-11-20T22:06:00.000Z')
    const res = await event({ eventId: 'r1', type: 'agent_reply', at: '2026-11-20T22:05:00Z' })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const r = eventResultView.parse(res.body)
    assert.equal(r.applied, true)
    assert.equal(r.clocks.find((c) => c.metric === 'first_response')?.status, 'fulfilled')
    assert.ok(
      r.ledger.some((e) => e.text === 'first response met by the first public agent reply after 18 min'),
    )
  })

  test('after the reply the queue counts down to the clock due next, not the met first response', async () => {
    const running = (await details(id)).clocks
      .filter((c) => c.status === 'running' && c.dueAt !== null)
      .sort((a, b) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? ''))
    assert.ok(running.length > 0)
    const deadline = await queueDeadline()
    assert.notEqual(deadline?.metric, 'first_response')
    assert.equal(deadline?.metric, running[0]?.metric)
    assert.equal(deadline?.dueAt, running[0]?.dueAt)
    assert.equal(deadline?.status, 'running')
  })

  test('pending pauses, the customer reply resumes: "paused … waiting on customer"', async () => {
    at('2026-11-21T01:20:00.000Z')
    assert.equal(
      (await event({ eventId: 's1', type: 'status_change', at: '2026-11-20T22:10:00Z', status: 'pending' }))
        .status,
      201,
    )
    const res = await event({ eventId: 'c1', type: 'customer_reply', at: '2026-11-21T01:18:00Z' })
    const r = eventResultView.parse(res.body)
    assert.equal(r.status, 'open')
    assert.ok(
      r.ledger.some(
        (e) =>
          e.text ===
          'resolution resumed as the ticket became open after 3 hr, 8 min paused: waiting on customer',
      ),
    )
    const resolution = r.clocks.find((c) => c.metric === 'resolution')
    assert.equal(resolution?.dueAt, '2026-11-21T08:55:00.000Z')
    // 23 min before the pause, 2 since it ended.
    assert.match(resolution?.text ?? '', /^resolution: 25 min of 8 hr used, due 2026-11-21T08:55:00\.000Z$/)
  })

  test('the same event again changes nothing: 200, applied false', async () => {
    const res = await event({ eventId: 'c1', type: 'customer_reply', at: '2026-11-21T01:18:00Z' })
    assert.equal(res.status, 200)
    assert.equal(res.body.applied, false)
  })

  test('bad events are refused naming the field, and change nothing', async () => {
    const before = await details(id)
    const cases: [object, number, string, string][] = [
      [
        { eventId: 'c1', type: 'agent_reply', at: '2026-11-21T01:19:00Z' },
        409,
        'PATRON_E_CONFLICT',
        'eventId',
      ],
      [{ eventId: 'old', type: 'agent_reply', at: '2026-11-20T23:00:00Z' }, 409, 'PATRON_E_CONFLICT', 'at'],
      [
        { eventId: 'x', type: 'status_change', at: '2026-11-21T01:19:00Z' },
        400,
        'PATRON_E_VALIDATION',
        'status',
      ],
      [{ eventId: 'x', type: 'merge', at: '2026-11-21T01:19:00Z' }, 400, 'PATRON_E_VALIDATION', 'type'],
      [{ eventId: 'x', type: 'agent_reply', at: 'yesterday' }, 400, 'PATRON_E_VALIDATION', 'at'],
      [{ eventId: 'x', type: 'agent_reply', at: '2026-11-22T00:00:00Z' }, 400, 'PATRON_E_VALIDATION', 'at'],
      [
        { eventId: 'x', type: 'agent_reply', at: '2026-11-21T01:19:00Z', color: 'red' },
        400,
        'PATRON_E_VALIDATION',
        'color',
      ],
    ]
    for (const [body, status, code, field] of cases) {
      const res = await event(body)
      assert.equal(res.status, status, JSON.stringify(body))
      const p = problemView.parse(res.body)
      assert.equal(p.code, code)
      assert.equal(p.errors?.[0]?.field, field, JSON.stringify(p))
    }
    assert.deepEqual(await details(id), before)
    const unknown = await api('POST', '/v1/tickets/6d1f3c57-7a7e-4c4b-9a55-2f4c8e0c1f00/events', {
      eventId: 'x',
      type: 'agent_reply',
      at: '2026-11-21T01:19:00Z',
    })
    assert.equal(unknown.status, 404)
  })

  test('a closed ticket takes no more events', async () => {
    assert.equal(
      (await event({ eventId: 'close', type: 'status_change', at: '2026-11-21T01:19:00Z', status: 'closed' }))
        .status,
      201,
    )
    const res = await event({ eventId: 'late', type: 'customer_reply', at: '2026-11-21T01:19:30Z' })
    assert.equal(res.status, 409)
    assert.equal(res.body.errors[0].field, 'type')
  })
})

describe('timers: warning, breach and escalation reach people, and raise the priority', () => {
  let id: string
  before(async () => {
    at('2026-11-21T02:00:00.000Z')
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: 'acme-silent',
      createdAt: '2026-11-21T02:00:00Z',
    })
    id = res.body.id
    await drain()
  })

  test('30 minutes before the breach: a warning to the webhook', async () => {
    at('2026-11-21T02:30:00.000Z')
    await drain()
    const warnings = hook.arrivals.filter((a) => a.dedupKey === `sla:${id}:first_response:1:sla.warning`)
    assert.equal(warnings.length, 1)
    assert.match(JSON.parse(warnings[0]!.body).text, /first response due in 30 min/)
  })

  test('at the breach: level 1 to the team lead by email, +10 priority', async () => {
    at('2026-11-21T03:00:00.000Z')
    const before = (await details(id)).priority.score
    await drain()
    const d = await details(id)
    assert.equal(d.priority.score, before + 10)
    assert.ok(d.priority.reasons.some((r) => r.factor === 'escalation' && r.points === 10))
    assert.ok(d.ledger.some((e) => e.action === 'breach'))
    assert.ok(d.clocks.find((c) => c.metric === 'first_response')?.breachedAt)
    const lead = mail.arrivals.filter((m) => m.recipients.includes('riley.chen@patron-demo.example'))
    assert.ok(lead.some((m) => /SLA escalation: first response/.test(m.mail.subject ?? '')))
  })

  test('a timer that fires twice sends nothing twice', async () => {
    const count = hook.arrivals.length
    await worker.poll()
    await worker.poll()
    assert.equal(hook.arrivals.length, count)
  })
})

describe('a receiver that is down blocks nothing: retries with backoff, then the dead letter', () => {
  let id: string
  test('failures are retried until the attempts run out, then the message is dead and visible', async () => {
    hook.mode = 'fail-temporarily'
    at('2026-11-21T04:00:00.000Z')
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: 'acme-down',
      createdAt: '2026-11-21T04:00:00Z',
    })
    id = res.body.id
    let clock = Date.parse('2026-11-21T04:00:00.000Z')
    for (let i = 0; i < 14; i++) {
      await worker.poll()
      clock += 4 * 3_600_000 // past any backoff
      s.setNow(new Date(clock))
    }
    const webhook = (await details(id)).notifications.find((n) => n.channel === 'webhook')
    assert.equal(webhook?.state, 'dead')
    assert.equal(webhook?.attempts, 12)
    assert.match(webhook?.lastError ?? '', /503/)
    // Email to the same people went through meanwhile.
    assert.ok(
      (await details(id)).notifications
        .filter((n) => n.channel === 'email')
        .every((n) => n.state === 'delivered'),
    )
    const dead = notificationListView.parse((await api('GET', '/v1/notifications?state=dead')).body)
    assert.ok(dead.items.some((n) => n.id === webhook?.id))

    hook.mode = 'accept'
    const retry = await api('POST', `/v1/notifications/${webhook?.id}/retry`)
    assert.equal(retry.status, 200)
    assert.equal(retry.body.state, 'pending')
    await drain()
    assert.equal((await details(id)).notifications.find((n) => n.channel === 'webhook')?.state, 'delivered')
    assert.equal(
      (await api('POST', `/v1/notifications/${webhook?.id}/retry`)).status,
      409,
      'only a dead one can be retried',
    )
  })

  test('a permanent refusal goes straight to the dead letter', async () => {
    hook.mode = 'refuse'
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: 'acme-refused',
    })
    await drain()
    const webhook = (await details(res.body.id)).notifications.find((n) => n.channel === 'webhook')
    assert.equal(webhook?.state, 'dead')
    assert.equal(webhook?.attempts, 1)
    hook.mode = 'accept'
  })
})

describe('the Zendesk connector', () => {
  let id: string
  const sign = (body: string, timestamp: string) =>
    createHmac('sha256', ZENDESK_SECRET)
      .update(timestamp + body)
      .digest('base64')
  const comment = (ticketId: string, eventId: string, time: string) =>
    JSON.stringify({
      type: 'zen:event-type:ticket.comment_added',
      id: eventId,
      time,
      zendesk_event_version: '2022-11-06',
      subject: `zen:ticket:${ticketId}`,
      detail: { id: ticketId, status: 'OPEN', requester_id: '100', assignee_id: '200' },
      event: {
        comment: {
          id: 'c-1',
          body: 'On it.',
          is_public: true,
          author: { id: '200', is_staff: true, name: 'Kim' },
        },
      },
    })

  before(async () => {
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: '5150',
      source: 'zendesk',
    })
    id = res.body.id
  })

  test('a signed agent comment meets the first response', async () => {
    const body = comment('5150', 'zd-evt-1', s.deps.now().toISOString())
    const ts = s.deps.now().toISOString()
    const res = await api('POST', '/v1/connectors/zendesk/webhook', body, {
      'x-zendesk-webhook-signature': sign(body, ts),
      'x-zendesk-webhook-signature-timestamp': ts,
    })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.applied, 1)
    assert.equal((await details(id)).clocks.find((c) => c.metric === 'first_response')?.status, 'fulfilled')
  })

  test('a bad signature is refused and changes nothing', async () => {
    const before = await details(id)
    const body = comment('5150', 'zd-evt-2', s.deps.now().toISOString())
    const ts = s.deps.now().toISOString()
    const res = await api('POST', '/v1/connectors/zendesk/webhook', body, {
      'x-zendesk-webhook-signature': sign(`${body} `, ts),
      'x-zendesk-webhook-signature-timestamp': ts,
    })
    assert.equal(res.status, 401)
    assert.equal(res.body.code, 'PATRON_E_SIGNATURE')
    assert.deepEqual(await details(id), before)
  })

  test('an unconfigured connector refuses every call', async () => {
    const res = await api('POST', '/v1/connectors/freshdesk/webhook', { freshdesk_webhook: {} })
    assert.equal(res.status, 401)
    assert.match(res.body.detail, /PATRON_FRESHDESK_WEBHOOK_SECRET/)
  })
})

describe('the executive follow-up', () => {
  test('due and still open: the owner is told; done: it is closed', async () => {
    at('2026-11-21T03:00:00.000Z')
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId: 'acme-followup',
      createdAt: '2026-11-21T03:00:00Z',
    })
    const [task] = (await details(res.body.id)).tasks
    assert.equal(task?.dueAt, '2026-11-22T03:00:00.000Z')
    at('2026-11-22T03:00:01.000Z')
    await drain()
    const due = (await details(res.body.id)).notifications.filter((n) => n.topic === 'task.due')
    assert.deepEqual(due.map((n) => [n.channel, n.target, n.state]).sort(), [
      ['email', 'jordan.ellis@patron-demo.example', 'delivered'],
      ['email', 'riley.chen@patron-demo.example', 'delivered'],
      ['webhook', 'webhook', 'delivered'],
    ])
    assert.ok(
      mail.arrivals.some(
        (m) =>
          /^\[Patron\] Follow-up due/.test(m.mail.subject ?? '') &&
          m.recipients.includes('jordan.ellis@patron-demo.example'),
      ),
    )
    const done = await api('POST', `/v1/tasks/${task?.id}/complete`)
    assert.equal(done.status, 200)
    assert.equal(done.body.state, 'done')
  })
})

describe('timers run late, twice, or wrong', () => {
  const create = async (externalId: string, createdAt: string) => {
    at(createdAt)
    const res = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      externalId,
      createdAt,
    })
    assert.equal(res.status, 201)
    return res.body.id as string
  }

  test('an answer that arrives after the due time, before the timer ran, finds the breach recorded first', async () => {
    const id = await create('acme-late', '2026-11-23T10:00:00Z')
    at('2026-11-23T11:30:00.000Z') // no worker ran since creation
    const res = await api('POST', `/v1/tickets/${id}/events`, {
      eventId: 'late-reply',
      type: 'agent_reply',
      at: '2026-11-23T11:20:00Z',
    })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const d = await details(id)
    const fr = d.clocks.find((c) => c.metric === 'first_response')
    assert.equal(fr?.status, 'fulfilled')
    assert.equal(fr?.breachedAt, '2026-11-23T11:00:00.000Z')
    const steps = d.ledger.filter((e) => e.metric === 'first_response').map((e) => [e.action, e.at])
    assert.deepEqual(steps, [
      ['start', '2026-11-23T10:00:00.000Z'],
      ['breach', '2026-11-23T11:00:00.000Z'],
      ['escalate', '2026-11-23T11:00:00.000Z'],
      ['fulfil', '2026-11-23T11:20:00.000Z'],
    ])
    // The breach raised the priority even though the timer never ran.
    assert.ok(d.priority.reasons.some((r) => r.factor === 'escalation'))
  })

  test('the reconcile job run twice at the same instant records and sends everything once', async () => {
    const id = await create('acme-twice', '2026-11-23T13:00:00Z')
    at('2026-11-23T14:10:00.000Z')
    await reconcileClocks(s.deps, id)
    const once = await details(id)
    assert.ok(once.ledger.some((e) => e.action === 'breach'))
    await reconcileClocks(s.deps, id)
    assert.deepEqual(await details(id), once)
  })

  test('a clock that asks to wake in the past is looked at again in a minute, not in a hot loop', async () => {
    const id = await create('acme-stuck', '2026-11-23T15:00:00Z')
    at('2026-11-23T15:10:00.000Z')
    // A state the engine never writes: breached, yet never warned, so it asks for its warning forever.
    const clocks = await s.deps.store.clocks.forTicket(id)
    await s.deps.store.clocks.save(
      id,
      clocks.map((c) =>
        c.metric === 'first_response'
          ? {
              ...c,
              warnAt: '2026-11-23T15:01:00.000Z',
              warnedAt: null,
              breachedAt: '2026-11-23T15:05:00.000Z',
            }
          : c,
      ),
    )
    await reconcileClocks(s.deps, id)
    const due = async (at: string) =>
      (
        await s.deps.store.jobs.claim({
          limit: 1000,
          worker: 'stuck-test',
          now: new Date(at),
          kinds: [SLA_JOB],
        })
      ).filter((j) => j.payload.ticketId === id)
    assert.deepEqual(await due('2026-11-23T15:10:59.000Z'), [])
    assert.equal((await due('2026-11-23T15:11:00.000Z')).length, 1)
  })
})
