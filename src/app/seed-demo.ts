/**
 * @module Load demo accounts and tickets into an empty database, through the same validation and use
 * cases as the API, so the demo's decisions are real decisions.
 *
 * Runs once: it refuses to touch a database that already holds accounts or tickets, so a real
 * deployment started with `--seed-demo` by mistake keeps its data unmixed. The caller runs it in one
 * transaction, so an interrupted seed leaves nothing behind.
 */
import { describeIssues, type FieldIssue, UserError } from '../core/errors.js'
import { validate } from '../core/field-issues.js'
import type { Severity } from '../core/tickets/severity.js'
import { addAccountNote } from './account-notes.js'
import { recordAccountActivity } from './account-profile.js'
import type { AppDeps } from './deps.js'
import { ingestTicket } from './ingest-ticket.js'
import {
  type ActivityBody,
  accountBody,
  accountExternalId,
  accountFields,
  activityBody,
  noteBody,
  ticketBody,
  ticketEventBody,
} from './input-schemas.js'
import { recordEvent } from './record-event.js'
import { upsertAccount } from './upsert-account.js'

export interface DemoData {
  readonly accounts: readonly ({ readonly externalId: string } & object)[]
  readonly tickets: readonly object[]
  /** Usage and billing per account: bodies of POST /v1/accounts/{id}/activity. */
  readonly activity?: readonly ({ readonly externalId: string } & object)[]
  /**
   * What happened to a ticket after it arrived, given the deadlines triage set: bodies of
   * POST /v1/tickets/{id}/events, in order, none after `now`.
   */
  readonly history?: (ticket: DemoTicketFacts, now: Date) => readonly object[]
  /** CSM notes: bodies of POST /v1/accounts/{id}/notes, with the account and when each was written. */
  readonly notes?: readonly ({ readonly externalId: string; readonly writtenAt: string } & object)[]
}

export interface DemoTicketFacts {
  readonly externalId: string
  readonly createdAt: string
  readonly sla: { readonly firstResponseDueAt: string; readonly resolutionDueAt: string }
  readonly severity: Severity
  /** The periodic-update target when triage gave the ticket one, else null. */
  readonly periodicUpdateMs: number | null
}

export type SeedOutcome =
  | { readonly seeded: true; readonly accounts: number; readonly tickets: number; readonly events: number }
  | { readonly seeded: false; readonly why: string }

const SEEDED_KEY = 'demo.seeded'
/** A week's usage is assessed the morning after it was observed, as the nightly assessment would. */
const ASSESSED_AFTER_MS = 30 * 3_600_000

function invalid(what: string, issues: readonly FieldIssue[]): never {
  throw new UserError(
    'PATRON_E_VALIDATION',
    `demo ${what} does not validate: ${describeIssues(issues)}`,
    issues,
  )
}

export async function seedDemo(deps: AppDeps, demo: DemoData): Promise<SeedOutcome> {
  if (await deps.store.meta.get(SEEDED_KEY)) return { seeded: false, why: 'demo data was loaded before' }
  if ((await deps.store.accounts.count()) > 0 || (await deps.store.tickets.count()) > 0) {
    return { seeded: false, why: 'the database already holds accounts or tickets' }
  }
  // Usage history is loaded as it happened, a week at a time, each week assessed as of its day, before
  // any ticket exists (the demo's tickets are all newer): the health history then has a line to draw.
  // The newest observation and the billing events arrive last, at `now`, with the tickets in place.
  const activity = new Map<string, ActivityBody>()
  for (const raw of demo.activity ?? []) {
    const { externalId, ...body } = raw
    const parsed = validate(activityBody, body)
    if (!parsed.ok) invalid(`activity of ${externalId}`, parsed.issues)
    const metrics = [...parsed.value.metrics].sort((a, b) => a.observedOn.localeCompare(b.observedOn))
    activity.set(externalId, { ...parsed.value, metrics })
  }
  // Never later than now: an observation from yesterday is assessed with the tickets, not tomorrow.
  const assessedOn = (observedOn: string) =>
    new Date(Math.min(Date.parse(`${observedOn}T00:00:00Z`) + ASSESSED_AFTER_MS, deps.now().getTime()))
  for (const raw of demo.accounts) {
    const { externalId, ...body } = raw
    const id = validate(accountExternalId, externalId, ['externalId'])
    if (!id.ok) invalid(`account ${String(externalId)}`, id.issues)
    const parsed = validate(accountBody, body)
    if (!parsed.ok) invalid(`account ${externalId}`, parsed.issues)
    const history = activity.get(externalId)?.metrics.slice(0, -1) ?? []
    const first = history[0]
    const since = first ? new Date(assessedOn(first.observedOn).getTime() - 3_600_000) : deps.now()
    await upsertAccount({ ...deps, now: () => since }, accountFields(externalId, parsed.value))
    for (const observation of history) {
      const at = assessedOn(observation.observedOn)
      await recordAccountActivity({ ...deps, now: () => at }, externalId, {
        metrics: [observation],
        billingEvents: [],
      })
    }
  }
  let events = 0
  for (const raw of demo.tickets) {
    const parsed = validate(ticketBody, raw)
    if (!parsed.ok) invalid('ticket', parsed.issues)
    const { ticket } = await ingestTicket(deps, parsed.value)
    const clocks = await deps.store.clocks.forTicket(ticket.id)
    const facts: DemoTicketFacts = {
      externalId: ticket.externalId,
      createdAt: ticket.createdAt,
      sla: ticket.decision.sla,
      severity: ticket.decision.severity.effective,
      periodicUpdateMs: clocks.find((c) => c.metric === 'periodic_update')?.targetMs ?? null,
    }
    for (const rawEvent of demo.history?.(facts, deps.now()) ?? []) {
      const event = validate(ticketEventBody, rawEvent)
      if (!event.ok) invalid(`event on ticket ${ticket.externalId}`, event.issues)
      await recordEvent(deps, ticket.id, event.value)
      events++
    }
  }
  for (const [externalId, body] of activity) {
    await recordAccountActivity(deps, externalId, {
      metrics: body.metrics.slice(-1),
      billingEvents: body.billingEvents,
    })
  }
  for (const raw of demo.notes ?? []) {
    const { externalId, writtenAt, ...body } = raw
    const parsed = validate(noteBody, body)
    if (!parsed.ok) invalid(`note on ${externalId}`, parsed.issues)
    const at = new Date(writtenAt)
    if (!(at.getTime() <= deps.now().getTime())) {
      invalid(`note on ${externalId}`, [
        { field: 'writtenAt', reason: `must be an ISO-8601 date-time no later than now, not ${writtenAt}` },
      ])
    }
    await addAccountNote({ ...deps, now: () => at }, externalId, parsed.value)
  }
  await deps.store.meta.set(SEEDED_KEY, {
    at: deps.now().toISOString(),
    accounts: demo.accounts.length,
    tickets: demo.tickets.length,
  })
  return { seeded: true, accounts: demo.accounts.length, tickets: demo.tickets.length, events }
}
