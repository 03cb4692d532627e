/**
 * @module Ticket routes: ingest (idempotent), read one, and the ordered queue.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { AppDeps } from '../../app/deps.js'
import { ingestTicket } from '../../app/ingest-ticket.js'
import { ticketBody, ticketEventBody } from '../../app/input-schemas.js'
import { recordEvent } from '../../app/record-event.js'
import { clockViews, ticketDetails } from '../../app/ticket-details.js'
import { UserError } from '../../core/errors.js'
import { nextDeadline } from '../../core/sla/next-deadline.js'
import { clockWireView, decodeCursor, encodeCursor, ticketDetailsView, ticketView } from '../present.js'
import {
  eventResultView,
  problemView,
  queueQuery,
  queueView,
  ticketDetailsView as ticketDetailsSchema,
  ticketIdParams,
  ticketView as ticketSchema,
} from '../schemas.js'

const security = [{ bearer: [] }]

export function ticketRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/v1/tickets',
      {
        schema: {
          summary: 'Ingest a ticket: triage it and store it with its decision',
          description:
            'Recognises the account, reads the text (English and Chinese), scores, routes, sets SLA targets and ' +
            'records alerts, in one transaction. Idempotent on (source, externalId): a repeat returns the stored ' +
            `ticket with 200. \`body\` is limited to 65,536 characters; the whole request to 1 MiB.`,
          tags: ['tickets'],
          security,
          body: ticketBody,
          response: { 200: ticketSchema, 201: ticketSchema, 400: problemView, 413: problemView },
        },
      },
      async (request, reply) => {
        const { ticket, created } = await ingestTicket(deps, request.body)
        reply.header('location', `/v1/tickets/${ticket.id}`)
        if (!created) reply.header('patron-idempotent-replay', 'true')
        return reply.status(created ? 201 : 200).send(ticketView(ticket, deps.policy.current()))
      },
    )

    app.get(
      '/v1/tickets/:id',
      {
        schema: {
          summary: 'A ticket with its decision, SLA clocks, ledger, tasks and notifications',
          tags: ['tickets'],
          security,
          params: ticketIdParams,
          response: { 200: ticketDetailsSchema, 404: problemView },
        },
      },
      async (request) => {
        const ticket = await deps.store.tickets.get(request.params.id)
        if (!ticket) throw new UserError('PATRON_E_NOT_FOUND', `No ticket ${request.params.id}`)
        return ticketDetailsView(await ticketDetails(deps, ticket), deps.policy.current())
      },
    )

    app.post(
      '/v1/tickets/:id/events',
      {
        schema: {
          summary: 'Record a ticket event: a reply, a status change, an assignment, a resolution',
          description:
            'Moves the SLA clocks (start, pause, resume, fulfil) and writes the ledger, in one transaction. ' +
            'Idempotent by `eventId`: the same event again returns 200 and changes nothing. Events apply in ' +
            'the order they happened: one older than the last applied is refused with 409.',
          tags: ['tickets'],
          security,
          params: ticketIdParams,
          body: ticketEventBody,
          response: {
            200: eventResultView,
            201: eventResultView,
            400: problemView,
            404: problemView,
            409: problemView,
          },
        },
      },
      async (request, reply) => {
        const { ticket, applied } = await recordEvent(deps, request.params.id, request.body)
        const details = ticketDetailsView(await ticketDetails(deps, ticket), deps.policy.current())
        return reply.status(applied ? 201 : 200).send({ ...details, applied })
      },
    )

    app.get(
      '/v1/queue',
      {
        schema: {
          summary: 'Open tickets, most urgent first',
          description:
            'Ordered by priority score (highest first), then the nearest first-response deadline, then the oldest. ' +
            'Each item carries `deadline`, the SLA clock due next. Filter by `queue`; page with `limit` and the ' +
            'returned `nextCursor`.',
          tags: ['tickets'],
          security,
          querystring: queueQuery,
          response: { 200: queueView, 400: problemView },
        },
      },
      async (request) => {
        const { queue, limit, cursor } = request.query
        const after = cursor === undefined ? undefined : decodeCursor(cursor)
        const rows = await deps.store.tickets.queue({
          limit: limit + 1,
          ...(queue === undefined ? {} : { queue }),
          ...(after === undefined ? {} : { after }),
        })
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        const clocks = await deps.store.clocks.forTickets(page.map((t) => t.id))
        const policy = deps.policy.current()
        return {
          items: page.map((t) => {
            const next = nextDeadline(clocks.get(t.id) ?? [])
            const [view] = next ? clockViews([next], deps) : []
            return { ...ticketView(t, policy), deadline: view ? clockWireView(view) : null }
          }),
          nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
        } satisfies z.output<typeof queueView>
      },
    )
  }
}
