/**
 * @module The account side's HTTP shapes: the 360° profile, the CSM's notes, activity input, the import
 * report.
 */
import { z } from 'zod'
import { IMPORT_MODES } from '../app/import-accounts.js'
import { accountExternalId } from '../app/input-schemas.js'
import { BILLING_EVENT_KINDS } from '../core/accounts/activity.js'
import { RISK_BUCKETS } from '../core/accounts/churn-risk.js'
import { PATTERN_KINDS } from '../core/accounts/patterns.js'
import { TIER_CHANGE_KINDS } from '../core/accounts/tier-lifecycle.js'
import { HEALTH_MEASURES } from '../core/policy/policy-schema.js'
import { SEVERITIES } from '../core/tickets/severity.js'
import { TICKET_STATUSES } from '../core/tickets/ticket.js'
import { accountView } from './schemas.js'

const pending = z.object({
  tier: z.string(),
  noticeAt: z.string(),
  effectiveAt: z.string(),
  reasons: z.array(z.string()),
})

const riskFactor = z.object({
  factor: z.string(),
  points: z
    .number()
    .describe('Scorecard: points added. Model: percentage points the feature adds to the churn probability'),
  text: z.string(),
  feature: z.string().optional().describe('Model: the feature column the factor comes from'),
})

const assessment = z.object({
  at: z.string(),
  health: z.object({
    score: z.number().nullable(),
    measures: z.array(
      z.object({
        id: z.enum(HEALTH_MEASURES),
        weight: z.number(),
        score: z.number().nullable(),
        contribution: z.number().describe('Points this measure adds to the health score'),
        text: z.string(),
      }),
    ),
    trend: z.object({ delta: z.number(), since: z.string() }).nullable(),
    text: z.string(),
  }),
  patterns: z.array(z.object({ kind: z.enum(PATTERN_KINDS), text: z.string() })),
  risk: z.object({
    score: z.number(),
    bucket: z.enum(RISK_BUCKETS).nullable(),
    method: z
      .enum(['scorecard', 'model'])
      .describe(
        "'model' when the policy names a churn model trained on the user's history (churnRisk.modelFile)",
      ),
    factors: z.array(riskFactor),
    text: z.string(),
    model: z
      .object({
        probability: z.number().describe('Churn probability, 0–1'),
        baseline: z.number().describe('Probability for an average account of the training rows'),
        trainedOn: z.number().describe('Labelled accounts the model was trained on'),
        offsets: z.array(riskFactor).describe('Features that hold the risk down, largest first'),
      })
      .optional(),
  }),
  target: z.object({ tier: z.string(), because: z.string() }),
  nextTier: z
    .object({ tier: z.string(), name: z.string(), arrGap: z.number().nullable(), text: z.string() })
    .nullable(),
  incubation: z.string().nullable(),
  renewalInDays: z.number().nullable(),
})

const tierChange = z.object({
  id: z.number(),
  kind: z.enum(TIER_CHANGE_KINDS),
  from: z.string().nullable(),
  to: z.string(),
  at: z.string(),
  effectiveAt: z.string(),
  reasons: z.array(z.string()),
})

const metricsView = z.object({
  observedOn: z.string(),
  logins30d: z.number().nullable(),
  loginsPrev30d: z.number().nullable(),
  activeSeats: z.number().nullable(),
  licensedSeats: z.number().nullable(),
  featuresUsed: z.number().nullable(),
  featuresAvailable: z.number().nullable(),
  failedPayments90d: z.number().nullable(),
  downgradeRequested: z.boolean().nullable(),
  nps: z.number().nullable(),
})

const billingView = z.object({
  eventId: z.string(),
  kind: z.enum(BILLING_EVENT_KINDS),
  occurredAt: z.string(),
  amount: z.string().nullable(),
  note: z.string().nullable(),
})

export const noteView = z.object({
  id: z.string(),
  author: z.object({ name: z.string(), email: z.string().nullable() }),
  body: z.string().describe('Plain text as the author wrote it: show it as text, never as markup'),
  pinned: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string().describe('When it was last pinned or unpinned'),
})

export const noteListView = z.object({
  items: z.array(noteView).describe('Pinned first, then newest'),
  total: z.number().describe("All the account's notes, however many `items` holds"),
})

export const noteIdParams = z.strictObject({
  externalId: accountExternalId,
  noteId: z.string().min(1).max(100).describe('The id the note was created with'),
})

export const noteListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be 1–500').max(500, 'must be 1–500').default(100),
})

export const accountProfileView = accountView.extend({
  contractStart: z.string().nullable(),
  tier: z
    .object({ id: z.string(), since: z.string(), pendingDowngrade: pending.nullable() })
    .nullable()
    .describe('The tier the account is held in; a downgrade waits out its notice'),
  assessment: assessment.nullable(),
  recommendedActions: z.array(z.string()),
  openEscalations: z.number(),
  usage: metricsView.nullable().describe('The latest usage and billing observation'),
  billingEvents: z.array(billingView),
  tickets: z.array(
    z.object({
      id: z.string(),
      externalId: z.string(),
      subject: z.string(),
      createdAt: z.string(),
      severity: z.enum(SEVERITIES),
      status: z.enum(TICKET_STATUSES),
      resolvedAt: z.string().nullable(),
      resolutionHours: z.number().nullable(),
      csat: z.number().nullable(),
      sentiment: z.number(),
      breaches: z.number(),
    }),
  ),
  healthHistory: z.array(
    z.object({ at: z.string(), score: z.number(), riskScore: z.number(), riskBucket: z.string().nullable() }),
  ),
  tierChanges: z.array(tierChange),
  notes: noteListView.describe(
    "The CSM's notes for support: pinned first, then newest, at most 5, and the total",
  ),
})

export const accountListQuery = z.strictObject({
  tier: z.string().max(40).optional(),
  riskBucket: z.enum(RISK_BUCKETS, { error: `must be one of ${RISK_BUCKETS.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1, 'must be 1–500').max(500, 'must be 1–500').default(100),
  after: z.string().max(200).optional().describe('The last externalId of the previous page'),
})

export const accountListView = z.object({
  accounts: z.array(
    z.object({
      externalId: z.string(),
      name: z.string(),
      arr: z.string(),
      currency: z.string(),
      tier: z.string().nullable(),
      pendingDowngrade: pending.nullable(),
      healthScore: z.number().nullable(),
      riskScore: z.number().nullable(),
      riskBucket: z.enum(RISK_BUCKETS).nullable(),
      nextTier: z.string().nullable(),
      renewalDate: z.string().nullable(),
      csm: z.string().nullable(),
    }),
  ),
  next: z.string().nullable(),
})

export const importQuery = z.strictObject({
  mode: z.enum(IMPORT_MODES, { error: `must be one of ${IMPORT_MODES.join(', ')}` }).default('all'),
})

export const importReportView = z.object({
  mode: z.enum(IMPORT_MODES),
  rows: z.number(),
  imported: z.number(),
  created: z.number(),
  updated: z.number(),
  rejected: z.number(),
  committed: z.boolean(),
  errors: z.array(z.object({ line: z.number(), column: z.string().nullable(), reason: z.string() })),
})
