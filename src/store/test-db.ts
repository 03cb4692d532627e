/**
 * @module Test databases: a fresh, migrated database per test, on whichever backend the run targets.
 *
 * With DATABASE_URL set, each database is a new schema on that PostgreSQL server (dropped afterwards);
 * otherwise an in-memory PGlite cloned from a migrated template. Creating PGlite costs ~2.5 s (initdb in
 * WASM) while loading a dumped data directory costs ~0.4 s, so the template is built once and cached on
 * disk, keyed by the migrations' content, for every test process of the run.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Db } from './db.js'
import { fromPglite } from './drivers/pglite.js'
import { loadMigrations, migrate } from './migrate.js'
import { openDb } from './open-db.js'

export const TEST_BACKEND: Db['kind'] = process.env.DATABASE_URL ? 'postgres' : 'pglite'

let template: Promise<Blob> | null = null

async function pgliteTemplate(): Promise<Blob> {
  const migrations = await loadMigrations()
  const key = createHash('sha256')
    .update(migrations.map((m) => m.name + m.sql).join('\n'))
    .digest('hex')
    .slice(0, 16)
  const path = join(tmpdir(), `patron-test-template-${key}.tar`)
  try {
    return new Blob([await readFile(path)])
  } catch {
    const fresh = await PGlite.create()
    await migrate(fromPglite(fresh))
    const dump = await fresh.dumpDataDir('none')
    await fresh.close()
    const bytes = Buffer.from(await dump.arrayBuffer())
    // Write then rename: a concurrent test process never reads a half-written template.
    const partial = `${path}.${process.pid}.partial`
    await writeFile(partial, bytes)
    await rename(partial, path)
    return new Blob([bytes])
  }
}

export interface TestDb {
  readonly db: Db
  cleanup(): Promise<void>
}

/** A fresh migrated database on `backend` (default: PostgreSQL when DATABASE_URL is set, else PGlite). */
export async function newTestDb(backend: Db['kind'] = TEST_BACKEND): Promise<TestDb> {
  const url = process.env.DATABASE_URL
  if (backend === 'postgres') {
    if (!url) throw new Error('newTestDb("postgres") needs DATABASE_URL')
    const schema = `t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    const db = await openDb({ kind: 'postgres', url, schema, poolSize: 5 })
    await migrate(db)
    return {
      db,
      async cleanup() {
        await db.close()
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query(`DROP SCHEMA ${schema} CASCADE`)
        await c.end()
      },
    }
  }
  template ??= pgliteTemplate()
  const pglite = await PGlite.create({ loadDataDir: await template })
  const db = fromPglite(pglite)
  return { db, cleanup: () => db.close() }
}
