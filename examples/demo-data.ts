/**
 * @module Deterministic demo data: accounts across the four value tiers and a few days of tickets in
 * English and Chinese. `npm start` loads it into an empty database; tests use it as a realistic corpus.
 *
 * The same `seed` and `now` always give the same output (a seeded PRNG, no `Math.random`, no clock
 * reads). Accounts depend only on `seed`, `now` and `accounts`; tickets also on `tickets`.
 *
 * The account objects are the body of `PUT /v1/accounts/{externalId}` plus their `externalId`
 * (use `accountBody` to drop it); the ticket objects are the body of `POST /v1/tickets`.
 */
import { readFileSync } from 'node:fs'
import type { ContactRole } from '../src/core/accounts/account.js'
import type { Severity } from '../src/core/tickets/severity.js'
import type { Channel } from '../src/core/tickets/ticket.js'
import { type DemoHandling, type DemoMood, type DemoTier, planHandling } from './demo-handling.js'
import { type DemoNote, planNotes } from './demo-notes.js'
import { Rng } from './demo-random.js'
import {
  ACCOUNT_EXECUTIVES,
  API_ENDPOINTS,
  CHARGE_AMOUNTS,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  CSMS,
  EN_FIRST_NAMES,
  EN_LAST_NAMES,
  EN_TIMEZONES,
  EXTRA_TAGS,
  HTTP_ERRORS,
  IDENTITY_PROVIDERS,
  type Language,
  STARTER_MONTHLY_PRICES,
  TEXTS,
  TITLES,
  type TicketTemplate,
  ZH_BRANDS,
  ZH_CITIES,
  ZH_CSMS,
  ZH_GIVEN_NAMES,
  ZH_INDUSTRIES,
  ZH_SURNAMES,
  ZH_TIMEZONE,
} from './demo-texts.js'

export { mulberry32 } from './demo-random.js'

// --- Shapes ----------------------------------------------------------------------------------------

export interface DemoPerson {
  readonly name: string
  readonly email: string
}

export interface DemoContact {
  readonly email: string
  readonly name: string
  readonly title: string
  readonly role: ContactRole
}

/** The body of `PUT /v1/accounts/{externalId}`. Money is a decimal string in currency units. */
export interface DemoAccountBody {
  readonly name: string
  readonly arr: string
  readonly currency: string
  readonly plan: string
  /** YYYY-MM-DD; absent or null when the account has no fixed-term contract. */
  readonly renewalDate?: string | null
  readonly timezone: string
  readonly domains: readonly string[]
  readonly csm?: DemoPerson | null
  readonly accountExecutive?: DemoPerson | null
  readonly contacts: readonly DemoContact[]
  readonly expansionPipeline?: string | null
  readonly healthScore?: number | null
  readonly tags?: readonly string[]
}

export interface DemoAccount extends DemoAccountBody {
  readonly externalId: string
}

/** The body of `POST /v1/tickets`. The generator always sets `createdAt`. */
export interface DemoTicket {
  readonly externalId: string
  readonly source?: string
  readonly channel: Channel
  readonly subject: string
  readonly body: string
  readonly requester: { readonly email: string; readonly name?: string }
  readonly severity?: Severity
  /** ISO-8601 UTC, whole seconds, e.g. `2026-11-20T21:47:00Z`. */
  readonly createdAt: string
}

export interface DemoOptions {
  readonly seed: number
  /** The generated tickets fall in the 5 days before this instant; renewal dates are relative to it. */
  readonly now: Date
  /** Number of accounts, the three fixture accounts included. Default 60, at least 3. */
  readonly accounts?: number
  /** Number of tickets. Default 300. */
  readonly tickets?: number
}

/** Usage and billing for one account: the body of POST /v1/accounts/{id}/activity. */
export interface DemoActivity {
  readonly externalId: string
  readonly metrics: readonly Record<string, string | number | boolean | null>[]
  readonly billingEvents: readonly Record<string, string | null>[]
}

export interface Demo {
  readonly accounts: DemoAccount[]
  readonly tickets: DemoTicket[]
  /** What agents and customers did with each ticket afterwards, in ticket order (see demo-handling.ts). */
  readonly handling: DemoHandling[]
  /** Notes the CSMs left on their accounts (see demo-notes.ts). */
  readonly notes: DemoNote[]
  readonly activity: DemoActivity[]
}

// --- Fixtures --------------------------------------------------------------------------------------

const CONTACT_ROLES: readonly ContactRole[] = ['executive', 'admin', 'user']

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads `examples/accounts/{externalId}.json`. The files are PUT bodies, so they carry no externalId:
 * the file name is the id. Checked just enough to catch a broken edit, not a full schema.
 */
function loadFixture(externalId: string): DemoAccount {
  const file = `examples/accounts/${externalId}.json`
  const json: unknown = JSON.parse(
    readFileSync(new URL(`./accounts/${externalId}.json`, import.meta.url), 'utf8'),
  )
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}`)
  }
  if (!isRecord(json)) return fail('not a JSON object')
  if ('externalId' in json) fail('must not have an externalId (the file name is the id)')
  for (const key of ['name', 'arr', 'currency', 'plan', 'timezone']) {
    if (typeof json[key] !== 'string') fail(`${key} must be a string`)
  }
  if (!Array.isArray(json.domains) || json.domains.length === 0) fail('domains must be a non-empty array')
  if (!Array.isArray(json.contacts)) return fail('contacts must be an array')
  for (const c of json.contacts as unknown[]) {
    if (!isRecord(c) || typeof c.email !== 'string' || !CONTACT_ROLES.includes(c.role as ContactRole)) {
      fail(`bad contact ${JSON.stringify(c)}`)
    }
  }
  return { externalId, ...(json as unknown as DemoAccountBody) }
}

/** The account fixtures in `examples/accounts/`, named by their externalId. Always part of the demo. */
export const FIXTURE_ACCOUNTS: readonly DemoAccount[] = ['acme', 'brightpixel', 'hangzhou-yunfan'].map(
  loadFixture,
)

/** The PUT body of an account: everything but its externalId, which goes in the path. */
export function accountBody(account: DemoAccount): DemoAccountBody {
  const { externalId: _externalId, ...body } = account
  return body
}

/** A deck with `round(share * n)` of each listed value and the rest `fill`, shuffled. Exact proportions. */
function deck<T>(rng: Rng, n: number, shares: readonly (readonly [T, number])[], fill: T): T[] {
  const out: T[] = []
  for (const [value, share] of shares) {
    for (let k = Math.round(share * n); k > 0 && out.length < n; k--) out.push(value)
  }
  while (out.length < n) out.push(fill)
  return rng.shuffle(out)
}

// --- Accounts --------------------------------------------------------------------------------------

type Tier = DemoTier
const TIERS: readonly Tier[] = ['enterprise', 'business', 'growth', 'starter']
const PLAN: Readonly<Record<Tier, string>> = {
  enterprise: 'Enterprise',
  business: 'Business',
  growth: 'Growth',
  starter: 'Starter',
}

/** An account with what the ticket generator needs to know about it. */
interface Seeded {
  readonly account: DemoAccount
  readonly tier: Tier
  readonly language: Language
  /** Days from `now` to renewal; null without a renewal date. */
  readonly renewalInDays: number | null
}

const DAY_MS = 86_400_000

function dateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function daysUntil(date: string | null | undefined, nowMs: number): number | null {
  if (date == null) return null
  return Math.round((Date.parse(`${date}T00:00:00Z`) - nowMs) / DAY_MS)
}

function money(units: number): string {
  return `${units}.00`
}

function tierCounts(n: number): Record<Tier, number> {
  const enterprise = Math.max(1, Math.round(n * 0.1))
  const business = Math.max(1, Math.round(n * 0.2))
  const growth = Math.max(0, Math.min(Math.round(n / 3), n - enterprise - business - 1))
  return { enterprise, business, growth, starter: n - enterprise - business - growth }
}

const FIXTURE_META: readonly { readonly tier: Tier; readonly language: Language }[] = [
  { tier: 'enterprise', language: 'en' },
  { tier: 'starter', language: 'en' },
  { tier: 'business', language: 'zh' },
]

/** Names already used, and shuffled decks of name stems to deal from. */
interface Names {
  readonly ids: Set<string>
  readonly names: Set<string>
  readonly prefixes: readonly string[]
  readonly brands: readonly (readonly [hanzi: string, pinyin: string])[]
  dealt: Record<Language, number>
}

function companyName(rng: Rng, language: Language, taken: Names): { name: string; externalId: string } {
  for (let attempt = 0; ; attempt++) {
    const k = taken.dealt[language]++
    let name: string
    let id: string
    if (language === 'en') {
      const prefix = taken.prefixes[k % taken.prefixes.length]!
      name = `${prefix} ${rng.pick(COMPANY_SUFFIXES)}`
      id = name.toLowerCase().replaceAll(' ', '-')
    } else {
      const [brand, brandPinyin] = taken.brands[k % taken.brands.length]!
      const [industry, industryPinyin] = rng.pick(ZH_INDUSTRIES)
      name = `${rng.pick(ZH_CITIES)}${brand}${industry}有限公司`
      id = `${brandPinyin}-${industryPinyin}`
    }
    // After many collisions (very large demos) number the name rather than loop for ever.
    if (attempt >= 40) {
      const n = attempt - 38
      name = language === 'en' ? `${name} ${n}` : name.replace('有限公司', `${n}号有限公司`)
      id = `${id}-${n}`
    }
    if (!taken.ids.has(id) && !taken.names.has(name)) {
      taken.ids.add(id)
      taken.names.add(name)
      return { name, externalId: id }
    }
  }
}

interface NewPerson {
  readonly name: string
  readonly email: string
  /** How they sign a message. */
  readonly signature: string
}

function person(rng: Rng, language: Language, domain: string, takenEmails: Set<string>): NewPerson {
  for (let attempt = 0; ; attempt++) {
    let name: string
    let local: string
    let signature: string
    if (language === 'en') {
      const first = rng.pick(EN_FIRST_NAMES)
      const last = rng.pick(EN_LAST_NAMES)
      name = `${first} ${last}`
      local = `${first}.${last}`.toLowerCase()
      signature = first
    } else {
      const [surname, surnamePinyin] = rng.pick(ZH_SURNAMES)
      const [given, givenPinyin] = rng.pick(ZH_GIVEN_NAMES)
      name = `${surname}${given}`
      local = `${givenPinyin}.${surnamePinyin}`
      signature = name
    }
    if (attempt >= 20) local = `${local}${attempt - 18}`
    const email = `${local}@${domain}`
    if (!takenEmails.has(email)) {
      takenEmails.add(email)
      return { name, email, signature }
    }
  }
}

function renewalOffsetDays(rng: Rng, tier: Tier): number | null {
  if (tier === 'starter' && rng.chance(0.6)) return null // monthly plan, no fixed term
  const bucket = rng.weighted<readonly [number, number]>([
    [[5, 30], 0.15],
    [[31, 60], 0.15],
    [[61, 90], 0.15],
    [[91, 330], 0.4],
    [[331, 400], 0.15],
  ])
  return rng.int(bucket[0], bucket[1])
}

function generateAccount(rng: Rng, tier: Tier, language: Language, nowMs: number, taken: Names): Seeded {
  const { name, externalId } = companyName(rng, language, taken)
  const domain = language === 'en' ? `${externalId}.example` : `${externalId}.cn.example`

  const arrUnits =
    tier === 'enterprise'
      ? rng.int(250, 900) * 1000
      : tier === 'business'
        ? rng.int(50, 249) * 1000
        : tier === 'growth'
          ? rng.int(10, 99) * 500
          : rng.pick(STARTER_MONTHLY_PRICES) * 12

  const renewalInDays = renewalOffsetDays(rng, tier)
  const healthScore = rng.chance(0.15) ? null : rng.int(tier === 'starter' ? 20 : 30, 95)

  const [contactCount, executives] =
    tier === 'enterprise'
      ? [rng.int(4, 7), rng.int(1, 2)]
      : tier === 'business'
        ? [rng.int(3, 5), rng.chance(0.6) ? 1 : 0]
        : tier === 'growth'
          ? [rng.int(2, 3), rng.chance(0.2) ? 1 : 0]
          : [rng.int(1, 2), 0]
  const emails = new Set<string>()
  const contacts: DemoContact[] = []
  for (let i = 0; i < contactCount; i++) {
    const role: ContactRole =
      i < executives
        ? 'executive'
        : i === executives && (tier !== 'starter' || rng.chance(0.3))
          ? 'admin'
          : 'user'
    const p = person(rng, language, domain, emails)
    contacts.push({ email: p.email, name: p.name, title: rng.pick(TITLES[language][role]), role })
  }

  const csm =
    tier === 'enterprise' || tier === 'business' || (tier === 'growth' && rng.chance(0.5))
      ? rng.pick<DemoPerson>(language === 'zh' ? ZH_CSMS : CSMS)
      : null
  const accountExecutive =
    tier === 'enterprise' || (tier === 'business' && rng.chance(0.6))
      ? rng.pick<DemoPerson>(ACCOUNT_EXECUTIVES)
      : null
  const pipelineChance = { enterprise: 0.7, business: 0.5, growth: 0.25, starter: 0 }[tier]
  const expansionPipeline = rng.chance(pipelineChance)
    ? money(Math.max(1000, Math.round((arrUnits * rng.int(10, 50)) / 100 / 1000) * 1000))
    : null

  const tags: string[] = []
  if (tier === 'enterprise' && rng.chance(0.7)) tags.push('strategic')
  if (language === 'zh') tags.push('apac')
  if (rng.chance(0.25)) {
    const extra = rng.pick(EXTRA_TAGS)
    if (extra !== 'at-risk') tags.push(extra)
  }
  if (healthScore !== null && healthScore < 45) tags.push('at-risk')

  const account: DemoAccount = {
    externalId,
    name,
    arr: money(arrUnits),
    currency: 'USD',
    plan: PLAN[tier],
    ...(renewalInDays === null ? {} : { renewalDate: dateOnly(nowMs + renewalInDays * DAY_MS) }),
    timezone: language === 'zh' ? ZH_TIMEZONE : rng.pick(EN_TIMEZONES),
    domains: [domain],
    ...(csm === null ? {} : { csm: { name: csm.name, email: csm.email } }),
    ...(accountExecutive === null
      ? {}
      : { accountExecutive: { name: accountExecutive.name, email: accountExecutive.email } }),
    contacts,
    ...(expansionPipeline === null ? {} : { expansionPipeline }),
    ...(healthScore === null ? {} : { healthScore }),
    tags,
  }
  return { account, tier, language, renewalInDays }
}

function generateAccounts(rng: Rng, n: number, nowMs: number): Seeded[] {
  const taken: Names = {
    ids: new Set(),
    names: new Set(),
    prefixes: rng.shuffle([...COMPANY_PREFIXES]),
    brands: rng.shuffle([...ZH_BRANDS]),
    dealt: { en: 0, zh: 0 },
  }
  const seeded: Seeded[] = FIXTURE_ACCOUNTS.map((account, i) => {
    const meta = FIXTURE_META[i]!
    taken.ids.add(account.externalId)
    taken.names.add(account.name)
    return { account, ...meta, renewalInDays: daysUntil(account.renewalDate, nowMs) }
  })
  const counts = tierCounts(n)
  for (const tier of TIERS) {
    const count = counts[tier] - FIXTURE_META.filter((m) => m.tier === tier).length
    const languages = deck<Language>(rng, count, [['zh', 0.2]], 'en')
    for (const language of languages) seeded.push(generateAccount(rng, tier, language, nowMs, taken))
  }
  return seeded
}

// --- Tickets ---------------------------------------------------------------------------------------

type Mood = DemoMood

/** Shares of each mood; the rest are neutral. Churn language in 8% of tickets. */
const MOOD_SHARES: readonly (readonly [Mood, number])[] = [
  ['frustrated', 0.15],
  ['churnDirect', 0.04],
  ['churnIndirect', 0.04],
  ['outage', 0.04],
  ['thanks', 0.05],
]

const TIER_WEIGHT: Readonly<Record<Tier, number>> = { enterprise: 5, business: 3, growth: 2, starter: 1 }
const WINDOW_SECONDS = 5 * 86_400

function pickAccount(rng: Rng, pool: readonly Seeded[], mood: Mood): Seeded {
  return rng.weighted(
    pool.map((s) => {
      let w = TIER_WEIGHT[s.tier]
      const health = s.account.healthScore ?? null
      const atRisk = (health !== null && health < 50) || (s.renewalInDays !== null && s.renewalInDays <= 90)
      if ((mood === 'churnDirect' || mood === 'churnIndirect' || mood === 'frustrated') && atRisk) w *= 3
      if (mood === 'thanks' && health !== null && health >= 75) w *= 2
      return [s, w] as const
    }),
  )
}

interface Requester {
  readonly email: string
  readonly name: string
  readonly signature: string
}

function pickRequester(rng: Rng, s: Seeded, mood: Mood): Requester {
  const language = s.language
  const kind = rng.weighted<'contact' | 'colleague' | 'unknown'>([
    ['contact', 0.8],
    ['colleague', 0.14],
    ['unknown', 0.06],
  ])
  if (kind === 'unknown') {
    if (language === 'zh') {
      const p = person(rng, 'zh', 'qq.com', new Set())
      return { email: `${rng.int(100_000_000, 2_999_999_999)}@qq.com`, name: p.name, signature: p.signature }
    }
    const p = person(rng, 'en', 'gmail.com', new Set())
    return { email: p.email.replace('@', `${rng.int(10, 99)}@`), name: p.name, signature: p.signature }
  }
  const contacts = s.account.contacts
  if (kind === 'colleague' || contacts.length === 0) {
    const domain = s.account.domains[0]!
    const p = person(rng, language, domain, new Set(contacts.map((c) => c.email)))
    return p
  }
  const executives = contacts.filter((c) => c.role === 'executive')
  const admins = contacts.filter((c) => c.role === 'admin')
  const c =
    mood === 'churnDirect' && executives.length > 0 && rng.chance(0.6)
      ? rng.pick(executives)
      : mood === 'outage' && admins.length > 0 && rng.chance(0.5)
        ? rng.pick(admins)
        : rng.pick(contacts)
  return { email: c.email, name: c.name, signature: language === 'en' ? c.name.split(' ')[0]! : c.name }
}

function pickChannel(rng: Rng, language: Language, mood: Mood): Channel {
  if (mood === 'outage') {
    return rng.weighted<Channel>([
      ['voice', 0.3],
      ['chat', 0.3],
      ['email', 0.3],
      ['sms', 0.1],
    ])
  }
  if (mood === 'thanks') return rng.chance(0.7) ? 'email' : 'chat'
  return rng.weighted<Channel>([
    ['email', 0.45],
    ['chat', 0.22],
    ['web', 0.2],
    ['voice', 0.05],
    ['sms', 0.03],
    ['whatsapp', language === 'en' ? 0.05 : 0],
  ])
}

function pickSeverity(rng: Rng, mood: Mood, template: TicketTemplate): Severity | null {
  switch (mood) {
    case 'outage':
      return rng.chance(0.7) ? 'P1' : null
    case 'thanks':
      return rng.chance(0.6) ? 'P4' : null
    case 'frustrated':
      return rng.weighted<Severity | null>([
        ['P2', 0.4],
        ['P3', 0.45],
        [null, 0.15],
      ])
    case 'churnDirect':
    case 'churnIndirect':
      return rng.weighted<Severity | null>([
        ['P2', 0.3],
        ['P3', 0.5],
        [null, 0.2],
      ])
    case 'neutral':
      if (template.topic === 'feature') return rng.chance(0.8) ? 'P4' : null
      return rng.weighted<Severity | null>([
        ['P2', 0.1],
        ['P3', 0.55],
        ['P4', 0.2],
        [null, 0.15],
      ])
  }
}

const weekdayAndHour = new Map<string, Intl.DateTimeFormat>()

function isBusinessHours(ms: number, timeZone: string): boolean {
  let format = weekdayAndHour.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    })
    weekdayAndHour.set(timeZone, format)
  }
  const parts = format.formatToParts(new Date(ms))
  const weekday = parts.find((p) => p.type === 'weekday')?.value
  const hour = Number(parts.find((p) => p.type === 'hour')?.value)
  return weekday !== 'Sat' && weekday !== 'Sun' && hour >= 8 && hour < 18
}

/** Whole seconds in the 5 days up to `nowSecondsMs`, mostly in the account's business hours. */
function pickCreatedAt(rng: Rng, nowSecondsMs: number, timeZone: string, mood: Mood): number {
  const draw = () => nowSecondsMs - rng.int(0, WINDOW_SECONDS) * 1000
  let t = draw()
  if (mood !== 'outage' && rng.chance(0.85)) {
    for (let i = 0; i < 12 && !isBusinessHours(t, timeZone); i++) t = draw()
  }
  return t
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = vars[key]
    if (value === undefined) throw new Error(`demo template uses unknown placeholder {${key}}`)
    return value
  })
}

function templateVars(rng: Rng, language: Language, createdAtMs: number): Record<string, string> {
  const texts = TEXTS[language]
  const charge = rng.pick(CHARGE_AMOUNTS)
  const incident = new Date(createdAtMs - rng.int(5, 45) * 60_000)
  return {
    amount: language === 'en' ? `$${charge}` : `${charge}美元`,
    invoice: `INV-${new Date(createdAtMs).getUTCFullYear()}-${rng.int(10_000, 99_999)}`,
    count: String(rng.int(3, 40)),
    idp: rng.pick(IDENTITY_PROVIDERS),
    status: rng.pick(HTTP_ERRORS),
    endpoint: rng.pick(API_ENDPOINTS),
    integration: rng.pick(texts.integrations),
    report: rng.pick(texts.reports),
    agent: rng.pick(texts.agents),
    time: incident.toISOString().slice(11, 16),
  }
}

function composeBody(
  rng: Rng,
  language: Language,
  channel: Channel,
  core: string,
  moodSentence: string | null,
  signature: string,
): string {
  const texts = TEXTS[language]
  const sep = language === 'en' ? ' ' : ''
  const text = moodSentence === null ? core : `${core}${sep}${moodSentence}`
  const signoff = fill(rng.pick(texts.signoffs), { name: signature })
  switch (channel) {
    case 'email':
      return `${rng.pick(texts.greetings)}\n\n${text}\n\n${signoff}`
    case 'web':
      return rng.chance(0.5) ? `${text}\n\n${signoff}` : text
    case 'voice':
      return `${texts.callNotes}\n\n${text}`
    case 'chat':
    case 'sms':
    case 'whatsapp':
      return text
  }
}

interface Draft {
  readonly index: number
  readonly createdAtMs: number
  readonly tier: Tier
  readonly mood: Mood
  readonly language: Language
  readonly ticket: Omit<DemoTicket, 'externalId'>
}

function generateTicket(rng: Rng, index: number, s: Seeded, mood: Mood, nowSecondsMs: number): Draft {
  const language = s.language
  const texts = TEXTS[language]
  const template =
    mood === 'outage'
      ? rng.pick(texts.outages)
      : mood === 'thanks'
        ? rng.pick(texts.thanks)
        : rng.pick(texts.requests)
  const moodSentence =
    mood === 'frustrated'
      ? rng.pick(texts.frustrated)
      : mood === 'churnDirect'
        ? rng.pick(texts.churnDirect)
        : mood === 'churnIndirect'
          ? rng.pick(texts.churnIndirect)
          : null
  const requester = pickRequester(rng, s, mood)
  const channel = pickChannel(rng, language, mood)
  const severity = pickSeverity(rng, mood, template)
  const createdAtMs = pickCreatedAt(rng, nowSecondsMs, s.account.timezone, mood)
  const vars = templateVars(rng, language, createdAtMs)
  const subject = fill(template.subject, vars)
  const body = composeBody(
    rng,
    language,
    channel,
    fill(template.body, vars),
    moodSentence,
    requester.signature,
  )
  const withName = rng.chance(0.9)
  return {
    index,
    createdAtMs,
    tier: s.tier,
    mood,
    language,
    ticket: {
      channel,
      subject: channel === 'email' && mood !== 'outage' && rng.chance(0.1) ? `Re: ${subject}` : subject,
      body,
      requester: withName ? { email: requester.email, name: requester.name } : { email: requester.email },
      ...(severity === null ? {} : { severity }),
      createdAt: new Date(createdAtMs).toISOString().replace('.000Z', 'Z'),
    },
  }
}

function generateTickets(
  rng: Rng,
  handlingRng: Rng,
  n: number,
  seeded: readonly Seeded[],
  nowMs: number,
): { tickets: DemoTicket[]; handling: DemoHandling[] } {
  const pools: Record<Language, Seeded[]> = {
    en: seeded.filter((s) => s.language === 'en'),
    zh: seeded.filter((s) => s.language === 'zh'),
  }
  const languages = deck<Language>(rng, n, [['zh', 0.25]], 'en')
  const moods = deck<Mood>(rng, n, MOOD_SHARES, 'neutral')
  const nowSecondsMs = Math.floor(nowMs / 1000) * 1000
  const drafts: Draft[] = []
  for (let i = 0; i < n; i++) {
    const mood = moods[i]!
    const account = pickAccount(rng, pools[languages[i]!], mood)
    drafts.push(generateTicket(rng, i, account, mood, nowSecondsMs))
  }
  drafts.sort((a, b) => a.createdAtMs - b.createdAtMs || a.index - b.index)
  const width = Math.max(5, String(n).length)
  const tickets: DemoTicket[] = []
  const handling: DemoHandling[] = []
  drafts.forEach((d, i) => {
    const externalId = `demo-${String(i + 1).padStart(width, '0')}`
    tickets.push({ externalId, ...d.ticket })
    handling.push(planHandling(handlingRng, { externalId, tier: d.tier, mood: d.mood, language: d.language }))
  })
  return { tickets, handling }
}

// --- Entry point -----------------------------------------------------------------------------------

/**
 * Generates the demo: `accounts` accounts (default 60: ~10% enterprise ≥ $250k ARR, ~20% business,
 * ~⅓ growth, the rest starter; about a fifth of them Chinese; the three fixtures always included and
 * listed first) and `tickets` tickets (default 300) in the 5 days up to `now`, sorted by `createdAt`,
 * with externalIds `demo-00001`…; a quarter of them in Chinese; and for each ticket a plan of what its
 * agent and customer did next (`handling`), which `handlingEvents` turns into events once triage has
 * set the ticket's deadlines.
 */
export function generateDemo(options: DemoOptions): Demo {
  const { seed, now, accounts = 60, tickets = 300 } = options
  const nowMs = now.getTime()
  if (!Number.isFinite(nowMs)) throw new RangeError('generateDemo: now is not a valid date')
  if (!Number.isInteger(accounts) || accounts < FIXTURE_ACCOUNTS.length) {
    throw new RangeError(`generateDemo: accounts must be an integer ≥ ${FIXTURE_ACCOUNTS.length}`)
  }
  if (!Number.isInteger(tickets) || tickets < 0)
    throw new RangeError('generateDemo: tickets must be an integer ≥ 0')

  // Separate streams, so that asking for more tickets does not change the accounts.
  const seeded = generateAccounts(new Rng(seed), accounts, nowMs)
  // Handling has its own stream too: the tickets are the same with or without it.
  const generated = generateTickets(
    new Rng(seed ^ 0x5eed71c),
    new Rng(seed ^ 0x4a9d1e),
    tickets,
    seeded,
    nowMs,
  )
  const activity = generateActivity(
    new Rng(seed ^ 0xac71),
    seeded.map((s) => s.account),
    nowMs,
  )
  return {
    accounts: seeded.map((s) => s.account),
    tickets: generated.tickets,
    handling: generated.handling,
    notes: planNotes(new Rng(seed ^ 0x7e5), seeded, nowMs),
    activity,
  }
}

/** Weekly usage observations per account, oldest first; the last one is yesterday's. */
const HISTORY_WEEKS = 8

/**
 * Usage once a week for the last eight weeks (the last one yesterday), and a few billing events, so the
 * health history has a line to draw. Acme's logins slide week after week and a payment failed — with its
 * VP's angry ticket, the account the demo's CSM should worry about.
 */
function generateActivity(rng: Rng, accounts: readonly DemoAccount[], nowMs: number): DemoActivity[] {
  const day = (ago: number) => new Date(nowMs - ago * 86_400_000).toISOString().slice(0, 10)
  const at = (ago: number) => new Date(nowMs - ago * 86_400_000).toISOString()
  const weeksAgo = Array.from({ length: HISTORY_WEEKS }, (_, i) => HISTORY_WEEKS - 1 - i)
  return accounts.map((a): DemoActivity => {
    if (a.externalId === 'acme') {
      return {
        externalId: a.externalId,
        metrics: weeksAgo.map((w) => {
          // From about 2,300 logins a month down to 1,180; seats in use follow.
          const logins = 1180 + w * 160
          return {
            observedOn: day(7 * w + 1),
            logins30d: logins,
            loginsPrev30d: Math.min(2400, logins + 4 * 160),
            activeSeats: 138 + w * 12,
            licensedSeats: 250,
            featuresUsed: 9 + Math.floor(w / 3),
            featuresAvailable: 24,
            failedPayments90d: w >= 2 ? 0 : 1,
            downgradeRequested: false,
            nps: w >= 4 ? 7 : 5,
          }
        }),
        billingEvents: [
          {
            eventId: 'acme-inv-2026-10-failed',
            kind: 'payment_failed',
            occurredAt: at(12),
            amount: '31666.67',
            note: null,
          },
        ],
      }
    }
    const seats = rng.int(5, 400)
    const start = rng.int(20, 3000)
    // A drift per week between −8 % and +8 %, with noise: some accounts grow, some fade.
    const drift = (rng.int(0, 160) - 80) / 1000
    const adoption = rng.int(2, 20)
    const active = 0.3 + rng.int(0, 70) / 100
    const failedPayment = rng.chance(0.1)
    const downgrade = rng.chance(0.05)
    const nps = rng.chance(0.6) ? rng.int(3, 10) : null
    let logins = start
    const metrics = weeksAgo.map((w) => {
      const before = logins
      logins = Math.max(5, Math.round(logins * (1 + drift + (rng.int(0, 60) - 30) / 1000)))
      return {
        observedOn: day(7 * w + 1),
        logins30d: logins,
        loginsPrev30d: before,
        activeSeats: Math.min(seats, Math.round(seats * active * (logins / start) ** 0.5)),
        licensedSeats: seats,
        featuresUsed: Math.min(24, adoption + (w < 3 && drift > 0 ? 1 : 0)),
        featuresAvailable: 24,
        failedPayments90d: failedPayment && w === 0 ? 1 : 0,
        downgradeRequested: downgrade && w === 0,
        nps,
      }
    })
    return { externalId: a.externalId, metrics, billingEvents: [] }
  })
}
