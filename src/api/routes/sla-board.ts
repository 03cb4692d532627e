/**
 * @module The managers' SLA board: attainment, breaches and warnings now, escalations, queue depth.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { AppDeps } from '../../app/deps.js'
import { buildSlaBoard } from '../../app/sla-board.js'
import { problemView } from '../schemas.js'
import { slaBoardQuery, slaBoardView } from '../sla-board-schemas.js'

const security = [{ bearer: [] }]

export function slaBoardRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/sla/summary',
      {
        schema: {
          summary: 'SLA attainment, breaches and warnings now, escalations and queue depth',
          description:
            'At the server clock. `attainment`: per ticket tier and SLA metric, the clock cycles started in the ' +
            'last `days` (next response and periodic update count each cycle): met before due, breached (late, ' +
            'or still running past due), still running, or stopped before due unmet; `share` is met of met + ' +
            'breached. `now`: running or paused clocks of unresolved tickets that are breached, those in their ' +
            'warning window, and unresolved tickets per escalation level in force. `queueDepth`: unresolved ' +
            'tickets at each whole hour of the last `hours`. Every row carries its sentence.',
          tags: ['sla'],
          security,
          querystring: slaBoardQuery,
          response: { 200: slaBoardView, 400: problemView },
        },
      },
      async (request) => {
        const { days, hours } = request.query
        return buildSlaBoard(deps, { days, hours })
      },
    )
  }
}
