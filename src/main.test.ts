/**
 * The demo as `npm start` loads it: accounts, tickets and what agents and customers did with them,
 * through the same use cases as the API, so the SLA board and the queue have a real history to show.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { generateDemo } from '../examples/demo-data.js'
import { demoPolicyFiles, demoPolicyText } from '../examples/policy-fixture.js'
import { listAccountNotes } from './app/account-notes.js'
import { type AppDeps, NO_CHANNELS, silentLog } from './app/deps.js'
import { compilePolicyText, fixedPolicy } from './app/load-policy.js'
import { seedDemo } from './app/seed-demo.js'
import { UserError } from './core/errors.js'
import { seedDemoData } from './main.js'
import { createStore } from './store/sql-store.js'
import { newTestDb, type TestDb } from './store/test-db.js'

const NOW = new Date('2026-11-20T22:00:00.000Z')

async function newDeps(t: TestDb): Promise<AppDeps> {
  const text = demoPolicyText()
  return {
    store: createStore(t.db),
    policy: fixedPolicy(compilePolicyText(text, 'examples/policy.yaml', demoPolicyFiles()), 'policy', text),
    now: () => NOW,
    newId: randomUUID,
    log: silentLog,
    channels: NO_CHANNELS,
  }
}

describe('the demo with its history', () => {
  let t: TestDb
  let deps: AppDeps
  before(async () => {
    t = await newTestDb()
    deps = await newDeps(t)
  })
  after(() => t.cleanup())

  test('loads tickets that were answered, waited on, solved and rated, and some still waiting', async () => {
    const outcome = await seedDemoData(deps, { accounts: 12, tickets: 60 })
    assert.equal(outcome.seeded, true)
    assert.ok(outcome.seeded && outcome.events > 60, `events ${outcome.seeded && outcome.events}`)
    const statuses = await t.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM tickets GROUP BY status ORDER BY status',
    )
    const count = (s: string) => statuses.find((r) => r.status === s)?.n ?? 0
    assert.ok(count('solved') > 0, JSON.stringify(statuses))
    assert.ok(count('open') > 0, JSON.stringify(statuses))
    const rated = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tickets WHERE csat IS NOT NULL',
    )
    assert.ok((rated[0]?.n ?? 0) > 0)
  })

  test('most first responses are met, and the misses are real breaches on the ledger', async () => {
    const rows = await t.db.query<{ met: number; late: number; running: number }>(
      `SELECT count(*) FILTER (WHERE status = 'fulfilled' AND state->>'breachedAt' IS NULL)::int AS met,
              count(*) FILTER (WHERE state->>'breachedAt' IS NOT NULL)::int AS late,
              count(*) FILTER (WHERE status = 'running')::int AS running
         FROM clocks WHERE metric = 'first_response'`,
    )
    const { met = 0, late = 0, running = 0 } = rows[0] ?? {}
    assert.ok(met > late, `met ${met}, late ${late}`)
    assert.ok(late > 0, 'a demo where nothing is ever late shows no escalation')
    assert.ok(running > 0, 'recent tickets are still waiting for their first reply')
    const breaches = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM clock_ledger WHERE metric = 'first_response' AND action = 'breach'`,
    )
    assert.ok((breaches[0]?.n ?? 0) >= late - running)
  })

  test('no event is later than the clock the seed ran at', async () => {
    const rows = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ticket_events WHERE at > $1',
      [NOW.toISOString()],
    )
    assert.equal(rows[0]?.n, 0)
  })

  test("the CSMs' notes are on their accounts, Acme's pinned note first, dated when written", async () => {
    const { notes, total } = await listAccountNotes(deps, 'acme', 10)
    assert.equal(total, 3)
    assert.equal(notes[0]?.pinned, true)
    assert.match(notes[0]?.body ?? '', /Do not offer credits or discounts/)
    assert.equal(notes[0]?.author.name, 'Jordan Ellis')
    assert.ok(notes.every((n) => Date.parse(n.createdAt) < NOW.getTime() - 86_400_000))
  })

  test("usage history is assessed week by week: Acme's health falls, and no week saw a ticket", async () => {
    const acme = await deps.store.accounts.getByExternalId('acme')
    assert.ok(acme)
    const history = await t.db.query<{ computed_at: Date; score: number }>(
      'SELECT computed_at, score::int AS score FROM account_health_history WHERE account_id = $1 ORDER BY computed_at',
      [acme.id],
    )
    assert.ok(history.length >= 8, `${history.length} points`)
    const scores = history.map((h) => h.score)
    assert.ok((scores[0] ?? 0) - (scores.at(-1) ?? 100) >= 15, `Acme's health ${scores.join(' → ')}`)
    const firstTicket = await t.db.query<{ at: Date }>('SELECT min(created_at) AS at FROM tickets')
    const weekly = history.filter((h) => h.computed_at.getTime() < NOW.getTime() - 86_400_000)
    assert.ok(weekly.length >= 7)
    assert.ok(weekly.every((h) => h.computed_at < (firstTicket[0]?.at ?? new Date(0))))
  })

  test('runs once: a second start leaves the data as it is', async () => {
    const again = await seedDemoData(deps, { accounts: 12, tickets: 60 })
    assert.deepEqual(again, { seeded: false, why: 'demo data was loaded before' })
  })
})

describe('a demo note dated in the future or not at all', () => {
  for (const writtenAt of ['2026-11-21T00:00:00Z', 'last week']) {
    test(`${writtenAt}: refused naming the account and writtenAt`, async () => {
      const t = await newTestDb()
      try {
        const deps = await newDeps(t)
        const demo = generateDemo({ seed: 1, now: NOW, accounts: 3, tickets: 0 })
        const notes = [{ ...demo.notes[0], externalId: 'acme', writtenAt }]
        await assert.rejects(
          deps.store.transaction((store) => seedDemo({ ...deps, store }, { ...demo, notes })),
          /demo note on acme does not validate: writtenAt/,
        )
        assert.equal(await deps.store.accounts.count(), 0)
      } finally {
        await t.cleanup()
      }
    })
  }
})

describe('a demo history that does not validate', () => {
  test('is refused naming the ticket and the field, and nothing of the demo is kept', async () => {
    const t = await newTestDb()
    try {
      const deps = await newDeps(t)
      const demo = generateDemo({ seed: 1, now: NOW, accounts: 3, tickets: 2 })
      const history = () => [{ eventId: 'e1', type: 'agent_replied', at: '2026-11-20T21:00:00Z' }]
      await assert.rejects(
        deps.store.transaction((store) => seedDemo({ ...deps, store }, { ...demo, history })),
        (e: unknown) => {
          assert.ok(e instanceof UserError)
          assert.match(e.message, /demo event on ticket demo-00001 does not validate: type/)
          return true
        },
      )
      assert.equal(await deps.store.accounts.count(), 0)
      assert.equal(await deps.store.tickets.count(), 0)
    } finally {
      await t.cleanup()
    }
  })
})
