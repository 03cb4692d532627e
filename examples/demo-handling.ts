/**
 * @module What happened to the demo's tickets after they arrived: an agent took each one, answered it
 * (mostly in time, sometimes late), sometimes asked the customer something and waited, solved most of
 * the older ones, and some customers rated the help. Without this history every demo ticket would be
 * unanswered and overdue, and the SLA board would read 0 % met.
 *
 * A plan is written in shares of the ticket's own SLA windows ("answered at 40 % of the first-response
 * window", "solved at 110 % of the resolution window"), because only triage knows the deadlines: the
 * seeder turns a plan into timed events with the deadlines the stored ticket got (`handlingEvents`).
 * Events that would fall after `now` have not happened yet, so recent tickets are still waiting.
 */
import type { Rng } from './demo-random.js'

export type DemoTier = 'enterprise' | 'business' | 'growth' | 'starter'
export type DemoMood = 'neutral' | 'frustrated' | 'churnDirect' | 'churnIndirect' | 'outage' | 'thanks'

export interface DemoAgent {
  readonly id: string
  readonly name: string
}

export interface DemoHandling {
  readonly externalId: string
  readonly agent: DemoAgent
  /** When the first reply went out, as a share of the first-response window: below 1 met, above 1 late. */
  readonly firstReply: number
  /** The agent asked the customer something: the ticket waits (pending) until the customer answers. */
  readonly askedCustomer: { readonly answerAfterMinutes: number; readonly nextReplyMinutes: number } | null
  /** When it was solved, as a share of the resolution window; null: still being worked. */
  readonly solved: number | null
  /** The customer's rating (1–5) some minutes after the ticket was solved; null: no rating. */
  readonly csat: { readonly rating: number; readonly afterMinutes: number } | null
}

/** The stored ticket's facts a plan needs: when it arrived and the deadlines triage set. */
export interface HandledTicket {
  readonly createdAt: string
  readonly sla: { readonly firstResponseDueAt: string; readonly resolutionDueAt: string }
  /** The severity triage settled on. */
  readonly severity: 'P1' | 'P2' | 'P3' | 'P4'
  /** The periodic-update target when the ticket has one (urgent VIP tickets), else null. */
  readonly periodicUpdateMs: number | null
}

/** Updates go out at this share of the periodic-update interval, and at most this many per ticket. */
const UPDATE_SHARE = 0.7
const MAX_UPDATES = 12

/** The body of `POST /v1/tickets/{id}/events`. */
export interface DemoEvent {
  readonly eventId: string
  readonly type: 'assignment' | 'agent_reply' | 'customer_reply' | 'status_change' | 'satisfaction'
  readonly at: string
  readonly status?: 'pending' | 'solved'
  readonly assignee?: DemoAgent
  readonly rating?: number
}

const AGENTS: Readonly<Record<'en' | 'zh', readonly DemoAgent[]>> = {
  en: [
    { id: 'agent-sam', name: 'Sam Patel' },
    { id: 'agent-priya', name: 'Priya Raman' },
    { id: 'agent-noor', name: 'Noor Haddad' },
    { id: 'agent-diego', name: 'Diego Alvarez' },
    { id: 'agent-mia', name: 'Mia Lindqvist' },
  ],
  zh: [
    { id: 'agent-lin', name: '林晓' },
    { id: 'agent-wang', name: '王磊' },
  ],
}

/** Share of first replies in time, by tier: the senior queues are staffed to keep their promise. */
const FIRST_REPLY_MET: Readonly<Record<DemoTier, number>> = {
  enterprise: 0.94,
  business: 0.9,
  growth: 0.84,
  starter: 0.78,
}

/** Ratings 5..1, for a ticket handled in time and one handled late or from an unhappy customer. */
const CSAT_HAPPY: readonly (readonly [number, number])[] = [
  [5, 0.52],
  [4, 0.3],
  [3, 0.11],
  [2, 0.04],
  [1, 0.03],
]
const CSAT_UNHAPPY: readonly (readonly [number, number])[] = [
  [5, 0.15],
  [4, 0.25],
  [3, 0.25],
  [2, 0.2],
  [1, 0.15],
]

/** A share of a window: met shares lean early (most answers come well before the deadline). */
function share(rng: Rng, met: boolean): number {
  if (!met) return 1.05 + rng.float(0, 0.75)
  return 0.06 + 0.86 * rng.float(0, 1) ** 1.6
}

export function planHandling(
  rng: Rng,
  ticket: {
    readonly externalId: string
    readonly tier: DemoTier
    readonly mood: DemoMood
    readonly language: 'en' | 'zh'
  },
): DemoHandling {
  const firstMet = rng.chance(FIRST_REPLY_MET[ticket.tier])
  const askedCustomer =
    ticket.mood !== 'thanks' && rng.chance(0.35)
      ? { answerAfterMinutes: rng.int(20, 26 * 60), nextReplyMinutes: rng.int(4, 150) }
      : null
  // A thank-you is closed at once; most other tickets are solved in time, some late, some not yet.
  const solved = ticket.mood === 'thanks' ? 0.02 : rng.chance(0.88) ? share(rng, rng.chance(0.9)) : null
  const unhappy =
    !firstMet ||
    ticket.mood === 'frustrated' ||
    ticket.mood === 'churnDirect' ||
    ticket.mood === 'churnIndirect'
  const csat =
    solved !== null && rng.chance(0.6)
      ? { rating: rng.weighted(unhappy ? CSAT_UNHAPPY : CSAT_HAPPY), afterMinutes: rng.int(30, 20 * 60) }
      : null
  return {
    externalId: ticket.externalId,
    agent: rng.pick(AGENTS[ticket.language]),
    firstReply: ticket.mood === 'thanks' ? 0.02 : share(rng, firstMet),
    askedCustomer,
    solved,
    csat,
  }
}

const MINUTE_MS = 60_000

/**
 * The plan as timed events, in the order they happened, stopping at the first one after `nowMs`: what
 * has not happened yet is left for the live demo (the ticket stays in the queue with its clock running).
 */
export function handlingEvents(plan: DemoHandling, ticket: HandledTicket, nowMs: number): DemoEvent[] {
  const created = Date.parse(ticket.createdAt)
  const within = (due: string, s: number) => created + Math.round(s * (Date.parse(due) - created))
  const events: DemoEvent[] = []
  let last = created
  const add = (at: number, event: Omit<DemoEvent, 'eventId' | 'at'>): boolean => {
    // One minute apart at least: events apply in order, and a reply needs time to be written.
    const when = Math.round(Math.max(at, last + MINUTE_MS) / 1000) * 1000
    if (when > nowMs) return false
    last = when
    events.push({ eventId: `demo-${events.length + 1}`, at: new Date(when).toISOString(), ...event })
    return true
  }
  const firstReplyAt = within(ticket.sla.firstResponseDueAt, plan.firstReply)
  if (
    !add(created + Math.min(5 * MINUTE_MS, (firstReplyAt - created) / 4), {
      type: 'assignment',
      assignee: plan.agent,
    })
  )
    return events
  if (!add(firstReplyAt, { type: 'agent_reply' })) return events
  const asked = plan.askedCustomer
  if (asked) {
    if (!add(last, { type: 'status_change', status: 'pending' })) return events
    if (!add(last + asked.answerAfterMinutes * MINUTE_MS, { type: 'customer_reply' })) return events
    if (!add(last + asked.nextReplyMinutes * MINUTE_MS, { type: 'agent_reply' })) return events
  }
  // Urgent tickets are not left open for days, and one promised periodic updates gets them.
  const updates = ticket.periodicUpdateMs
  const solved = plan.solved ?? (ticket.severity === 'P1' || ticket.severity === 'P2' ? 0.9 : null)
  const solveAt = solved === null ? null : within(ticket.sla.resolutionDueAt, solved)
  if (updates) {
    const until = Math.min(solveAt ?? Number.POSITIVE_INFINITY, nowMs)
    for (let n = 0; n < MAX_UPDATES && last + UPDATE_SHARE * updates < until; n++) {
      if (!add(last + UPDATE_SHARE * updates, { type: 'agent_reply' })) return events
    }
  }
  if (solveAt === null) return events
  if (!add(solveAt, { type: 'status_change', status: 'solved' })) return events
  if (plan.csat)
    add(last + plan.csat.afterMinutes * MINUTE_MS, { type: 'satisfaction', rating: plan.csat.rating })
  return events
}
