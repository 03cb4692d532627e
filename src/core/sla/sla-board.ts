/**
 * @module The managers' SLA board: attainment per tier and metric over a window, the clocks breached
 * or in their warning window now, tickets per escalation level, and queue depth by the hour — each
 * number with the words that explain it ("enterprise first response: 18 of 20 met (90 %)").
 *
 * Pure: the store counts, this composes. Every instant comes in as an argument.
 */
import { formatMillis } from '../format.js'
import type { ClockStatus } from './clock.js'
import { METRIC_NAMES, SLA_METRICS, type SlaMetric } from './metric.js'

/**
 * How the clock cycles of one tier and metric ended. A cycle is one run of a clock: next response and
 * periodic update run once per customer message or agent update; first response and resolution once.
 */
export interface SlaAttainmentCount {
  /** The ticket's tier at triage. */
  readonly tier: string
  readonly metric: SlaMetric
  /** Fulfilled before it was due. */
  readonly met: number
  /** Breached (recorded, or still running past its due time), whether answered late or not at all. */
  readonly breached: number
  /** Still running or paused, not yet due. */
  readonly running: number
  /** Stopped before its due time without being met (the ticket was solved or closed first). */
  readonly stopped: number
}

/** A running or paused clock of an unresolved ticket, breached or in its warning window. */
export interface SlaClockAtRisk {
  readonly ticketId: string
  readonly externalId: string
  readonly subject: string
  readonly tier: string
  readonly metric: SlaMetric
  readonly status: ClockStatus
  /** The deadline: for a breached clock, the one it missed. */
  readonly dueAt: string
  readonly warnAt: string | null
  /** Null for a clock past due whose breach no timer has recorded yet. */
  readonly breachedAt: string | null
  readonly escalationLevel: number
  readonly pauseReason: string | null
}

export interface SlaBoardInput {
  readonly now: Date
  readonly days: number
  readonly hours: number
  /** The policy's tiers, top first: they order the rows and name the tiers. */
  readonly tiers: readonly { readonly id: string; readonly name: string }[]
  /** The policy's escalation levels, in order. */
  readonly escalation: readonly { readonly level: number; readonly notify: readonly string[] }[]
  readonly attainment: readonly SlaAttainmentCount[]
  readonly breached: { readonly count: number; readonly items: readonly SlaClockAtRisk[] }
  readonly warning: { readonly count: number; readonly items: readonly SlaClockAtRisk[] }
  readonly escalationLevels: readonly { readonly level: number; readonly tickets: number }[]
  readonly queueDepth: readonly { readonly at: string; readonly open: number }[]
}

export interface TierRef {
  readonly id: string
  readonly name: string
}

export interface AttainmentRow extends Omit<SlaAttainmentCount, 'tier'> {
  readonly tier: TierRef
  /** met + breached: the cycles whose outcome is known. */
  readonly completed: number
  /** met / completed, to four decimals; null when none completed. */
  readonly share: number | null
  readonly text: string
}

export interface BoardClock extends Omit<SlaClockAtRisk, 'tier'> {
  readonly tier: TierRef
  readonly text: string
}

export interface EscalationCount {
  readonly level: number
  readonly label: string
  readonly notify: readonly string[]
  readonly tickets: number
  readonly text: string
}

export interface SlaBoard {
  readonly generatedAt: string
  readonly attainment: {
    readonly days: number
    readonly from: string
    readonly to: string
    readonly rows: readonly AttainmentRow[]
  }
  readonly now: {
    readonly breached: { readonly count: number; readonly items: readonly BoardClock[] }
    readonly warning: { readonly count: number; readonly items: readonly BoardClock[] }
    readonly escalations: readonly EscalationCount[]
  }
  readonly queueDepth: {
    readonly hours: number
    readonly points: readonly { readonly at: string; readonly open: number }[]
  }
}

const DAY_MS = 86_400_000

/** The start of the attainment window: `days` whole days before `now`. */
export function windowStart(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS)
}

/**
 * A share as a whole percentage that never claims more than happened: 199 of 200 reads 99 %, not
 * 100 %, and 1 of 200 reads 1 %, not 0 %.
 */
export function percent(met: number, completed: number): number {
  const p = Math.round((met / completed) * 100)
  if (p === 100 && met < completed) return 99
  if (p === 0 && met > 0) return 1
  return p
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

function attainmentText(tierName: string, c: SlaAttainmentCount): string {
  const completed = c.met + c.breached
  const head = `${tierName} ${METRIC_NAMES[c.metric]}: `
  const parts = [
    completed === 0 ? 'none completed yet' : `${c.met} of ${completed} met (${percent(c.met, completed)} %)`,
  ]
  if (c.running > 0) parts.push(`${c.running} still running`)
  if (c.stopped > 0) parts.push(`${c.stopped} stopped unmet before due (solved or closed first)`)
  return head + parts.join('; ')
}

function clockText(c: SlaClockAtRisk, kind: 'breached' | 'warning', nowMs: number): string {
  const name = METRIC_NAMES[c.metric]
  const dueMs = Date.parse(c.dueAt)
  if (kind === 'warning') return `${name} due ${c.dueAt}, in ${formatMillis(dueMs - nowMs)}`
  const parts = [`${name} was due ${c.dueAt}: ${formatMillis(nowMs - dueMs)} overdue`]
  if (c.escalationLevel > 0) parts.push(`escalated to L${c.escalationLevel}`)
  if (c.status === 'paused') parts.push(`paused: ${c.pauseReason ?? 'waiting'}`)
  if (c.breachedAt === null) parts.push('breach not yet recorded by the timer')
  return parts.join('; ')
}

const share = (met: number, completed: number) =>
  completed === 0 ? null : Math.round((met / completed) * 10_000) / 10_000

export function composeSlaBoard(input: SlaBoardInput): SlaBoard {
  const nowMs = input.now.getTime()
  const tierOrder = new Map(input.tiers.map((t, i) => [t.id, i]))
  const tierRef = (id: string): TierRef => ({
    id,
    name: input.tiers.find((t) => t.id === id)?.name ?? id,
  })
  // Tiers the policy no longer has come after its own, by id.
  const rank = (id: string) => tierOrder.get(id) ?? input.tiers.length
  const rows = [...input.attainment]
    .sort(
      (a, b) =>
        rank(a.tier) - rank(b.tier) ||
        a.tier.localeCompare(b.tier) ||
        SLA_METRICS.indexOf(a.metric) - SLA_METRICS.indexOf(b.metric),
    )
    .map((c): AttainmentRow => {
      const tier = tierRef(c.tier)
      const completed = c.met + c.breached
      return {
        ...c,
        tier,
        completed,
        share: share(c.met, completed),
        text: attainmentText(tier.name, c),
      }
    })

  const board = (kind: 'breached' | 'warning', list: SlaBoardInput['breached']) => ({
    count: list.count,
    items: list.items.map((c) => ({ ...c, tier: tierRef(c.tier), text: clockText(c, kind, nowMs) })),
  })

  const counted = new Map(input.escalationLevels.map((e) => [e.level, e.tickets]))
  const levels = [
    ...input.escalation,
    // A level the data holds that the policy in force no longer defines.
    ...[...counted.keys()]
      .filter((l) => !input.escalation.some((e) => e.level === l))
      .map((level) => ({ level, notify: [] })),
  ].sort((a, b) => a.level - b.level)
  const escalations = levels.map((l): EscalationCount => {
    const tickets = counted.get(l.level) ?? 0
    const label = `L${l.level}`
    const who = l.notify.length > 0 ? ` (${l.notify.join(', ')})` : ''
    return {
      level: l.level,
      label,
      notify: l.notify,
      tickets,
      text: `${label}${who}: ${plural(tickets, 'open ticket', 'open tickets')}`,
    }
  })

  return {
    generatedAt: input.now.toISOString(),
    attainment: {
      days: input.days,
      from: windowStart(input.now, input.days).toISOString(),
      to: input.now.toISOString(),
      rows,
    },
    now: {
      breached: board('breached', input.breached),
      warning: board('warning', input.warning),
      escalations,
    },
    queueDepth: { hours: input.hours, points: input.queueDepth },
  }
}
