/**
 * @module Helpdesk connectors: Zendesk and Freshdesk webhooks, verified by each vendor's scheme and
 * mapped onto ticket events (the same events as POST /v1/tickets/{id}/events).
 *
 * These routes authenticate by the helpdesk's signature, not by Patron's API token: a helpdesk
 * cannot send a bearer token, but can sign. The signature covers the raw body, so this plugin keeps
 * the body as text before parsing it.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app/deps.js'
import { recordEvent } from '../../app/record-event.js'
import { UserError } from '../../core/errors.js'
import { mapFreshdeskWebhook, verifyFreshdeskAuth } from '../../integrations/helpdesk/freshdesk.js'
import type { HelpdeskMapping } from '../../integrations/helpdesk/helpdesk-event.js'
import type { WebhookAuth } from '../../integrations/helpdesk/webhook-auth.js'
import { mapZendeskWebhook, verifyZendeskSignature } from '../../integrations/helpdesk/zendesk.js'
import type { ApiOptions } from '../api-options.js'

const rawBodies = new WeakMap<FastifyRequest, string>()

interface Connector {
  readonly secret: string | null
  readonly variable: string
  verify(request: FastifyRequest, raw: string, secret: string, now: Date): WebhookAuth
  map(body: unknown, now: Date): HelpdeskMapping
}

export function connectorRoutes(deps: AppDeps, options: ApiOptions): FastifyPluginAsync {
  const connectors: Record<'zendesk' | 'freshdesk', Connector> = {
    zendesk: {
      secret: options.connectors?.zendeskSecret ?? null,
      variable: 'PATRON_ZENDESK_WEBHOOK_SECRET',
      verify: (request, raw, secret, now) => verifyZendeskSignature(request.headers, raw, secret, now),
      map: (body) => mapZendeskWebhook(body),
    },
    freshdesk: {
      secret: options.connectors?.freshdeskSecret ?? null,
      variable: 'PATRON_FRESHDESK_WEBHOOK_SECRET',
      verify: (request, _raw, secret) => verifyFreshdeskAuth(request.headers, secret),
      map: (body, now) => mapFreshdeskWebhook(body, { receivedAt: now }),
    },
  }

  return async (app) => {
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      rawBodies.set(request, body as string)
      try {
        done(null, JSON.parse(body as string))
      } catch (e) {
        done(Object.assign(e as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined)
      }
    })

    for (const [name, connector] of Object.entries(connectors)) {
      app.post(
        `/v1/connectors/${name}/webhook`,
        { schema: { summary: `${name} webhook: ticket events from ${name}`, tags: ['connectors'] } },
        async (request, reply) => {
          const now = deps.now()
          if (!connector.secret) {
            throw new UserError(
              'PATRON_E_SIGNATURE',
              `the ${name} connector is not configured: set ${connector.variable}`,
            )
          }
          const auth = connector.verify(request, rawBodies.get(request) ?? '', connector.secret, now)
          if (!auth.ok) throw new UserError('PATRON_E_SIGNATURE', `${name} webhook refused: ${auth.reason}`)
          const mapped = connector.map(request.body, now)
          if (mapped.kind === 'invalid') {
            throw new UserError('PATRON_E_VALIDATION', `the ${name} payload does not validate`, mapped.issues)
          }
          if (mapped.kind === 'ignored') return reply.status(202).send({ applied: 0, ignored: mapped.reason })
          const ticket = await deps.store.tickets.getByExternalId(
            mapped.ticket.source,
            mapped.ticket.externalId,
          )
          if (!ticket) {
            throw new UserError(
              'PATRON_E_NOT_FOUND',
              `No ticket ${mapped.ticket.source}/${mapped.ticket.externalId}: ingest it first with POST /v1/tickets and source "${mapped.ticket.source}"`,
            )
          }
          let applied = 0
          for (const event of mapped.events)
            if ((await recordEvent(deps, ticket.id, event)).applied) applied++
          return reply.status(200).send({ applied, ticketId: ticket.id })
        },
      )
    }
  }
}
