/**
 * @module The dashboard's only way to the server: the public /v1 API, with the bearer token when the
 * server asks for one, and problem+json errors turned into messages a person can read.
 */
import type { z } from 'zod'
import type { accountListView, accountProfileView, noteListView } from '../../src/api/account-schemas.js'
import type { vipReportView } from '../../src/api/report-schemas.js'
import type { eventResultView, policyView, queueView, ticketDetailsView } from '../../src/api/schemas.js'

export type Queue = z.output<typeof queueView>
export type QueueTicket = Queue['items'][number]
export type TicketDetails = z.output<typeof ticketDetailsView>
export type EventResult = z.output<typeof eventResultView>
export type AccountList = z.output<typeof accountListView>
export type AccountProfile = z.output<typeof accountProfileView>
export type NoteList = z.output<typeof noteListView>
export type Note = NoteList['items'][number]
export type PolicySource = z.output<typeof policyView>
export type VipReport = z.output<typeof vipReportView>

export interface FieldError {
  readonly field: string
  readonly reason: string
  readonly line?: number
}

/** A refused or failed request, with what the server said about it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly errors: readonly FieldError[],
  ) {
    super(detail ?? title)
  }
}

const TOKEN_KEY = 'patron.token'

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  const bearer = token.get()
  if (bearer) headers.authorization = `Bearer ${bearer}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, 'The server cannot be reached', 'Check that Patron is running, then try again.', [])
  }
  const text = await res.text()
  let json: unknown = null
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    // Not JSON (a proxy's error page): reported below by status.
  }
  // The shell asks for a token when the server wants one.
  if (res.status === 401) dispatchEvent(new CustomEvent('patron:api-status', { detail: 401 }))
  if (!res.ok) {
    const p = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] }
    throw new ApiError(res.status, p.title ?? `HTTP ${res.status}`, p.detail ?? null, p.errors ?? [])
  }
  return json as T
}
