/**
 * @module The zod schema of the policy YAML: what an operations manager may write, with defaults.
 *
 * This is the document's *shape*. Rules that need more than one field (every tier has a full matrix
 * row, CEL expressions type-check, the levels are ordered) are checked in compile-policy.ts, which
 * reports them with the same `{ field, reason, line }` issues.
 */
import { Duration } from 'luxon'
import { z } from 'zod'
import { SEVERITIES } from '../tickets/severity.js'

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be 1–40 chars of a-z, 0-9, _ or -, starting with a letter')

const decimal = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,6})?$/, 'must be a decimal string such as "50000" or "1.08"')

const points = z.number().int('must be a whole number').min(-100).max(200)

/** A CEL expression; compiled and type-checked as a bool when the policy is compiled. */
const celExpression = z.string().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters')

const isoDuration = z
  .string()
  .refine((s) => s.startsWith('P') && Duration.fromISO(s).isValid, {
    message: 'must be an ISO-8601 duration such as PT30M, PT4H or P1D',
  })
  .refine((s) => !Duration.fromISO(s).isValid || Duration.fromISO(s).as('milliseconds') > 0, {
    message: 'must be longer than zero',
  })
  // Months and years have no fixed length; an SLA target must mean the same span on every ticket.
  .refine(
    (s) =>
      !Duration.fromISO(s).isValid || (Duration.fromISO(s).years === 0 && Duration.fromISO(s).months === 0),
    {
      message: 'must use weeks, days, hours or minutes (months and years vary in length)',
    },
  )

const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` })

export const NOTIFY_ROLES = ['csm', 'accountExecutive'] as const
const notifyList = z
  .array(z.enum(NOTIFY_ROLES, { error: `must be one of ${NOTIFY_ROLES.join(', ')}` }))
  .max(5)

const phrase = z.string().trim().min(1, 'must not be empty').max(120)
const phraseList = z.strictObject({
  en: z.array(phrase).max(2000).optional(),
  zh: z.array(phrase).max(2000).optional(),
})
const weightedTerms = z.strictObject({
  en: z.record(phrase, z.number().min(0.5).max(4)).optional(),
  zh: z.record(phrase, z.number().min(0.5).max(4)).optional(),
})

const tier = z.strictObject({
  id,
  /** The calendar this tier's SLA targets count on, unless a matrix cell names another. */
  calendar: id.optional(),
  name: z.string().min(1).max(80).optional(),
  when: celExpression,
  points,
  /** How an agent should read the band, e.g. "ARR ≥ $250k". Shown in the tier reason. */
  explain: z.string().max(200).optional(),
})

const matrixCell = z.strictObject({
  queue: id,
  agentTier: id,
  /** Business time, on the cell's calendar, from creation to the first public agent reply. */
  firstResponse: isoDuration,
  /** From each customer reply to the agent's next public reply. Optional. */
  nextResponse: isoDuration.optional(),
  /** The longest an agent may leave the customer without a public update, even if the customer is silent. */
  periodicUpdate: isoDuration.optional(),
  /** From creation to solved, not counting paused time. */
  resolution: isoDuration,
  /** Overrides the tier's and the policy's calendar for this cell (e.g. `always` for enterprise P1). */
  calendar: id.optional(),
  notify: notifyList.default([]),
})

/**
 * A file the policy names, read relative to the policy file: never absolute, never through '..' (the
 * loader also refuses a symbolic link out of the folder).
 */
const policyFile = (ext: 'ics' | 'json') =>
  z
    .string()
    .regex(
      new RegExp(`^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]{1,200}\\.${ext}$`),
      `must be a relative path to a .${ext} file inside the policy's folder (no '..', not absolute)`,
    )
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM from 00:00 to 24:00')
const period = z.strictObject({ start: hhmm, end: hhmm })
const isoDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD')
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
const calendar = z.strictObject({
  /** IANA time zone of the team whose hours these are. @default UTC */
  zone: z.string().min(1).default('UTC'),
  /** Every instant is business time (24×7); hours and holidays are ignored. */
  always: z.boolean().default(false),
  hours: z.partialRecord(z.enum(WEEKDAY_KEYS), z.array(period).max(8)).default({}),
  holidays: z.array(isoDateString).max(2000).default([]),
  /** An iCalendar file of holidays (all-day events), relative to the policy file, inside its folder. */
  holidaysFile: policyFile('ics').optional(),
})

const person = z.strictObject({
  name: z.string().min(1).max(200),
  email: z.email({ error: 'must be an email address' }),
})

export const ESCALATION_ROLES = ['assignee', 'teamLead', 'csm', 'accountExecutive', 'supportVp'] as const
export const NOTIFICATION_TOPICS = [
  'alert.ticket',
  'sla.warning',
  'sla.breach',
  'sla.escalation',
  'task.due',
  'account.risk',
  'account.tier',
  'report.weekly',
] as const
const topics = z
  .array(z.enum(NOTIFICATION_TOPICS, { error: `must be one of ${NOTIFICATION_TOPICS.join(', ')}` }))
  .max(10)

const customBoost = z.strictObject({
  id,
  when: celExpression,
  points,
  reason: z.string().min(1).max(200),
})

const alertRule = z.strictObject({
  id,
  when: celExpression,
  notify: notifyList.min(1, 'must name at least one role to notify'),
  reason: z.string().min(1).max(200),
})

/** What an account's health is made of; each measure scores 0–100 on its own (see core/accounts/health-score.ts). */
export const HEALTH_MEASURES = [
  'usage',
  'adoption',
  'support',
  'sentiment',
  'satisfaction',
  'billing',
] as const
export type HealthMeasureId = (typeof HEALTH_MEASURES)[number]

const healthMeasure = z.strictObject({
  id: z.enum(HEALTH_MEASURES, { error: `must be one of ${HEALTH_MEASURES.join(', ')}` }),
  weight: z.number().gt(0, 'must be greater than 0').max(100),
})

const DEFAULT_HEALTH_MEASURES = [
  { id: 'usage', weight: 25 },
  { id: 'adoption', weight: 10 },
  { id: 'support', weight: 20 },
  { id: 'sentiment', weight: 15 },
  { id: 'satisfaction', weight: 15 },
  { id: 'billing', weight: 15 },
] as const

const level = z.strictObject({
  atLeast: z.number().int().min(0),
  level: z.enum(['urgent', 'high', 'normal', 'low']),
  severity,
})

export const policySchema = z.strictObject({
  name: z.string().min(1).max(120),
  /** Tier bands and money in conditions are in this currency. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  /** Value of one unit of another currency in the policy currency; accounts in other currencies need one. */
  fxRates: z.record(z.string().regex(/^[A-Z]{3}$/, 'keys must be ISO 4217 codes'), decimal).default({}),
  /** Evaluated in order; the first tier whose `when` holds is the account's tier. */
  tiers: z.array(tier).min(1, 'must define at least one tier').max(20),
  /** Tier for a requester who matches no account. Must be one of `tiers`. */
  unknownCustomerTier: id,
  severity: z
    .strictObject({
      /** Used when a ticket arrives without a severity and no urgency phrase suggests one. @default P3 */
      default: severity.default('P3'),
      points: z.strictObject({ P1: points, P2: points, P3: points, P4: points }),
      /** Infer a severity from urgency phrases when the ticket has none. @default true */
      inferFromText: z.boolean().default(true),
      /** The effective severity is at most this many levels more urgent than the filed one. @default 2 */
      maxRaise: z.number().int().min(0).max(3).default(2),
    })
    .prefault({ points: { P1: 60, P2: 40, P3: 20, P4: 10 } }),
  /** Score bands, most urgent first: the first band whose `atLeast` the score reaches applies. */
  levels: z.array(level).min(1).max(10),
  boosts: z
    .strictObject({
      renewal: z.strictObject({ withinDays: z.number().int().min(1).max(730), points }).optional(),
      executiveSender: z.strictObject({ points }).optional(),
      expansionPipeline: z.strictObject({ atLeast: decimal, points }).optional(),
      lowHealth: z.strictObject({ below: z.number().min(1).max(100), points }).optional(),
      churn: z.strictObject({ direct: points, indirect: points, competitor: points.default(0) }).optional(),
      negativeSentiment: z.strictObject({ points }).optional(),
      custom: z.array(customBoost).max(50).default([]),
    })
    .prefault({}),
  executives: z
    .strictObject({
      /** A contact whose title contains one of these words is treated as an executive even without the role. */
      titleKeywords: z.array(phrase).max(200).default([]),
    })
    .prefault({}),
  signals: z
    .strictObject({
      churnDirect: phraseList.optional(),
      churnIndirect: phraseList.optional(),
      negative: weightedTerms.optional(),
      positive: weightedTerms.optional(),
      urgency: z.strictObject({ P1: phraseList.optional(), P2: phraseList.optional() }).optional(),
      competitors: z.array(phrase).max(200).optional(),
      ignore: z.array(phrase).max(2000).optional(),
      sentiment: z
        .strictObject({
          negativeAt: z.number().min(-1).max(0).optional(),
          positiveAt: z.number().min(0).max(1).optional(),
          /**
           * A sentiment model from `patron train sentiment`, relative to the policy file, inside its
           * folder. When set, its probability is the sentiment score; the lexicon still names the terms.
           */
          modelFile: policyFile('json').optional(),
        })
        .optional(),
    })
    .prefault({}),
  /** tier id → severity → cell. Every tier needs all four severities. */
  matrix: z.record(id, z.strictObject({ P1: matrixCell, P2: matrixCell, P3: matrixCell, P4: matrixCell })),
  alerts: z.array(alertRule).max(50).default([]),
  /** Business-hours calendars by id, referenced by `sla.calendar`, `tiers[].calendar` and matrix cells. */
  calendars: z
    .record(id, calendar)
    .default({ always: { zone: 'UTC', always: true, hours: {}, holidays: [] } }),
  sla: z
    .strictObject({
      /** The calendar SLA targets count on unless a tier or cell names another. @default always */
      calendar: id.default('always'),
      /** Ticket statuses that stop the clocks: the customer or a third party owes the next move. */
      pauseOn: z
        .array(z.enum(['pending', 'on_hold']))
        .max(2)
        .default(['pending', 'on_hold']),
      /** Warn when this fraction of the target is used, or this long before the breach, whichever is first. */
      warning: z
        .strictObject({ fraction: z.number().gt(0).lt(1).optional(), before: isoDuration.optional() })
        .prefault({ fraction: 0.75 }),
      /** After a breach: who is told, when, and how far the ticket's priority rises. */
      escalation: z
        .array(
          z.strictObject({
            level: z.number().int().min(1).max(9),
            /** Wall-clock time after the breach. */
            after: z.string().refine((s) => s === 'PT0M' || s === 'PT0S' || Duration.fromISO(s).isValid, {
              message: 'must be an ISO-8601 duration such as PT0M or PT30M',
            }),
            notify: z
              .array(z.enum(ESCALATION_ROLES, { error: `must be one of ${ESCALATION_ROLES.join(', ')}` }))
              .min(1),
            points: points.default(0),
          }),
        )
        .max(9)
        .default([]),
    })
    .prefault({}),
  /** Named people for the internal roles escalation notifies. */
  people: z
    .strictObject({
      /** Team lead per queue; `default` for queues not listed. */
      teamLeads: z.record(z.string(), person).default({}),
      supportVp: person.optional(),
    })
    .prefault({}),
  /** A ticket from an executive contact: most senior agents, the account team told at once, a follow-up. */
  executiveRule: z
    .strictObject({
      agentTier: id,
      notifyWithin: isoDuration.default('PT5M'),
      followUpWithin: isoDuration.default('P1D'),
    })
    .optional(),
  /** How an account's health is scored: weighted measures over a trailing window of activity. */
  health: z
    .strictObject({
      /** How far back tickets, billing events and CSAT count. @default P90D */
      window: isoDuration.default('P90D'),
      measures: z
        .array(healthMeasure)
        .min(1, 'must list at least one measure')
        .max(HEALTH_MEASURES.length)
        .default(DEFAULT_HEALTH_MEASURES.map((m) => ({ ...m }))),
    })
    .prefault({}),
  /** Risk score (0–100) thresholds of the buckets: churn expected within 30, 60 or 90 days if nothing is done. */
  churnRisk: z
    .strictObject({
      urgentAt: z.number().int().min(1).max(100).default(60),
      mediumAt: z.number().int().min(1).max(100).default(40),
      earlyWarningAt: z.number().int().min(1).max(100).default(25),
      /**
       * A churn model from `patron train churn` on rows from `patron export churn-features`, relative to
       * the policy file. When set, risk is the model's churn probability in percent (the thresholds above
       * apply to it) and each feature's share is a factor; without it, the built-in scorecard.
       */
      modelFile: policyFile('json').optional(),
    })
    .prefault({}),
  /** How accounts move between tiers as their value changes. */
  tierLifecycle: z
    .strictObject({
      /** A downgrade takes effect this long after the notice; an upgrade applies at once. @default P30D */
      downgradeNotice: isoDuration.default('P30D'),
      /** Also tell the customer's executive contacts about a scheduled downgrade. @default false */
      notifyCustomer: z.boolean().default(false),
      /** Accounts in these tiers that are growing fast are flagged for incubation. */
      incubation: z
        .strictObject({
          tiers: z.array(id).min(1).max(20),
          /** Logins in the last 30 days over the 30 before, minus one: 0.3 is +30 %. */
          minLoginGrowth: z.number().min(0).max(100).default(0.3),
          /** Active seats over licensed seats. */
          minSeatUtilisation: z.number().min(0).max(1).default(0.85),
        })
        .optional(),
    })
    .prefault({}),
  reports: z
    .strictObject({
      /** The weekly VIP health report, one per CSM, for accounts in these tiers. */
      weeklyVip: z
        .strictObject({
          tiers: z.array(id).min(1).max(20),
          weekday: z.enum(WEEKDAY_KEYS).default('mon'),
          at: hhmm.default('08:00'),
          zone: z.string().min(1).default('UTC'),
        })
        .optional(),
    })
    .prefault({}),
  /** Which topics go to which channel. Channels without configuration (see README) are skipped. */
  notifications: z
    .strictObject({ email: topics.default([]), webhook: topics.default([]), slack: topics.default([]) })
    .prefault({}),
})

export type PolicyDocument = z.output<typeof policySchema>
export type MatrixCell = z.output<typeof matrixCell>
export type NotifyRole = (typeof NOTIFY_ROLES)[number]
