/**
 * @module Freshdesk automation webhooks → Patron ticket events, and the check that a delivery carries
 * Patron's shared secret.
 *
 * Freshdesk has no fixed webhook format: an automation rule's "Trigger webhook" action posts a body the
 * admin writes from placeholders, and authenticates it as the rule says (username and password, API
 * key, or custom headers). Followed: Freshdesk's "Using webhooks in automation rules"
 * (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules),
 * its placeholder list ("Understanding dynamic content and placeholders"), and, for what
 * `{{triggered_event}}` renders, the fixtures of Zulip's Freshdesk integration
 * (zulip/zulip zerver/webhooks/freshdesk): `{status:{from:4,to:6}}`, `{note_type:public}`,
 * `{ticket_action:created}`, and `{responder_id:{from:150006383528,to:150014937111}}` for a reassignment.
 * It is not JSON (keys are unquoted), so it is parsed here.
 *
 * Set up three rules under Admin → Automations → "Ticket updates" (each: Trigger webhook, POST to
 * Patron's Freshdesk URL, Encoding JSON, Content "Advanced"), authenticated by either
 * "Requires authentication" with any username and the secret as password (or the secret as API key),
 * or a custom header `x-patron-webhook-secret: <secret>`:
 * 1. performed by Agent, on "Reply is sent" or "Note is added", with `"actor": "agent"`;
 * 2. performed by Requester, on "Reply is sent", with `"actor": "requester"`;
 * 3. performed by anyone, on "Status is changed" or "Agent is updated", without `actor`.
 *
 * ```json
 * {
 *   "freshdesk_webhook": {
 *     "ticket_id": "{{ticket.id}}",
 *     "ticket_status": "{{ticket.status}}",
 *     "triggered_event": "{{triggered_event}}",
 *     "actor": "agent",
 *     "agent_name": "{{ticket.agent.name}}"
 *   }
 * }
 * ```
 *
 * Optional fields: `event_id` (unique per event) and `occurred_at` (ISO-8601 with a zone). We found no
 * placeholder that renders either, so by default the time is the receipt time the route passes in, and
 * the id is derived from ticket, triggered event, actor and time. A retry that arrives later therefore
 * counts as a new event; rules that can send both fields avoid that.
 *
 * Assumed: `{{ticket.status}}` renders the status name ("Waiting on Customer"); the numeric `to` of
 * `{status:{from:…,to:…}}` is the status id, 2–5 being Open, Pending, Resolved, Closed in every account
 * and higher ids custom (so only known names place them); the `to` of `{responder_id:…}` is the new
 * agent's id, empty or `null` when unassigned; a public note counts as an agent's reply (Freshdesk
 * counts public notes as responses), a private note as an internal note.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { validate } from '../../core/field-issues.js'
import type { TicketStatus } from '../../core/tickets/ticket.js'
import type { TicketEvent } from '../../core/tickets/ticket-event.js'
import {
  type HelpdeskMapping,
  invalid,
  requiredOr,
  statusEvent,
  ticketEvents,
  vendorInstant,
} from './helpdesk-event.js'
import { headerValue, refuse, sameSecret, type WebhookAuth, type WebhookHeaders } from './webhook-auth.js'

export const FRESHDESK_SECRET_HEADER = 'x-patron-webhook-secret'

/**
 * Accepts `x-patron-webhook-secret: <secret>`, or Basic auth carrying the secret as the password
 * (`anything:secret`) or as the username (`secret:X`, how Freshdesk sends an API key).
 */
export function verifyFreshdeskAuth(headers: WebhookHeaders, secret: string): WebhookAuth {
  // An empty secret would accept `Basic base64(":")`: a configuration mistake, not a pass.
  if (secret === '') return refuse('no Freshdesk webhook secret is configured')
  const custom = headerValue(headers, FRESHDESK_SECRET_HEADER)
  const authorization = headerValue(headers, 'authorization')
  if (custom === 'repeated' || authorization === 'repeated') return refuse('credentials sent more than once')
  if (custom !== undefined) {
    return sameSecret(custom.trim(), secret) ? { ok: true } : refuse(`${FRESHDESK_SECRET_HEADER} is wrong`)
  }
  if (authorization === undefined) {
    return refuse(`missing credentials: send Basic auth or the ${FRESHDESK_SECRET_HEADER} header`)
  }
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization)
  const decoded = basic?.[1] === undefined ? '' : Buffer.from(basic[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return refuse('authorization header is not Basic base64(user:password)')
  // Both halves are compared, always, so the time taken does not say which one matched.
  const asPassword = sameSecret(decoded.slice(colon + 1), secret)
  const asUser = sameSecret(decoded.slice(0, colon), secret)
  return asPassword || asUser ? { ok: true } : refuse('basic auth credentials are wrong')
}

/** Freshdesk's default status ids; custom statuses get ids from 6 up, which differ per account. */
const STATUS_IDS: Readonly<Record<string, TicketStatus>> = {
  2: 'open',
  3: 'pending',
  4: 'solved',
  5: 'closed',
}

/** Status names as agents see them; the two "Waiting on …" are Freshdesk's suggested custom statuses. */
const STATUS_NAMES: Readonly<Record<string, TicketStatus>> = {
  open: 'open',
  pending: 'pending',
  resolved: 'solved',
  closed: 'closed',
  'waiting on customer': 'pending',
  'waiting on third party': 'on_hold',
}

const payload = z.object({
  freshdesk_webhook: z.object({
    // Placeholders render as text; an admin who leaves the quotes off sends a number.
    ticket_id: z.union(
      [z.string().trim().regex(/^\d+$/, 'must be a Freshdesk ticket number'), z.int().positive()],
      { error: (issue) => requiredOr(issue, 'must be a Freshdesk ticket number') },
    ),
    triggered_event: z.string({ error: 'must be a string (the {{triggered_event}} placeholder)' }),
    ticket_status: z.string().optional(),
    actor: z.enum(['agent', 'requester'], { error: 'must be agent or requester' }).optional(),
    agent_name: z.string().optional(),
    event_id: z.string().trim().min(1, 'must not be empty').optional(),
    occurred_at: vendorInstant.optional(),
  }),
})

type Trigger =
  | { readonly key: string; readonly value: string }
  | { readonly key: string; readonly from: string; readonly to: string }

/** `{status:{from:2,to:3}}` or `{note_type:public}`, spaces ignored; `undefined` for anything else. */
function parseTrigger(text: string): Trigger | undefined {
  const compact = text.replace(/\s+/g, '')
  const change = /^\{(\w+):\{from:([^,{}]*),to:([^,{}]*)\}\}$/.exec(compact)
  if (change) return { key: change[1]!, from: change[2]!, to: change[3]! }
  const simple = /^\{(\w+):([^,{}:]*)\}$/.exec(compact)
  return simple ? { key: simple[1]!, value: simple[2]! } : undefined
}

const F = 'freshdesk_webhook'

/**
 * Maps one Freshdesk automation-webhook delivery (the parsed JSON body) onto Patron's ticket events.
 * `receivedAt` stands in for the event's time when the body has no `occurred_at`.
 */
export function mapFreshdeskWebhook(
  body: unknown,
  options: { readonly receivedAt?: Date } = {},
): HelpdeskMapping {
  const parsed = validate(payload, body)
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues }
  const hook = parsed.value.freshdesk_webhook
  const trigger = parseTrigger(hook.triggered_event)
  if (trigger === undefined) {
    return invalid(
      `${F}.triggered_event`,
      'must look like {status:{from:2,to:3}} (the {{triggered_event}} placeholder)',
    )
  }
  const at = hook.occurred_at ?? options.receivedAt?.toISOString()
  if (at === undefined)
    return invalid(`${F}.occurred_at`, 'is required when the time of receipt is not passed')
  // Same delivery → same id, so a retry of it is applied once (see the module comment for the limits).
  const eventId =
    hook.event_id ??
    `fd-${createHash('sha256')
      .update(JSON.stringify([String(hook.ticket_id), trigger, hook.actor ?? null, at]))
      .digest('hex')
      .slice(0, 32)}`

  const event = toEvent(trigger, hook, eventId, at)
  if ('kind' in event) return event
  return ticketEvents('freshdesk', hook.ticket_id, event)
}

function toEvent(
  trigger: Trigger,
  hook: z.output<typeof payload>['freshdesk_webhook'],
  eventId: string,
  at: string,
): TicketEvent | HelpdeskMapping {
  const field = `${F}.triggered_event`
  switch (trigger.key) {
    case 'status': {
      if (!('to' in trigger)) return invalid(field, 'a status change must look like {status:{from:2,to:3}}')
      const status = STATUS_IDS[trigger.to] ?? STATUS_NAMES[(hook.ticket_status ?? '').trim().toLowerCase()]
      if (status === undefined) {
        return invalid(
          `${F}.ticket_status`,
          `${JSON.stringify(hook.ticket_status ?? trigger.to)} is not a status Patron knows: use Open, Pending, ` +
            'Resolved, Closed, Waiting on Customer or Waiting on Third Party',
        )
      }
      return statusEvent(eventId, at, status)
    }
    case 'responder_id': {
      if (!('to' in trigger))
        return invalid(field, 'an assignment must look like {responder_id:{from:1,to:2}}')
      const unassigned = ['', 'null', 'nil', '0'].includes(trigger.to)
      const name = hook.agent_name?.trim() || null
      return { eventId, type: 'assignment', at, assignee: unassigned ? null : { id: trigger.to, name } }
    }
    case 'reply_sent':
    case 'note_type': {
      if (hook.actor === undefined)
        return invalid(`${F}.actor`, 'is required for replies and notes (agent or requester)')
      const note = 'value' in trigger && trigger.key === 'note_type' ? trigger.value : 'public'
      if (note !== 'public' && note !== 'private')
        return invalid(field, 'a note must be {note_type:public} or private')
      if (hook.actor === 'requester') return { eventId, type: 'customer_reply', at }
      return { eventId, type: 'agent_reply', at, public: note === 'public' }
    }
    case 'ticket_action':
      // New tickets come in through the tickets API (this payload has no requester or body).
      return {
        kind: 'ignored',
        reason: `ticket_action ${'value' in trigger ? trigger.value : ''} is not a lifecycle event; new tickets are ingested through the tickets API`,
      }
    default:
      return {
        kind: 'ignored',
        reason: `${trigger.key} changes are not ticket lifecycle events Patron tracks`,
      }
  }
}
