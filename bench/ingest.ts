/**
 * @module HTTP ingest benchmark: Patron as a child process (as `npm start` runs it) on PGlite and on
 * PostgreSQL, loaded with POST /v1/tickets by autocannon over loopback. Every request is a new ticket
 * (unique externalId), so every request triages, commits a transaction and writes its alerts.
 *
 * PostgreSQL runs with its default, durable settings (fsync on): a commit is a real commit. The load
 * generator shares the machine's cores with the server, so absolute figures are lower bounds.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { benchPostgres } from './postgres.js'
import { fmt } from './stats.js'
import type { Workload } from './workload.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** Latency depends on how many requests wait at once, so each backend is measured at two loads. */
const CONNECTIONS = [4, 10] as const

async function startPatron(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/patron.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PATRON_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    child.stderr?.on('data', (d) => {
      err += d
      const m = /Patron is running at (http:\/\/localhost:\d+)/.exec(err)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`Patron exited with ${code}: ${err}`)))
  })
  return { child, url }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

interface IngestResult {
  perSecond: number
  p50: number
  p99: number
  total: number
  non2xx: number
  errors: number
}

async function load(
  url: string,
  work: Workload,
  duration: number,
  prefix: string,
): Promise<Map<number, IngestResult>> {
  for (const a of work.accountBodies) {
    const { externalId, ...body } = a
    const res = await fetch(`${url}/v1/accounts/${externalId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (res.status >= 300) throw new Error(`account ${externalId}: ${res.status} ${await res.text()}`)
  }
  let n = 0
  const bodies = work.tickets.map((t) => ({
    channel: t.channel,
    subject: t.subject,
    body: t.body,
    requester: { email: t.requester.email },
    ...(t.severity ? { severity: t.severity } : {}),
    // Filed now: the worker in the server then has fresh clocks, as in production, not a backlog.
  }))
  const next = () => JSON.stringify({ ...bodies[n % bodies.length], externalId: `${prefix}-${n++}` })
  const run = (seconds: number, connections: number) =>
    autocannon({
      url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/v1/tickets',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: next() }),
        },
      ],
    })
  await run(2, CONNECTIONS[1]) // warm-up: JIT, connection pools, the database's caches
  const results = new Map<number, IngestResult>()
  for (const connections of CONNECTIONS) {
    const r = await run(duration, connections)
    results.set(connections, {
      perSecond: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    })
  }
  return results
}

function report(name: string, results: Map<number, IngestResult>): void {
  for (const [connections, r] of results) {
    console.log(
      `  ${name.padEnd(38)} ${String(connections).padStart(2)} conn  ${fmt(r.perSecond).padStart(6)} tickets/s   ` +
        `p50 ${fmt(r.p50, 1).padStart(5)} ms   p99 ${fmt(r.p99, 1).padStart(5)} ms   (${fmt(r.total)} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`,
    )
  }
}

export async function runIngestBench(work: Workload, duration: number): Promise<void> {
  console.log(`HTTP ingest: POST /v1/tickets, a new ticket per request, ${duration} s per load, loopback`)

  const dataDir = mkdtempSync(join(tmpdir(), 'patron-bench-pglite-'))
  const pglite = await startPatron({ PATRON_DATA_DIR: dataDir, DATABASE_URL: '' })
  try {
    report('PGlite (embedded, one process)', await load(pglite.url, work, duration, 'pglite'))
  } finally {
    await stop(pglite.child)
    rmSync(dataDir, { recursive: true, force: true })
  }

  const postgres = benchPostgres(54339)
  if (!postgres) return
  const pg = await startPatron({ DATABASE_URL: postgres.url })
  try {
    report(
      `${postgres.label.replace(' (private cluster, fsync on)', ' (fsync on)')}, pool of 10`,
      await load(pg.url, work, duration, `pg-${Date.now()}`),
    )
  } finally {
    await stop(pg.child)
    postgres.stop()
  }
}
