/**
 * @module SQL for follow-up tasks (the executive-contact rule's "follow up within 24 hours").
 */
import type { Queryable } from '../db.js'
import type { StoredTask, TasksStore } from '../store.js'
import { iso, isoOrNull } from './timestamps.js'

interface TaskRow {
  id: string
  ticket_id: string
  kind: string
  title: string
  owner: StoredTask['owner']
  due_at: Date
  state: StoredTask['state']
  reason: string
  created_at: Date
  done_at: Date | null
  [key: string]: unknown
}

const COLUMNS = 'id::text, ticket_id::text, kind, title, owner, due_at, state, reason, created_at, done_at'

function toTask(r: TaskRow): StoredTask {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    title: r.title,
    owner: r.owner,
    dueAt: iso(r.due_at),
    state: r.state,
    reason: r.reason,
    createdAt: iso(r.created_at),
    doneAt: isoOrNull(r.done_at),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function tasksSql(q: Queryable): TasksStore {
  return {
    async get(id) {
      if (!UUID.test(id)) return null
      const rows = await q.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1`, [id])
      return rows[0] ? toTask(rows[0]) : null
    },
    async forTicket(ticketId) {
      const rows = await q.query<TaskRow>(
        `SELECT ${COLUMNS} FROM tasks WHERE ticket_id = $1 ORDER BY due_at, id`,
        [ticketId],
      )
      return rows.map(toTask)
    },
    async complete(id, at) {
      if (!UUID.test(id)) return false
      const rows = await q.query(
        `UPDATE tasks SET state = 'done', done_at = $2 WHERE id = $1 AND state = 'open' RETURNING 1`,
        [id, at],
      )
      return rows.length > 0
    },
  }
}
