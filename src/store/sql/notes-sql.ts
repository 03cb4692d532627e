/**
 * @module SQL for the notes an account's CSM writes for support: add, read in the handoff card's order
 * (pinned first, then newest), pin or unpin, delete. Every statement is scoped to the account, so a note
 * id is only ever found under the account that owns it.
 */
import type { Queryable } from '../db.js'
import type { AccountNotesStore, StoredAccountNote } from '../store.js'
import { iso } from './timestamps.js'

interface NoteRow {
  id: string
  account_id: string
  author_name: string
  author_email: string | null
  body: string
  pinned: boolean
  created_at: Date
  updated_at: Date
  [key: string]: unknown
}

const COLUMNS = 'id::text, account_id::text, author_name, author_email, body, pinned, created_at, updated_at'
const ORDER = 'ORDER BY pinned DESC, created_at DESC, id'

function toNote(r: NoteRow): StoredAccountNote {
  return {
    id: r.id,
    accountId: r.account_id,
    author: { name: r.author_name, email: r.author_email },
    body: r.body,
    pinned: r.pinned,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

// A note id comes from a URL: anything that is not a uuid names no note (and must not reach a uuid cast).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function notesSql(q: Queryable): AccountNotesStore {
  return {
    async add(note, at) {
      const rows = await q.query<NoteRow>(
        `INSERT INTO account_notes (id, account_id, author_name, author_email, body, pinned, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
        [note.id, note.accountId, note.author.name, note.author.email, note.body, note.pinned, at],
      )
      const row = rows[0]
      if (!row) throw new Error('INSERT … RETURNING returned no row')
      return toNote(row)
    },

    async get(accountId, noteId) {
      if (!UUID.test(noteId)) return null
      const rows = await q.query<NoteRow>(
        `SELECT ${COLUMNS} FROM account_notes WHERE account_id = $1 AND id = $2`,
        [accountId, noteId],
      )
      return rows[0] ? toNote(rows[0]) : null
    },

    // The total comes from a window over every note of the account, computed before the LIMIT applies,
    // so the card's "5 of 12" costs no second query. With a limit of at least 1, no row means no notes.
    async list(accountId, limit) {
      const rows = await q.query<NoteRow & { total: number }>(
        `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM account_notes
          WHERE account_id = $1 ${ORDER} LIMIT $2`,
        [accountId, Math.max(1, limit)],
      )
      return { notes: rows.map(toNote), total: rows[0]?.total ?? 0 }
    },

    async setPinned(accountId, noteId, pinned, at) {
      if (!UUID.test(noteId)) return null
      // Pinning a pinned note changes nothing, not even updated_at.
      const rows = await q.query<NoteRow>(
        `UPDATE account_notes
            SET pinned = $3, updated_at = CASE WHEN pinned = $3 THEN updated_at ELSE $4 END
          WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [accountId, noteId, pinned, at],
      )
      return rows[0] ? toNote(rows[0]) : null
    },

    async remove(accountId, noteId) {
      if (!UUID.test(noteId)) return false
      const rows = await q.query('DELETE FROM account_notes WHERE account_id = $1 AND id = $2 RETURNING 1', [
        accountId,
        noteId,
      ])
      return rows.length > 0
    },
  }
}
