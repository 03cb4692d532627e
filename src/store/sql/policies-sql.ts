/**
 * @module SQL for policy versions and the small key/value `meta` table.
 */
import type { Queryable } from '../db.js'
import type { MetaStore, PolicyVersionsStore } from '../store.js'
import { iso } from './timestamps.js'

export function policiesSql(q: Queryable): PolicyVersionsStore {
  return {
    async record(v, at) {
      await q.query(
        `INSERT INTO policy_versions (version, name, origin, document, first_seen) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (version) DO NOTHING`,
        [v.version, v.name, v.origin, v.document, at],
      )
    },
    async get(version) {
      const rows = await q.query<{
        version: string
        name: string
        origin: string
        document: string
        first_seen: Date
      }>('SELECT version, name, origin, document, first_seen FROM policy_versions WHERE version = $1', [
        version,
      ])
      const r = rows[0]
      return r
        ? {
            version: r.version,
            name: r.name,
            origin: r.origin,
            document: r.document,
            firstSeen: iso(r.first_seen),
          }
        : null
    },
  }
}

export function metaSql(q: Queryable): MetaStore {
  return {
    async get(key) {
      const rows = await q.query<{ value: unknown }>('SELECT value FROM meta WHERE key = $1', [key])
      return rows[0]?.value
    },
    async set(key, value) {
      await q.query(
        'INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [key, JSON.stringify(value)],
      )
    },
  }
}
