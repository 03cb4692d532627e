/**
 * @module SQL for SLA clocks and their ledger.
 */
import type { ClockState, LedgerEntry } from '../../core/sla/clock.js'
import type { Queryable } from '../db.js'
import type { ClocksStore } from '../store.js'
import { iso } from './timestamps.js'

/** Clocks as parallel arrays for `unnest`: metric, status, due_at, state. */
export function clockColumns(
  clocks: readonly ClockState[],
): [string[], string[], (string | null)[], string[]] {
  return [
    clocks.map((c) => c.metric),
    clocks.map((c) => c.status),
    clocks.map((c) => c.dueAt),
    clocks.map((c) => JSON.stringify(c)),
  ]
}

/** Ledger entries as parallel arrays for `unnest`: at, metric, cycle, action, level, text. */
export function ledgerColumns(
  entries: readonly LedgerEntry[],
): [string[], (string | null)[], number[], string[], (number | null)[], string[]] {
  return [
    entries.map((e) => e.at),
    entries.map((e) => e.metric),
    entries.map((e) => e.cycle),
    entries.map((e) => e.action),
    entries.map((e) => e.level ?? null),
    entries.map((e) => e.text),
  ]
}

interface LedgerRow {
  at: Date
  metric: LedgerEntry['metric']
  cycle: number
  action: LedgerEntry['action']
  level: number | null
  text: string
  [key: string]: unknown
}

export function clocksSql(q: Queryable): ClocksStore {
  return {
    async forTicket(ticketId) {
      const rows = await q.query<{ state: ClockState }>(
        'SELECT state FROM clocks WHERE ticket_id = $1 ORDER BY metric',
        [ticketId],
      )
      return rows.map((r) => r.state)
    },

    async forTickets(ticketIds) {
      const byTicket = new Map<string, ClockState[]>()
      if (ticketIds.length === 0) return byTicket
      const rows = await q.query<{ ticket_id: string; state: ClockState }>(
        'SELECT ticket_id, state FROM clocks WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id, metric',
        [ticketIds],
      )
      for (const r of rows) {
        const list = byTicket.get(r.ticket_id)
        if (list) list.push(r.state)
        else byTicket.set(r.ticket_id, [r.state])
      }
      return byTicket
    },

    async save(ticketId, clocks) {
      if (clocks.length === 0) return
      await q.query(
        `INSERT INTO clocks (ticket_id, metric, status, due_at, state)
         SELECT $1, x.metric, x.status, x.due_at, x.state::jsonb
           FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS x(metric, status, due_at, state)
         ON CONFLICT (ticket_id, metric) DO UPDATE
           SET status = EXCLUDED.status, due_at = EXCLUDED.due_at, state = EXCLUDED.state`,
        [ticketId, ...clockColumns(clocks)],
      )
    },

    async appendLedger(ticketId, entries) {
      if (entries.length === 0) return
      await q.query(
        `INSERT INTO clock_ledger (ticket_id, at, metric, cycle, action, level, text)
         SELECT $1, x.at, x.metric, x.cycle, x.action, x.level, x.text
           FROM unnest($2::timestamptz[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[])
                WITH ORDINALITY AS x(at, metric, cycle, action, level, text, n)
          ORDER BY x.n`,
        [ticketId, ...ledgerColumns(entries)],
      )
    },

    async ledger(ticketId) {
      const rows = await q.query<LedgerRow>(
        'SELECT at, metric, cycle, action, level, text FROM clock_ledger WHERE ticket_id = $1 ORDER BY id',
        [ticketId],
      )
      return rows.map((r) => ({
        at: iso(r.at),
        metric: r.metric,
        cycle: r.cycle,
        action: r.action,
        text: r.text,
        ...(r.level === null ? {} : { level: r.level }),
      }))
    },
  }
}
