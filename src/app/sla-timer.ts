/**
 * @module A ticket's SLA timer: one keyed job per ticket that wakes at the earliest moment any of its
 * clocks needs attention. The clocks are the truth; the job only says when to look.
 */
import type { CompiledPolicy } from '../core/policy/compile-policy.js'
import type { ClockState } from '../core/sla/clock.js'
import { nextWake } from '../core/sla/evaluate-clock.js'
import type { NewJob } from '../store/store.js'

export const SLA_JOB = 'sla.reconcile'
export const TASK_JOB = 'task.due'

export const slaTimerKey = (ticketId: string) => `sla:${ticketId}`
export const taskTimerKey = (taskId: string) => `task:${taskId}`

/** The ticket's timer job, or null when no clock can change without an event. */
export function slaTimer(
  ticketId: string,
  clocks: readonly ClockState[],
  policy: CompiledPolicy,
): NewJob | null {
  const wakes = clocks.flatMap((c) => {
    const at = nextWake(c, policy.sla)
    return at ? [Date.parse(at)] : []
  })
  if (wakes.length === 0) return null
  return {
    kind: SLA_JOB,
    key: slaTimerKey(ticketId),
    payload: { ticketId },
    runAt: new Date(Math.min(...wakes)).toISOString(),
  }
}
