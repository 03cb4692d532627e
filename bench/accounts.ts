/**
 * Accounts benchmark (`npm run bench:accounts`), on PostgreSQL (DATABASE_URL, or a private cluster with
 * default durable settings) or, when no server can be started, on PGlite — the report says which:
 *
 * 1. the nightly health + churn-risk recompute of every account with `assessAllAccounts` (pages of
 *    accounts, activity read with `loadMany`, written with `saveAssessments`, the accounts whose risk rose
 *    or whose tier must step through the single-account path), after a day of changes to a primed
 *    database; against the naive peer in the same run: per account `activity.load` + `saveAssessment`
 *    (one transaction per 1000 accounts, as many commits as the batch path), on a sample;
 * 2. CSV import with `importAccounts` (batches of 500 rows, one transaction) against a peer that
 *    validates the same rows the same way and writes them one at a time (`accounts.upsert`, the usage
 *    snapshot, the assessment job) in one transaction, on a sample.
 *
 * `loadMany` is checked against `load` on a sample of accounts; a difference fails the run.
 *
 * Options: --accounts N (100000), --peer N (5000), --rows N (100000), --csv-peer N (5000),
 * --batch N (1000), --pglite (skip PostgreSQL), --smoke (2000 / 300 / 2000 / 300: seconds, for CI).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'csv-parse'
import pg from 'pg'
import { demoPolicyFiles, demoPolicyText } from '../examples/policy-fixture.js'
import { activitySince, assessJob } from '../src/app/assess-account.js'
import { assessAllAccounts } from '../src/app/assess-all.js'
import { type AppDeps, silentLog } from '../src/app/deps.js'
import { importAccounts, readRow } from '../src/app/import-accounts.js'
import { compilePolicyText, fixedPolicy } from '../src/app/load-policy.js'
import { assessAccount } from '../src/core/accounts/assess-account.js'
import type { Db } from '../src/store/db.js'
import { migrate } from '../src/store/migrate.js'
import { openDb } from '../src/store/open-db.js'
import { createStore } from '../src/store/sql-store.js'
import { generateAccounts, generateDay, writeAccountsCsv } from './accounts-data.js'
import { benchPostgres } from './postgres.js'
import { fmt } from './stats.js'

const { values: opts } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    peer: { type: 'string', default: '5000' },
    rows: { type: 'string', default: '100000' },
    'csv-peer': { type: 'string', default: '5000' },
    batch: { type: 'string', default: '1000' },
    pglite: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
})
const SMOKE = opts.smoke === true
const ACCOUNTS = SMOKE ? 2000 : Number(opts.accounts)
const PEER = Math.min(ACCOUNTS, SMOKE ? 300 : Number(opts.peer))
const ROWS = SMOKE ? 2000 : Number(opts.rows)
const CSV_PEER = SMOKE ? 300 : Number(opts['csv-peer'])
const BATCH = Number(opts.batch)
const SEED = 7
const DAY = 86_400_000
/** The data is generated as of T_DATA and first assessed then; the measured recompute runs a day later. */
const T_DATA = new Date('2026-11-19T02:00:00.000Z')
const T_NIGHT = new Date(T_DATA.getTime() + DAY)

const seconds = (since: number) => (performance.now() - since) / 1000

// ---- database ----
const temp = mkdtempSync(join(tmpdir(), 'patron-bench-accounts-'))
const postgres = opts.pglite ? null : benchPostgres(54353)
let db: Db
let label: string
let dropSchema = async () => {}
if (postgres) {
  // A schema of its own, so a DATABASE_URL given by the user gets nothing but a schema that is dropped.
  const schema = `bench_accounts_${process.pid}`
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: postgres.url })
    await c.connect()
    await c.query(sql)
    await c.end()
  }
  await admin(`CREATE SCHEMA ${schema}`)
  dropSchema = () => admin(`DROP SCHEMA ${schema} CASCADE`)
  db = await openDb({ kind: 'postgres', url: postgres.url, schema, poolSize: 10 })
  label = postgres.label
} else {
  db = await openDb({ kind: 'pglite', dataDir: join(temp, 'pglite') })
  label = 'PGlite (embedded, data directory on disk; no PostgreSQL here)'
}
await migrate(db)
const store = createStore(db)
const policyText = demoPolicyText()
const policy = compilePolicyText(policyText, 'examples/policy.yaml', demoPolicyFiles())
let now = T_DATA
const deps: AppDeps = {
  store,
  policy: fixedPolicy(policy, 'examples/policy.yaml', policyText),
  now: () => now,
  newId: randomUUID,
  log: silentLog,
  // A webhook channel so risk and tier notices become outbox rows, as in production; nothing is sent.
  channels: {
    email: null,
    webhook: { url: 'http://127.0.0.1:9/unused', secret: 'bench-secret-unused' },
    slack: null,
    allowlist: ['127.0.0.1'],
  },
}

console.log(`Patron accounts benchmark — ${new Date().toISOString()}, Node ${process.version}`)
console.log(`database: ${label}${SMOKE ? '   (--smoke: small sizes)' : ''}`)

// ---- data: accounts with activity, then a first assessment of every account, then a day of changes ----
let started = performance.now()
const data = await generateAccounts(db, ACCOUNTS, SEED, T_DATA)
await db.exec('ANALYZE')
console.log(
  `data: ${fmt(data.accounts)} accounts, ${fmt(data.metrics)} usage snapshots, ${fmt(data.billing)} billing events, ` +
    `${fmt(data.tickets)} tickets, ${fmt(data.ledger)} breach/escalation entries (seed ${SEED}), written in ${fmt(seconds(started), 1)} s`,
)

// Yesterday's state: every account assessed and held in the tier its value gives (written directly,
// as a night of the batch path would leave it).
started = performance.now()
for (let after: string | undefined; ; ) {
  const page = await store.accounts.list({ limit: BATCH, ...(after ? { after } : {}) })
  if (page.length === 0) break
  const activity = await store.activity.loadMany(
    page.map((a) => a.id),
    activitySince(policy, now.getTime()),
  )
  await store.accounts.saveAssessments(
    page.map((a) => ({
      accountId: a.id,
      assessment: assessAccount(a, activity.get(a.id) ?? assert.fail('no activity'), policy, now.getTime()),
    })),
  )
  after = page.at(-1)?.externalId
}
await db.query(
  `UPDATE accounts SET tier = assessment->'target'->>'tier', tier_since = $1 WHERE assessment IS NOT NULL`,
  [now],
)
const day = await generateDay(db, SEED + 1, T_NIGHT)
await db.exec('ANALYZE')
console.log(
  `setup: yesterday's assessment of every account, then a day of changes (${fmt(day.changed)} new snapshots, billing events and expansions), ${fmt(seconds(started), 1)} s`,
)

// ---- 1a. the nightly recompute, batch path ----
now = T_NIGHT
started = performance.now()
const night = await assessAllAccounts(deps, { batch: BATCH })
const batchSeconds = seconds(started)
assert.equal(night.assessed, ACCOUNTS, 'every account assessed')
const batchRate = ACCOUNTS / batchSeconds

// ---- check: loadMany gives what load gives ----
const sample = await db.query<{ id: string }>(
  `SELECT id::text FROM accounts WHERE external_id LIKE 'acct-%' ORDER BY external_id`,
)
const checkIds = sample
  .filter((_, i) => i % Math.max(1, Math.floor(sample.length / 500)) === 0)
  .map((r) => r.id)
const since = activitySince(policy, now.getTime())
const many = await store.activity.loadMany(checkIds, since)
let differ = 0
for (const id of checkIds) {
  try {
    assert.deepEqual(many.get(id), await store.activity.load(id, since))
  } catch {
    differ++
  }
}

// ---- 1b. the naive peer: one account at a time ----
now = new Date(T_NIGHT.getTime() + 3_600_000)
started = performance.now()
let peerDone = 0
for (let after: string | undefined; peerDone < PEER; ) {
  const page = await store.accounts.list({
    limit: Math.min(BATCH, PEER - peerDone),
    ...(after ? { after } : {}),
  })
  if (page.length === 0) break
  await store.transaction(async (tx) => {
    const nowMs = now.getTime()
    for (const account of page) {
      const activity = await tx.activity.load(account.id, activitySince(policy, nowMs))
      await tx.accounts.saveAssessment(account.id, assessAccount(account, activity, policy, nowMs))
    }
  })
  peerDone += page.length
  after = page.at(-1)?.externalId
}
const naiveRate = peerDone / seconds(started)

// ---- 2. CSV import ----
const mainCsv = join(temp, 'accounts.csv')
const peerCsv = join(temp, 'accounts-peer.csv')
const today = T_NIGHT.toISOString().slice(0, 10)
await writeAccountsCsv(mainCsv, 1, ROWS, SEED, today)
await writeAccountsCsv(peerCsv, ROWS + 1, CSV_PEER, SEED, today)
started = performance.now()
const report = await importAccounts(deps, createReadStream(mainCsv), { mode: 'all' })
const importSeconds = seconds(started)
assert.deepEqual(
  [report.imported, report.rejected, report.created],
  [ROWS, 0, ROWS],
  'every CSV row imported',
)
const importRate = ROWS / importSeconds

// Fresh statistics for the peer too: the import grew the tables the statistics were taken on.
await db.exec('ANALYZE')
started = performance.now()
let peerRows = 0
await store.transaction(async (tx) => {
  const defaults = { currency: policy.currency, today }
  const at = now.toISOString()
  const parser = createReadStream(peerCsv).pipe(parse({ columns: true, info: true, skip_empty_lines: true }))
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>
    info: { lines: number }
  }>) {
    const row = readRow(record, info.lines, defaults)
    if (Array.isArray(row)) throw new Error(`peer CSV line ${info.lines}: ${JSON.stringify(row)}`)
    const { account } = await tx.accounts.upsert(row.fields, now, randomUUID)
    if (row.metrics) await tx.activity.addMetrics(account.id, [row.metrics])
    await tx.jobs.schedule([assessJob(account.id, at)], now)
    peerRows++
  }
})
assert.equal(peerRows, CSV_PEER)
const rowRate = peerRows / seconds(started)

// ---- report ----
const line = (what: string, count: string, secs: string, rate: string) =>
  console.log(`  ${what.padEnd(58)}${count.padStart(10)}${secs.padStart(10)}${rate.padStart(16)}`)
console.log('')
line('', 'count', 'seconds', 'per second')
line(
  'nightly recompute, batch (assessAllAccounts)',
  fmt(ACCOUNTS),
  fmt(batchSeconds, 1),
  `${fmt(batchRate)} acc/s`,
)
line(
  'nightly recompute, naive peer (load + saveAssessment each)',
  fmt(peerDone),
  fmt(peerDone / naiveRate, 1),
  `${fmt(naiveRate)} acc/s`,
)
line('  ratio, batch ÷ naive', '', '', `${fmt(batchRate / naiveRate, 1)}×`)
line('CSV import (importAccounts)', fmt(ROWS), fmt(importSeconds, 1), `${fmt(importRate)} rows/s`)
line(
  'CSV import, naive peer (accounts.upsert row by row)',
  fmt(peerRows),
  fmt(peerRows / rowRate, 1),
  `${fmt(rowRate)} rows/s`,
)
line('  ratio, importAccounts ÷ naive', '', '', `${fmt(importRate / rowRate, 1)}×`)
console.log('')
console.log(
  `  batch run: ${fmt(night.batched)} written in batches, single path ${fmt(night.riskRose)} risk rose + ` +
    `${fmt(night.tierStep)} tier step + ${fmt(night.changed)} changed under the run, ${fmt(night.failed)} failed; ${fmt(night.pages)} pages of ${fmt(BATCH)}`,
)
console.log(
  `  loadMany vs load on ${fmt(checkIds.length)} accounts: ${differ === 0 ? 'identical' : `${differ} differ`}`,
)

await db.close()
await dropSchema()
postgres?.stop()
rmSync(temp, { recursive: true, force: true })
if (differ > 0) process.exit(1)
