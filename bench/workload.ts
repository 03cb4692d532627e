/**
 * @module The benchmark workload: demo accounts across the four tiers, and tickets whose words are real
 * customer text — English support tickets and Chinese delivery reviews from ../shared/data (read by
 * path, never copied) — or the demo generator's text when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { type DemoAccount, generateDemo, mulberry32 } from '../examples/demo-data.js'
import { accountBody, accountFields } from '../src/app/input-schemas.js'
import type { Account } from '../src/core/accounts/account.js'
import type { Severity } from '../src/core/tickets/severity.js'
import type { TicketInput } from '../src/core/tickets/ticket.js'

const DATA = new URL('../../shared/data/', import.meta.url)

export interface Workload {
  readonly accounts: readonly Account[]
  readonly accountBodies: readonly DemoAccount[]
  readonly tickets: readonly TicketInput[]
  /** Where the words came from, for the report. */
  readonly textSource: string
}

interface Text {
  subject: string
  body: string
  severity: Severity | null
}

function csv(path: URL): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, relax_quotes: true })
}

function realTexts(): { en: Text[]; zh: Text[] } | null {
  const en = new URL('support-tickets-multilang/support_tickets_multilang.csv', DATA)
  const zh = new URL('waimai-10k/waimai_10k.csv', DATA)
  if (!existsSync(en) || !existsSync(zh)) return null
  const priority: Record<string, Severity> = { high: 'P2', medium: 'P3', low: 'P4' }
  return {
    en: csv(en)
      .filter((r) => r.language === 'en' && r.body)
      .map((r) => ({
        subject: r.subject ?? '',
        body: r.body ?? '',
        severity: priority[r.priority ?? ''] ?? null,
      })),
    zh: csv(zh).map((r) => ({ subject: '', body: r.review ?? '', severity: null })),
  }
}

export function loadWorkload(count: number, seed = 7): Workload {
  const now = new Date('2026-11-20T12:00:00.000Z')
  const demo = generateDemo({ seed, now, accounts: 60, tickets: 300 })
  const accounts = demo.accounts.map((a) => {
    const { externalId, ...body } = a
    return { id: `acc-${externalId}`, ...accountFields(externalId, accountBody.parse(body)) }
  })
  const real = realTexts()
  const texts = real ?? {
    en: demo.tickets
      .filter((t) => !/\p{Script=Han}/u.test(t.body))
      .map((t) => ({ subject: t.subject, body: t.body, severity: t.severity ?? null })),
    zh: demo.tickets
      .filter((t) => /\p{Script=Han}/u.test(t.body))
      .map((t) => ({ subject: t.subject, body: t.body, severity: t.severity ?? null })),
  }
  const rand = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T
  const tickets: TicketInput[] = []
  for (let i = 0; i < count; i++) {
    const account = pick(accounts)
    const chinese = rand() < 0.25
    const text = pick(chinese ? texts.zh : texts.en)
    const contact = account.contacts.length > 0 && rand() < 0.85 ? pick(account.contacts) : null
    const email =
      contact?.email ?? (rand() < 0.5 ? `user${i}@${account.domains[0]}` : `someone${i}@gmail.com`)
    tickets.push({
      externalId: `bench-${seed}-${i}`,
      source: 'api',
      channel: pick(['email', 'chat', 'web', 'sms', 'whatsapp', 'voice'] as const),
      subject: text.subject,
      body: text.body,
      requester: { email, name: null },
      severity: text.severity ?? (rand() < 0.2 ? null : pick(['P1', 'P2', 'P3', 'P3', 'P4'] as const)),
      createdAt: new Date(now.getTime() - Math.floor(rand() * 3_600_000)).toISOString(),
    })
  }
  return {
    accounts,
    accountBodies: demo.accounts,
    tickets,
    textSource: real
      ? `real text: ${real.en.length} English tickets (support-tickets-multilang), ${real.zh.length} Chinese reviews (waimai-10k)`
      : 'demo generator text (../shared/data not found)',
  }
}
