/**
 * @module The reports' HTTP shapes (zod): the weekly VIP health report and the result of sending it.
 */
import { z } from 'zod'
import { RISK_BUCKETS } from '../core/accounts/churn-risk.js'

const tierRef = z.object({ id: z.string(), name: z.string() })

const summary = z.object({
  accounts: z.number(),
  urgent: z.number(),
  medium: z.number(),
  earlyWarning: z.number(),
  openEscalations: z.number(),
  renewingIn90Days: z.number().describe('Accounts whose renewal is within 90 days and not past'),
})

const accountRow = z.object({
  accountId: z.string(),
  externalId: z.string(),
  name: z.string(),
  tier: tierRef.describe('The tier the account is held in'),
  arr: z.string().describe('Decimal string in currency units'),
  currency: z.string(),
  arrText: z.string().describe('"$380k"'),
  health: z.object({
    score: z.number().nullable(),
    trend: z
      .object({ delta: z.number(), since: z.string() })
      .nullable()
      .describe('Change against the score about four weeks ago'),
    weekly: z
      .array(z.number().nullable())
      .readonly()
      .describe('Score at the end of each of the last four weeks, then now; oldest first, null where none'),
  }),
  risk: z.object({
    score: z.number().nullable(),
    bucket: z.enum(RISK_BUCKETS).nullable(),
    bucketName: z.string().nullable(),
    factors: z
      .array(z.object({ factor: z.string(), points: z.number(), text: z.string() }))
      .readonly()
      .describe('The largest factors, largest first'),
  }),
  openEscalations: z.number().describe('Open tickets that breached an SLA or were escalated'),
  renewal: z
    .object({ date: z.string(), inDays: z.number().describe('On the account calendar; negative once past') })
    .nullable(),
  pendingDowngrade: z.object({ tier: z.string(), tierName: z.string(), effectiveAt: z.string() }).nullable(),
  actions: z.array(z.string()).readonly().describe('What the CSM should do this week, most pressing first'),
  assessedAt: z.string().nullable(),
})

export const vipReportView = z.object({
  generatedAt: z.string(),
  week: z.string().describe('ISO week in the schedule zone, e.g. 2026-W48'),
  tiers: z.array(tierRef).readonly(),
  summary,
  groups: z
    .array(
      z.object({
        csm: z
          .object({ name: z.string(), email: z.string() })
          .nullable()
          .describe('null: the accounts without a CSM'),
        summary,
        accounts: z.array(accountRow).readonly().describe('Most urgent risk first, then largest ARR'),
      }),
    )
    .readonly(),
})

export const vipReportSendView = z.object({
  week: z.string(),
  reports: z.number().describe('One per CSM, and one for the accounts without a CSM'),
  emails: z.number().describe('Emails queued in the outbox'),
  deliveries: z.number().describe('Outbox entries on every channel the policy routes report.weekly to'),
})

export type VipReportView = z.output<typeof vipReportView>
