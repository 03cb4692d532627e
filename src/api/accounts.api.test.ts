/**
 * The account side over HTTP on a real database: the 360° profile, activity in, health and churn risk
 * with their factors, the tier lifecycle (an upgrade at once, a downgrade after its notice, with an
 * injected clock), CSAT from ticket events, and the CSV import with its bad rows.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { importAccounts } from '../app/import-accounts.js'
import { startWorker, type Worker } from '../jobs/runner.js'
import { accountProfileView } from './account-schemas.js'
import { call, drain as drainWorker, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

let s: TestServer
let worker: Worker
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, method, path, body, headers)
const at = (iso: string) => s.setNow(new Date(iso))
const profile = async (id: string) => {
  const res = await api('GET', `/v1/accounts/${id}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return accountProfileView.parse(res.body)
}
const drain = () => drainWorker(worker)
const csv = (_text: string) => ({ 'content-type': 'text/csv' }) as Record<string, string>

before(async () => {
  s = await startTestServer({ now: new Date('2026-11-20T15:00:00.000Z') })
  worker = startWorker(s.deps, { loop: false })
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
    assert.equal((await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  }
})
after(async () => {
  await worker.stop()
  await s.close()
})

describe('the 360° profile', () => {
  test('a new account is placed in its tier and says why, with the distance to the next tier', async () => {
    const p = await profile('brightpixel')
    assert.ok(p.tier, 'held tier')
    assert.equal(p.tierChanges[0]?.kind, 'initial')
    assert.match(p.tierChanges[0]?.reasons[0] ?? '', /ARR/)
    assert.ok(p.assessment)
    assert.ok(p.assessment.nextTier, 'brightpixel is not in the top tier')
    assert.ok((p.assessment.nextTier.arrGap ?? 0) > 0)
    assert.match(p.assessment.nextTier.text, /more ARR reaches/)
    // Without usage, billing or ratings there is too little for a score: the stored one stays.
    assert.equal(p.assessment.health.score, null)
    assert.match(p.assessment.health.text, /not enough data/)
  })

  test('usage falling, a failed payment and a downgrade request: health drops, risk rises, factors say why', async () => {
    const res = await api('POST', '/v1/accounts/acme/activity', {
      metrics: [
        {
          observedOn: '2026-11-19',
          logins30d: 120,
          loginsPrev30d: 400,
          activeSeats: 30,
          licensedSeats: 120,
          featuresUsed: 4,
          featuresAvailable: 20,
          failedPayments90d: 1,
          downgradeRequested: true,
          nps: 4,
        },
      ],
      billingEvents: [
        { eventId: 'inv-77-failed', kind: 'payment_failed', occurredAt: '2026-11-10T09:00:00Z' },
      ],
    })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const p = accountProfileView.parse(res.body)
    const a = p.assessment
    assert.ok(a)
    assert.ok(a.health.score !== null && a.health.score < 50, `health ${a.health.score}`)
    const usage = a.health.measures.find((m) => m.id === 'usage')
    assert.match(usage?.text ?? '', /logins 120 in 30 days vs 400/)
    const factors = a.risk.factors.map((f) => f.factor)
    for (const f of ['health', 'usage', 'billing', 'downgrade', 'nps']) assert.ok(factors.includes(f), f)
    assert.ok(a.risk.bucket !== null, a.risk.text)
    // Acme renews on 2027-01-04: 45 days out pulls the risk into the 60-day bucket at least.
    assert.ok(a.risk.bucket === 'urgent' || a.risk.bucket === 'medium', a.risk.bucket ?? 'none')
    assert.equal(p.usage?.logins30d, 120)
    assert.equal(p.billingEvents[0]?.eventId, 'inv-77-failed')
    assert.ok(p.recommendedActions.some((r) => /adoption session/.test(r)))
    assert.ok(p.healthHistory.length >= 1)

    // The CSM hears about it once, with the assessment.
    const risk = (await s.store.outbox.list({ limit: 100 })).filter(
      (e) => e.notification.topic === 'account.risk',
    )
    assert.equal(risk.filter((e) => e.channel === 'email').length, 1)
    assert.equal(risk[0]?.notification.data.externalId, 'acme')
    assert.match(risk[0]?.notification.text ?? '', /Risk factors:/)

    // The same billing event again is not counted twice; the same risk does not alert again.
    await api('POST', '/v1/accounts/acme/activity', {
      billingEvents: [
        { eventId: 'inv-77-failed', kind: 'payment_failed', occurredAt: '2026-11-10T09:00:00Z' },
      ],
    })
    const again = await profile('acme')
    assert.equal(again.billingEvents.length, 1)
    const after = (await s.store.outbox.list({ limit: 100 })).filter(
      (e) => e.notification.topic === 'account.risk',
    )
    assert.equal(after.length, risk.length)
  })

  test('bad activity is refused naming the field, and nothing is stored', async () => {
    const res = await api('POST', '/v1/accounts/acme/activity', {
      metrics: [{ observedOn: '2026-11-31', logins30d: -4 }],
      billingEvents: [{ eventId: 'x', kind: 'chargeback', occurredAt: 'yesterday' }],
    })
    assert.equal(res.status, 400)
    const fields = res.body.errors.map((e: { field: string }) => e.field)
    for (const f of [
      'metrics[0].observedOn',
      'metrics[0].logins30d',
      'billingEvents[0].kind',
      'billingEvents[0].occurredAt',
    ])
      assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`)
    assert.equal((await profile('acme')).billingEvents.length, 1)
    assert.equal((await api('GET', '/v1/accounts/nobody')).status, 404)
  })

  test('a CSAT rating on a ticket shows in the account history and counts in health', async () => {
    const t = await api('POST', '/v1/tickets', {
      ...fixture('tickets/brightpixel-csv-export.json'),
      createdAt: '2026-11-20T14:00:00Z',
    })
    assert.equal(t.status, 201, JSON.stringify(t.body))
    const ev = (body: object) => api('POST', `/v1/tickets/${t.body.id}/events`, body)
    assert.equal((await ev({ eventId: 'r1', type: 'resolution', at: '2026-11-20T14:30:00Z' })).status, 201)
    const missing = await ev({ eventId: 's0', type: 'satisfaction', at: '2026-11-20T14:40:00Z' })
    assert.equal(missing.status, 400)
    assert.equal(missing.body.errors[0].field, 'rating')
    assert.equal(
      (await ev({ eventId: 's1', type: 'satisfaction', at: '2026-11-20T14:45:00Z', rating: 2 })).status,
      201,
    )
    await drain()
    const p = await profile('brightpixel')
    const row = p.tickets.find((x) => x.id === t.body.id)
    assert.equal(row?.csat, 2)
    assert.equal(row?.resolutionHours, 0.5)
    const sat = p.assessment?.health.measures.find((m) => m.id === 'satisfaction')
    assert.equal(sat?.score, 25)
    assert.match(sat?.text ?? '', /CSAT 2\.0\/5/)
  })
})

describe('dynamic tiers', () => {
  test('an upgrade applies at once', async () => {
    const body = { ...fixture('accounts/brightpixel.json'), arr: '400000.00' }
    const res = await api('PUT', '/v1/accounts/brightpixel', body)
    assert.equal(res.status, 200)
    const p = await profile('brightpixel')
    assert.equal(p.tier?.id, 'enterprise')
    assert.equal(p.tierChanges.at(-1)?.kind, 'upgrade')
  })

  test('a downgrade is announced, waits out its notice, then applies to tickets from its date', async () => {
    at('2026-11-21T10:00:00.000Z')
    const csm = { name: 'Ana Silva', email: 'ana.silva@patron-demo.example' }
    const small = { ...fixture('accounts/brightpixel.json'), arr: '60000.00', csm }
    assert.equal((await api('PUT', '/v1/accounts/brightpixel', small)).status, 200)
    let p = await profile('brightpixel')
    assert.equal(p.tier?.id, 'enterprise', 'still enterprise during the notice')
    assert.equal(p.tier?.pendingDowngrade?.tier, 'business')
    assert.equal(p.tier?.pendingDowngrade?.effectiveAt, '2026-12-21T10:00:00.000Z')
    assert.equal(p.tierChanges.at(-1)?.kind, 'downgrade_scheduled')
    const notices = (await s.store.outbox.list({ limit: 200 })).filter(
      (e) => e.notification.topic === 'account.tier' && e.channel === 'email',
    )
    assert.equal(notices.length, 1)
    assert.match(notices[0]?.notification.subject ?? '', /moves from enterprise to business on 2026-12-21/)
    assert.equal(notices[0]?.target, csm.email)

    // A ticket during the notice keeps the enterprise SLA, and says why.
    at('2026-11-25T10:05:00.000Z')
    const during = await api('POST', '/v1/tickets', {
      ...fixture('tickets/brightpixel-csv-export.json'),
      externalId: 'bp-during',
      createdAt: '2026-11-25T10:00:00Z',
    })
    assert.equal(during.status, 201, JSON.stringify(during.body))
    assert.equal(during.body.tier.id, 'enterprise')
    assert.match(JSON.stringify(during.body.tier.reasons), /held in enterprise/)

    // Thirty days later the timer applies it.
    at('2026-12-21T10:00:05.000Z')
    await drain()
    p = await profile('brightpixel')
    assert.equal(p.tier?.id, 'business')
    assert.equal(p.tier?.pendingDowngrade, null)
    assert.equal(p.tierChanges.at(-1)?.kind, 'downgrade')
    const later = await api('POST', '/v1/tickets', {
      ...fixture('tickets/brightpixel-csv-export.json'),
      externalId: 'bp-after',
      createdAt: '2026-12-21T10:00:04Z',
    })
    assert.equal(later.body.tier.id, 'business')
  })

  test('a value that recovers during the notice cancels the downgrade', async () => {
    at('2026-12-22T10:00:00.000Z')
    const small = { ...fixture('accounts/acme.json'), arr: '90000.00' }
    await api('PUT', '/v1/accounts/acme', small)
    assert.equal((await profile('acme')).tier?.pendingDowngrade?.tier, 'business')
    at('2026-12-23T10:00:00.000Z')
    await api('PUT', '/v1/accounts/acme', fixture('accounts/acme.json'))
    const p = await profile('acme')
    assert.equal(p.tier?.id, 'enterprise')
    assert.equal(p.tier?.pendingDowngrade, null)
    assert.equal(p.tierChanges.at(-1)?.kind, 'downgrade_cancelled')
  })
})

describe('CSV import', () => {
  const HEADER =
    'id,name,arr,currency,plan,renewal_date,timezone,domains,csm_name,csm_email,logins_30d,logins_prev_30d'
  const count = async () => s.store.accounts.count()

  test('imports every row of a good file, keeping contacts of existing accounts', async () => {
    const before = await count()
    const body = [
      HEADER,
      'imp-1,Imported One,12000,USD,Growth,2027-03-01,Europe/Berlin,one.example,Sam Lee,sam@patron-demo.example,50,40',
      'imp-2,"Imported, Two",0,USD,Starter,,UTC,,,,,',
      'acme,Acme Corp,380000.00,USD,Enterprise,2027-01-04,America/New_York,acme.com,Jordan Ellis,jordan.ellis@patron-demo.example,300,310',
    ].join('\n')
    const res = await api('POST', '/v1/accounts:import', body, csv(body))
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.deepEqual([res.body.created, res.body.updated, res.body.rejected], [2, 1, 0])
    assert.equal(await count(), before + 2)
    const acme = await profile('acme')
    assert.equal(acme.contacts.length, fixture('accounts/acme.json').contacts.length, 'contacts kept')
    assert.equal((await profile('imp-2')).name, 'Imported, Two')
  })

  test('bad rows are listed with line and column, and mode=all imports none of them', async () => {
    const before = await count()
    const body = [
      HEADER,
      'new-ok,Fine Ltd,1000,USD,Starter,,UTC,,,,,',
      'bad-date,Bad Date Ltd,1000,USD,Starter,2027-02-30,UTC,,,,,',
      'neg,Negative Ltd,-50,USD,Starter,,UTC,,,,,',
      'new-ok,Twice Ltd,1000,USD,Starter,,UTC,,,,,',
      'bad-zone,Zone Ltd,1000,USD,Starter,,Mars/Olympus,,,,,',
      'short,row',
    ].join('\n')
    const res = await api('POST', '/v1/accounts:import', body, csv(body))
    assert.equal(res.status, 400)
    const errors = res.body.errors as { field: string; line: number; reason: string }[]
    const has = (line: number, field: string, re: RegExp) =>
      assert.ok(
        errors.some((e) => e.line === line && e.field === field && re.test(e.reason)),
        `line ${line} ${field} in ${JSON.stringify(errors)}`,
      )
    has(3, 'renewal_date', /not a real calendar date/)
    has(4, 'arr', /negative/)
    has(5, 'id', /duplicates the account on line 2/)
    has(6, 'timezone', /IANA/)
    has(7, 'row', /column/i)
    assert.equal(await count(), before, 'nothing imported')
    assert.equal((await api('GET', '/v1/accounts/new-ok')).status, 404)

    const valid = await api('POST', '/v1/accounts:import?mode=valid', body, csv(body))
    assert.equal(valid.status, 200)
    assert.equal(valid.body.imported, 1)
    assert.equal(valid.body.rejected, 5)
    assert.equal((await profile('new-ok')).name, 'Fine Ltd')
  })

  test('a header without a required column, or an unknown one, is refused naming it', async () => {
    const body = 'id,name,plan,colour\nx,X,Starter,blue\n'
    const res = await api('POST', '/v1/accounts:import', body, csv(body))
    assert.equal(res.status, 400)
    const fields = res.body.errors.map((e: { field: string }) => e.field)
    assert.deepEqual(fields.sort(), ['arr', 'colour'])
    const json = await api('POST', '/v1/accounts:import', { rows: [] })
    assert.equal(json.status, 415)
  })

  test('a file over the size limit is refused whole, even in mode=valid', async () => {
    const before = await count()
    const rows = Array.from({ length: 2000 }, (_, i) => `big-${i},Big ${i},1000,USD,Starter,,UTC,,,,,`)
    const text = [HEADER, ...rows].join('\n')
    await assert.rejects(
      importAccounts(s.deps, Readable.from([text]), { mode: 'valid', maxBytes: 10_000 }),
      (e: Error & { issues?: { field: string; reason: string }[] }) =>
        e.issues?.[0]?.field === 'file' && /over 10000 bytes/.test(e.issues[0].reason),
    )
    assert.equal(await count(), before)
  })
})
