/**
 * @module The store port: what the use cases ask of persistence, in the domain's words.
 *
 * One small interface per aggregate. `transaction(fn)` hands `fn` a store whose every call runs in
 * that one transaction, which is how a ticket event, the clocks it moves, their ledger, the
 * notifications and the timers that follow commit together.
 */
import type { Account } from '../core/accounts/account.js'
import type { AccountActivity, BillingEvent, MetricsSnapshot, TicketFact } from '../core/accounts/activity.js'
import type { AccountAssessment } from '../core/accounts/assess-account.js'
import type { RiskBucket } from '../core/accounts/churn-risk.js'
import type { HeldTier, TierChange } from '../core/accounts/tier-lifecycle.js'
import type { Notification } from '../core/notification.js'
import type { ClockState, LedgerEntry } from '../core/sla/clock.js'
import type { SlaAttainmentCount, SlaClockAtRisk } from '../core/sla/sla-board.js'
import type { TicketInput, TicketStatus, TriageDecision } from '../core/tickets/ticket.js'
import type { Assignee, TicketEvent } from '../core/tickets/ticket-event.js'

export type AccountFields = Omit<Account, 'id' | 'heldTier'>

export interface StoredAccount extends Account {
  readonly createdAt: string
  readonly updatedAt: string
  /** Incremented by every change; lets a client detect that it read a stale copy. */
  readonly revision: number
  readonly heldTier: HeldTier | null
  /** The latest assessment (health, risk, tier target) with its factors; null until first assessed. */
  readonly assessment: AccountAssessment | null
}

export interface StoredTierChange extends TierChange {
  readonly id: number
}

export interface AccountListOptions {
  readonly limit: number
  readonly after?: string
  /** Only accounts held in these tiers. */
  readonly tiers?: readonly string[]
  readonly riskBucket?: RiskBucket
}

/** What an account's activity feeds: usage and billing observations, billing events, ticket facts. */
export interface AccountActivityStore {
  /** Adds or replaces observations by (account, day). */
  addMetrics(accountId: string, snapshots: readonly MetricsSnapshot[]): Promise<void>
  addMetricsMany(rows: readonly { accountId: string; snapshot: MetricsSnapshot }[]): Promise<void>
  /** Adds billing events; one whose id is known is left as it is. Returns how many were new. */
  addBillingEvents(accountId: string, events: readonly BillingEvent[]): Promise<number>
  /** Everything assessment reads, since `since`: metrics, billing, tickets (newest first) and health history. */
  load(accountId: string, since: Date): Promise<AccountActivity>
  /**
   * What `load` returns, for many accounts in a few set-based queries (the nightly recompute). Every id
   * asked for has an entry; one with no activity (or no account) has empty lists.
   */
  loadMany(accountIds: readonly string[], since: Date): Promise<Map<string, AccountActivity>>
  /** The account's latest tickets as the account side sees them, newest first. */
  tickets(accountId: string, limit: number): Promise<TicketFact[]>
  healthHistory(
    accountId: string,
    limit: number,
  ): Promise<{ at: string; score: number; riskScore: number; riskBucket: string | null }[]>
  /** Open tickets of the account that breached an SLA or were escalated. */
  openEscalations(accountId: string): Promise<number>
}

/** One account's assessment for `saveAssessments`. */
export interface AssessmentWrite {
  readonly accountId: string
  readonly assessment: AccountAssessment
  /** The account as the assessment read it: written only if it is unchanged since (optimistic check). */
  readonly readAs?: { readonly revision: number; readonly assessedAt: string | null }
}

export interface AccountsStore {
  /** Insert or replace by externalId; contacts and domains are replaced as a whole. */
  upsert(
    fields: AccountFields,
    at: Date,
    newId: () => string,
  ): Promise<{ account: StoredAccount; created: boolean }>
  getByExternalId(externalId: string): Promise<StoredAccount | null>
  getById(id: string): Promise<StoredAccount | null>
  /**
   * In one query: the accounts listing this address as a contact (usually none or one), and the
   * accounts claiming its domain. An account can be in both lists.
   */
  findCandidates(
    email: string,
    domain: string,
  ): Promise<{ byContact: StoredAccount[]; byDomain: StoredAccount[] }>
  list(options: AccountListOptions): Promise<StoredAccount[]>
  count(): Promise<number>
  /**
   * Insert or update many accounts by externalId in a few statements (the CSV import). Domains are
   * replaced when a row lists some; contacts are left as they are.
   */
  upsertMany(
    fields: readonly AccountFields[],
    at: Date,
    newId: () => string,
  ): Promise<{ id: string; externalId: string; created: boolean }[]>
  /** Records an assessment on the account and in its health history. */
  saveAssessment(accountId: string, assessment: AccountAssessment): Promise<void>
  /**
   * `saveAssessment` for many accounts in one statement. An entry with `readAs` is written only if the
   * account is still as it was read (same revision, same latest assessment); returns the ids written.
   */
  saveAssessments(list: readonly AssessmentWrite[]): Promise<Set<string>>
  /** Sets the tier the account is held in and logs the changes that led there. */
  holdTier(accountId: string, held: HeldTier, changes: readonly TierChange[]): Promise<void>
  tierChanges(accountId: string): Promise<StoredTierChange[]>
  /** Locks the account row until the transaction ends (call inside `transaction`). */
  lock(accountId: string): Promise<StoredAccount | null>
}

/** Points added to a ticket's priority after triage, each with its reason. */
export interface PriorityAdjustment {
  readonly at: string
  readonly points: number
  readonly rule: string
  readonly text: string
}

export interface StoredTicket extends TicketInput {
  readonly id: string
  readonly accountId: string | null
  readonly status: TicketStatus
  readonly receivedAt: string
  readonly decision: TriageDecision
  readonly lastEventAt: string | null
  readonly assignee: Assignee | null
  readonly priorityAdjustments: readonly PriorityAdjustment[]
  /** Triage's score plus the adjustments. */
  readonly priorityScore: number
}

/** Everything a new ticket starts with, written in one statement with the ticket. */
export interface NewTicket {
  readonly id: string
  readonly input: TicketInput
  readonly accountId: string | null
  readonly decision: TriageDecision
  readonly receivedAt: string
  readonly clocks?: readonly ClockState[]
  readonly ledger?: readonly LedgerEntry[]
  readonly outbox?: readonly OutboxEntry[]
  readonly jobs?: readonly NewJob[]
  readonly tasks?: readonly NewTask[]
}

/** Position of a ticket in the queue order; the cursor for the next page. */
export interface QueueCursor {
  readonly score: number
  readonly firstResponseDueAt: string
  readonly createdAt: string
  readonly id: string
}

export interface TicketChanges {
  readonly status?: TicketStatus
  readonly lastEventAt?: string
  readonly assignee?: Assignee | null
  readonly addAdjustments?: readonly PriorityAdjustment[]
  /** Customer satisfaction, 1–5. */
  readonly csat?: number
  /** When it was solved; null when reopened. */
  readonly resolvedAt?: string | null
}

export interface TicketsStore {
  /**
   * Inserts the ticket with its clocks, ledger, outbox entries, jobs and tasks atomically, unless
   * (source, externalId) exists: then nothing is written and the stored ticket comes back with
   * `created: false`.
   */
  insert(ticket: NewTicket): Promise<{ ticket: StoredTicket; created: boolean }>
  get(id: string): Promise<StoredTicket | null>
  /** The ticket, locked until the transaction ends (call inside `transaction`). */
  lock(id: string): Promise<StoredTicket | null>
  getByExternalId(source: string, externalId: string): Promise<StoredTicket | null>
  update(id: string, changes: TicketChanges): Promise<void>
  /** Open tickets, most urgent first: score desc, first-response due asc, created asc, id. */
  queue(options: { queue?: string; limit: number; after?: QueueCursor }): Promise<StoredTicket[]>
  count(): Promise<number>
}

export interface ClocksStore {
  forTicket(ticketId: string): Promise<ClockState[]>
  /** The clocks of each of these tickets (a page of the queue), by ticket id; tickets without clocks are absent. */
  forTickets(ticketIds: readonly string[]): Promise<Map<string, ClockState[]>>
  save(ticketId: string, clocks: readonly ClockState[]): Promise<void>
  appendLedger(ticketId: string, entries: readonly LedgerEntry[]): Promise<void>
  ledger(ticketId: string): Promise<LedgerEntry[]>
}

export interface StoredEvent {
  readonly event: TicketEvent
  readonly receivedAt: string
}

export interface EventsStore {
  /** Records the event unless its id was seen on this ticket; returns false for a repeat. */
  record(ticketId: string, event: TicketEvent, receivedAt: Date): Promise<boolean>
  get(ticketId: string, eventId: string): Promise<StoredEvent | null>
}

/** A message to one recipient on one channel. */
export interface OutboxEntry {
  readonly notification: Notification
  readonly channel: 'email' | 'webhook' | 'slack'
  /** An email address, or the name of the configured endpoint for webhook and Slack. */
  readonly target: string
  readonly ticketId: string | null
  /** The latest acceptable delivery (the executive rule's five minutes), if any. */
  readonly deliverBy?: string | null
}

export const OUTBOX_STATES = ['pending', 'sending', 'delivered', 'dead'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export interface StoredOutboxEntry extends OutboxEntry {
  readonly id: number
  readonly state: OutboxState
  readonly attempts: number
  readonly createdAt: string
  readonly availableAt: string
  readonly deliveredAt: string | null
  readonly lastError: string | null
  readonly response: string | null
}

export interface OutboxStore {
  /** Adds entries; an entry whose (message, channel, target) exists already is a no-op. */
  add(entries: readonly OutboxEntry[], at: Date): Promise<void>
  listForTicket(ticketId: string): Promise<StoredOutboxEntry[]>
  list(options: { state?: OutboxState; limit: number; afterId?: number }): Promise<StoredOutboxEntry[]>
  get(id: number): Promise<StoredOutboxEntry | null>
  /** Up to `limit` entries due at `now`, marked sending by `worker`. */
  claim(options: { limit: number; worker: string; now: Date }): Promise<StoredOutboxEntry[]>
  markDelivered(id: number, worker: string, response: string, at: Date): Promise<void>
  /** A failed attempt: back to pending at `retryAt`, or dead when `retryAt` is null. */
  markFailed(id: number, worker: string, error: string, retryAt: Date | null): Promise<void>
  /** Sending entries whose worker has been silent since `lockedBefore` go back to pending. */
  recoverStale(lockedBefore: Date): Promise<number>
  /** A dead entry back to pending, now. Returns false if it was not dead. */
  revive(id: number, at: Date): Promise<boolean>
  counts(): Promise<Record<OutboxState, number>>
}

export interface NewJob {
  readonly kind: string
  /** One job per key: scheduling a key again moves the existing job. */
  readonly key: string
  readonly payload: Readonly<Record<string, unknown>>
  readonly runAt: string
}

export interface ClaimedJob extends NewJob {
  readonly id: number
  readonly attempts: number
  readonly maxAttempts: number
}

export interface JobsStore {
  /** Creates or reschedules jobs by key (a rescheduled job is queued again with its attempts reset). */
  schedule(jobs: readonly NewJob[], at: Date): Promise<void>
  /**
   * Creates jobs whose key is free. A queued or running job with the key is left as it is (a start-up
   * must neither postpone a run that is due nor start a second copy of one that runs); a dead one is
   * queued again at the given time.
   */
  scheduleIfAbsent(jobs: readonly NewJob[], at: Date): Promise<void>
  /** Removes queued jobs by key (a running one finishes and decides for itself). */
  cancel(keys: readonly string[]): Promise<void>
  claim(options: {
    limit: number
    worker: string
    now: Date
    kinds?: readonly string[]
  }): Promise<ClaimedJob[]>
  /** Done: removed, unless rescheduled while they ran (one statement for the whole batch). */
  complete(ids: readonly number[], worker: string): Promise<void>
  /** A failed run: queued again at `retryAt`, or dead when `retryAt` is null. */
  fail(id: number, worker: string, error: string, retryAt: Date | null): Promise<void>
  recoverStale(lockedBefore: Date): Promise<number>
  counts(): Promise<{ queued: number; active: number; dead: number }>
  dead(limit: number): Promise<(ClaimedJob & { lastError: string | null })[]>
}

export interface NewTask {
  readonly id: string
  readonly ticketId: string
  readonly kind: string
  readonly title: string
  readonly owner: { readonly name: string; readonly email: string } | null
  readonly dueAt: string
  readonly reason: string
}

export interface StoredTask extends NewTask {
  readonly state: 'open' | 'done'
  readonly createdAt: string
  readonly doneAt: string | null
}

export interface TasksStore {
  get(id: string): Promise<StoredTask | null>
  forTicket(ticketId: string): Promise<StoredTask[]>
  /** Marks done; returns false if it was done already. */
  complete(id: string, at: Date): Promise<boolean>
}

/** Who wrote a note: a name always, an email when the author gave one. */
export interface NoteAuthor {
  readonly name: string
  readonly email: string | null
}

export interface NewAccountNote {
  readonly id: string
  readonly accountId: string
  readonly author: NoteAuthor
  /** Plain text as the author wrote it; shown as text, never as markup. */
  readonly body: string
  readonly pinned: boolean
}

export interface StoredAccountNote extends NewAccountNote {
  readonly createdAt: string
  /** When it was last pinned or unpinned (its creation until then). */
  readonly updatedAt: string
}

/**
 * Notes the account's CSM writes for support. Every call names the account: a note id under another
 * account is not found.
 */
export interface AccountNotesStore {
  add(note: NewAccountNote, at: Date): Promise<StoredAccountNote>
  get(accountId: string, noteId: string): Promise<StoredAccountNote | null>
  /** Up to `limit` (at least 1) notes, pinned first, then newest (then id); `total` counts them all. */
  list(accountId: string, limit: number): Promise<{ notes: StoredAccountNote[]; total: number }>
  /** Pins or unpins; null when the account has no such note. */
  setPinned(accountId: string, noteId: string, pinned: boolean, at: Date): Promise<StoredAccountNote | null>
  /** Deletes the note; false when the account has no such note. */
  remove(accountId: string, noteId: string): Promise<boolean>
}

/** What the managers' SLA board reads. Read-only; every instant is passed in. */
export interface SlaReportStore {
  /** Clock cycles started in [from, now], counted by ticket tier and metric, by how they ended at `now`. */
  attainment(options: { from: Date; now: Date }): Promise<SlaAttainmentCount[]>
  /**
   * Live clocks of unresolved tickets breached at `now` (breach recorded, or running past due), most
   * overdue first, and those in their warning window (warned, or past `warnAt` and not yet due), the
   * soonest due first. Each list up to `limit`, with its full count.
   */
  atRisk(options: { now: Date; limit: number }): Promise<{
    breached: { count: number; items: SlaClockAtRisk[] }
    warning: { count: number; items: SlaClockAtRisk[] }
  }>
  /**
   * Unresolved tickets by the escalation level in force: the highest level reached by the ticket's
   * running or paused clocks (a met or stopped clock escalates no further). Levels with no ticket are
   * left out.
   */
  escalationLevels(): Promise<{ level: number; tickets: number }[]>
  /**
   * Unresolved tickets (created, not yet solved or closed) at each whole UTC hour, the last at or
   * before `now`, `hours` points, oldest first. A ticket counts from `created_at` until `resolved_at`;
   * a reopened one has no `resolved_at`, so it counts as open since its creation.
   */
  queueDepth(options: { now: Date; hours: number }): Promise<{ at: string; open: number }[]>
}

export interface PolicyVersionsStore {
  /** Records a policy version the first time it is seen. */
  record(
    version: { version: string; name: string; origin: string; document: string },
    at: Date,
  ): Promise<void>
  get(
    version: string,
  ): Promise<{ version: string; name: string; origin: string; document: string; firstSeen: string } | null>
}

export interface MetaStore {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<void>
}

export interface Store {
  readonly accounts: AccountsStore
  readonly activity: AccountActivityStore
  readonly notes: AccountNotesStore
  readonly tickets: TicketsStore
  readonly clocks: ClocksStore
  readonly events: EventsStore
  readonly outbox: OutboxStore
  readonly jobs: JobsStore
  readonly tasks: TasksStore
  readonly policies: PolicyVersionsStore
  readonly meta: MetaStore
  readonly slaReport: SlaReportStore
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>
}
