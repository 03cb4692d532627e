import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { accountBody, type DemoTicket, FIXTURE_ACCOUNTS, generateDemo, mulberry32 } from './demo-data.js'
import { TEXTS } from './demo-texts.js'

const NOW = new Date('2026-11-20T22:00:00Z')
const demo = generateDemo({ seed: 42, now: NOW })
const HAN = /\p{Script=Han}/u
const FIXTURE_DOMAINS = ['acme.com', 'brightpixel.io', 'yunfan.cn']
const UNKNOWN_DOMAINS = ['gmail.com', 'qq.com']

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
}

function text(t: DemoTicket): string {
  return `${t.subject}\n${t.body}`
}

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1)
}

describe('mulberry32', () => {
  it('is deterministic and in [0, 1)', () => {
    const a = mulberry32(1)
    const b = mulberry32(1)
    for (let i = 0; i < 1000; i++) {
      const x = a()
      assert.equal(x, b())
      assert.ok(x >= 0 && x < 1)
    }
  })
})

describe('generateDemo', () => {
  it('gives identical output for the same seed and now', () => {
    assert.deepEqual(generateDemo({ seed: 42, now: new Date(NOW) }), demo)
  })

  it('gives different output for another seed', () => {
    assert.notDeepEqual(generateDemo({ seed: 43, now: NOW }), demo)
  })

  it('does not change the accounts when only the ticket count changes', () => {
    assert.deepEqual(generateDemo({ seed: 42, now: NOW, tickets: 10 }).accounts, demo.accounts)
  })

  it('makes 60 accounts and 300 tickets by default', () => {
    assert.equal(demo.accounts.length, 60)
    assert.equal(demo.tickets.length, 300)
  })

  it('honours the requested counts', () => {
    const small = generateDemo({ seed: 1, now: NOW, accounts: 10, tickets: 25 })
    assert.equal(small.accounts.length, 10)
    assert.equal(small.tickets.length, 25)
    const minimal = generateDemo({ seed: 1, now: NOW, accounts: 3, tickets: 0 })
    assert.deepEqual(minimal.accounts, FIXTURE_ACCOUNTS)
    assert.deepEqual(minimal.tickets, [])
    assert.throws(() => generateDemo({ seed: 1, now: NOW, accounts: 2 }), RangeError)
    assert.throws(() => generateDemo({ seed: 1, now: new Date('nope') }), RangeError)
  })

  it('spreads accounts across the value tiers', () => {
    const arr = (plan: string) => demo.accounts.filter((a) => a.plan === plan).map((a) => Number(a.arr))
    const enterprise = arr('Enterprise')
    const business = arr('Business')
    const growth = arr('Growth')
    const starter = arr('Starter')
    assert.deepEqual([enterprise.length, business.length, growth.length, starter.length], [6, 12, 20, 22])
    assert.ok(enterprise.every((x) => x >= 250_000))
    assert.ok(business.every((x) => x >= 50_000 && x < 250_000))
    assert.ok(growth.every((x) => x >= 5_000 && x < 50_000))
    assert.ok(starter.every((x) => x < 5_000))
  })

  it('includes the three fixture accounts first, as stored in examples/accounts', () => {
    const ids = ['acme', 'brightpixel', 'hangzhou-yunfan']
    assert.deepEqual(
      demo.accounts.slice(0, 3).map((a) => a.externalId),
      ids,
    )
    for (const [i, id] of ids.entries()) {
      const file = readJson(`./accounts/${id}.json`)
      assert.ok(
        typeof file === 'object' && file !== null && !('externalId' in file),
        `${id}.json has no externalId`,
      )
      assert.deepEqual(demo.accounts[i], { externalId: id, ...file })
      assert.deepEqual(accountBody(demo.accounts[i]!), file)
    }
    const acme = demo.accounts[0]!
    assert.equal(acme.arr, '380000.00')
    assert.equal(acme.renewalDate, '2027-01-04')
    assert.ok(acme.contacts.some((c) => c.email === 'dana.whitfield@acme.com' && c.role === 'executive'))
  })

  it('has no account files in examples/accounts other than the fixtures', () => {
    const files = readdirSync(new URL('./accounts/', import.meta.url)).sort()
    assert.deepEqual(files, ['acme.json', 'brightpixel.json', 'hangzhou-yunfan.json'])
  })

  it('gives unique account and ticket externalIds', () => {
    const accountIds = demo.accounts.map((a) => a.externalId)
    assert.equal(new Set(accountIds).size, accountIds.length)
    const ticketIds = demo.tickets.map((t) => t.externalId)
    assert.equal(new Set(ticketIds).size, ticketIds.length)
    assert.equal(ticketIds[0], 'demo-00001')
    assert.equal(ticketIds.at(-1), 'demo-00300')
  })

  it('puts every ticket in the 5 days up to now, in whole-second UTC, sorted by time', () => {
    const from = NOW.getTime() - 5 * 86_400_000
    let previous = 0
    for (const t of demo.tickets) {
      assert.match(t.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      const ms = Date.parse(t.createdAt)
      assert.ok(ms <= NOW.getTime(), `${t.externalId} ${t.createdAt} is after now`)
      assert.ok(ms >= from, `${t.externalId} ${t.createdAt} is more than 5 days old`)
      assert.ok(ms >= previous)
      previous = ms
    }
  })

  it('never puts a ticket after now, even when now has milliseconds', () => {
    const now = new Date('2026-11-20T22:00:00.999Z')
    for (const t of generateDemo({ seed: 9, now }).tickets)
      assert.ok(Date.parse(t.createdAt) <= now.getTime())
  })

  it('writes about a quarter of the tickets in Chinese, from Chinese accounts or qq.com', () => {
    const zh = demo.tickets.filter((t) => HAN.test(text(t)))
    const share = zh.length / demo.tickets.length
    assert.ok(share >= 0.2 && share <= 0.3, `Chinese share ${share}`)
    const zhDomains = new Set(
      demo.accounts.filter((a) => a.timezone === 'Asia/Shanghai').flatMap((a) => a.domains),
    )
    for (const t of zh) {
      const domain = domainOf(t.requester.email)
      assert.ok(zhDomains.has(domain) || domain === 'qq.com', `${t.externalId} from ${domain}`)
      assert.ok(domain === 'qq.com' || domain.endsWith('.cn') || domain.endsWith('.cn.example'))
    }
  })

  it('sends tickets from account domains, with a few from unknown domains', () => {
    const accountDomains = new Set(demo.accounts.flatMap((a) => a.domains))
    const contacts = new Set(demo.accounts.flatMap((a) => a.contacts.map((c) => c.email)))
    let unknown = 0
    let colleagues = 0
    for (const t of demo.tickets) {
      const domain = domainOf(t.requester.email)
      if (UNKNOWN_DOMAINS.includes(domain)) unknown++
      else {
        assert.ok(accountDomains.has(domain), `${t.externalId}: ${domain} is no account's`)
        if (!contacts.has(t.requester.email)) colleagues++
      }
    }
    assert.ok(unknown > 0 && unknown < 40, `unknown senders ${unknown}`)
    assert.ok(colleagues > 0 && colleagues < 80, `non-contact senders ${colleagues}`)
  })

  it('invents only .example domains besides the fixtures and the deliberate unknown senders', () => {
    const emails = [
      ...demo.accounts.flatMap((a) => [
        ...a.contacts.map((c) => c.email),
        ...(a.csm ? [a.csm.email] : []),
        ...(a.accountExecutive ? [a.accountExecutive.email] : []),
      ]),
      ...demo.tickets.map((t) => t.requester.email),
    ]
    for (const email of emails) {
      assert.equal(email, email.toLowerCase())
      assert.match(email, /^[a-z0-9.]+@[a-z0-9.-]+$/)
      const domain = domainOf(email)
      assert.ok(
        domain.endsWith('.example') || FIXTURE_DOMAINS.includes(domain) || UNKNOWN_DOMAINS.includes(domain),
        email,
      )
    }
    for (const a of demo.accounts) {
      for (const d of a.domains) assert.ok(d.endsWith('.example') || FIXTURE_DOMAINS.includes(d), d)
    }
  })

  it('writes money as decimal strings and varies renewals, health, people and time zones', () => {
    for (const a of demo.accounts) {
      assert.match(a.arr, /^\d+\.\d{2}$/)
      if (a.expansionPipeline != null) assert.match(a.expansionPipeline, /^\d+\.\d{2}$/)
      if (a.healthScore != null)
        assert.ok(Number.isInteger(a.healthScore) && a.healthScore >= 0 && a.healthScore <= 100)
      if (a.renewalDate != null) assert.match(a.renewalDate, /^\d{4}-\d{2}-\d{2}$/)
      assert.ok(a.contacts.length > 0)
    }
    const days = demo.accounts
      .filter((a) => a.renewalDate != null)
      .map((a) => (Date.parse(`${a.renewalDate}T00:00:00Z`) - NOW.getTime()) / 86_400_000)
    assert.ok(days.some((d) => d <= 30))
    assert.ok(days.some((d) => d > 30 && d <= 60))
    assert.ok(days.some((d) => d > 60 && d <= 90))
    assert.ok(days.some((d) => d >= 330))
    assert.ok(demo.accounts.some((a) => a.healthScore == null))
    assert.ok(demo.accounts.some((a) => a.renewalDate == null))
    assert.ok(demo.accounts.filter((a) => a.contacts.some((c) => c.role === 'executive')).length >= 5)
    assert.ok(demo.accounts.some((a) => a.expansionPipeline != null))
    for (const region of ['America/', 'Europe/', 'Asia/']) {
      assert.ok(
        demo.accounts.some((a) => a.timezone.startsWith(region)),
        region,
      )
    }
  })

  it('varies channels and severities, leaving some tickets without a severity', () => {
    assert.ok(new Set(demo.tickets.map((t) => t.channel)).size >= 5)
    const severities = new Set(demo.tickets.map((t) => t.severity ?? 'none'))
    assert.deepEqual([...severities].sort(), ['P1', 'P2', 'P3', 'P4', 'none'])
  })

  it('puts churn language in about 8% of tickets, and a few outages and thank-you notes', () => {
    const has = (phrases: readonly string[]) => (t: DemoTicket) => phrases.some((p) => t.body.includes(p))
    const churn = [
      ...TEXTS.en.churnDirect,
      ...TEXTS.en.churnIndirect,
      ...TEXTS.zh.churnDirect,
      ...TEXTS.zh.churnIndirect,
    ]
    const share = demo.tickets.filter(has(churn)).length / demo.tickets.length
    assert.ok(share >= 0.06 && share <= 0.1, `churn share ${share}`)
    const outages = [...TEXTS.en.outages, ...TEXTS.zh.outages].map((o) => o.subject)
    assert.ok(demo.tickets.filter((t) => outages.includes(t.subject)).length >= 5)
    const thanks = [...TEXTS.en.thanks, ...TEXTS.zh.thanks].map((o) => o.subject)
    assert.ok(demo.tickets.filter((t) => thanks.includes(t.subject)).length >= 5)
  })

  it('fills every template placeholder', () => {
    for (const t of demo.tickets) assert.doesNotMatch(text(t), /[{}]/, t.externalId)
  })
})

describe('usage history', () => {
  it('gives every account eight weekly observations, oldest first, the last one yesterday', () => {
    assert.equal(demo.activity.length, demo.accounts.length)
    for (const a of demo.activity) {
      const days = a.metrics.map((m) => m.observedOn as string)
      assert.equal(days.length, 8, a.externalId)
      assert.deepEqual([...days].sort(), days, a.externalId)
      assert.equal(days.at(-1), '2026-11-19')
      assert.equal(Date.parse(days[1] as string) - Date.parse(days[0] as string), 7 * 86_400_000)
    }
  })

  it("slides Acme's logins week after week", () => {
    const logins = demo.activity
      .find((a) => a.externalId === 'acme')
      ?.metrics.map((m) => m.logins30d as number)
    assert.ok(
      logins?.every((n, i) => i === 0 || n < (logins[i - 1] as number)),
      String(logins),
    )
  })
})

describe('ticket fixtures', () => {
  const accounts = new Map(FIXTURE_ACCOUNTS.map((a) => [a.externalId, a]))

  function fixture(name: string, account: string): DemoTicket {
    const t = readJson(`./tickets/${name}.json`) as DemoTicket
    assert.equal(t.externalId, name)
    assert.ok(
      accounts.get(account)!.contacts.some((c) => c.email === t.requester.email),
      `${name}: requester is a contact of ${account}`,
    )
    return t
  }

  it('acme-vp-billing: the VP asks about a $12 charge and says they are evaluating alternatives', () => {
    const t = fixture('acme-vp-billing', 'acme')
    assert.equal(t.requester.email, 'dana.whitfield@acme.com')
    assert.equal(t.severity, 'P3')
    assert.equal(t.createdAt, '2026-11-20T21:47:00Z')
    assert.match(t.subject, /\$12/)
    assert.ok(t.body.endsWith('Honestly, we are evaluating alternatives.'))
  })

  it('brightpixel-csv-export: a neutral starter question, six minutes earlier', () => {
    const t = fixture('brightpixel-csv-export', 'brightpixel')
    assert.equal(t.subject, 'How do I export a CSV?')
    assert.equal(t.severity, 'P3')
    assert.equal(t.createdAt, '2026-11-20T21:41:00Z')
    const churn = [...TEXTS.en.churnDirect, ...TEXTS.en.churnIndirect, ...TEXTS.en.frustrated]
    assert.ok(!churn.some((p) => t.body.includes(p)))
  })

  it('yunfan-churn-zh: the executive writes in Chinese', () => {
    const t = fixture('yunfan-churn-zh', 'hangzhou-yunfan')
    assert.equal(t.body, '我们正在评估替代方案，这个问题反复出现，真的很失望')
    assert.match(t.subject, HAN)
    assert.equal(t.severity, 'P3')
    assert.equal(t.createdAt, '2026-11-20T08:30:00Z')
    const exec = accounts.get('hangzhou-yunfan')!.contacts.find((c) => c.role === 'executive')
    assert.equal(t.requester.email, exec?.email)
  })
})
