/**
 * @module Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise
 * PGlite in the data directory (locked to this process).
 */
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { acquireDataDirLock } from './data-dir-lock.js'
import type { Db } from './db.js'
import { fromPglite } from './drivers/pglite.js'
import { fromPool } from './drivers/postgres.js'

export type DbTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number; readonly schema?: string }
  | { readonly kind: 'pglite'; readonly dataDir: string }

export async function openDb(target: DbTarget): Promise<Db> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // Tests isolate themselves in a schema of their own.
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    })
    // An idle client that loses its connection emits 'error' here; without a listener that would kill
    // the process. The pool has already discarded the client, and the next query opens a new one.
    pool.on('error', () => {})
    return fromPool(pool)
  }
  const lock = await acquireDataDirLock(target.dataDir)
  try {
    // PostgreSQL's data lives in a subdirectory: initdb wants an empty directory, and ours holds the lock.
    const pglite = await PGlite.create(join(target.dataDir, 'pgdata'))
    const db = fromPglite(pglite)
    return {
      ...db,
      async close() {
        try {
          await db.close()
        } finally {
          lock.release()
        }
      },
    }
  } catch (e) {
    lock.release()
    throw e
  }
}
