/**
 * @module A ticket's SLA timer went off: evaluate its clocks now, record warnings, breaches and
 * escalations, tell the people they name, raise the ticket's priority, and set the next timer.
 *
 * Safe to run twice or late: evaluation is idempotent, and levels that came due while no worker ran
 * are applied in order, each once.
 */
import { evaluateClock, type SlaNotice } from '../core/sla/evaluate-clock.js'
import type { OutboxEntry, PriorityAdjustment } from '../store/store.js'
import type { AppDeps } from './deps.js'
import { fanOut, recipientsFor, slaNotification, summarize } from './notifications.js'
import { slaTimer, slaTimerKey } from './sla-timer.js'

export async function reconcileClocks(deps: AppDeps, ticketId: string): Promise<{ notices: number }> {
  const now = deps.now()
  const policy = deps.policy.current()
  return deps.store.transaction(async (tx) => {
    const ticket = await tx.tickets.lock(ticketId)
    if (!ticket) return { notices: 0 }
    const before = await tx.clocks.forTicket(ticketId)
    const evaluations = before.map((c) => evaluateClock(c, now.getTime(), policy.sla))
    const notices: SlaNotice[] = evaluations.flatMap((e) => e.notices)
    const ledger = evaluations.flatMap((e) => e.ledger).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    const clocks = evaluations.map((e) => e.clock)

    if (ledger.length > 0) {
      await tx.clocks.save(ticketId, clocks)
      await tx.clocks.appendLedger(ticketId, ledger)
      const account = ticket.accountId ? await tx.accounts.getById(ticket.accountId) : null
      const summary = summarize(ticket)
      const outbox: OutboxEntry[] = notices.flatMap((n) =>
        fanOut(
          policy,
          deps.channels,
          slaNotification(summary, n),
          recipientsFor(n.roles, policy, account, summary.queue),
          ticketId,
        ),
      )
      await tx.outbox.add(outbox, now)
      const adjustments: PriorityAdjustment[] = notices
        .filter((n) => n.points !== 0)
        .map((n) => ({
          at: n.at,
          points: n.points,
          rule: `escalation.${n.metric}.${n.level}`,
          text: `${n.text} → +${n.points}`,
        }))
      if (adjustments.length > 0) await tx.tickets.update(ticketId, { addAdjustments: adjustments })
    }
    const timer = slaTimer(ticketId, clocks, policy)
    if (timer) await tx.jobs.schedule([timer], now)
    else await tx.jobs.cancel([slaTimerKey(ticketId)])
    return { notices: notices.length }
  })
}
