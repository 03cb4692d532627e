/**
 * @module The one SLA deadline an agent should look at in the queue: after the first reply the first
 * response is met and showing its old due time would be a lie; what matters then is the next response,
 * the periodic update or the resolution, whichever comes first.
 */
import type { ClockState } from './clock.js'

/**
 * The running clock due first (a breached one is due in the past, so it comes first); with none
 * running, a paused clock (the customer owes a reply); null when nothing is being measured.
 */
export function nextDeadline(clocks: readonly ClockState[]): ClockState | null {
  let next: ClockState | null = null
  for (const c of clocks) {
    if (c.status !== 'running' || c.dueAt === null) continue
    if (next === null || Date.parse(c.dueAt) < Date.parse(next.dueAt as string)) next = c
  }
  return next ?? clocks.find((c) => c.status === 'paused') ?? null
}
