/**
 * @module The store port: what the use cases ask of persistence, in the domain's words.
 *
 * One small interface per aggregate. `transaction(fn)` hands `fn` a store whose every call runs in
 * that one transaction, which is how a ticket, its decision and its outbox rows commit together.
 */
import type { Account } from '../core/accounts/account.js'
import type { TicketInput, TicketStatus, TriageDecision } from '../core/tickets/ticket.js'

export type AccountFields = Omit<Account, 'id'>

export interface StoredAccount extends Account {
  readonly createdAt: string
  readonly updatedAt: string
  /** Incremented by every change; lets a client detect that it read a stale copy. */
  readonly revision: number
}

export interface AccountsStore {
  /** Insert or replace by externalId; contacts and domains are replaced as a whole. */
  upsert(
    fields: AccountFields,
    at: Date,
    newId: () => string,
  ): Promise<{ account: StoredAccount; created: boolean }>
  getByExternalId(externalId: string): Promise<StoredAccount | null>
  /**
   * In one query: the accounts listing this address as a contact (usually none or one), and the
   * accounts claiming its domain. An account can be in both lists.
   */
  findCandidates(
    email: string,
    domain: string,
  ): Promise<{ byContact: StoredAccount[]; byDomain: StoredAccount[] }>
  list(options: { limit: number; after?: string }): Promise<StoredAccount[]>
  count(): Promise<number>
}

export interface StoredTicket extends TicketInput {
  readonly id: string
  readonly accountId: string | null
  readonly status: TicketStatus
  readonly receivedAt: string
  readonly decision: TriageDecision
}

export interface NewTicket {
  readonly id: string
  readonly input: TicketInput
  readonly accountId: string | null
  readonly decision: TriageDecision
  readonly receivedAt: string
}

/** Position of a ticket in the queue order; the cursor for the next page. */
export interface QueueCursor {
  readonly score: number
  readonly firstResponseDueAt: string
  readonly createdAt: string
  readonly id: string
}

export interface TicketsStore {
  /**
   * Inserts the ticket and its outbox entries atomically, unless (source, externalId) exists: then
   * nothing is written and the stored ticket comes back with `created: false`.
   */
  insert(
    ticket: NewTicket,
    outbox?: readonly OutboxEntry[],
  ): Promise<{ ticket: StoredTicket; created: boolean }>
  get(id: string): Promise<StoredTicket | null>
  getByExternalId(source: string, externalId: string): Promise<StoredTicket | null>
  /** Open tickets, most urgent first: score desc, first-response due asc, created asc, id. */
  queue(options: { queue?: string; limit: number; after?: QueueCursor }): Promise<StoredTicket[]>
  count(): Promise<number>
}

export interface OutboxEntry {
  readonly topic: string
  /** Receivers deduplicate on this; re-adding the same key is a no-op. */
  readonly dedupKey: string
  readonly ticketId: string | null
  readonly payload: Readonly<Record<string, unknown>>
}

export interface StoredOutboxEntry extends OutboxEntry {
  readonly id: number
  readonly state: 'pending' | 'delivered' | 'dead'
  readonly attempts: number
  readonly createdAt: string
}

export interface OutboxStore {
  /** Adds entries not tied to a new ticket (a ticket's own alerts are written by `tickets.insert`). */
  add(entries: readonly OutboxEntry[], at: Date): Promise<void>
  listForTicket(ticketId: string): Promise<StoredOutboxEntry[]>
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
  readonly tickets: TicketsStore
  readonly outbox: OutboxStore
  readonly policies: PolicyVersionsStore
  readonly meta: MetaStore
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>
}
