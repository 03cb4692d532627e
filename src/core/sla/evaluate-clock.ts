/**
 * @module What a running clock needs at `now`: a warning, a breach, escalation levels that came due,
 * and when it next needs looking at.
 *
 * Idempotent: a clock evaluated twice at the same instant changes once, so a timer that fires twice
 * (a retried job, two workers) sends nothing twice. Levels missed while no worker ran (a restart) are
 * applied in order on the next evaluation, each with its own ledger entry and notice; a warning whose
 * breach has already come is not sent, since it would arrive after the thing it warns of.
 */
import { formatMillis } from '../format.js'
import type { CompiledSla, EscalationRole } from '../policy/compile-sla.js'
import type { ClockState, LedgerEntry } from './clock.js'
import { usedMs } from './clock-math.js'
import { METRIC_NAMES, type SlaMetric } from './metric.js'

export const SLA_TOPICS = ['sla.warning', 'sla.breach', 'sla.escalation'] as const

/** Something people must hear about; the shell turns it into messages for the roles named. */
export interface SlaNotice {
  readonly topic: (typeof SLA_TOPICS)[number]
  readonly metric: SlaMetric
  readonly cycle: number
  readonly level: number | null
  readonly roles: readonly EscalationRole[]
  /** Priority points this notice adds to the ticket (escalation levels). */
  readonly points: number
  /**
   * False for a level passed over on catch-up (several levels due at once after downtime, or a ticket
   * imported late): recorded and counted, but only the highest level due is sent.
   */
  readonly send: boolean
  readonly at: string
  readonly text: string
}

export interface ClockEvaluation {
  readonly clock: ClockState
  readonly ledger: readonly LedgerEntry[]
  readonly notices: readonly SlaNotice[]
  /** When this clock next needs evaluating; null when nothing more can happen without an event. */
  readonly nextWakeAt: string | null
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Where escalation levels count from: the breach, moved on by time paused since. Nobody escalates while
 * the customer owes a reply.
 */
const escalationBase = (breachedAt: string, pausedAfterBreachMs: number) =>
  Date.parse(breachedAt) + pausedAfterBreachMs

/** The next instant something is due for this clock, or null. */
export function nextWake(clock: ClockState, sla: CompiledSla): string | null {
  if (clock.status !== 'running') return null
  const candidates: number[] = []
  if (clock.warnAt && !clock.warnedAt) candidates.push(Date.parse(clock.warnAt))
  if (clock.dueAt && !clock.breachedAt) candidates.push(Date.parse(clock.dueAt))
  if (clock.breachedAt) {
    const next = sla.escalation.find((l) => l.level > clock.escalationLevel)
    if (next) candidates.push(escalationBase(clock.breachedAt, clock.pausedAfterBreachMs) + next.afterMs)
  }
  return candidates.length === 0 ? null : iso(Math.min(...candidates))
}

export function evaluateClock(clock: ClockState, nowMs: number, sla: CompiledSla): ClockEvaluation {
  if (clock.status !== 'running') return { clock, ledger: [], notices: [], nextWakeAt: null }
  const name = METRIC_NAMES[clock.metric]
  const ledger: LedgerEntry[] = []
  const notices: SlaNotice[] = []
  const notice = (n: Omit<SlaNotice, 'metric' | 'cycle' | 'send'>, send = true) =>
    notices.push({ metric: clock.metric, cycle: clock.cycle, send, ...n })
  let c = clock

  const dueMs = c.dueAt ? Date.parse(c.dueAt) : Number.POSITIVE_INFINITY
  if (c.warnAt && !c.warnedAt && !c.breachedAt && Date.parse(c.warnAt) <= nowMs && dueMs > nowMs) {
    const at = c.warnAt
    const left = formatMillis(c.targetMs - usedMs(c, Date.parse(at), sla))
    const text = `${name} due in ${left} (${formatMillis(c.targetMs)} target), at ${c.dueAt}`
    ledger.push({ at, metric: c.metric, cycle: c.cycle, action: 'warn', text: `warning: ${text}` })
    notice({ topic: 'sla.warning', level: null, roles: ['assignee'], points: 0, at, text })
    c = { ...c, warnedAt: at }
  }

  if (c.dueAt && !c.breachedAt && dueMs <= nowMs) {
    const at = c.dueAt
    const text = `${name} target of ${formatMillis(c.targetMs)} missed: it was due at ${at}`
    ledger.push({ at, metric: c.metric, cycle: c.cycle, action: 'breach', text: `breached: ${text}` })
    notice({ topic: 'sla.breach', level: null, roles: ['assignee', 'teamLead'], points: 0, at, text })
    c = { ...c, breachedAt: at, warnedAt: c.warnedAt ?? at }
  }

  if (c.breachedAt) {
    const base = escalationBase(c.breachedAt, c.pausedAfterBreachMs)
    const due = sla.escalation.filter((l) => l.level > c.escalationLevel && base + l.afterMs <= nowMs)
    due.forEach((level, i) => {
      const at = iso(base + level.afterMs)
      const since = level.afterMs === 0 ? 'on breach' : `${formatMillis(level.afterMs)} after the breach`
      const bump = level.points > 0 ? `; priority +${level.points}` : ''
      // Several levels due at once (a worker was down, a ticket came in late): each is recorded, only
      // the highest is sent — paging four levels of people in one second helps nobody.
      const passedOver = i < due.length - 1 ? ' (passed over: a higher level was due at the same time)' : ''
      const text = `${name} escalated to level ${level.level} (${level.notify.join(', ')}) ${since}${bump}${passedOver}`
      ledger.push({ at, metric: c.metric, cycle: c.cycle, action: 'escalate', text, level: level.level })
      notice(
        { topic: 'sla.escalation', level: level.level, roles: level.notify, points: level.points, at, text },
        passedOver === '',
      )
      c = { ...c, escalationLevel: level.level }
    })
  }

  return { clock: c, ledger, notices, nextWakeAt: nextWake(c, sla) }
}
