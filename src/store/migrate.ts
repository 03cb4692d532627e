/**
 * @module Applies the numbered SQL files in `migrations/` in order, each in its own transaction.
 *
 * Safe to run from several processes at once against PostgreSQL: an advisory lock held for the
 * transaction makes the others wait and then find the migration already applied.
 */
import { readdir, readFile } from 'node:fs/promises'
import type { Db } from './db.js'

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)
// An arbitrary constant that names "Patron migrations" among advisory locks.
const MIGRATION_LOCK = 7_270_011

export interface Migration {
  readonly id: number
  readonly name: string
  readonly sql: string
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort()
  return Promise.all(
    files.map(async (name) => ({
      id: Number(name.slice(0, 4)),
      name,
      sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8'),
    })),
  )
}

/** Returns the names of the migrations applied by this call (empty when already up to date). */
export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = []
  for (const m of await loadMigrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      // Inside the lock: two processes creating the table at once would otherwise collide.
      await tx.exec(`CREATE TABLE IF NOT EXISTS patron_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
      const rows = await tx.query('SELECT 1 FROM patron_migrations WHERE id = $1', [m.id])
      if (rows.length > 0) return false
      await tx.exec(m.sql)
      await tx.query('INSERT INTO patron_migrations (id, name) VALUES ($1, $2)', [m.id, m.name])
      return true
    })
    if (done) applied.push(m.name)
  }
  return applied
}
