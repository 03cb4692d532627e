/**
 * @module The accounts benchmark's data: many accounts with seeded random activity (usage snapshots,
 * billing events, tickets with their signals, SLA breaches and escalations), written set-based straight
 * into the tables for setup speed; and CSV files for the import. The same seed, size and `now` always
 * give the same rows.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mulberry32 } from '../examples/demo-data.js'
import type { Queryable } from '../src/store/db.js'

const DAY = 86_400_000
const CHUNK = 10_000
const TIMEZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Shanghai',
  'Asia/Tokyo',
]
const BILLING: readonly (readonly [string, number])[] = [
  ['payment_failed', 50],
  ['payment_recovered', 25],
  ['upgrade', 10],
  ['downgrade_request', 8],
  ['refund', 5],
  ['cancellation_request', 2],
]
const SIGNALS: readonly { kind: string; phrase: string }[] = [
  { kind: 'churn.direct', phrase: 'evaluating alternatives' },
  { kind: 'churn.direct', phrase: 'cancel our subscription' },
  { kind: 'churn.indirect', phrase: 'this keeps happening' },
  { kind: 'competitor', phrase: 'Zendesk' },
]
const FILLER =
  'We cannot export the monthly report since the last update and our finance team needs it before the close. '.repeat(
    10,
  )

export class Rng {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0)
    for (const [value, w] of entries) {
      r -= w
      if (r < 0) return value
    }
    return (entries.at(-1) as readonly [T, number])[0]
  }
  /** A version-4-shaped UUID from the seeded stream (deterministic, unlike randomUUID). */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('')
    const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

/** ARR in dollars over the demo policy's tiers: 2 % enterprise, 10 % business, 38 % growth, 50 % starter. */
function arrFor(rng: Rng): number {
  const r = rng.next()
  const [lo, hi] =
    r < 0.02 ? [250_000, 2_000_000] : r < 0.12 ? [50_000, 250_000] : r < 0.5 ? [5_000, 50_000] : [300, 5_000]
  return Math.round(lo * (hi / lo) ** rng.next() * 100) / 100
}

const planFor = (arr: number) =>
  arr >= 250_000 ? 'Enterprise' : arr >= 50_000 ? 'Business' : arr >= 5_000 ? 'Growth' : 'Starter'
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Rows of one table as parallel columns, written `CHUNK` rows per statement with `unnest`. */
class Table {
  readonly columns: unknown[][]
  constructor(
    width: number,
    private readonly sql: string,
  ) {
    this.columns = Array.from({ length: width }, () => [])
  }
  get size(): number {
    return this.columns[0]?.length ?? 0
  }
  push(...row: unknown[]): void {
    for (const [c, v] of row.entries()) this.columns[c]?.push(v)
  }
  /** `extra` are scalar parameters after the columns ($width+1 …). */
  async write(db: Queryable, extra: readonly unknown[] = []): Promise<void> {
    for (let from = 0; from < this.size; from += CHUNK) {
      await db.query(this.sql, [...this.columns.map((c) => c.slice(from, from + CHUNK)), ...extra])
    }
  }
}

export interface GeneratedData {
  readonly accounts: number
  readonly metrics: number
  readonly billing: number
  readonly tickets: number
  readonly ledger: number
}

/**
 * Writes `count` accounts (external ids acct-0000001 …) and their activity over the 120 days before
 * `now`: three weekly usage snapshots each (15 % of accounts sliding), billing events for 15 %, one to
 * six tickets for 40 % (10 % of tickets with a churn signal, 8 % breached, some escalated).
 */
export async function generateAccounts(
  db: Queryable,
  count: number,
  seed: number,
  now: Date,
): Promise<GeneratedData> {
  const rng = new Rng(seed)
  const nowMs = now.getTime()
  const accounts = new Table(
    8,
    `INSERT INTO accounts (id, external_id, name, arr, currency, plan, renewal_date, timezone, csm, created_at,
                           updated_at, contract_start)
     SELECT u.id, u.ext, u.name, u.arr, 'USD', u.plan, u.renewal, u.tz, u.csm, $9, $9, ($9::timestamptz)::date
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::date[], $7::text[],
                   $8::jsonb[]) AS u(id, ext, name, arr, plan, renewal, tz, csm)`,
  )
  const metrics = new Table(
    11,
    `INSERT INTO account_metrics (account_id, observed_on, logins_30d, logins_prev_30d, active_seats, licensed_seats,
                                  features_used, features_available, failed_payments_90d, downgrade_requested, nps)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                          $9::int[], $10::bool[], $11::int[])`,
  )
  const billing = new Table(
    5,
    `INSERT INTO account_billing_events (account_id, event_id, kind, occurred_at, amount)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[])`,
  )
  const tickets = new Table(
    11,
    `INSERT INTO tickets (id, source, external_id, account_id, channel, subject, body, requester_email,
                          severity_filed, severity_effective, priority_score, priority_level, tier, queue, agent_tier,
                          language, status, first_response_due_at, resolution_due_at, created_at, received_at,
                          policy_version, decision, csat, resolved_at)
     SELECT u.id, 'bench', u.ext, u.account_id, 'email', u.subject, u.body, 'someone@customer.example', u.severity,
            u.severity, 40, 'normal', 'growth', 'standard', 'tier1', 'en', u.status, u.created_at + interval '1 day',
            u.created_at + interval '7 days', u.created_at, u.created_at, 'bench', u.decision::jsonb, u.csat,
            u.resolved_at
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::timestamptz[], $9::text[], $10::int[], $11::timestamptz[])
            AS u(id, ext, account_id, subject, body, severity, status, created_at, decision, csat, resolved_at)`,
  )
  const ledger = new Table(
    4,
    `INSERT INTO clock_ledger (ticket_id, at, metric, cycle, action, level, text)
     SELECT u.ticket_id, u.at, 'resolution', 1, u.action, u.level, u.action
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::int[]) AS u(ticket_id, at, action, level)`,
  )

  for (let i = 1; i <= count; i++) {
    const id = rng.uuid()
    const arr = arrFor(rng)
    const k = rng.int(1, 40)
    accounts.push(
      id,
      `acct-${String(i).padStart(7, '0')}`,
      `Account ${i}`,
      arr.toFixed(2),
      planFor(arr),
      rng.chance(0.8) ? isoDay(nowMs + rng.int(-30, 400) * DAY) : null,
      rng.pick(TIMEZONES),
      arr >= 50_000 ? JSON.stringify({ name: `CSM ${k}`, email: `csm${k}@vendor.example` }) : null,
    )

    const licensed = rng.int(5, 200)
    const sliding = rng.chance(0.15)
    let logins = rng.int(20, 2000)
    for (const ago of [15, 8, 1]) {
      const prev = logins
      logins = Math.round(logins * (sliding ? 0.7 + rng.next() * 0.2 : 0.9 + rng.next() * 0.25))
      metrics.push(
        id,
        isoDay(nowMs - ago * DAY),
        logins,
        prev,
        Math.min(licensed, Math.round(licensed * (sliding ? 0.3 : 0.6) + rng.int(0, licensed) * 0.4)),
        licensed,
        rng.int(1, 12),
        12,
        rng.chance(0.05) ? rng.int(1, 2) : 0,
        rng.chance(0.02),
        ago === 1 && rng.chance(0.6) ? rng.int(0, 10) : null,
      )
    }

    if (rng.chance(0.15)) {
      for (let e = rng.int(1, 3); e > 0; e--) {
        const kind = rng.weighted(BILLING)
        billing.push(
          id,
          `ev-${i}-${e}`,
          kind,
          new Date(nowMs - rng.int(1, 120) * DAY - rng.int(0, DAY)).toISOString(),
          kind === 'payment_failed' || kind === 'refund' ? (arr / 12).toFixed(2) : null,
        )
      }
    }

    if (rng.chance(0.4)) {
      for (let n = rng.int(1, 6); n > 0; n--) {
        const ticketId = rng.uuid()
        const createdMs = nowMs - rng.int(1, 120) * DAY + rng.int(0, DAY - 1)
        const solved = rng.chance(0.65)
        const signals = rng.chance(0.1) ? [rng.pick(SIGNALS)] : []
        const sentiment = Math.round((rng.next() * 2 - 1) * 100) / 100
        tickets.push(
          ticketId,
          `t-${i}-${n}`,
          id,
          rng.chance(0.3) ? 'Export fails' : 'Invoice question',
          FILLER.slice(0, rng.int(20, 900)),
          rng.pick(['P1', 'P2', 'P3', 'P3', 'P4']),
          solved ? 'solved' : 'open',
          new Date(createdMs).toISOString(),
          JSON.stringify({ sentiment: { score: sentiment }, signals }),
          solved && rng.chance(0.5) ? rng.int(1, 5) : null,
          solved ? new Date(createdMs + rng.int(1, 72) * 3_600_000).toISOString() : null,
        )
        if (rng.chance(0.08)) {
          const at = new Date(createdMs + DAY).toISOString()
          ledger.push(ticketId, at, 'breach', null)
          if (rng.chance(0.4)) ledger.push(ticketId, at, 'escalate', rng.int(1, 3))
        }
      }
    }
  }
  const created = new Date(nowMs - 400 * DAY)
  await accounts.write(db, [created])
  await metrics.write(db)
  await billing.write(db)
  await tickets.write(db)
  await ledger.write(db)
  return {
    accounts: accounts.size,
    metrics: metrics.size,
    billing: billing.size,
    tickets: tickets.size,
    ledger: ledger.size,
  }
}

/**
 * What happens to accounts in a day, for the recompute after it: a new usage snapshot for 30 % of the
 * accounts (logins within ±10 % of the last one, one in twenty with a failed payment), a cancellation
 * request or a failed payment for 1 %, a big expansion (ARR × 6) for 0.3 %.
 */
export async function generateDay(db: Queryable, seed: number, now: Date): Promise<{ changed: number }> {
  const rng = new Rng(seed)
  const rows = await db.query<{ id: string }>('SELECT id::text FROM accounts ORDER BY external_id')
  const metrics = new Table(
    3,
    `INSERT INTO account_metrics (account_id, observed_on, logins_30d, logins_prev_30d, active_seats, licensed_seats,
                                  features_used, features_available, failed_payments_90d, downgrade_requested, nps)
     SELECT m.account_id, $4::date, round(m.logins_30d * u.factor)::int, m.logins_30d, m.active_seats,
            m.licensed_seats, m.features_used, m.features_available, m.failed_payments_90d + u.failed,
            m.downgrade_requested, NULL
       FROM unnest($1::uuid[], $2::float8[], $3::int[]) AS u(account_id, factor, failed)
       JOIN LATERAL (SELECT * FROM account_metrics x WHERE x.account_id = u.account_id
                      ORDER BY observed_on DESC LIMIT 1) m ON true
     ON CONFLICT (account_id, observed_on) DO NOTHING`,
  )
  const billing = new Table(
    3,
    `INSERT INTO account_billing_events (account_id, event_id, kind, occurred_at)
     SELECT *, $4::timestamptz FROM unnest($1::uuid[], $2::text[], $3::text[])`,
  )
  const expand: string[] = []
  for (const [i, r] of rows.entries()) {
    if (rng.chance(0.3)) metrics.push(r.id, 0.9 + rng.next() * 0.2, rng.chance(0.05) ? 1 : 0)
    if (rng.chance(0.01))
      billing.push(r.id, `day-${i}`, rng.chance(0.4) ? 'cancellation_request' : 'payment_failed')
    if (rng.chance(0.003)) expand.push(r.id)
  }
  await metrics.write(db, [isoDay(now.getTime())])
  await billing.write(db, [new Date(now.getTime() - 3_600_000)])
  await db.query('UPDATE accounts SET arr = arr * 6, revision = revision + 1 WHERE id = ANY($1::uuid[])', [
    expand,
  ])
  return { changed: metrics.size + billing.size + expand.length }
}

export const CSV_HEADER = [
  'id',
  'name',
  'arr',
  'currency',
  'plan',
  'renewal_date',
  'timezone',
  'domains',
  'csm_name',
  'csm_email',
  'tags',
  'observed_on',
  'logins_30d',
  'logins_prev_30d',
  'active_seats',
  'licensed_seats',
  'features_used',
  'features_available',
  'failed_payments_90d',
  'downgrade_requested',
  'nps',
]

/** One CSV line per account csv-<n> for n in [from, from + count): each row seeded by its number. */
export async function writeAccountsCsv(
  path: string,
  from: number,
  count: number,
  seed: number,
  today: string,
): Promise<void> {
  const out = createWriteStream(path)
  const todayMs = Date.parse(today)
  let chunk = `${CSV_HEADER.join(',')}\n`
  for (let n = from; n < from + count; n++) {
    const rng = new Rng(seed * 1_000_003 + n)
    const arr = arrFor(rng)
    const k = rng.int(1, 40)
    const licensed = rng.int(5, 200)
    const logins = rng.int(0, 2000)
    const cells = [
      `csv-${String(n).padStart(7, '0')}`,
      `"Imported Company ${n}, Inc."`,
      arr.toFixed(2),
      'USD',
      planFor(arr),
      rng.chance(0.8) ? isoDay(todayMs + rng.int(-30, 400) * DAY) : '',
      rng.pick(TIMEZONES),
      `imported-${n}.example`,
      arr >= 50_000 ? `CSM ${k}` : '',
      arr >= 50_000 ? `csm${k}@vendor.example` : '',
      rng.chance(0.1) ? 'partner' : '',
      today,
      String(logins),
      String(Math.round(logins * (0.7 + rng.next() * 0.6))),
      String(rng.int(0, licensed)),
      String(licensed),
      String(rng.int(0, 12)),
      '12',
      rng.chance(0.05) ? '1' : '0',
      rng.chance(0.02) ? 'yes' : 'no',
      rng.chance(0.5) ? String(rng.int(0, 10)) : '',
    ]
    chunk += `${cells.join(',')}\n`
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}
