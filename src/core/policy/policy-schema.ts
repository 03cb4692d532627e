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
  name: z.string().min(1).max(80).optional(),
  when: celExpression,
  points,
  /** How an agent should read the band, e.g. "ARR ≥ $250k". Shown in the tier reason. */
  explain: z.string().max(200).optional(),
})

const matrixCell = z.strictObject({
  queue: id,
  agentTier: id,
  firstResponse: isoDuration,
  resolution: isoDuration,
  notify: notifyList.default([]),
})

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
        })
        .optional(),
    })
    .prefault({}),
  /** tier id → severity → cell. Every tier needs all four severities. */
  matrix: z.record(id, z.strictObject({ P1: matrixCell, P2: matrixCell, P3: matrixCell, P4: matrixCell })),
  alerts: z.array(alertRule).max(50).default([]),
})

export type PolicyDocument = z.output<typeof policySchema>
export type MatrixCell = z.output<typeof matrixCell>
export type NotifyRole = (typeof NOTIFY_ROLES)[number]
