/**
 * @module The SLA half of a policy, compiled: calendars (with holidays from iCal files), each matrix
 * cell's calendar, warnings, escalation levels, the people escalation names, the executive-contact
 * rule and where each kind of notification goes.
 */
import { Duration } from 'luxon'
import type { Person } from '../accounts/account.js'
import type { PathedIssue } from '../field-issues.js'
import type { TicketStatus } from '../tickets/ticket.js'
import { type BusinessCalendar, compileCalendar, parseICalHolidays } from '../time/calendar.js'
import type { ESCALATION_ROLES, NOTIFICATION_TOPICS, PolicyDocument } from './policy-schema.js'

export type EscalationRole = (typeof ESCALATION_ROLES)[number]
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number]
export const CHANNEL_KINDS = ['email', 'webhook', 'slack'] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]

export interface EscalationLevel {
  readonly level: number
  /** Wall-clock time after the breach (escalation is internal: it does not wait for business hours). */
  readonly afterMs: number
  readonly notify: readonly EscalationRole[]
  readonly points: number
}

export interface CompiledSla {
  readonly calendars: ReadonlyMap<string, BusinessCalendar>
  readonly pauseOn: readonly TicketStatus[]
  readonly warning: { readonly fraction: number | null; readonly beforeMs: number | null }
  /** Ordered by level. */
  readonly escalation: readonly EscalationLevel[]
  readonly teamLeads: ReadonlyMap<string, Person>
  readonly supportVp: Person | null
  readonly executiveRule: {
    readonly agentTier: string
    readonly notifyWithinMs: number
    readonly followUpWithinMs: number
  } | null
  readonly routes: ReadonlyMap<NotificationTopic, readonly ChannelKind[]>
}

/** The lead of a queue: the policy's `people.teamLeads` entry for it, else its `default`. */
export function teamLeadFor(sla: CompiledSla, queue: string): Person | null {
  return sla.teamLeads.get(queue) ?? sla.teamLeads.get('default') ?? null
}

/** Holidays files are read by the caller (the core does no I/O): path as written → file text. */
export type PolicyFiles = ReadonlyMap<string, string>

// iCal RRULEs (yearly holidays) are expanded over this span; far wider than any SLA clock runs.
const ICAL_YEARS = [2000, 2099] as const

const ms = (iso: string) => Duration.fromISO(iso).toMillis()

/** The calendar a cell counts on: the cell's own, else its tier's, else the policy's. */
export function cellCalendarId(
  doc: PolicyDocument,
  tierId: string,
  cellCalendar: string | undefined,
): string {
  return cellCalendar ?? doc.tiers.find((t) => t.id === tierId)?.calendar ?? doc.sla.calendar
}

export function compileSla(
  doc: PolicyDocument,
  files: PolicyFiles,
): { sla: CompiledSla } | { issues: PathedIssue[] } {
  const issues: PathedIssue[] = []
  const calendars = new Map<string, BusinessCalendar>()
  for (const [id, spec] of Object.entries(doc.calendars)) {
    let extra: string[] = []
    if (spec.holidaysFile) {
      const text = files.get(spec.holidaysFile)
      const parsed = text === undefined ? null : parseICalHolidays(text, ...ICAL_YEARS)
      if (parsed === null)
        issues.push({ path: ['calendars', id, 'holidaysFile'], reason: `cannot read ${spec.holidaysFile}` })
      else if ('error' in parsed)
        issues.push({
          path: ['calendars', id, 'holidaysFile'],
          // The parser's message can quote the file; say only that it failed.
          reason: 'is not a valid iCalendar file',
        })
      else extra = parsed.ok
    }
    const compiled = compileCalendar({ id, ...spec }, extra)
    if ('issues' in compiled)
      for (const i of compiled.issues) issues.push({ path: ['calendars', id, ...i.path], reason: i.reason })
    else calendars.set(id, compiled.ok)
  }

  const known = Object.keys(doc.calendars)
  const mustExist = (calendarId: string, path: PropertyKey[]) => {
    if (!known.includes(calendarId)) {
      issues.push({
        path,
        reason: `'${calendarId}' is not a calendar; expected one of ${known.join(', ') || '(none defined)'}`,
      })
    }
  }
  mustExist(doc.sla.calendar, ['sla', 'calendar'])
  doc.tiers.forEach((t, i) => {
    if (t.calendar) mustExist(t.calendar, ['tiers', i, 'calendar'])
  })
  for (const [tierId, row] of Object.entries(doc.matrix)) {
    for (const [severity, cell] of Object.entries(row)) {
      if (cell.calendar) mustExist(cell.calendar, ['matrix', tierId, severity, 'calendar'])
    }
  }

  const levels = [...doc.sla.escalation].sort((a, b) => a.level - b.level)
  levels.forEach((l, i) => {
    const previous = levels[i - 1]
    if (previous?.level === l.level)
      issues.push({ path: ['sla', 'escalation'], reason: `level ${l.level} is defined twice` })
    if (previous && ms(l.after) < ms(previous.after)) {
      issues.push({
        path: ['sla', 'escalation'],
        reason: `level ${l.level} comes before level ${previous.level} (after ${l.after})`,
      })
    }
    if (l.notify.includes('supportVp') && !doc.people.supportVp) {
      issues.push({
        path: ['sla', 'escalation'],
        reason: `level ${l.level} notifies supportVp, but people.supportVp is not set`,
      })
    }
  })

  const { fraction, before } = doc.sla.warning
  if (fraction === undefined && before === undefined) {
    issues.push({ path: ['sla', 'warning'], reason: 'needs fraction, before, or both' })
  }
  if (issues.length > 0) return { issues }

  const routes = new Map<NotificationTopic, ChannelKind[]>()
  for (const kind of CHANNEL_KINDS) {
    for (const topic of doc.notifications[kind]) routes.set(topic, [...(routes.get(topic) ?? []), kind])
  }
  const rule = doc.executiveRule
  return {
    sla: {
      calendars,
      pauseOn: doc.sla.pauseOn,
      warning: { fraction: fraction ?? null, beforeMs: before === undefined ? null : ms(before) },
      escalation: levels.map((l) => ({
        level: l.level,
        afterMs: ms(l.after),
        notify: l.notify,
        points: l.points,
      })),
      teamLeads: new Map(Object.entries(doc.people.teamLeads)),
      supportVp: doc.people.supportVp ?? null,
      executiveRule: rule
        ? {
            agentTier: rule.agentTier,
            notifyWithinMs: ms(rule.notifyWithin),
            followUpWithinMs: ms(rule.followUpWithin),
          }
        : null,
      routes,
    },
  }
}
