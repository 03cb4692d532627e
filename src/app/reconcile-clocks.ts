/**
 * @module A ticket's SLA timer went off: settle its clocks now and set the next timer.
 *
 * Safe to run twice or late: evaluation is idempotent, and levels that came due while no worker ran
 * are recorded in order (only the highest is sent).
 */
import type { AppDeps } from './deps.js'
import { settleClocks } from './settle-clocks.js'
import { slaTimer, slaTimerKey } from './sla-timer.js'

const STUCK_RETRY_MS = 60_000

export async function reconcileClocks(deps: AppDeps, ticketId: string): Promise<void> {
  const now = deps.now()
  const policy = deps.policy.current()
  await deps.store.transaction(async (tx) => {
    const ticket = await tx.tickets.lock(ticketId)
    if (!ticket) return
    const clocks = await settleClocks(tx, deps, ticket, await tx.clocks.forTicket(ticketId), now.getTime())
    await tx.clocks.save(ticketId, clocks)
    const timer = slaTimer(ticketId, clocks, policy)
    if (!timer) return void (await tx.jobs.cancel([slaTimerKey(ticketId)]))
    // Settled at now, nothing can be due by now. If a clock says otherwise, the timer would wake again at
    // once, forever, and starve every other ticket's: look again in a minute and say so instead.
    if (Date.parse(timer.runAt) <= now.getTime()) {
      deps.log.error(
        { ticketId, wake: timer.runAt },
        'SLA clock asked to wake in the past; retrying in a minute',
      )
      await tx.jobs.schedule(
        [{ ...timer, runAt: new Date(now.getTime() + STUCK_RETRY_MS).toISOString() }],
        now,
      )
    } else await tx.jobs.schedule([timer], now)
  })
}
