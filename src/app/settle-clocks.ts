/**
 * @module Settle a ticket's clocks at an instant: record the warnings, breaches and escalations due by
 * then, tell the people they name, and raise the ticket's priority. Used by the timer (at now) and by
 * an event (at the event's time, so an answer that arrives after its due time, before the timer ran,
 * still finds the breach recorded first).
 *
 * Priority points are added once per escalation level per ticket: three clocks breaching together
 * make one late ticket, not three times as urgent a one.
 */
import type { ClockState } from '../core/sla/clock.js'
import { evaluateClock } from '../core/sla/evaluate-clock.js'
import type { OutboxEntry, PriorityAdjustment, Store, StoredTicket } from '../store/store.js'
import type { AppDeps } from './deps.js'
import { fanOut, recipientsFor, slaNotification, summarize } from './notifications.js'

const LEVEL_RULE = /^escalation\.L(\d+)$/

/** Evaluates and records; returns the clocks to save. Run inside the transaction that holds the ticket. */
export async function settleClocks(
  tx: Store,
  deps: AppDeps,
  ticket: StoredTicket,
  clocks: readonly ClockState[],
  atMs: number,
): Promise<ClockState[]> {
  const policy = deps.policy.current()
  const evaluations = clocks.map((c) => evaluateClock(c, atMs, policy.sla))
  const ledger = evaluations.flatMap((e) => e.ledger).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  if (ledger.length === 0) return evaluations.map((e) => e.clock)

  await tx.clocks.appendLedger(ticket.id, ledger)
  const notices = evaluations.flatMap((e) => e.notices)
  const account = ticket.accountId ? await tx.accounts.getById(ticket.accountId) : null
  const summary = summarize(ticket)
  const outbox: OutboxEntry[] = notices
    .filter((n) => n.send)
    .flatMap((n) =>
      fanOut(
        policy,
        deps.channels,
        slaNotification(summary, n),
        recipientsFor(n.roles, policy, account, summary.queue),
        ticket.id,
      ),
    )
  await tx.outbox.add(outbox, deps.now())

  let highest = Math.max(
    0,
    ...ticket.priorityAdjustments.map((a) => Number(LEVEL_RULE.exec(a.rule)?.[1] ?? 0)),
  )
  const adjustments: PriorityAdjustment[] = []
  for (const n of [...notices].sort((a, b) => (a.level ?? 0) - (b.level ?? 0))) {
    if (n.level === null || n.level <= highest || n.points === 0) continue
    highest = n.level
    adjustments.push({
      at: n.at,
      points: n.points,
      rule: `escalation.L${n.level}`,
      text: `${n.text} → +${n.points}`,
    })
  }
  if (adjustments.length > 0) await tx.tickets.update(ticket.id, { addAdjustments: adjustments })
  return evaluations.map((e) => e.clock)
}
