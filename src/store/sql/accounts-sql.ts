/**
 * @module SQL for accounts, their domains and contacts.
 */
import type { Contact, ContactRole, Person } from '../../core/accounts/account.js'
import type { AccountAssessment } from '../../core/accounts/assess-account.js'
import type { PendingDowngrade, TierChange } from '../../core/accounts/tier-lifecycle.js'
import { InvariantError } from '../../core/errors.js'
import type { Queryable } from '../db.js'
import type { AccountFields, AccountsStore, StoredAccount } from '../store.js'
import { iso, isoOrNull } from './timestamps.js'

// numeric and date are turned into text so both drivers return the same strings (pg would otherwise turn
// a date into a local-midnight Date); to_char rather than ::text, whose format follows the server's
// DateStyle. Contacts and domains come along in the same round trip.
const ACCOUNT_COLUMNS = `
         a.id::text, a.external_id, a.name, a.arr::text AS arr, a.currency, a.plan,
         to_char(a.renewal_date, 'YYYY-MM-DD') AS renewal_date, a.timezone, a.csm, a.account_executive,
         a.expansion_pipeline::text AS expansion_pipeline, a.health_score::int AS health_score, a.tags,
         a.created_at, a.updated_at, a.revision::int AS revision,
         to_char(a.contract_start, 'YYYY-MM-DD') AS contract_start, a.tier, a.tier_since, a.pending_tier, a.assessment,
         COALESCE((SELECT json_agg(d.domain ORDER BY d.domain) FROM account_domains d WHERE d.account_id = a.id), '[]'::json) AS domains,
         COALESCE((SELECT json_agg(json_build_object('email', c.email, 'name', c.name, 'title', c.title, 'role', c.role)
                                   ORDER BY c.email)
                   FROM contacts c WHERE c.account_id = a.id), '[]'::json) AS contacts`
const SELECT_ACCOUNT = `SELECT ${ACCOUNT_COLUMNS} FROM accounts a`

interface AccountRow {
  id: string
  external_id: string
  name: string
  arr: string
  currency: string
  plan: string
  renewal_date: string | null
  timezone: string
  csm: Person | null
  account_executive: Person | null
  expansion_pipeline: string | null
  health_score: number | null
  tags: string[]
  created_at: Date
  updated_at: Date
  revision: number
  contract_start: string | null
  tier: string | null
  tier_since: Date | null
  pending_tier: PendingDowngrade | null
  assessment: AccountAssessment | null
  domains: string[]
  contacts: { email: string; name: string | null; title: string | null; role: ContactRole }[]
  [key: string]: unknown
}

function toAccount(r: AccountRow): StoredAccount {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    arr: r.arr,
    currency: r.currency,
    plan: r.plan,
    renewalDate: r.renewal_date,
    timezone: r.timezone,
    domains: r.domains,
    csm: r.csm,
    accountExecutive: r.account_executive,
    contacts: r.contacts.map(
      (c): Contact => ({ email: c.email, name: c.name, title: c.title, role: c.role }),
    ),
    expansionPipeline: r.expansion_pipeline,
    healthScore: r.health_score,
    tags: r.tags,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    revision: r.revision,
    contractStart: r.contract_start,
    heldTier:
      r.tier === null
        ? null
        : { tier: r.tier, since: isoOrNull(r.tier_since) ?? iso(r.created_at), pending: r.pending_tier },
    assessment: r.assessment,
  }
}

export function accountsSql(
  q: Queryable,
  inTransaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>,
): AccountsStore {
  async function byId(db: Queryable, id: string): Promise<StoredAccount | null> {
    const rows = await db.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id])
    return rows[0] ? toAccount(rows[0]) : null
  }

  return {
    upsert: (f: AccountFields, at: Date, newId: () => string) =>
      inTransaction(async (tx) => {
        // xmax = 0 only on a freshly inserted row: tells insert from update in one statement.
        const rows = await tx.query<{ id: string; inserted: boolean }>(
          `INSERT INTO accounts (id, external_id, name, arr, currency, plan, renewal_date, timezone, csm,
                                 account_executive, expansion_pipeline, health_score, tags, created_at, updated_at,
                                 contract_start)
           VALUES ($1, $2, $3, $4::numeric, $5, $6, $7::date, $8, $9::jsonb, $10::jsonb, $11::numeric, $12, $13::text[], $14, $14,
                   $15::date)
           ON CONFLICT (external_id) DO UPDATE SET
             name = EXCLUDED.name, arr = EXCLUDED.arr, currency = EXCLUDED.currency, plan = EXCLUDED.plan,
             renewal_date = EXCLUDED.renewal_date, timezone = EXCLUDED.timezone, csm = EXCLUDED.csm,
             account_executive = EXCLUDED.account_executive, expansion_pipeline = EXCLUDED.expansion_pipeline,
             health_score = COALESCE(EXCLUDED.health_score, accounts.health_score), tags = EXCLUDED.tags,
             updated_at = EXCLUDED.updated_at, contract_start = EXCLUDED.contract_start,
             revision = accounts.revision + 1
           RETURNING id::text, (xmax = 0) AS inserted`,
          [
            newId(),
            f.externalId,
            f.name,
            f.arr,
            f.currency,
            f.plan,
            f.renewalDate,
            f.timezone,
            f.csm === null ? null : JSON.stringify(f.csm),
            f.accountExecutive === null ? null : JSON.stringify(f.accountExecutive),
            f.expansionPipeline,
            f.healthScore,
            [...f.tags],
            at,
            f.contractStart ?? null,
          ],
        )
        const row = rows[0]
        if (!row) throw new InvariantError('account upsert returned no row')
        await tx.query('DELETE FROM account_domains WHERE account_id = $1', [row.id])
        await tx.query('DELETE FROM contacts WHERE account_id = $1', [row.id])
        if (f.domains.length > 0) {
          await tx.query(
            'INSERT INTO account_domains (account_id, domain) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
            [row.id, [...f.domains]],
          )
        }
        if (f.contacts.length > 0) {
          await tx.query(
            `INSERT INTO contacts (account_id, email, name, title, role)
             SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
             ON CONFLICT DO NOTHING`,
            [
              row.id,
              f.contacts.map((c) => c.email),
              f.contacts.map((c) => c.name),
              f.contacts.map((c) => c.title),
              f.contacts.map((c) => c.role),
            ],
          )
        }
        const account = await byId(tx, row.id)
        if (!account) throw new InvariantError('account vanished inside its own transaction')
        return { account, created: row.inserted }
      }),

    async upsertMany(list, at, newId) {
      if (list.length === 0) return []
      const col = <T>(f: (a: AccountFields) => T) => list.map(f)
      const person = (p: Person | null) => (p === null ? null : JSON.stringify(p))
      const rows = await q.query<{ id: string; external_id: string; inserted: boolean }>(
        `INSERT INTO accounts (id, external_id, name, arr, currency, plan, renewal_date, timezone, csm,
                               account_executive, expansion_pipeline, tags, contract_start, created_at, updated_at)
         SELECT u.id, u.external_id, u.name, u.arr, u.currency, u.plan, u.renewal_date, u.timezone, u.csm, u.ae,
                u.pipeline, COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(u.tags) x), '{}'),
                u.contract_start, $14, $14
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::date[],
                       $8::text[], $9::jsonb[], $10::jsonb[], $11::numeric[], $12::jsonb[], $13::date[])
                AS u(id, external_id, name, arr, currency, plan, renewal_date, timezone, csm, ae, pipeline, tags,
                     contract_start)
         ON CONFLICT (external_id) DO UPDATE SET
           name = EXCLUDED.name, arr = EXCLUDED.arr, currency = EXCLUDED.currency, plan = EXCLUDED.plan,
           renewal_date = EXCLUDED.renewal_date, timezone = EXCLUDED.timezone, csm = EXCLUDED.csm,
           account_executive = EXCLUDED.account_executive, expansion_pipeline = EXCLUDED.expansion_pipeline,
           tags = EXCLUDED.tags, contract_start = EXCLUDED.contract_start, updated_at = EXCLUDED.updated_at,
           revision = accounts.revision + 1
         RETURNING id::text, external_id, (xmax = 0) AS inserted`,
        [
          list.map(() => newId()),
          col((a) => a.externalId),
          col((a) => a.name),
          col((a) => a.arr),
          col((a) => a.currency),
          col((a) => a.plan),
          col((a) => a.renewalDate),
          col((a) => a.timezone),
          col((a) => person(a.csm)),
          col((a) => person(a.accountExecutive)),
          col((a) => a.expansionPipeline),
          col((a) => JSON.stringify(a.tags)),
          col((a) => a.contractStart ?? null),
          at,
        ],
      )
      const idOf = new Map(rows.map((r) => [r.external_id, r.id]))
      const withDomains = list.filter((a) => a.domains.length > 0)
      if (withDomains.length > 0) {
        const ids = withDomains.map((a) => idOf.get(a.externalId) as string)
        await q.query('DELETE FROM account_domains WHERE account_id = ANY($1::uuid[])', [ids])
        const pairs = withDomains.flatMap((a) =>
          a.domains.map((d) => [idOf.get(a.externalId) as string, d] as const),
        )
        await q.query(
          `INSERT INTO account_domains (account_id, domain)
           SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
        )
      }
      return rows.map((r) => ({ id: r.id, externalId: r.external_id, created: r.inserted }))
    },

    async getByExternalId(externalId) {
      const rows = await q.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.external_id = $1`, [externalId])
      return rows[0] ? toAccount(rows[0]) : null
    },

    async getById(id) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null
      const rows = await q.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id])
      return rows[0] ? toAccount(rows[0]) : null
    },

    async findCandidates(email, domain) {
      const rows = await q.query<AccountRow & { by_contact: boolean; by_domain: boolean }>(
        `WITH c AS (SELECT account_id FROM contacts WHERE email = $1),
              d AS (SELECT account_id FROM account_domains WHERE domain = $2)
         SELECT ${ACCOUNT_COLUMNS}, a.id IN (SELECT account_id FROM c) AS by_contact, a.id IN (SELECT account_id FROM d) AS by_domain
           FROM accounts a
          WHERE a.id IN (SELECT account_id FROM c UNION SELECT account_id FROM d)
          ORDER BY a.external_id`,
        [email.toLowerCase(), domain.toLowerCase()],
      )
      return {
        byContact: rows.filter((r) => r.by_contact).map(toAccount),
        byDomain: rows.filter((r) => r.by_domain).map(toAccount),
      }
    },

    async list({ limit, after, tiers, riskBucket }) {
      const rows = await q.query<AccountRow>(
        `${SELECT_ACCOUNT}
          WHERE ($1::text IS NULL OR a.external_id > $1)
            AND ($3::text[] IS NULL OR a.tier = ANY($3::text[]))
            AND ($4::text IS NULL OR a.risk_bucket = $4)
          ORDER BY a.external_id LIMIT $2`,
        [after ?? null, limit, tiers ? [...tiers] : null, riskBucket ?? null],
      )
      return rows.map(toAccount)
    },

    async saveAssessment(accountId, a) {
      // Health is the computed score from now on; the history keeps one row per assessment.
      await q.query(
        `WITH upd AS (
           UPDATE accounts SET assessment = $2::jsonb, risk_bucket = $3, assessed_at = $4,
                               health_score = COALESCE($5, health_score)
            WHERE id = $1 RETURNING id)
         INSERT INTO account_health_history (account_id, computed_at, score, risk_score, risk_bucket)
         SELECT id, $4, $5, $6, $3 FROM upd WHERE $5::smallint IS NOT NULL
         ON CONFLICT (account_id, computed_at) DO UPDATE SET score = EXCLUDED.score,
           risk_score = EXCLUDED.risk_score, risk_bucket = EXCLUDED.risk_bucket`,
        [accountId, JSON.stringify(a), a.risk.bucket, a.at, a.health.score, a.risk.score],
      )
    },

    async saveAssessments(list) {
      // One entry per account, the last one winning, as consecutive `saveAssessment` calls would leave it
      // (and ON CONFLICT may not touch a history row twice in one statement). The batch goes as one JSON
      // document: PostgreSQL parses that about four times faster than a jsonb[] array literal.
      const last = [...new Map(list.map((w) => [w.accountId.toLowerCase(), w])).values()]
      if (last.length === 0) return new Set()
      const rows = await q.query<{ id: string }>(
        `WITH u AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
                    AS u(id uuid, assessment jsonb, risk_bucket text, at timestamptz, score smallint,
                         risk_score smallint, checked boolean, revision int, assessed_at timestamptz)),
         upd AS (
           UPDATE accounts a SET assessment = u.assessment, risk_bucket = u.risk_bucket, assessed_at = u.at,
                                 health_score = COALESCE(u.score, a.health_score)
             FROM u
            WHERE a.id = u.id
              AND (NOT u.checked OR (a.revision = u.revision AND a.assessed_at IS NOT DISTINCT FROM u.assessed_at))
           RETURNING a.id, u.at, u.score, u.risk_score, u.risk_bucket),
         hist AS (
           INSERT INTO account_health_history (account_id, computed_at, score, risk_score, risk_bucket)
           SELECT id, at, score, risk_score, risk_bucket FROM upd WHERE score IS NOT NULL
           ON CONFLICT (account_id, computed_at) DO UPDATE SET score = EXCLUDED.score,
             risk_score = EXCLUDED.risk_score, risk_bucket = EXCLUDED.risk_bucket)
         SELECT id::text FROM upd`,
        [
          JSON.stringify(
            last.map((w) => ({
              id: w.accountId,
              assessment: w.assessment,
              risk_bucket: w.assessment.risk.bucket,
              at: w.assessment.at,
              score: w.assessment.health.score,
              risk_score: w.assessment.risk.score,
              checked: w.readAs !== undefined,
              revision: w.readAs?.revision ?? null,
              assessed_at: w.readAs?.assessedAt ?? null,
            })),
          ),
        ],
      )
      return new Set(rows.map((r) => r.id))
    },

    async holdTier(accountId, held, changes) {
      await q.query(
        `WITH upd AS (
           UPDATE accounts SET tier = $2, tier_since = $3, pending_tier = $4::jsonb WHERE id = $1 RETURNING id)
         INSERT INTO account_tier_changes (account_id, at, kind, from_tier, to_tier, effective_at, reasons)
         SELECT upd.id, c.at, c.kind, c.from_tier, c.to_tier, c.effective_at, c.reasons
           FROM upd, jsonb_to_recordset($5::jsonb)
                AS c(at timestamptz, kind text, from_tier text, to_tier text, effective_at timestamptz, reasons jsonb)`,
        [
          accountId,
          held.tier,
          held.since,
          held.pending === null ? null : JSON.stringify(held.pending),
          JSON.stringify(
            changes.map((c) => ({
              at: c.at,
              kind: c.kind,
              from_tier: c.from,
              to_tier: c.to,
              effective_at: c.effectiveAt,
              reasons: c.reasons,
            })),
          ),
        ],
      )
    },

    async tierChanges(accountId) {
      const rows = await q.query<{
        id: string
        at: Date
        kind: TierChange['kind']
        from_tier: string | null
        to_tier: string
        effective_at: Date
        reasons: string[]
      }>(
        `SELECT id::text, at, kind, from_tier, to_tier, effective_at, reasons
           FROM account_tier_changes WHERE account_id = $1 ORDER BY id`,
        [accountId],
      )
      return rows.map((r) => ({
        id: Number(r.id),
        at: iso(r.at),
        kind: r.kind,
        from: r.from_tier,
        to: r.to_tier,
        effectiveAt: iso(r.effective_at),
        reasons: r.reasons,
      }))
    },

    async lock(accountId) {
      const rows = await q.query<{ id: string }>('SELECT id::text FROM accounts WHERE id = $1 FOR UPDATE', [
        accountId,
      ])
      return rows[0] ? byId(q, accountId) : null
    },

    async count() {
      const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts')
      return rows[0]?.n ?? 0
    },
  }
}
