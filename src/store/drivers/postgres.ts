/**
 * @module A node-postgres pool as a `Db`.
 */
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Db, Queryable, Row } from '../db.js'
import { translateDbError } from './errors.js'

// Parameterised statements are prepared once per connection under a name derived from their text,
// so PostgreSQL parses and plans the ticket insert once, not on every ticket. The set of statements
// is fixed by the code, so the per-connection cache stays small.
const names = new Map<string, string>()
function statementName(text: string): string {
  let name = names.get(text)
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    names.set(text, name)
  }
  return name
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      try {
        const config = params.length > 0 ? { name: statementName(text), text, values: [...params] } : { text }
        return (await client.query<R>(config)).rows
      } catch (e) {
        throw translateDbError(e)
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql)
      } catch (e) {
        throw translateDbError(e)
      }
    },
  }
}

export function fromPool(pool: pg.Pool): Db {
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (e) {
        throw translateDbError(e)
      }
      // A server restart or failover kills the connection mid-transaction: the client then emits
      // 'error', which without a listener would take the whole process down. The failure reaches the
      // caller through the pending query instead, as a retryable TransientError.
      let broken: Error | undefined
      const onError = (e: Error) => {
        broken = e
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (e) {
        if (!broken) await client.query('ROLLBACK').catch(() => {})
        throw translateDbError(broken ?? e)
      } finally {
        client.off('error', onError)
        // A broken client is destroyed rather than handed to the next caller.
        client.release(broken)
      }
    },
    close: () => pool.end(),
  }
}
