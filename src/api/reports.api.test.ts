/**
 * The weekly VIP health report end to end: accounts through the real API on PGlite, a breached ticket,
 * the weekly job run by the worker at Monday 08:00 New York time (an injected clock), and the emails
 * at a real loopback SMTP server with their HTML part; the report route as JSON and as HTML.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import YAML from 'yaml'
import { scheduleWeeklyVipReport } from '../app/vip-report.js'
import { DEFAULT_POLICY_PATH } from '../config.js'
import { escapeHtml } from '../core/html.js'
import { closeEmailTransports } from '../integrations/smtp/deliver-email.js'
import { type MailArrival, SmtpReceiver } from '../integrations/testing/smtp-receiver.js'
import { startWorker, type Worker } from '../jobs/runner.js'
import { vipReportSendView, vipReportView } from './report-schemas.js'
import { problemView } from './schemas.js'
import { call, drain as drainWorker, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

const JORDAN = 'jordan.ellis@patron-demo.example'
const MEI = 'mei.lin@patron-demo.example'
const SUPPORT_VP = 'jordan.vale@patron-demo.example'
const HOSTILE = '<script>alert("report")</script> GmbH'

/** The demo policy with the report on Mondays at 08:00 in New York, routed to email only. */
function reportPolicy(): string {
  const doc = YAML.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8'))
  doc.reports = {
    weeklyVip: { tiers: ['enterprise', 'business'], weekday: 'mon', at: '08:00', zone: 'America/New_York' },
  }
  const email: string[] = doc.notifications?.email ?? []
  doc.notifications = { email: [...new Set([...email, 'report.weekly'])], webhook: [], slack: [] }
  return YAML.stringify(doc)
}

let s: TestServer
let mail: SmtpReceiver
let worker: Worker
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, method, path, body, headers)
const at = (iso: string) => s.setNow(new Date(iso))
const drain = () => drainWorker(worker)
const reports = (): MailArrival[] =>
  mail.arrivals.filter((m) => m.mail.headers.get('x-patron-topic') === 'report.weekly')
const reportTo = (to: string) => reports().filter((m) => m.recipients.includes(to))

before(async () => {
  mail = await SmtpReceiver.start()
  s = await startTestServer({
    now: new Date('2026-11-20T21:50:00.000Z'), // a Friday
    policyText: reportPolicy(),
    channels: {
      email: { smtpUrl: mail.endpoint, from: 'Patron <patron@patron-demo.example>' },
      webhook: null,
      slack: null,
      allowlist: ['127.0.0.1'],
    },
  })
  worker = startWorker(s.deps, { loop: false })
  for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
    assert.equal((await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  }
  const evil = {
    ...fixture('accounts/acme.json'),
    name: HOSTILE,
    domains: ['evil.example'],
    contacts: [],
    csm: null,
    accountExecutive: null,
  }
  assert.equal((await api('PUT', '/v1/accounts/evil', evil)).status, 201)
  // Churn language from the VP; nobody answers, so the first response breaches and escalates.
  assert.equal((await api('POST', '/v1/tickets', fixture('tickets/acme-vp-billing.json'))).status, 201)
  await drain()
  at('2026-11-21T06:00:00.000Z')
  await drain()
})
after(async () => {
  await worker.stop()
  closeEmailTransports()
  await s.close()
  await mail.close()
})

describe('start-up schedules the weekly job', () => {
  test('at the next Monday 08:00 in New York; a second start-up changes nothing', async () => {
    assert.equal(await scheduleWeeklyVipReport(s.deps), '2026-11-23T13:00:00.000Z')
    at('2026-11-22T10:00:00.000Z')
    // Computed from a later "now" it would be the same Monday; the queued job is left as it is anyway.
    assert.equal(await scheduleWeeklyVipReport(s.deps), '2026-11-23T13:00:00.000Z')
    const jobs = await api('GET', '/v1/jobs')
    assert.ok(jobs.body.counts.queued >= 1)
  })
})

describe('GET /v1/reports/vip-health', () => {
  before(() => at('2026-11-23T12:00:00.000Z'))

  test('JSON: per CSM, top tiers only, unassigned last, with escalations and actions', async () => {
    const res = await api('GET', '/v1/reports/vip-health')
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    const report = vipReportView.parse(res.body)
    assert.equal(report.week, '2026-W48')
    assert.deepEqual(
      report.groups.map((g) => g.csm?.email ?? null),
      [JORDAN, MEI, null],
    )
    const names = report.groups.flatMap((g) => g.accounts.map((a) => a.externalId))
    assert.deepEqual(names.sort(), ['acme', 'evil', 'hangzhou-yunfan'], 'the starter account is left out')
    const acme = report.groups[0]?.accounts[0]
    assert.equal(acme?.tier.id, 'enterprise')
    assert.equal(acme?.openEscalations, 1)
    assert.deepEqual(acme?.renewal, { date: '2027-01-04', inDays: 42 })
    assert.ok(acme?.risk.factors.some((f) => f.factor === 'churn_language'))
    assert.ok(
      acme?.actions.includes(
        'Follow the 1 open escalation to closure and tell the customer where each stands',
      ),
    )
    assert.equal(report.groups[2]?.accounts[0]?.name, HOSTILE)
  })

  test('?csm= narrows it to one CSM, whatever the case of the address', async () => {
    const res = await api('GET', `/v1/reports/vip-health?csm=${encodeURIComponent(MEI.toUpperCase())}`)
    const report = vipReportView.parse(res.body)
    assert.deepEqual(
      report.groups.map((g) => g.csm?.email),
      [MEI],
    )
    assert.equal(report.summary.accounts, 1)
  })

  test('format=html: the page, with every account name escaped and no script allowed', async () => {
    const res = await api('GET', '/v1/reports/vip-health?format=html')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    const page = String(res.body)
    assert.match(page, /^<!doctype html>/)
    assert.ok(page.includes('<strong>Acme Corp</strong>'))
    assert.ok(page.includes('杭州云帆科技有限公司'))
    assert.ok(page.includes(escapeHtml(HOSTILE)))
    assert.ok(!page.includes('<script'))
  })

  test('Accept: text/html without format gets the page; format=json wins over Accept', async () => {
    const page = await api('GET', '/v1/reports/vip-health', undefined, { accept: 'text/html,*/*;q=0.8' })
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    const json = await api('GET', '/v1/reports/vip-health?format=json', undefined, { accept: 'text/html' })
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(vipReportView.parse(json.body).groups.length, 3)
  })

  test('a bad format or address is a 400 naming the parameter', async () => {
    const res = await api('GET', '/v1/reports/vip-health?format=pdf')
    assert.equal(res.status, 400)
    assert.equal(problemView.parse(res.body).errors?.[0]?.field, 'format')
    const bad = await api('GET', '/v1/reports/vip-health?csm=not-an-address')
    assert.equal(bad.status, 400)
    assert.equal(problemView.parse(bad.body).errors?.[0]?.field, 'csm')
  })

  test('the OpenAPI document has both routes', async () => {
    const doc = (await api('GET', '/openapi.json')).body
    const get = doc.paths['/v1/reports/vip-health']?.get
    assert.ok(get?.responses['200'].content['text/html'])
    assert.ok(get?.responses['200'].content['application/json'].schema.properties.groups)
    assert.ok(doc.paths['/v1/reports/vip-health:send']?.post, Object.keys(doc.paths).join(', '))
  })
})

describe('the weekly job, run by the worker, emails each CSM', () => {
  test('nothing before Monday 08:00 New York time', async () => {
    at('2026-11-23T12:59:59.000Z')
    await drain()
    assert.equal(reports().length, 0)
  })

  test('at 08:00: one email per CSM, and the unassigned accounts to the support VP', async () => {
    at('2026-11-23T13:00:00.000Z')
    await drain()
    assert.deepEqual(
      reports()
        .flatMap((m) => m.recipients)
        .sort(),
      [JORDAN, SUPPORT_VP, MEI].sort(),
    )
    const jordan = reportTo(JORDAN)
    assert.equal(jordan.length, 1)
    assert.equal(jordan[0]?.dedupKey, `report.weekly:${JORDAN}:2026-W48`)
    assert.equal(jordan[0]?.mail.subject, '[Patron] Weekly VIP health, 2026-W48: 1 account')
  })

  test('the HTML part names the account and carries the recommended actions; the text part too', async () => {
    const arrival = reportTo(JORDAN)[0]
    assert.ok(arrival)
    const htmlPart = arrival.mail.html
    assert.equal(typeof htmlPart, 'string')
    const report = vipReportView.parse((await api('GET', `/v1/reports/vip-health?csm=${JORDAN}`)).body)
    const actions = report.groups[0]?.accounts[0]?.actions ?? []
    assert.ok(actions.length >= 2)
    assert.ok(String(htmlPart).includes('<strong>Acme Corp</strong>'))
    for (const action of actions)
      assert.ok(String(htmlPart).includes(`<li>${escapeHtml(action)}</li>`), action)
    // Only Jordan's accounts are in Jordan's email.
    assert.ok(!String(htmlPart).includes('杭州云帆'))
    assert.match(arrival.mail.text ?? '', /1\. Acme Corp \(acme\): enterprise, \$380k ARR/)
    assert.match(arrival.mail.text ?? '', /Open escalations: 1/)
  })

  test('the untrusted account name arrives escaped in the support VP copy', () => {
    const htmlPart = String(reportTo(SUPPORT_VP)[0]?.mail.html)
    assert.ok(htmlPart.includes(escapeHtml(HOSTILE)))
    assert.ok(!htmlPart.includes('<script'))
  })

  test('polling again sends nothing twice', async () => {
    const count = reports().length
    await drain()
    await drain()
    assert.equal(reports().length, count)
  })

  test('POST :send sends now, once per call, and leaves the schedule alone', async () => {
    at('2026-11-25T15:00:00.000Z')
    const before = reports().length
    const res = await api('POST', `/v1/reports/vip-health:send?csm=${MEI}`)
    assert.equal(res.status, 202, JSON.stringify(res.body))
    assert.deepEqual(vipReportSendView.parse(res.body), {
      week: '2026-W48',
      reports: 1,
      emails: 1,
      deliveries: 1,
    })
    await drain()
    assert.equal(reports().length, before + 1)
    assert.equal(reportTo(MEI).length, 2)
  })

  test('the job rescheduled itself: the next Monday at 08:00, week 49', async () => {
    at('2026-11-30T12:59:00.000Z')
    await drain()
    const before = reports().length
    assert.equal(reportTo(JORDAN).length, 1)
    at('2026-11-30T13:00:00.000Z')
    await drain()
    assert.equal(reports().length, before + 3)
    assert.deepEqual(
      reportTo(JORDAN).map((m) => m.dedupKey),
      [`report.weekly:${JORDAN}:2026-W48`, `report.weekly:${JORDAN}:2026-W49`],
    )
  })
})
