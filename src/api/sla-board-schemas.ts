/**
 * @module The SLA board's HTTP shapes (zod): its query and its response.
 */
import { z } from 'zod'
import { CLOCK_STATUSES } from '../core/sla/clock.js'
import { SLA_METRICS } from '../core/sla/metric.js'

const wholeNumber = (min: number, max: number, unit: string) => {
  const reason = `must be a whole number of ${unit}, ${min}–${max}`
  return z.coerce.number({ error: reason }).int(reason).min(min, reason).max(max, reason)
}

export const slaBoardQuery = z.strictObject({
  days: wholeNumber(1, 365, 'days')
    .default(30)
    .describe('Attainment counts clocks started in the last this many days'),
  hours: wholeNumber(1, 720, 'hours').default(48).describe('Queue depth covers the last this many hours'),
})

const tierRef = z.object({ id: z.string(), name: z.string() })

const attainmentRow = z.object({
  tier: tierRef.describe("The ticket's tier at triage"),
  metric: z.enum(SLA_METRICS),
  met: z.number().describe('Fulfilled before due'),
  breached: z
    .number()
    .describe('Breached: answered late, stopped after the breach, or still running past due'),
  running: z.number().describe('Still running or paused, not yet due'),
  stopped: z.number().describe('Stopped before due without being met (solved or closed first)'),
  completed: z.number().describe('met + breached'),
  share: z.number().nullable().describe('met / completed, 0–1 to four decimals; null when none completed'),
  text: z.string().describe('"enterprise first response: 18 of 20 met (90 %)"'),
})

const boardClock = z.object({
  ticketId: z.string(),
  externalId: z.string(),
  subject: z.string(),
  tier: tierRef,
  metric: z.enum(SLA_METRICS),
  status: z.enum(CLOCK_STATUSES),
  dueAt: z.string().describe('The deadline; for a breached clock, the one it missed'),
  warnAt: z.string().nullable(),
  breachedAt: z.string().nullable().describe('null while no timer has recorded a breach that is due'),
  escalationLevel: z.number(),
  pauseReason: z.string().nullable(),
  text: z.string(),
})

const clockList = z.object({
  count: z.number().describe('All of them'),
  items: z.array(boardClock).readonly().describe('The first 200'),
})

export const slaBoardView = z.object({
  generatedAt: z.string(),
  attainment: z.object({
    days: z.number(),
    from: z.string(),
    to: z.string(),
    rows: z
      .array(attainmentRow)
      .readonly()
      .describe('One per tier and metric with a clock started in the window; tiers in policy order'),
  }),
  now: z.object({
    breached: clockList.describe(
      'Running or paused clocks of unresolved tickets that are breached, most overdue first',
    ),
    warning: clockList.describe(
      "Running clocks past their warning instant (the policy's sla.warning), not yet due, soonest due first",
    ),
    escalations: z
      .array(
        z.object({
          level: z.number(),
          label: z.string().describe('"L2"'),
          notify: z.array(z.string()).readonly(),
          tickets: z.number(),
          text: z.string(),
        }),
      )
      .readonly()
      .describe(
        'Unresolved tickets by the highest escalation level among their running or paused clocks; every policy level, zero included',
      ),
  }),
  queueDepth: z.object({
    hours: z.number(),
    points: z
      .array(z.object({ at: z.string(), open: z.number() }))
      .readonly()
      .describe('Unresolved tickets at each whole UTC hour, oldest first; the last at or before now'),
  }),
})

export type SlaBoardView = z.output<typeof slaBoardView>
