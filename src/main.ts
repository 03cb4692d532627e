/**
 * @module Composition root: build the dependencies once, then serve.
 *
 * Order matters: the policy is checked before the database is touched, so a bad policy never leaves a
 * half-started server; the database is migrated before the port opens, so no request meets an old schema.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { generateDemo } from '../examples/demo-data.js'
import { handlingEvents } from '../examples/demo-handling.js'
import { createApi } from './api/create-api.js'
import { warmDashboard } from './api/routes/web.js'
import { scheduleNightlyAssessment } from './app/assess-all.js'
import type { AppDeps, Log } from './app/deps.js'
import { loadPolicyFile } from './app/load-policy.js'
import { type DemoTicketFacts, type SeedOutcome, seedDemo } from './app/seed-demo.js'
import { scheduleWeeklyVipReport } from './app/vip-report.js'
import type { Config } from './config.js'
import { startWorker } from './jobs/runner.js'
import type { Db } from './store/db.js'
import { migrate } from './store/migrate.js'
import { type DbTarget, openDb } from './store/open-db.js'
import { createStore } from './store/sql-store.js'

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

export interface Runtime {
  readonly deps: AppDeps
  readonly db: Db
  close(): Promise<void>
}

export function dbTarget(config: Config): DbTarget {
  return config.database.kind === 'postgres'
    ? { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
    : { kind: 'pglite', dataDir: config.database.dataDir }
}

/** Policy, database, migrations, store: everything a command needs before it does its work. */
export async function openRuntime(config: Config, log: Log): Promise<Runtime> {
  const policy = await loadPolicyFile(config.policyPath)
  const db = await openDb(dbTarget(config))
  try {
    const applied = await migrate(db)
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated')
    const store = createStore(db)
    const deps: AppDeps = {
      store,
      policy,
      now: () => new Date(),
      newId: randomUUID,
      log,
      channels: config.channels,
    }
    const current = policy.current()
    await store.policies.record(
      {
        version: current.version,
        name: current.name,
        origin: policy.source().origin,
        document: policy.source().text,
      },
      deps.now(),
    )
    // Recurring jobs live in the database: make sure they exist (an existing one is left as it is).
    await scheduleNightlyAssessment(deps)
    await scheduleWeeklyVipReport(deps)
    return { deps, db, close: () => db.close() }
  } catch (e) {
    await db.close()
    throw e
  }
}

/** The demo (60 accounts, 300 tickets and what happened to them) into an empty database; smaller for tests. */
export async function seedDemoData(
  deps: AppDeps,
  size: { readonly accounts?: number; readonly tickets?: number } = {},
): Promise<SeedOutcome> {
  const demo = generateDemo({ seed: 42, now: deps.now(), ...size })
  const plans = new Map(demo.handling.map((h) => [h.externalId, h]))
  const history = (ticket: DemoTicketFacts, now: Date) => {
    const plan = plans.get(ticket.externalId)
    return plan ? handlingEvents(plan, ticket, now.getTime()) : []
  }
  // All or nothing: a seed cut short would leave accounts behind and refuse to run again.
  const outcome = await deps.store.transaction((store) => seedDemo({ ...deps, store }, { ...demo, history }))
  if (outcome.seeded)
    deps.log.info(
      { accounts: outcome.accounts, tickets: outcome.tickets, events: outcome.events },
      'demo data loaded',
    )
  else deps.log.info({ why: outcome.why }, 'demo data not loaded')
  return outcome
}

export async function serve(
  config: Config,
  log: Log,
  options: { seedDemo: boolean },
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const runtime = await openRuntime(config, log)
  try {
    if (options.seedDemo) await seedDemoData(runtime.deps)
    if (!config.apiToken && !isLoopback(config.host)) {
      log.warn(
        { host: config.host },
        'listening beyond loopback without PATRON_API_TOKEN: anyone who can reach this port can read and change tickets and accounts',
      )
    }
    const app = await createApi(runtime.deps, {
      apiToken: config.apiToken,
      database: runtime.db.kind,
      connectors: config.connectors,
    })
    // With PGlite the worker must live in this process: nothing else may open the data directory.
    const worker = config.worker.enabled
      ? startWorker(runtime.deps, { lockTimeoutMs: config.worker.lockTimeoutMs })
      : null
    const channels = Object.entries(config.channels)
      .filter(([k, v]) => k !== 'allowlist' && v !== null)
      .map(([k]) => k)
    log.info(
      { worker: worker !== null, channels },
      channels.length > 0
        ? 'notification channels configured'
        : 'no notification channels configured: alerts are recorded, not sent',
    )
    // The dashboard's bundle is built before the first visitor asks for it.
    await warmDashboard()
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    log.info(
      {
        url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
        database: runtime.db.kind,
        policy: runtime.deps.policy.current().version,
      },
      'Patron is serving',
    )
    let closing: Promise<void> | null = null
    return {
      app,
      close: () => {
        closing ??= app
          .close()
          .then(() => worker?.stop())
          .then(() => runtime.close())
        return closing
      },
    }
  } catch (e) {
    await runtime.close()
    throw e
  }
}
