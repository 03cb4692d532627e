/**
 * @module What a ticket and an account look like when they arrive (zod), for every boundary: the HTTP
 * API, the CLI and the demo seeder. Strict: an unknown field is an error naming it, because a
 * misspelt `severty` silently ignored is a P1 triaged as P3.
 */
import { domainToASCII } from 'node:url'
import { DateTime, IANAZone } from 'luxon'
import { z } from 'zod'
import { CONTACT_ROLES } from '../core/accounts/account.js'
import { BILLING_EVENT_KINDS } from '../core/accounts/activity.js'
import { SEVERITIES } from '../core/tickets/severity.js'
import { CHANNELS, TICKET_STATUSES } from '../core/tickets/ticket.js'
import { TICKET_EVENT_TYPES } from '../core/tickets/ticket-event.js'
import type { AccountFields } from '../store/store.js'

/** Ticket bodies longer than this are refused (a field error, not a truncation). */
export const MAX_BODY_CHARS = 65_536
export const MAX_SUBJECT_CHARS = 1_000
/** The whole request; a larger one is a 413 before it is parsed. */
export const MAX_REQUEST_BYTES = 1_048_576

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

/** Text that PostgreSQL can store: NUL is the one character a `text` column refuses. */
function text(max: number) {
  return z
    .string({ error: 'must be a string' })
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
}

/** Internationalised domains are compared in their ASCII (punycode) form: 公司.中国 = xn--55qx5d.xn--fiqs8s. */
function asciiDomain(domain: string): string {
  return (domainToASCII(domain) || domain).toLowerCase()
}

// Unicode addresses are accepted: a ticket from 李@公司.中国 must be triaged, not refused.
const email = z
  .email({ pattern: z.regexes.unicodeEmail, error: 'must be an email address' })
  .max(254, 'must be at most 254 characters')
  .transform((s) => {
    const at = s.lastIndexOf('@')
    return `${s.slice(0, at).toLowerCase()}@${asciiDomain(s.slice(at + 1))}`
  })

/** Dates before 2000 or after 2200 are typing mistakes here, and some are beyond what PostgreSQL stores. */
const EARLIEST_MS = Date.UTC(2000, 0, 1)
const LATEST_MS = Date.UTC(2201, 0, 1)

const money = z
  .string({ error: 'must be a decimal string such as "380000.00" (not a number: JSON numbers round)' })
  .regex(
    /^\d{1,14}(\.\d{1,2})?$/,
    'must be a non-negative decimal string with at most 2 decimals, such as "380000.00"',
  )

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date, YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s).isValid, 'is not a real calendar date')
  .refine(
    (s) => Date.parse(s) >= EARLIEST_MS && Date.parse(s) < LATEST_MS,
    'must be between 2000-01-01 and 2200-12-31',
  )

const timezone = z
  .string()
  .refine((s) => IANAZone.isValidZone(s), 'must be an IANA time zone such as America/New_York')

const domain = z
  .string()
  .max(253)
  .transform((s) => asciiDomain(s.trim()))
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/,
        'must be a domain name such as acme.com',
      ),
  )

const person = z.strictObject({ name: text(200).min(1, 'must not be empty'), email })

const contact = z.strictObject({
  email,
  name: text(200).nullable().optional(),
  title: text(200).nullable().optional(),
  role: z.enum(CONTACT_ROLES, { error: `must be one of ${CONTACT_ROLES.join(', ')}` }),
})

export const accountExternalId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be 1–200 characters of letters, digits, . _ : or -')

export const accountBody = z
  .strictObject({
    name: text(200).min(1, 'must not be empty'),
    arr: money.describe('Annual recurring revenue in currency units, as a decimal string'),
    currency: z.string().refine((s) => CURRENCIES.has(s), 'must be an ISO 4217 currency code such as USD'),
    plan: text(100).min(1, 'must not be empty'),
    renewalDate: isoDate.nullable().optional(),
    contractStart: isoDate.nullable().optional().describe('When the current contract started'),
    timezone,
    domains: z.array(domain).max(50).default([]),
    csm: person.nullable().optional(),
    accountExecutive: person.nullable().optional(),
    contacts: z.array(contact).max(1000).default([]),
    expansionPipeline: money.nullable().optional(),
    healthScore: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0–100')
      .max(100, 'must be 0–100')
      .nullable()
      .optional(),
    tags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a lower-case label such as strategic'))
      .max(50)
      .default([]),
  })
  .superRefine((a, ctx) => {
    const seen = new Map<string, number>()
    a.contacts.forEach((c, i) => {
      const first = seen.get(c.email)
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['contacts', i, 'email'],
          message: `duplicates contacts[${first}].email`,
        })
      } else seen.set(c.email, i)
    })
  })

export const ticketBody = z.strictObject({
  externalId: text(200)
    .min(1, 'must not be empty')
    .describe("The source system's ticket id; the idempotency key"),
  source: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a lower-case name such as zendesk')
    .optional()
    .describe('Which system externalId belongs to; default "api"'),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
  subject: text(MAX_SUBJECT_CHARS).optional(),
  body: text(MAX_BODY_CHARS).min(1, 'must not be empty'),
  requester: z.strictObject({ email, name: text(200).optional() }),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
  createdAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-11-20T21:47:00Z' })
    .refine((s) => Date.parse(s) >= EARLIEST_MS, 'must be on or after 2000-01-01')
    .optional()
    .describe('When the customer raised it; SLA clocks start here. Default: now'),
})

export const ticketEventBody = z
  .strictObject({
    eventId: text(200)
      .min(1, 'must not be empty')
      .describe("The source's id for this event; the idempotency key"),
    type: z.enum(TICKET_EVENT_TYPES, { error: `must be one of ${TICKET_EVENT_TYPES.join(', ')}` }),
    at: z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-11-20T22:05:00Z' })
      .transform((s) => new Date(s).toISOString())
      .describe('When it happened at the source; events apply in this order'),
    status: z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` }).optional(),
    assignee: z
      .strictObject({ id: text(200).min(1), name: text(200).nullable().default(null) })
      .nullable()
      .optional(),
    public: z.boolean().optional().describe('agent_reply: false for an internal note, which answers nobody'),
    rating: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1–5')
      .max(5, 'must be 1–5')
      .optional()
      .describe('satisfaction: the CSAT rating, 1–5'),
  })
  .superRefine((e, ctx) => {
    if (e.type === 'status_change' && !e.status) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is required for a status_change' })
    }
    if (e.type === 'assignment' && e.assignee === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['assignee'],
        message: 'is required for an assignment (null to unassign)',
      })
    }
    if (e.type === 'satisfaction' && e.rating === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rating'],
        message: 'is required for a satisfaction event (1–5)',
      })
    }
    if (e.rating !== undefined && e.type !== 'satisfaction') {
      ctx.addIssue({ code: 'custom', path: ['rating'], message: `is only for satisfaction, not ${e.type}` })
    }
    if (e.status !== undefined && e.type !== 'status_change') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `is only for status_change, not ${e.type}` })
    }
  })

const activityCount = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1e9)
export const activityBody = z.strictObject({
  metrics: z
    .array(
      z.strictObject({
        observedOn: z.iso.date({ error: 'must be an ISO date, YYYY-MM-DD' }),
        logins30d: activityCount.nullable().default(null),
        loginsPrev30d: activityCount.nullable().default(null),
        activeSeats: activityCount.nullable().default(null),
        licensedSeats: activityCount.nullable().default(null),
        featuresUsed: activityCount.nullable().default(null),
        featuresAvailable: activityCount.nullable().default(null),
        failedPayments90d: activityCount.nullable().default(null),
        downgradeRequested: z.boolean().nullable().default(null),
        nps: z.number().int().min(0, 'must be 0–10').max(10, 'must be 0–10').nullable().default(null),
      }),
    )
    .max(400)
    .default([]),
  billingEvents: z
    .array(
      z.strictObject({
        eventId: z.string().min(1).max(200),
        kind: z.enum(BILLING_EVENT_KINDS, { error: `must be one of ${BILLING_EVENT_KINDS.join(', ')}` }),
        occurredAt: z.iso
          .datetime({ offset: true, error: 'must be an ISO-8601 date-time' })
          .transform((s) => new Date(s).toISOString()),
        amount: z
          .string()
          .regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be a non-negative decimal string such as "1200.00"')
          .nullable()
          .default(null),
        note: z.string().max(1000).nullable().default(null),
      }),
    )
    .max(1000)
    .default([]),
})

/** A CSM's note is read on the handoff card beside everything else: a page, not an essay. */
export const MAX_NOTE_CHARS = 4_000

export const noteBody = z.strictObject({
  body: text(MAX_NOTE_CHARS)
    .min(1, { error: 'must not be empty', abort: true })
    .refine((s) => s.trim() !== '', 'must not be only spaces')
    .describe('The note, plain text (never rendered as markup), 1–4,000 characters'),
  author: z
    .strictObject({
      name: text(200)
        .min(1, { error: 'must not be empty', abort: true })
        .refine((s) => s.trim() !== '', 'must not be only spaces'),
      email: email.nullable().optional(),
    })
    .describe('Who wrote it: a name, and an email address if they want replies'),
  pinned: z
    .boolean({ error: 'must be true or false' })
    .default(false)
    .describe('Pinned notes come first on the handoff card'),
})

export const notePinBody = z.strictObject({
  pinned: z.boolean({ error: 'must be true or false' }).describe('true pins the note, false unpins it'),
})

export type ActivityBody = z.output<typeof activityBody>
export type NoteBody = z.output<typeof noteBody>
export type TicketBody = z.output<typeof ticketBody>
export type AccountBody = z.output<typeof accountBody>

/** A validated account body + its id → the fields the store keeps (absent optionals become null). */
export function accountFields(externalId: string, b: AccountBody): AccountFields {
  return {
    externalId,
    name: b.name,
    arr: b.arr,
    currency: b.currency,
    plan: b.plan,
    renewalDate: b.renewalDate ?? null,
    contractStart: b.contractStart ?? null,
    timezone: b.timezone,
    domains: b.domains,
    csm: b.csm ?? null,
    accountExecutive: b.accountExecutive ?? null,
    contacts: b.contacts.map((c) => ({
      email: c.email,
      name: c.name ?? null,
      title: c.title ?? null,
      role: c.role,
    })),
    expansionPipeline: b.expansionPipeline ?? null,
    healthScore: b.healthScore ?? null,
    tags: b.tags,
  }
}
