/**
 * Timer benchmark (`npm run bench:timers`), on one PostgreSQL database (DATABASE_URL, or a private
 * cluster with default durable settings) in one run:
 *
 * 1. job throughput: 100,000 no-op jobs drained by Patron's worker loop (jobs table, FOR UPDATE SKIP
 *    LOCKED) and by pg-boss 10.4.2 (the newest release that supports Node 20), both with 4 workers and
 *    batches of 100;
 * 2. lateness of scheduled jobs: 20,000 jobs due over 20 s, how long after its due time each runs,
 *    for both queues;
 * 3. the real SLA path: 100,000 open clocks, of which 10,000 first-response warnings fall due over a
 *    30-second window; workers evaluate the clocks and write the warnings; lateness is the time from
 *    each warning's due instant to its notification being written.
 *
 * Options: --jobs N (default 100000), --scheduled N (20000), --clocks N (100000), --firing N (10000).
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import PgBoss from 'pg-boss'
import { demoPolicyFiles, demoPolicyText } from '../examples/policy-fixture.js'
import { type AppDeps, silentLog } from '../src/app/deps.js'
import { ingestTicket, type TicketSubmission } from '../src/app/ingest-ticket.js'
import { accountBody, accountFields } from '../src/app/input-schemas.js'
import { compilePolicyText, fixedPolicy } from '../src/app/load-policy.js'
import { upsertAccount } from '../src/app/upsert-account.js'
import { startWorker, type Worker } from '../src/jobs/runner.js'
import { migrate } from '../src/store/migrate.js'
import { openDb } from '../src/store/open-db.js'
import { createStore } from '../src/store/sql-store.js'
import { benchPostgres } from './postgres.js'
import { fmt } from './stats.js'
import { loadWorkload } from './workload.js'

const { values: opts } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    scheduled: { type: 'string', default: '20000' },
    clocks: { type: 'string', default: '100000' },
    firing: { type: 'string', default: '10000' },
  },
})
const JOBS = Number(opts.jobs)
const SCHEDULED = Number(opts.scheduled)
const CLOCKS = Number(opts.clocks)
const FIRING = Number(opts.firing)
const WORKERS = 4
const BATCH = 100

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const lateness = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  return `p50 ${fmt(percentile(s, 50))} ms   p99 ${fmt(percentile(s, 99))} ms   max ${fmt(s.at(-1) ?? Number.NaN)} ms   (${fmt(s.length)} measured)`
}

const postgres = benchPostgres(54349)
if (!postgres) process.exit(0)
console.log(
  `Patron timer benchmark — ${new Date().toISOString()}, Node ${process.version}, ${postgres.label}`,
)
const db = await openDb({ kind: 'postgres', url: postgres.url, poolSize: 20 })
await migrate(db)
const store = createStore(db)
const policy = compilePolicyText(demoPolicyText(), 'examples/policy.yaml', demoPolicyFiles())
const deps: AppDeps = {
  store,
  policy: fixedPolicy(policy, 'examples/policy.yaml', demoPolicyText()),
  now: () => new Date(),
  newId: randomUUID,
  log: silentLog,
  // A webhook channel so SLA notices become outbox rows; `send` below delivers them nowhere.
  channels: {
    email: null,
    webhook: { url: 'http://127.0.0.1:9/unused', secret: 'bench-secret-unused' },
    slack: null,
    allowlist: ['127.0.0.1'],
  },
}
const noSend = async () => ({ response: 'benchmark: not sent' })
const workers = (handlers: Record<string, () => Promise<unknown>>): Worker[] =>
  Array.from({ length: WORKERS }, (_, i) =>
    startWorker(deps, {
      id: `bench-${i}`,
      batch: BATCH,
      concurrency: 16,
      pollMs: 50,
      handlers,
      send: noSend,
    }),
  )

async function schedule(count: number, kind: string, runAt: (i: number) => Date): Promise<void> {
  for (let from = 0; from < count; from += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - from) }, (_, k) => {
      const i = from + k
      const at = runAt(i)
      return { kind, key: `${kind}:${i}`, payload: { due: at.getTime() }, runAt: at.toISOString() }
    })
    await store.jobs.schedule(batch, new Date())
  }
}

async function until(done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(20)
  }
}

// ---- 1. throughput ----
console.log(`\njob throughput: ${fmt(JOBS)} no-op jobs, ${WORKERS} workers, batches of ${BATCH}`)
await schedule(JOBS, 'bench.noop', () => new Date(Date.now() - 1000))
let handled = 0
const t0 = performance.now()
let ws = workers({ 'bench.noop': async () => void handled++ })
await until(() => handled >= JOBS, 600_000)
const patronRate = JOBS / ((performance.now() - t0) / 1000)
await Promise.all(ws.map((w) => w.stop()))
await until(async () => (await store.jobs.counts()).queued + (await store.jobs.counts()).active === 0, 10_000)

const boss = new PgBoss({ connectionString: postgres.url, schema: 'pgboss_bench', max: 10 })
boss.on('error', () => {})
await boss.start()

/** pg-boss draining `JOBS` no-op jobs with `workers` × `batchSize`; jobs/s. Its polling floor is 0.5 s. */
async function bossThroughput(queue: string, workers: number, batchSize: number): Promise<number> {
  await boss.createQueue(queue)
  for (let from = 0; from < JOBS; from += 1000) {
    await boss.insert(
      Array.from({ length: Math.min(1000, JOBS - from) }, (_, k) => ({ name: queue, data: { i: from + k } })),
    )
  }
  let done = 0
  const began = performance.now()
  for (let i = 0; i < workers; i++) {
    await boss.work(queue, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      done += jobs.length
    })
  }
  await until(() => done >= JOBS, 1_200_000)
  const rate = JOBS / ((performance.now() - began) / 1000)
  await boss.offWork(queue)
  return rate
}
const bossSame = await bossThroughput('bench-4x100', WORKERS, BATCH)
const bossBest = await bossThroughput('bench-2x500', 2, 500)
const bossRate = Math.max(bossSame, bossBest)
console.log(`  Patron jobs table (FOR UPDATE SKIP LOCKED)   ${fmt(patronRate).padStart(8)} jobs/s`)
console.log(`  pg-boss 10.4.2, 4 workers × batch 100         ${fmt(bossSame).padStart(8)} jobs/s`)
console.log(`  pg-boss 10.4.2, 2 workers × batch 500         ${fmt(bossBest).padStart(8)} jobs/s`)
console.log(`  ratio, Patron ÷ pg-boss's best               ${fmt(patronRate / bossRate, 1).padStart(8)}×`)

// ---- 2. lateness of scheduled jobs ----
console.log(`\nscheduled jobs: ${fmt(SCHEDULED)} jobs due over 20 s, lateness after the due time`)
const start = Date.now() + 3000
const dueAt = (i: number) => new Date(start + Math.floor((i / SCHEDULED) * 20_000))
const late: number[] = []
await schedule(SCHEDULED, 'bench.timer', dueAt)
ws = Array.from({ length: WORKERS }, (_, i) =>
  startWorker(deps, {
    id: `bench-timer-${i}`,
    batch: BATCH,
    concurrency: 16,
    pollMs: 50,
    send: noSend,
    handlers: { 'bench.timer': async (_d, job) => void late.push(Date.now() - Number(job.payload.due)) },
  }),
)
await until(() => late.length >= SCHEDULED, 120_000)
await Promise.all(ws.map((w) => w.stop()))
const bossLate: number[] = []
await boss.createQueue('bench-timer')
const bossStart = Date.now() + 3000
for (let from = 0; from < SCHEDULED; from += 1000) {
  await boss.insert(
    Array.from({ length: Math.min(1000, SCHEDULED - from) }, (_, k) => {
      const due = bossStart + Math.floor(((from + k) / SCHEDULED) * 20_000)
      return { name: 'bench-timer', data: { due }, startAfter: new Date(due) }
    }),
  )
}
for (let i = 0; i < WORKERS; i++) {
  await boss.work<{ due: number }>(
    'bench-timer',
    { batchSize: BATCH, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      const now = Date.now()
      for (const j of jobs) bossLate.push(now - j.data.due)
    },
  )
}
await until(() => bossLate.length >= SCHEDULED, 120_000)
await boss.stop({ graceful: false, wait: true })
console.log(`  Patron    ${lateness(late)}`)
console.log(`  pg-boss   ${lateness(bossLate)}`)

// ---- 3. SLA warnings with many open clocks ----
console.log(
  `\nSLA warnings: ${fmt(CLOCKS)} open tickets' clocks, ${fmt(FIRING)} first-response warnings due over 30 s`,
)
const work = loadWorkload(1000)
for (const a of work.accountBodies) {
  const { externalId, ...body } = a
  await upsertAccount(deps, accountFields(externalId, accountBody.parse(body)))
}
const acme = work.accountBodies.find((a) => a.externalId === 'acme')
const exec = acme?.contacts.find((c) => c.role === 'executive')?.email ?? 'dana.whitfield@acme.com'
async function ingestMany(count: number, make: (i: number) => TicketSubmission): Promise<number> {
  const began = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) await ingestTicket(deps, make(next++))
    }),
  )
  return count / ((performance.now() - began) / 1000)
}
// Background: open tickets whose clocks are days from any warning (starter P4 on business hours).
const background = CLOCKS - FIRING
const rate = await ingestMany(background, (i) => ({
  externalId: `open-${i}`,
  channel: 'email',
  subject: 'Question',
  body: 'How do I change my invoice address?',
  requester: { email: `user${i}@nowhere.example` },
  severity: 'P4',
}))
console.log(`  loaded ${fmt(background)} open tickets at ${fmt(rate)} tickets/s`)
ws = Array.from({ length: 2 }, (_, i) =>
  startWorker(deps, { id: `sla-${i}`, batch: BATCH, concurrency: 16, pollMs: 50, send: noSend }),
)
// Firing: enterprise P2 tickets (24×7, 1 h first response, warning 30 min before the breach),
// created so their warnings fall due uniformly over 30 s from shortly after they are all in.
const windowStart = Date.now() + Math.ceil((FIRING / rate) * 1000) + 5000
await ingestMany(FIRING, (i) => ({
  externalId: `firing-${i}`,
  channel: 'email',
  subject: 'Charge on invoice',
  body: 'Please explain the charge on our last invoice.',
  requester: { email: exec },
  severity: 'P2',
  createdAt: new Date(windowStart + Math.floor((i / FIRING) * 30_000) - 30 * 60_000).toISOString(),
}))
const startedWarnings = Date.now()
if (startedWarnings > windowStart)
  console.log(`  (loading the firing tickets ran ${fmt(startedWarnings - windowStart)} ms into the window)`)
const warnings = async () =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'sla.warning'`))[0]
    ?.n ?? 0
await until(async () => (await warnings()) >= FIRING, 180_000)
await Promise.all(ws.map((w) => w.stop()))
const rows = await db.query<{ late: number }>(
  `SELECT extract(epoch FROM created_at - (payload->>'occurredAt')::timestamptz) * 1000 AS late
     FROM outbox WHERE topic = 'sla.warning'`,
)
console.log(`  Patron    ${lateness(rows.map((r) => Number(r.late)))}`)

await db.close()
postgres.stop()
