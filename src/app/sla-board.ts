/**
 * @module The managers' SLA board, now: attainment over the last `days`, what is breached or about to
 * be, tickets per escalation level, and queue depth over the last `hours`.
 */
import { composeSlaBoard, type SlaBoard, windowStart } from '../core/sla/sla-board.js'
import type { AppDeps } from './deps.js'

/** Clocks listed per board list (breached, warning); the counts cover them all. */
export const SLA_BOARD_LIST_LIMIT = 200

export async function buildSlaBoard(
  deps: AppDeps,
  options: { days: number; hours: number },
): Promise<SlaBoard> {
  const now = deps.now()
  const policy = deps.policy.current()
  const report = deps.store.slaReport
  const [attainment, atRisk, escalationLevels, queueDepth] = await Promise.all([
    report.attainment({ from: windowStart(now, options.days), now }),
    report.atRisk({ now, limit: SLA_BOARD_LIST_LIMIT }),
    report.escalationLevels(),
    report.queueDepth({ now, hours: options.hours }),
  ])
  return composeSlaBoard({
    now,
    days: options.days,
    hours: options.hours,
    tiers: policy.tiers.map((t) => ({ id: t.id, name: t.name })),
    escalation: policy.sla.escalation.map((l) => ({ level: l.level, notify: l.notify })),
    attainment,
    breached: atRisk.breached,
    warning: atRisk.warning,
    escalationLevels,
    queueDepth,
  })
}
