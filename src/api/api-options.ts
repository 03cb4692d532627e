/**
 * @module How the API is configured by its host process.
 */
import type { Db } from '../store/db.js'

export interface ApiOptions {
  /** When set, /v1 routes require `Authorization: Bearer <token>`. */
  readonly apiToken?: string | null
  /** Which database serves the API, reported by /healthz. */
  readonly database: Db['kind']
  /** Secrets the helpdesk connectors verify webhooks with; a connector without one refuses every call. */
  readonly connectors?: { readonly zendeskSecret: string | null; readonly freshdeskSecret: string | null }
}
