/**
 * @module Report routes: the weekly VIP health report as JSON or as an HTML page, and sending it now.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../../app/deps.js'
import { buildVipReport, sendWeeklyVipReport } from '../../app/vip-report.js'
import { renderVipReportHtml } from '../../core/accounts/vip-report-render.js'
import { vipReportSendView, vipReportView } from '../report-schemas.js'
import { problemView } from '../schemas.js'

const security = [{ bearer: [] }]

const csm = z
  .email({ pattern: z.regexes.unicodeEmail, error: 'must be an email address' })
  .max(254, 'must be at most 254 characters')
  .optional()
  .describe("Only this CSM's accounts (any case)")

/**
 * The page quotes account names and ticket phrases, which are untrusted; they are escaped, and the
 * page allows no script, no request and no frame in case something ever is not.
 */
const HTML_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
}

/** `format` decides; without it a client that asks for text/html (a browser) gets the page. */
function wantsHtml(format: 'json' | 'html' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'html'
  return /\btext\/html\b/.test(accept ?? '')
}

export function reportRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/reports/vip-health',
      {
        schema: {
          summary: 'The weekly VIP health report, now',
          description:
            'Per CSM, the accounts in the top tiers (`reports.weeklyVip.tiers` in the policy, else its top two ' +
            'tiers) with health and its four-week trend, churn risk with its bucket and factors, open ' +
            'escalations, the renewal, a pending downgrade and recommended actions. Accounts without a CSM ' +
            'form the last group. JSON by default; `format=html` (or `Accept: text/html` without `format`) ' +
            'returns the HTML page the email carries.',
          tags: ['reports'],
          security,
          querystring: z.strictObject({
            csm,
            format: z.enum(['json', 'html'], { error: 'must be json or html' }).optional(),
          }),
          response: {
            200: {
              description: 'The report',
              content: {
                'application/json': { schema: vipReportView },
                'text/html': { schema: z.string().describe('A complete HTML document') },
              },
            },
            400: problemView,
          },
        },
      },
      async (request, reply) => {
        const { csm: who, format } = request.query
        const report = await buildVipReport(deps, who === undefined ? {} : { csm: who })
        // Vary: the same URL answers JSON or HTML by the Accept header.
        reply.header('vary', 'accept')
        if (wantsHtml(format, request.headers.accept)) {
          return reply
            .headers(HTML_HEADERS)
            .type('text/html; charset=utf-8')
            .send(renderVipReportHtml(report))
        }
        return reply.type('application/json; charset=utf-8').send(report)
      },
    )

    app.post(
      '/v1/reports/vip-health::send',
      {
        schema: {
          summary: 'Send the weekly VIP health report now',
          description:
            'Queues one message per CSM (and one for the accounts without a CSM, to the support VP) on the ' +
            'channels the policy routes `report.weekly` to. Each call sends again; the weekly schedule is ' +
            'not moved.',
          tags: ['reports'],
          security,
          querystring: z.strictObject({ csm }),
          response: { 202: vipReportSendView, 400: problemView },
        },
      },
      async (request, reply) => {
        const { csm: who } = request.query
        const result = await sendWeeklyVipReport(deps, who === undefined ? {} : { csm: who })
        return reply.status(202).send({
          week: result.week,
          reports: result.reports,
          emails: result.emails,
          deliveries: result.deliveries,
        })
      },
    )
  }
}
