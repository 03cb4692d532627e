/**
 * @module The HTTP API's parameter and response shapes (zod). Request bodies are in app/input-schemas.ts.
 */
import { z } from 'zod'
import { accountExternalId } from '../app/input-schemas.js'
import { CONTACT_ROLES } from '../core/accounts/account.js'
import { SIGNAL_KINDS, TEXT_LANGUAGES } from '../core/signals/signal.js'
import { CLOCK_STATUSES, LEDGER_ACTIONS } from '../core/sla/clock.js'
import { SLA_METRICS } from '../core/sla/metric.js'
import { SEVERITIES } from '../core/tickets/severity.js'
import { CHANNELS, PRIORITY_LEVELS, TICKET_STATUSES } from '../core/tickets/ticket.js'
import { OUTBOX_STATES } from '../store/store.js'

export const ticketIdParams = z.strictObject({ id: z.string().min(1).max(100) })
export const accountIdParams = z.strictObject({ externalId: accountExternalId })

export const queueQuery = z.strictObject({
  queue: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1, 'must be 1–200').max(200, 'must be 1–200').default(50),
  cursor: z.string().max(500).optional(),
})

// ---- responses (documented in OpenAPI; a test checks real responses against them) ----

const reason = z.object({
  rule: z.string(),
  factor: z.string(),
  points: z.number().optional().describe('Present when the step moved the priority score'),
  text: z.string(),
})

const signal = z.object({
  kind: z.enum(SIGNAL_KINDS),
  phrase: z.string(),
  text: z.string(),
  field: z.enum(['subject', 'body', 'requester']),
  span: z.object({ start: z.number(), end: z.number() }).nullable(),
  matched: z.string().nullable(),
  language: z.enum(['en', 'zh']).nullable(),
})

const alert = z.object({
  rule: z.string(),
  recipient: z.object({
    role: z.enum(['csm', 'accountExecutive']),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  deliverable: z.boolean(),
  reasons: z.array(reason),
  deliverBy: z.string().nullable().describe('The latest acceptable delivery (executive-contact rule)'),
})

const person = z.object({ name: z.string(), email: z.string() })

export const ticketView = z.object({
  id: z.string(),
  externalId: z.string(),
  source: z.string(),
  channel: z.enum(CHANNELS),
  subject: z.string(),
  body: z.string(),
  requester: z.object({ email: z.string(), name: z.string().nullable() }),
  status: z.enum(TICKET_STATUSES),
  createdAt: z.string(),
  receivedAt: z.string(),
  account: z.object({ id: z.string(), externalId: z.string(), name: z.string() }).nullable(),
  accountReasons: z.array(reason),
  language: z.enum(TEXT_LANGUAGES),
  tier: z.object({ id: z.string(), name: z.string(), reasons: z.array(reason) }),
  severity: z.object({
    filed: z.enum(SEVERITIES).nullable(),
    effective: z.enum(SEVERITIES),
    reasons: z.array(reason),
  }),
  priority: z.object({ score: z.number(), level: z.enum(PRIORITY_LEVELS), reasons: z.array(reason) }),
  signals: z.array(signal),
  sentiment: z.object({ score: z.number(), label: z.enum(['negative', 'neutral', 'positive']) }),
  queue: z.string(),
  agentTier: z.string(),
  routingReasons: z.array(reason),
  sla: z.object({
    firstResponseDueAt: z.string(),
    resolutionDueAt: z.string(),
    firstResponse: z.string().describe('ISO-8601 duration'),
    resolution: z.string().describe('ISO-8601 duration'),
    reasons: z.array(reason),
  }),
  alerts: z.array(alert),
  followUp: z
    .object({
      kind: z.string(),
      owner: z.object({ role: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
      dueAt: z.string(),
      reasons: z.array(reason),
    })
    .nullable(),
  lastEventAt: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  policyVersion: z.string(),
})

const clockView = z.object({
  metric: z.enum(SLA_METRICS),
  status: z.enum(CLOCK_STATUSES),
  calendar: z.string(),
  targetMs: z.number(),
  cycle: z.number(),
  usedMs: z.number().nullable(),
  remainingMs: z.number().nullable().describe('Negative once breached'),
  dueAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  escalationLevel: z.number(),
  pausedSince: z.string().nullable(),
  pauseReason: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  text: z.string().describe('The clock in words: "first response: 41 min of 1 hr used, due …"'),
})

const ledgerEntry = z.object({
  at: z.string(),
  metric: z.enum(SLA_METRICS).nullable(),
  cycle: z.number(),
  action: z.enum(LEDGER_ACTIONS),
  level: z.number().optional(),
  text: z.string(),
})

export const taskView = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.string(),
  title: z.string(),
  owner: person.nullable(),
  dueAt: z.string(),
  state: z.enum(['open', 'done']),
  reason: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
})

export const notificationView = z.object({
  id: z.number(),
  ticketId: z.string().nullable(),
  topic: z.string(),
  channel: z.enum(['email', 'webhook', 'slack']),
  target: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number(),
  subject: z.string(),
  dedupKey: z.string().describe('The receiver deduplicates on this'),
  createdAt: z.string(),
  availableAt: z.string(),
  deliverBy: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
  response: z.string().nullable(),
})

export const ticketDetailsView = ticketView.extend({
  handling: z
    .object({
      tone: z.enum(['reassure', 'apologise', 'standard', 'warm']),
      toneText: z.string(),
      loopIn: z.array(
        z.object({
          role: z.enum(['csm', 'accountExecutive', 'teamLead']),
          name: z.string().nullable(),
          email: z.string().nullable(),
          why: z.string(),
        }),
      ),
      notes: z.array(z.string()),
    })
    .describe('Suggested handling: the tone to take and who to loop in, with reasons'),
  clocks: z.array(clockView),
  ledger: z.array(ledgerEntry),
  tasks: z.array(taskView),
  notifications: z.array(notificationView),
})

export const eventResultView = ticketDetailsView.extend({
  applied: z.boolean().describe('false when this event id had been applied before'),
})

export const notificationListView = z.object({
  items: z.array(notificationView),
  nextAfter: z.number().nullable().describe('Pass as `after` for the next page'),
})

export const queueItemView = ticketView.extend({
  deadline: clockView
    .nullable()
    .describe(
      'The SLA clock due next: the running clock with the earliest due time (a breached one first), else a ' +
        'paused one; null when no clock is measuring. After the first reply this is the next response, ' +
        'periodic update or resolution, not the met first response.',
    ),
})

export const queueView = z.object({
  items: z.array(queueItemView),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
})

export const accountView = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  arr: z.string(),
  currency: z.string(),
  plan: z.string(),
  renewalDate: z.string().nullable(),
  timezone: z.string(),
  domains: z.array(z.string()),
  csm: z.object({ name: z.string(), email: z.string() }).nullable(),
  accountExecutive: z.object({ name: z.string(), email: z.string() }).nullable(),
  contacts: z.array(
    z.object({
      email: z.string(),
      name: z.string().nullable(),
      title: z.string().nullable(),
      role: z.enum(CONTACT_ROLES),
    }),
  ),
  expansionPipeline: z.string().nullable(),
  healthScore: z.number().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number(),
})

export const problemView = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), reason: z.string(), line: z.number().optional() }))
    .optional(),
  limit: z.number().optional().describe('The limit that was exceeded, in bytes (413 only)'),
})

export const healthView = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  policyVersion: z.string(),
})

export const policyCheckView = z.object({
  valid: z.literal(true),
  name: z.string(),
  version: z.string(),
  tiers: z.array(z.string()),
  customBoosts: z.number(),
  alertRules: z.number(),
})

export const policyView = z.object({
  name: z.string(),
  version: z.string(),
  origin: z.string(),
  document: z.string().describe('The policy YAML as loaded'),
  tiers: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        points: z.number(),
        explain: z.string().nullable().describe('The rule in words, e.g. "ARR ≥ $250k"'),
      }),
    )
    .describe('The value tiers, top first: accounts and tickets name their tier by id'),
})

export type ProblemView = z.output<typeof problemView>
export type TicketView = z.output<typeof ticketView>
export type ClockWireView = z.output<typeof clockView>
export type TicketDetailsView = z.output<typeof ticketDetailsView>
export type NotificationView = z.output<typeof notificationView>
export type AccountView = z.output<typeof accountView>
