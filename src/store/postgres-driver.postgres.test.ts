/**
 * PostgreSQL-only: what happens when the server drops a connection. PGlite runs in this process and
 * has no connection to lose, so this has no PGlite counterpart. Runs when DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import pg from 'pg'
import { TransientError } from '../core/errors.js'
import { newTestDb, type TestDb } from './test-db.js'

if (process.env.DATABASE_URL) {
  let t: TestDb
  before(async () => {
    t = await newTestDb('postgres')
  })
  after(async () => t.cleanup())

  test('a connection terminated inside a transaction is a TransientError, and the process carries on', async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    try {
      const failure = await t.db
        .transaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
          await admin.query('SELECT pg_terminate_backend($1)', [row?.pid])
          await new Promise((resolve) => setTimeout(resolve, 100))
          await tx.query('SELECT 1')
        })
        .then(
          () => null,
          (e: unknown) => e,
        )
      assert.ok(failure instanceof TransientError, `expected a TransientError, got ${String(failure)}`)
      assert.equal(failure.code, 'PATRON_E_UNAVAILABLE')
      // The pool recovers: the next transaction gets a fresh connection.
      const rows = await t.db.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))
      assert.deepEqual(rows, [{ n: 1 }])
    } finally {
      await admin.end()
    }
  })
}
