/**
 * @module PGlite (embedded PostgreSQL in WASM) as a `Db`.
 *
 * PGlite is a single connection: its `transaction()` holds a mutex, and plain queries wait for it,
 * so concurrent requests are serialised rather than interleaved inside each other's transactions.
 */
import type { PGlite } from '@electric-sql/pglite'
import type { Db, Queryable, Row } from '../db.js'
import { translateDbError } from './errors.js'

interface PgliteQueryable {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>
  exec(sql: string): Promise<unknown>
}

function wrap(q: PgliteQueryable): Queryable {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      try {
        return (await q.query<R>(text, [...params])).rows
      } catch (e) {
        throw translateDbError(e)
      }
    },
    async exec(sql: string) {
      try {
        await q.exec(sql)
      } catch (e) {
        throw translateDbError(e)
      }
    },
  }
}

export function fromPglite(pg: PGlite): Db {
  const base = wrap(pg)
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  }
}
