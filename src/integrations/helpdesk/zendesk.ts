/**
 * @module Zendesk event-subscribed webhooks → Patron ticket events, and the check that a delivery came
 * from Zendesk.
 *
 * Followed:
 * - "Verifying webhook authenticity" (https://developer.zendesk.com/documentation/webhooks/verifying/):
 *   headers `X-Zendesk-Webhook-Signature` and `X-Zendesk-Webhook-Signature-Timestamp`; the signature is
 *   `base64(HMAC-SHA256(secret, TIMESTAMP + BODY))` over the raw body; the timestamp is ISO-8601
 *   (`2021-07-25T10:00:00Z`). The signing secret is used as given (UTF-8), as in Zendesk's Node example,
 *   though it looks like base64. An older copy of that page wrote `(BODY)(TIMESTAMP)` and its test vector
 *   matches that order; the current page and the integrations we checked use TIMESTAMP + BODY, as here.
 * - "Webhook event types" (https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/)
 *   for the envelope `{ type, account_id, id, time, zendesk_event_version, subject, detail, event }`, and
 *   "Ticket events" (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/) for
 *   `detail` (the ticket, ids as strings, statuses upper-case: `OPEN`) and each `event` object:
 *   `ticket.comment_added` → `event.comment { id, body, is_public, author { id, is_staff, name } }`,
 *   `ticket.status_changed` and `ticket.agent_assignment_changed` → `event { current, previous }`.
 *
 * Assumed: `event.comment.author.is_staff` is true exactly for agents and admins, so any other author
 * (the requester, a CC'd end user) is the customer; statuses compare case-insensitively (`OPEN` in the
 * reference, `Open` in some samples); an assignee of `null`, `""` or `"0"` (Zendesk's "none" in event
 * payloads) means unassigned; the assignee's name is not in the payload, so it is `null`. Only the fields
 * used are validated; unknown fields are ignored, because Zendesk adds fields without notice.
 */
import { createHmac } from 'node:crypto'
import { z } from 'zod'
import { validate } from '../../core/field-issues.js'
import type { TicketStatus } from '../../core/tickets/ticket.js'
import {
  type HelpdeskMapping,
  requiredOr,
  statusEvent,
  ticketEvents,
  vendorId,
  vendorInstant,
} from './helpdesk-event.js'
import { headerValue, refuse, sameSecret, type WebhookAuth, type WebhookHeaders } from './webhook-auth.js'

export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature'
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp'

/**
 * Checks that `rawBody` (the exact bytes received, before JSON parsing) was signed by Zendesk with
 * `secret` no more than `toleranceSeconds` away from `now`. The window bounds how long a captured
 * delivery can be replayed; within it, replays are caught by event id when the events are applied.
 */
export function verifyZendeskSignature(
  headers: WebhookHeaders,
  rawBody: string,
  secret: string,
  now: Date,
  toleranceSeconds = 300,
): WebhookAuth {
  // An empty key would make signatures anyone can compute: a configuration mistake, not a pass.
  if (secret === '') return refuse('no Zendesk signing secret is configured')
  const signature = headerValue(headers, ZENDESK_SIGNATURE_HEADER)
  const timestamp = headerValue(headers, ZENDESK_TIMESTAMP_HEADER)
  if (signature === undefined) return refuse(`missing ${ZENDESK_SIGNATURE_HEADER} header`)
  if (timestamp === undefined) return refuse(`missing ${ZENDESK_TIMESTAMP_HEADER} header`)
  if (signature === 'repeated' || timestamp === 'repeated')
    return refuse('signature headers sent more than once')

  // Authenticity first: a forged request learns nothing about the replay window.
  const expected = createHmac('sha256', secret)
    .update(timestamp + rawBody, 'utf8')
    .digest('base64')
  if (!sameSecret(signature.trim(), expected))
    return refuse('signature does not match the body and timestamp')

  const signedAt = vendorInstant.safeParse(timestamp.trim())
  if (!signedAt.success)
    return refuse(`${ZENDESK_TIMESTAMP_HEADER} is not an ISO-8601 date-time: ${timestamp}`)
  const skewSeconds = Math.abs(now.getTime() - Date.parse(signedAt.data)) / 1000
  if (skewSeconds > toleranceSeconds) {
    return refuse(
      `timestamp ${timestamp} is ${Math.round(skewSeconds)} s from now, outside the ${toleranceSeconds} s replay window`,
    )
  }
  return { ok: true }
}

/** Zendesk's ticket statuses (lower-cased). `deleted`, `archived`, `scrubbed` end a ticket's life elsewhere. */
const ZENDESK_STATUSES = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
  deleted: null,
  archived: null,
  scrubbed: null,
} as const satisfies Record<string, TicketStatus | null>

const statusSchema = z
  .string({ error: 'must be a ticket status' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(Object.keys(ZENDESK_STATUSES) as [keyof typeof ZENDESK_STATUSES], { error: statusError }))

function statusError(issue: { input?: unknown }): string {
  return `must be one of ${Object.keys(ZENDESK_STATUSES).join(', ')} (got ${JSON.stringify(issue.input)})`
}

/** What every ticket event shares: the delivery's own id and time, and the ticket in `detail`. */
const ticketEnvelope = z.object({
  id: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty'),
  time: vendorInstant,
  detail: z.object({ id: vendorId }),
})

const commentAdded = ticketEnvelope.extend({
  event: z.object({
    comment: z.object({
      is_public: z.boolean({ error: 'must be true or false' }),
      author: z.object({ is_staff: z.boolean({ error: 'must be true or false' }) }),
    }),
  }),
})

const statusChanged = ticketEnvelope.extend({ event: z.object({ current: statusSchema }) })

const assignmentChanged = ticketEnvelope.extend({
  // `current` must be present: a payload that lost it must not read as "unassigned".
  event: z.object({
    current: z.union([vendorId, z.literal(''), z.null()], {
      error: (issue) => requiredOr(issue, 'must be an id or null'),
    }),
  }),
})

const TYPE_PREFIX = 'zen:event-type:'

/** Maps one Zendesk event-webhook delivery (the parsed JSON body) onto Patron's ticket events. */
export function mapZendeskWebhook(body: unknown): HelpdeskMapping {
  const head = validate(
    z.object({ type: z.string({ error: 'must be a string' }) }, { error: 'must be a JSON object' }),
    body,
  )
  if (!head.ok) return { kind: 'invalid', issues: head.issues }
  const type = head.value.type
  switch (type) {
    case `${TYPE_PREFIX}ticket.comment_added`:
      return mapComment(body)
    case `${TYPE_PREFIX}ticket.status_changed`:
      return mapStatus(body)
    case `${TYPE_PREFIX}ticket.agent_assignment_changed`:
      return mapAssignment(body)
    case `${TYPE_PREFIX}ticket.created`:
      // The payload names the requester by id only; new tickets come in through the tickets API.
      return { kind: 'ignored', reason: `${type}: new tickets are ingested through the tickets API` }
    default:
      return { kind: 'ignored', reason: `${type} is not a ticket lifecycle event Patron tracks` }
  }
}

function mapComment(body: unknown): HelpdeskMapping {
  const parsed = validate(commentAdded, body)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const { id, time, detail, event } = parsed.value
  const { comment } = event
  return ticketEvents(
    'zendesk',
    detail.id,
    comment.author.is_staff
      ? { eventId: id, type: 'agent_reply', at: time, public: comment.is_public }
      : { eventId: id, type: 'customer_reply', at: time },
  )
}

function mapStatus(body: unknown): HelpdeskMapping {
  const parsed = validate(statusChanged, body)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const { id, time, detail, event } = parsed.value
  const status = ZENDESK_STATUSES[event.current]
  if (status === null) return { kind: 'ignored', reason: `status ${event.current} has no Patron counterpart` }
  return ticketEvents('zendesk', detail.id, statusEvent(id, time, status))
}

function mapAssignment(body: unknown): HelpdeskMapping {
  const parsed = validate(assignmentChanged, body)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const { id, time, detail, event } = parsed.value
  const unassigned = event.current === null || event.current === '' || String(event.current) === '0'
  return ticketEvents('zendesk', detail.id, {
    eventId: id,
    type: 'assignment',
    at: time,
    assignee: unassigned ? null : { id: String(event.current), name: null },
  })
}
