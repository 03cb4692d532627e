/**
 * The HTTP API against a real loopback server and the run's database (PGlite, or PostgreSQL when
 * DATABASE_URL is set).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { ERROR_CATALOGUE, ERROR_CODES } from '../core/errors.js'
import { accountView, queueView, ticketDetailsView, ticketView } from './schemas.js'
import { assertProblem, call, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

let s: TestServer
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, method, path, body, headers)

before(async () => {
  s = await startTestServer()
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
    const res = await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))
    assert.equal(res.status, 201, JSON.stringify(res.body))
  }
})
after(async () => s.close())

describe('the Acme case over HTTP', () => {
  let acme: ReturnType<typeof ticketView.parse>
  let starter: ReturnType<typeof ticketView.parse>

  before(async () => {
    const a = await api('POST', '/v1/tickets', fixture('tickets/brightpixel-csv-export.json'))
    assert.equal(a.status, 201, JSON.stringify(a.body))
    starter = ticketView.parse(a.body)
    const b = await api('POST', '/v1/tickets', fixture('tickets/acme-vp-billing.json'))
    assert.equal(b.status, 201, JSON.stringify(b.body))
    assert.equal(b.headers.get('location'), `/v1/tickets/${b.body.id}`)
    acme = ticketView.parse(b.body)
  })

  test('the response carries the decision with its reasons', () => {
    assert.equal(acme.tier.id, 'enterprise')
    assert.equal(acme.priority.score, 115)
    assert.equal(acme.priority.level, 'high')
    assert.equal(acme.severity.effective, 'P2')
    assert.equal(acme.queue, 'enterprise')
    assert.equal(acme.sla.firstResponseDueAt, '2026-11-20T22:47:00.000Z')
    const reasons = acme.priority.reasons.map((r) => r.text)
    assert.ok(reasons.includes('ARR $380k → enterprise tier (ARR ≥ $250k) (+40)'))
    assert.ok(reasons.includes('renewal in 45 days ≤ 60 → +15'))
    assert.ok(reasons.includes("churn phrase 'evaluating alternatives' (direct) → +20"))
    assert.ok(reasons.includes('sender is VP Operations (executive contact) → +10'))
    assert.ok(acme.signals.some((x) => x.kind === 'churn.direct' && x.phrase === 'evaluating alternatives'))
    assert.ok(acme.signals.some((x) => x.kind === 'executive_sender'))
    assert.deepEqual(acme.alerts.map((a) => a.recipient.role).sort(), ['accountExecutive', 'csm'])
    assert.equal(starter.priority.score, 20)
  })

  test('the queue puts Acme first although the starter ticket is older', async () => {
    const res = await api('GET', '/v1/queue')
    assert.equal(res.status, 200)
    const q = queueView.parse(res.body)
    assert.deepEqual(
      q.items.map((t) => t.externalId),
      ['acme-vp-billing', 'brightpixel-csv-export'],
    )
    const filtered = queueView.parse((await api('GET', '/v1/queue?queue=standard')).body)
    assert.deepEqual(
      filtered.items.map((t) => t.externalId),
      ['brightpixel-csv-export'],
    )
  })

  test('the alert is in the outbox, committed with the ticket: email to the CSM and AE, one webhook', async () => {
    const rows = await s.store.outbox.listForTicket(acme.id)
    assert.deepEqual(rows.map((r) => [r.channel, r.target]).sort(), [
      ['email', 'jordan.ellis@patron-demo.example'],
      ['email', 'morgan.reyes@patron-demo.example'],
      ['webhook', 'webhook'],
    ])
    assert.ok(rows.every((r) => r.notification.dedupKey === `ticket:${acme.id}:alert`))
    // The executive-contact rule: delivered within five minutes of the ticket.
    assert.ok(rows.every((r) => r.deliverBy === '2026-11-20T21:52:00.000Z'))
    assert.match(rows[0]?.notification.text ?? '', /the customer used churn language → notify the CSM/)
    assert.deepEqual(await s.store.outbox.listForTicket(starter.id), [])
  })

  test('the executive contact gets the most senior agents and a follow-up task for the CSM', async () => {
    assert.equal(acme.agentTier, 'senior')
    assert.equal(acme.followUp?.owner.name, 'Jordan Ellis')
    assert.equal(acme.followUp?.dueAt, '2026-11-21T21:47:00.000Z')
    const details = ticketDetailsView.parse((await api('GET', `/v1/tickets/${acme.id}`)).body)
    assert.deepEqual(
      details.tasks.map((t) => [t.kind, t.state, t.owner?.email, t.dueAt]),
      [['executive_follow_up', 'open', 'jordan.ellis@patron-demo.example', '2026-11-21T21:47:00.000Z']],
    )
  })

  test('GET /v1/tickets/{id} returns the same ticket and decision', async () => {
    const res = await api('GET', `/v1/tickets/${acme.id}`)
    assert.equal(res.status, 200)
    const { clocks, ledger, tasks, notifications, ...ticket } = ticketDetailsView.parse(res.body)
    assert.deepEqual(ticketView.parse(ticket), acme)
    assert.deepEqual(
      clocks.map((c) => [c.metric, c.status, c.dueAt]),
      [
        ['first_response', 'running', '2026-11-20T22:47:00.000Z'],
        ['next_response', 'waiting', null],
        ['periodic_update', 'running', '2026-11-21T01:47:00.000Z'],
        ['resolution', 'running', '2026-11-21T05:47:00.000Z'],
      ],
    )
    assert.equal(ledger[0]?.text, 'first response clock started: 1 hr on 24×7, due 2026-11-20T22:47:00.000Z')
    assert.equal(tasks.length, 1)
    assert.equal(notifications.length, 3)
  })

  test('the same externalId again returns the stored ticket with 200, changing nothing', async () => {
    const again = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      body: 'edited',
    })
    assert.equal(again.status, 200)
    assert.equal(again.headers.get('patron-idempotent-replay'), 'true')
    assert.deepEqual(ticketView.parse(again.body), acme)
    const other = await api('POST', '/v1/tickets', {
      ...fixture('tickets/acme-vp-billing.json'),
      source: 'zendesk',
    })
    assert.equal(other.status, 201, 'idempotency is per source')
  })

  test('concurrent submissions of one new ticket create it exactly once', async () => {
    const body = { ...fixture('tickets/acme-vp-billing.json'), externalId: 'race-1' }
    const results = await Promise.all(Array.from({ length: 8 }, () => api('POST', '/v1/tickets', body)))
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201])
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1)
    const rows = await s.store.outbox.listForTicket(results[0]?.body.id)
    assert.equal(rows.length, 3, 'alerts written once: two emails and a webhook')
  })

  test('the Chinese ticket yields a direct churn signal and negative sentiment', async () => {
    const res = await api('POST', '/v1/tickets', fixture('tickets/yunfan-churn-zh.json'))
    assert.equal(res.status, 201)
    const t = ticketView.parse(res.body)
    assert.equal(t.language, 'zh')
    assert.ok(t.signals.some((x) => x.kind === 'churn.direct' && x.phrase === '评估替代方案'))
    assert.equal(t.sentiment.label, 'negative')
    const span = t.signals.find((x) => x.kind === 'churn.direct')?.span
    assert.equal(t.body.slice(span?.start, span?.end), '评估替代方案')
  })
})

describe('internationalised addresses', () => {
  test('a requester on a Chinese IDN domain is triaged, and matched in either spelling of the domain', async () => {
    const account = { ...fixture('accounts/hangzhou-yunfan.json'), domains: ['公司.中国'], contacts: [] }
    const put = await api('PUT', '/v1/accounts/idn-co', account)
    assert.equal(put.status, 201, JSON.stringify(put.body))
    assert.deepEqual(put.body.domains, ['xn--55qx5d.xn--fiqs8s'])
    for (const [i, email] of ['李@公司.中国', 'li@xn--55qx5d.xn--fiqs8s'].entries()) {
      const res = await api('POST', '/v1/tickets', {
        externalId: `idn-${i}`,
        channel: 'email',
        body: '你好',
        requester: { email },
      })
      assert.equal(res.status, 201, JSON.stringify(res.body))
      assert.equal(res.body.account?.externalId, 'idn-co', email)
    }
  })
})

describe('accounts', () => {
  test('a second PUT replaces the account and bumps its revision', async () => {
    const body = { ...fixture('accounts/brightpixel.json'), arr: '588.00' }
    const res = await api('PUT', '/v1/accounts/brightpixel', body)
    assert.equal(res.status, 200)
    const a = accountView.parse(res.body)
    assert.equal(a.arr, '588.00')
    assert.equal(a.revision, 2)
    assert.deepEqual(accountView.parse((await api('GET', '/v1/accounts/brightpixel')).body), a)
  })

  test('an unknown account is a 404 problem', async () => {
    assertProblem(await api('GET', '/v1/accounts/nobody'), 404, 'PATRON_E_NOT_FOUND')
  })
})

describe('bad input gets a problem naming the field, and nothing stored changes', () => {
  const good = () => ({
    ...fixture('tickets/brightpixel-csv-export.json'),
    externalId: `bad-${Math.random()}`,
  })

  async function rejectsTicket(
    body: unknown,
    field: string,
    reason: RegExp | string,
    headers?: Record<string, string>,
  ) {
    const before = await s.store.tickets.count()
    const res = await api('POST', '/v1/tickets', body, headers)
    const p = assertProblem(res, 400, 'PATRON_E_VALIDATION')
    const issue = p.errors?.find((e) => e.field === field)
    assert.ok(issue, `no issue for ${field}: ${JSON.stringify(p.errors)}`)
    if (typeof reason === 'string') assert.equal(issue.reason, reason)
    else assert.match(issue.reason, reason)
    assert.equal(await s.store.tickets.count(), before)
  }

  test('unknown severity', () =>
    rejectsTicket({ ...good(), severity: 'P5' }, 'severity', 'must be one of P1, P2, P3, P4'))
  test('malformed email', () =>
    rejectsTicket(
      { ...good(), requester: { email: 'dana@@acme' } },
      'requester.email',
      'must be an email address',
    ))
  test('unknown field', () => rejectsTicket({ ...good(), severty: 'P1' }, 'severty', 'is not a known field'))
  test('unknown nested field', () =>
    rejectsTicket(
      { ...good(), requester: { email: 'a@b.io', phone: '1' } },
      'requester.phone',
      'is not a known field',
    ))
  test('missing body', () => {
    const { body: _, ...rest } = good()
    return rejectsTicket(rest, 'body', 'is required')
  })
  test('unknown channel', () =>
    rejectsTicket({ ...good(), channel: 'fax' }, 'channel', /^must be one of email, chat/))
  test('body over the documented 65,536-character limit', () =>
    rejectsTicket({ ...good(), body: 'x'.repeat(65_537) }, 'body', 'must be at most 65536 characters'))
  test('a NUL character, which the database cannot store', () =>
    rejectsTicket({ ...good(), body: 'a\u0000b' }, 'body', 'must not contain NUL characters'))
  test('createdAt that is not ISO-8601', () =>
    rejectsTicket({ ...good(), createdAt: '20/11/2026' }, 'createdAt', /ISO-8601/))
  test('createdAt before 2000, which some databases cannot store', () =>
    rejectsTicket(
      { ...good(), createdAt: '0001-01-01T00:00:00Z' },
      'createdAt',
      'must be on or after 2000-01-01',
    ))
  test('createdAt in the future', () =>
    rejectsTicket(
      { ...good(), createdAt: '2026-11-21T00:00:00Z' },
      'createdAt',
      /more than 5 minutes after the server's clock/,
    ))

  test('invalid JSON', async () => {
    const before = await s.store.tickets.count()
    const p = assertProblem(
      await api('POST', '/v1/tickets', '{"externalId": "x",'),
      400,
      'PATRON_E_INVALID_JSON',
    )
    assert.match(p.detail, /not valid JSON/)
    assert.equal(await s.store.tickets.count(), before)
  })

  test('a request over 1 MiB is refused before parsing', async () => {
    const p = assertProblem(
      await api('POST', '/v1/tickets', { ...good(), body: 'y'.repeat(1_100_000) }),
      413,
      'PATRON_E_PAYLOAD_TOO_LARGE',
    )
    assert.equal(p.limit, 1_048_576)
  })

  test('a body that is not JSON', async () => {
    assertProblem(
      await api('POST', '/v1/tickets', 'hello', { 'content-type': 'text/plain' }),
      415,
      'PATRON_E_UNSUPPORTED_MEDIA_TYPE',
    )
  })

  async function rejectsAccount(patch: Record<string, unknown>, field: string, reason: RegExp | string) {
    const before = await api('GET', '/v1/accounts/acme')
    const res = await api('PUT', '/v1/accounts/acme', { ...fixture('accounts/acme.json'), ...patch })
    const p = assertProblem(res, 400, 'PATRON_E_VALIDATION')
    const issue = p.errors?.find((e) => e.field === field)
    assert.ok(issue, `no issue for ${field}: ${JSON.stringify(p.errors)}`)
    if (typeof reason === 'string') assert.equal(issue.reason, reason)
    else assert.match(issue.reason, reason)
    assert.deepEqual(
      (await api('GET', '/v1/accounts/acme')).body,
      before.body,
      'the stored account is unchanged',
    )
  }

  test('arr as a JSON number', () => rejectsAccount({ arr: 380000 }, 'arr', /must be a decimal string/))
  test('arr that is not a decimal', () =>
    rejectsAccount({ arr: '3.8e5' }, 'arr', /must be a non-negative decimal string/))
  test('negative arr', () => rejectsAccount({ arr: '-1.00' }, 'arr', /must be a non-negative decimal string/))
  test('unknown currency', () => rejectsAccount({ currency: 'XYZ' }, 'currency', /ISO 4217/))
  test('unknown time zone', () => rejectsAccount({ timezone: 'Mars/Olympus' }, 'timezone', /IANA time zone/))
  test('impossible renewal date', () =>
    rejectsAccount({ renewalDate: '2027-02-30' }, 'renewalDate', 'is not a real calendar date'))
  test('renewal date outside 2000–2200', () =>
    rejectsAccount({ renewalDate: '0000-02-01' }, 'renewalDate', 'must be between 2000-01-01 and 2200-12-31'))
  test('health score out of range', () =>
    rejectsAccount({ healthScore: 101 }, 'healthScore', 'must be 0–100'))
  test('contact with an unknown role', () =>
    rejectsAccount(
      { contacts: [{ email: 'a@acme.com', role: 'boss' }] },
      'contacts[0].role',
      'must be one of executive, admin, user',
    ))
  test('duplicate contact email', () =>
    rejectsAccount(
      {
        contacts: [
          { email: 'a@acme.com', role: 'user' },
          { email: 'A@acme.com', role: 'admin' },
        ],
      },
      'contacts[1].email',
      'duplicates contacts[0].email',
    ))
  test('bad external id in the path', async () => {
    const p = assertProblem(
      await api('PUT', '/v1/accounts/a%20b', fixture('accounts/acme.json')),
      400,
      'PATRON_E_VALIDATION',
    )
    assert.equal(p.errors?.[0]?.field, 'externalId')
  })

  test('queue parameters', async () => {
    assert.equal(
      assertProblem(await api('GET', '/v1/queue?limit=0'), 400, 'PATRON_E_VALIDATION').errors?.[0]?.field,
      'limit',
    )
    assert.equal(
      assertProblem(await api('GET', '/v1/queue?cursor=abc'), 400, 'PATRON_E_VALIDATION').errors?.[0]?.field,
      'cursor',
    )
    assert.equal(
      assertProblem(await api('GET', '/v1/queue?order=asc'), 400, 'PATRON_E_VALIDATION').errors?.[0]?.field,
      'order',
    )
    // A cursor comes back from the client: a forged one is bad input, not a server fault.
    const forge = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url')
    const at = '2026-11-20T00:00:00.000Z'
    for (const c of [
      { s: 3_000_000_000, f: at, c: at, i: '6d1f3c57-7a7e-4c4b-9a55-2f4c8e0c1f00' },
      { s: 10, f: '0000-01-01T00:00:00.000Z', c: at, i: '6d1f3c57-7a7e-4c4b-9a55-2f4c8e0c1f00' },
    ]) {
      const p = assertProblem(await api('GET', `/v1/queue?cursor=${forge(c)}`), 400, 'PATRON_E_VALIDATION')
      assert.equal(p.errors?.[0]?.field, 'cursor')
    }
  })

  test('unknown ticket and unknown route are 404 problems', async () => {
    assertProblem(
      await api('GET', '/v1/tickets/6d1f3c57-7a7e-4c4b-9a55-2f4c8e0c1f00'),
      404,
      'PATRON_E_NOT_FOUND',
    )
    assertProblem(await api('GET', '/v1/tickets/not-a-uuid'), 404, 'PATRON_E_NOT_FOUND')
    assertProblem(await api('GET', '/v2/anything'), 404, 'PATRON_E_NOT_FOUND')
  })
})

describe('queue paging', () => {
  test('pages with nextCursor cover the queue once, in order', async () => {
    const all = queueView.parse((await api('GET', '/v1/queue?limit=200')).body).items.map((t) => t.id)
    assert.ok(all.length >= 4)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = queueView.parse(
        (await api('GET', `/v1/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body,
      )
      seen.push(...page.items.map((t) => t.id))
      cursor = page.nextCursor
    } while (cursor)
    assert.deepEqual(seen, all)
  })
})

describe('documentation and system routes', () => {
  test('GET /openapi.json documents the routes', async () => {
    const res = await api('GET', '/openapi.json')
    assert.equal(res.status, 200)
    assert.equal(res.body.openapi, '3.1.0')
    for (const path of [
      '/v1/tickets',
      '/v1/tickets/{id}',
      '/v1/queue',
      '/v1/accounts/{externalId}',
      '/healthz',
      '/v1/policy',
    ]) {
      assert.ok(res.body.paths[path], `missing ${path}`)
    }
    const post = res.body.paths['/v1/tickets'].post
    assert.ok(post.requestBody.content['application/json'].schema.properties.severity)
    assert.ok(post.responses['201'])
  })

  test('every error code has a problem page', async () => {
    for (const code of ERROR_CODES) {
      const res = await api('GET', `/problems/${ERROR_CATALOGUE[code].slug}`)
      assert.equal(res.status, 200, code)
      assert.match(String(res.body), new RegExp(code))
    }
  })

  test('healthz and the policy in force', async () => {
    const health = await api('GET', '/healthz')
    assert.equal(health.status, 200)
    assert.equal(health.body.status, 'ok')
    assert.match(health.body.policyVersion, /^sha256:[0-9a-f]{16}$/)
    const policy = await api('GET', '/v1/policy')
    assert.equal(policy.body.name, 'Demo policy')
    assert.match(policy.body.document, /^# Patron demo policy/)
    assert.deepEqual(policy.body.tiers[0], {
      id: 'enterprise',
      name: 'enterprise',
      points: 40,
      explain: 'ARR ≥ $250k',
    })
    assert.deepEqual(
      policy.body.tiers.map((t: { id: string }) => t.id),
      ['enterprise', 'business', 'growth', 'starter'],
    )
  })
})

describe('policy validation over HTTP', () => {
  const demo = readFileSync(new URL('policy.yaml', examples), 'utf8')

  test('a valid document is summarised', async () => {
    const res = await api('POST', '/v1/policy/validate', { document: demo })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body.tiers, ['enterprise', 'business', 'growth', 'starter'])
  })

  test('a bad CEL expression is a 422 naming the line, the field and the reason; the policy in force stays', async () => {
    const before = (await api('GET', '/v1/policy')).body.version
    const bad = demo.replace('when: account.arr >= 250000.0', "when: account.arr >= '250000'")
    const p = assertProblem(
      await api('POST', '/v1/policy/validate', { document: bad }),
      422,
      'PATRON_E_POLICY_INVALID',
    )
    assert.equal(p.errors?.length, 1)
    assert.equal(p.errors?.[0]?.field, 'tiers[0].when')
    assert.equal(p.errors?.[0]?.line, bad.split('\n').findIndex((l) => l.includes("'250000'")) + 1)
    assert.match(p.errors?.[0]?.reason ?? '', /^CEL type error/)
    assert.equal((await api('GET', '/v1/policy')).body.version, before)
  })
})

/** An HTTP/1.1 request with an absolute-form target, which fetch cannot send. */
function rawRequest(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: target }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('bearer token', () => {
  test('with PATRON_API_TOKEN set, /v1 needs the token and healthz does not', async () => {
    const locked = await startTestServer({ apiToken: 'a-long-enough-secret-token' })
    try {
      assertProblem(await call(locked.url, 'GET', '/v1/queue'), 401, 'PATRON_E_UNAUTHORIZED')
      assertProblem(
        await call(locked.url, 'GET', '/v1/queue', undefined, { authorization: 'Bearer wrong' }),
        401,
        'PATRON_E_UNAUTHORIZED',
      )
      const ok = await call(locked.url, 'GET', '/v1/queue', undefined, {
        authorization: 'Bearer a-long-enough-secret-token',
      })
      assert.equal(ok.status, 200)
      assert.equal((await call(locked.url, 'GET', '/healthz')).status, 200)
      assert.equal((await call(locked.url, 'GET', '/openapi.json')).status, 200)
      // The router decodes and normalises paths; the check must see what the router sees.
      for (const path of ['/v%31/queue', '/%761/queue', '/v1/queue/', '/V1/queue', '/v1//queue']) {
        const res = await call(locked.url, 'GET', path)
        assert.ok([401, 404].includes(res.status), `${path} answered ${res.status}`)
      }
      const write = await call(locked.url, 'POST', '/v%31/tickets', {
        externalId: 'x',
        channel: 'email',
        body: 'b',
        requester: { email: 'a@b.io' },
      })
      assert.equal(write.status, 401)
      assert.equal(await locked.store.tickets.count(), 0)
      const account = await call(locked.url, 'PUT', '/%76%31/accounts/acme', fixture('accounts/acme.json'))
      assert.equal(account.status, 401)
      assert.equal(await locked.store.accounts.count(), 0)
      const port = Number(new URL(locked.url).port)
      assert.equal(await rawRequest(port, `http://127.0.0.1:${port}/v1/queue`), 401)
    } finally {
      await locked.close()
    }
  })
})
