/**
 * @module Notes the account's CSM writes for support ("renewal negotiation under way — no discounts"):
 * add, list (pinned first, then newest), pin or unpin, delete. The handoff card shows them beside the
 * account, so the agent reads what the CSM knows before answering.
 *
 * Notes are untrusted text like ticket bodies: stored and returned as written, never rendered as markup.
 */
import { UserError } from '../core/errors.js'
import type { StoredAccountNote } from '../store/store.js'
import { findAccount } from './account-profile.js'
import type { AppDeps } from './deps.js'
import type { NoteBody } from './input-schemas.js'

export interface NoteList {
  readonly notes: readonly StoredAccountNote[]
  /** Every note of the account, however many `notes` holds. */
  readonly total: number
}

const noNote = (externalId: string, noteId: string) =>
  new UserError('PATRON_E_NOT_FOUND', `No note ${noteId} on account ${externalId}`)

export async function addAccountNote(
  deps: AppDeps,
  externalId: string,
  input: NoteBody,
): Promise<StoredAccountNote> {
  const account = await findAccount(deps, externalId)
  const note = await deps.store.notes.add(
    {
      id: deps.newId(),
      accountId: account.id,
      author: { name: input.author.name, email: input.author.email ?? null },
      body: input.body,
      pinned: input.pinned,
    },
    deps.now(),
  )
  // No author, no text: notes are personal data.
  deps.log.info({ accountId: account.id, noteId: note.id }, 'account note added')
  return note
}

export async function listAccountNotes(deps: AppDeps, externalId: string, limit: number): Promise<NoteList> {
  const account = await findAccount(deps, externalId)
  return deps.store.notes.list(account.id, limit)
}

export async function getAccountNote(
  deps: AppDeps,
  externalId: string,
  noteId: string,
): Promise<StoredAccountNote> {
  const account = await findAccount(deps, externalId)
  const note = await deps.store.notes.get(account.id, noteId)
  if (!note) throw noNote(externalId, noteId)
  return note
}

export async function pinAccountNote(
  deps: AppDeps,
  externalId: string,
  noteId: string,
  pinned: boolean,
): Promise<StoredAccountNote> {
  const account = await findAccount(deps, externalId)
  const note = await deps.store.notes.setPinned(account.id, noteId, pinned, deps.now())
  if (!note) throw noNote(externalId, noteId)
  return note
}

export async function deleteAccountNote(deps: AppDeps, externalId: string, noteId: string): Promise<void> {
  const account = await findAccount(deps, externalId)
  if (!(await deps.store.notes.remove(account.id, noteId))) throw noNote(externalId, noteId)
  deps.log.info({ accountId: account.id, noteId }, 'account note deleted')
}
