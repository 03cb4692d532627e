/**
 * @module A real Patron API on a loopback port over a fresh test database, for HTTP tests.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AppDeps, Channels } from '../app/deps.js'
import { silentLog } from '../app/deps.js'
import { compilePolicyText, fixedPolicy, readPolicyFiles } from '../app/load-policy.js'
import { DEFAULT_POLICY_PATH } from '../config.js'
import type { Worker } from '../jobs/runner.js'
import { createStore } from '../store/sql-store.js'
import type { Store } from '../store/store.js'
import { newTestDb } from '../store/test-db.js'
import type { ApiOptions } from './api-options.js'
import { createApi } from './create-api.js'
import { type ProblemView, problemView } from './schemas.js'

export interface TestServer {
  readonly url: string
  readonly store: Store
  readonly deps: AppDeps
  /** Moves the server's clock. */
  setNow(at: Date): void
  close(): Promise<void>
}

/** Channels that point at loopback addresses; nothing is sent unless a test runs a worker. */
export const TEST_CHANNELS: Channels = {
  email: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'Patron <patron@patron-demo.example>' },
  webhook: { url: 'http://127.0.0.1:9/patron', secret: 'a-webhook-secret-for-tests' },
  slack: null,
  allowlist: ['127.0.0.1'],
}

export async function startTestServer(
  options: {
    now?: Date
    /** Follow the real clock (browser tests, whose events carry the browser's time). */
    realClock?: boolean
    apiToken?: string
    channels?: Channels
    policyText?: string
    connectors?: ApiOptions['connectors']
  } = {},
): Promise<TestServer> {
  const t = await newTestDb()
  const store = createStore(t.db)
  const text = options.policyText ?? readFileSync(DEFAULT_POLICY_PATH, 'utf8')
  const files = await readPolicyFiles(text, DEFAULT_POLICY_PATH)
  let now: Date | null = options.realClock ? null : (options.now ?? new Date('2026-11-20T21:50:00.000Z'))
  const deps: AppDeps = {
    store,
    policy: fixedPolicy(compilePolicyText(text, DEFAULT_POLICY_PATH, files), DEFAULT_POLICY_PATH, text),
    now: () => now ?? new Date(),
    newId: randomUUID,
    log: silentLog,
    channels: options.channels ?? TEST_CHANNELS,
  }
  const app = await createApi(deps, {
    apiToken: options.apiToken ?? null,
    database: t.db.kind,
    ...(options.connectors ? { connectors: options.connectors } : {}),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    store,
    deps,
    setNow: (at) => {
      now = at
    },
    async close() {
      await app.close()
      await t.cleanup()
    },
  }
}

/** Asserts a problem+json response with this status and code, and returns the problem. */
export function assertProblem(
  res: { status: number; headers: Headers; body: unknown },
  status: number,
  code: string,
): ProblemView {
  assert.equal(res.status, status, JSON.stringify(res.body))
  assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  const p = problemView.parse(res.body)
  assert.equal(p.code, code)
  assert.equal(p.status, status)
  return p
}

/** JSON request helper: returns status, headers and parsed body. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on response bodies field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
  }
  const res = await fetch(`${base}${path}`, init)
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON (a markdown problem page, for instance)
  }
  return { status: res.status, headers: res.headers, body: parsed }
}

/**
 * Polls until the worker finds nothing to do. One poll sends at most a worker's concurrency of messages,
 * so a test that expects a message by a given time drains rather than polls once.
 */
export async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { jobs, deliveries } = await worker.poll()
    if (jobs === 0 && deliveries === 0) return
  }
  throw new Error('the worker never ran out of work')
}
