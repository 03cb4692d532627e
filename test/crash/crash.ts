/**
 * Crash test (`npm run test:crash`; with DATABASE_URL, against PostgreSQL):
 *
 * 1. start `patron serve` as a child process, with a policy whose SLA targets are seconds long and a
 *    real loopback webhook receiver as its notification channel;
 * 2. ingest tickets under concurrent load and `kill -9` the server in the middle of it;
 * 3. restart it on the same database and check that every acknowledged ticket is there, that every
 *    running clock (first response, periodic update, resolution) resumes and fires its warning and
 *    its breach, and that every notification is delivered at the receiver — exactly once after
 *    deduplication by its key.
 *
 * Exits non-zero on any failure. Its last line is
 * `acknowledged N, found N, lost 0, timers fired M/M, notifications delivered K/K`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HttpReceiver } from '../../src/integrations/testing/http-receiver.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SECRET = 'crash-test-webhook-secret'
const CONCURRENCY = 8
// Long enough that the first tickets' warnings (3 s) and breaches (6 s) are being processed when the
// server dies, so timer jobs in flight are lost with it and must be recovered.
const LOAD_BEFORE_KILL_MS = 7000
const DEADLINE_MS = 120_000

const say = (line: string) => process.stdout.write(`${line}\n`)
function fail(message: string): never {
  process.stderr.write(`crash test FAILED: ${message}\n`)
  process.exit(1)
}

/** The demo policy with every target a few seconds long, 24×7, and every topic sent to the webhook. */
function crashPolicy(dir: string): string {
  let text = readFileSync(join(ROOT, 'examples/policy.yaml'), 'utf8')
  text = text
    .replace(/firstResponse: [A-Z0-9]+/g, 'firstResponse: PT6S')
    .replace(/periodicUpdate: [A-Z0-9]+/g, 'periodicUpdate: PT9S')
    .replace(/resolution: [A-Z0-9]+/g, 'resolution: PT12S')
    .replace(/calendar: support-hours/g, 'calendar: always')
  text = text.replace(/sla:\n {2}calendar: support-hours/, 'sla:\n  calendar: always')
  text = text.replace(/ *holidaysFile: .*\n/, '')
  text = text.replace(
    / {2}webhook: \[[^\]]*\]/,
    '  webhook: [alert.ticket, sla.warning, sla.breach, sla.escalation, task.due]',
  )
  text = text.replace(/warning: \{[^}]*\}/, 'warning: { fraction: 0.5 }')
  const path = join(dir, 'crash-policy.yaml')
  writeFileSync(path, text)
  return path
}

interface Server {
  child: ChildProcess
  url: string
}

async function start(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/patron.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000)
    child.stderr?.on('data', (d) => {
      err += d
      const m = /Patron is running at (http:\/\/localhost:\d+)/.exec(err)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)))
  })
  return { child, url }
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads a few fields of Patron's own responses
async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init)
  return { status: res.status, body: await res.json().catch(() => null) }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves when the child has exited, even if it did so before anyone listened. */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'patron-crash-'))
  const receiver = await HttpReceiver.start()
  const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'
  const env: Record<string, string> = {
    PORT: '0',
    PATRON_LOG_LEVEL: 'warn',
    PATRON_POLICY: crashPolicy(dir),
    PATRON_OUTBOUND_ALLOWLIST: '127.0.0.1',
    PATRON_WEBHOOK_URL: receiver.endpoint,
    PATRON_WEBHOOK_SECRET: SECRET,
    PATRON_WORKER_LOCK_TIMEOUT_MS: '15000',
    ...(process.env.DATABASE_URL ? {} : { PATRON_DATA_DIR: join(dir, 'data') }),
  }
  say(`crash test on ${backend}`)
  let server = await start(env)
  try {
    for (const id of ['acme', 'brightpixel', 'hangzhou-yunfan']) {
      const body = readFileSync(join(ROOT, `examples/accounts/${id}.json`), 'utf8')
      const res = await fetch(`${server.url}/v1/accounts/crash-${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
      })
      if (res.status >= 300) fail(`account ${id}: ${res.status}`)
    }
    const tickets = ['acme-vp-billing', 'brightpixel-csv-export', 'yunfan-churn-zh'].map((t) =>
      JSON.parse(readFileSync(join(ROOT, `examples/tickets/${t}.json`), 'utf8')),
    )

    // Load: CONCURRENCY clients posting new tickets until the server dies under them.
    const acknowledged = new Map<string, string>() // externalId → ticket id
    let n = 0
    let killed = false
    const run = Date.now()
    const client = async () => {
      while (!killed) {
        const i = n++
        const t = tickets[i % tickets.length]
        const externalId = `crash-${run}-${i}`
        try {
          const res = await fetch(`${server.url}/v1/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...t, externalId, createdAt: undefined }),
          })
          if (res.status === 201) acknowledged.set(externalId, ((await res.json()) as { id: string }).id)
        } catch {
          // The server died mid-request: not acknowledged, so promised nothing.
        }
      }
    }
    const clients = Array.from({ length: CONCURRENCY }, client)
    await sleep(LOAD_BEFORE_KILL_MS)
    server.child.kill('SIGKILL')
    killed = true
    await Promise.all(clients)
    await exited(server.child)
    say(`killed with SIGKILL after ${acknowledged.size} acknowledged tickets (${n} attempted)`)
    if (acknowledged.size === 0) fail('no ticket was acknowledged before the kill')

    server = await start(env)
    say('restarted')

    // Every acknowledged ticket is there.
    let found = 0
    for (const id of acknowledged.values())
      if ((await json(`${server.url}/v1/tickets/${id}`)).status === 200) found++

    // Every running clock warns and breaches; every notification reaches the receiver.
    const deadline = Date.now() + DEADLINE_MS
    let fired = 0
    let timersExpected = 0
    let expectedKeys = new Set<string>()
    let pending = Number.POSITIVE_INFINITY
    while (Date.now() < deadline) {
      fired = 0
      timersExpected = 0
      pending = 0
      expectedKeys = new Set()
      for (const id of acknowledged.values()) {
        const { body } = await json(`${server.url}/v1/tickets/${id}`)
        for (const clock of body?.clocks ?? []) {
          if (clock.status === 'waiting') continue // next response: nobody has asked anything yet
          timersExpected += 2
          if (clock.warnedAt) fired++
          if (clock.breachedAt) fired++
        }
        for (const note of body?.notifications ?? []) {
          expectedKeys.add(note.dedupKey)
          if (note.state !== 'delivered') pending++
        }
      }
      if (fired === timersExpected && pending === 0) break
      await sleep(1000)
    }
    const received = new Map<string, number>()
    for (const a of receiver.arrivals)
      if (a.dedupKey) received.set(a.dedupKey, (received.get(a.dedupKey) ?? 0) + 1)
    const delivered = [...expectedKeys].filter((k) => received.has(k)).length
    const duplicates = [...expectedKeys].filter((k) => (received.get(k) ?? 0) > 1).length
    say(
      `receiver: ${receiver.arrivals.length} deliveries, ${duplicates} keys seen more than once (deduplicated)`,
    )
    const lost = acknowledged.size - found
    const line = `acknowledged ${acknowledged.size}, found ${found}, lost ${lost}, timers fired ${fired}/${timersExpected}, notifications delivered ${delivered}/${expectedKeys.size}`
    if (lost !== 0 || fired !== timersExpected || delivered !== expectedKeys.size || expectedKeys.size === 0)
      fail(line)
    say(line)
  } finally {
    server.child.kill('SIGTERM')
    await exited(server.child)
    await receiver.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => fail(String(e?.stack ?? e)))
