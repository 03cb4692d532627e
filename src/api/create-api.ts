/**
 * @module createApi(deps): the HTTP API as a Fastify instance, not yet listening (main.ts listens;
 * tests either inject or listen on a loopback port).
 */
import { timingSafeEqual } from 'node:crypto'
import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { AppDeps } from '../app/deps.js'
import { MAX_REQUEST_BYTES } from '../app/input-schemas.js'
import { UserError } from '../core/errors.js'
import { validate } from '../core/field-issues.js'
import type { ApiOptions } from './api-options.js'
import { PROBLEM_CONTENT_TYPE, problem, toProblem } from './problem.js'
import { accountNoteRoutes } from './routes/account-notes.js'
import { accountRoutes } from './routes/accounts.js'
import { connectorRoutes } from './routes/connectors.js'
import { operationsRoutes } from './routes/operations.js'
import { reportRoutes } from './routes/reports.js'
import { slaBoardRoutes } from './routes/sla-board.js'
import { systemRoutes } from './routes/system.js'
import { ticketRoutes } from './routes/tickets.js'
import { DASHBOARD_ROUTES, webRoutes } from './routes/web.js'

const REQUEST_PARTS: Record<string, string> = { body: '', querystring: '', params: '', headers: 'header.' }

/**
 * Routes anyone may call when a token is configured. Everything else needs the token: deny by default,
 * decided on the route the router matched, never on the raw URL (which can be percent-encoded,
 * `/v%31/queue`, or absolute-form, `http://host/v1/queue`, and still reach a /v1 route).
 */
const PUBLIC_ROUTES = new Set([
  '/healthz',
  '/openapi.json',
  '/problems/:slug',
  // Helpdesks authenticate by their own signature, which these routes check.
  '/v1/connectors/zendesk/webhook',
  '/v1/connectors/freshdesk/webhook',
  // The dashboard's page and assets hold no data; it asks for the token before calling /v1.
  ...DASHBOARD_ROUTES,
])

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false
  const given = Buffer.from(header.slice(7))
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function createApi(deps: AppDeps, options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: MAX_REQUEST_BYTES,
    // Fastify's own logger stays off: the request log below records route and status only, because
    // URLs and bodies can carry personal data.
    logger: false,
    genReqId: () => deps.newId(),
  })

  // zod validates every request; a failure is a UserError naming each field.
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const result = validate(schema as z.ZodType, data)
    if (result.ok) return { value: result.value }
    const prefix = REQUEST_PARTS[httpPart ?? 'body'] ?? ''
    const issues = result.issues.map((i) => ({
      ...i,
      field: i.field === '(document)' ? `(${httpPart ?? 'body'})` : `${prefix}${i.field}`,
    }))
    return {
      error: new UserError(
        'PATRON_E_VALIDATION',
        issues.map((i) => `${i.field}: ${i.reason}`).join('; '),
        issues,
      ),
    }
  })
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain')
  // Responses are plain JSON; their zod schemas document them (a test checks real responses against them).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Patron API',
        version: '0.1.0',
        description:
          'Value-aware support triage. Errors are application/problem+json (RFC 9457) with a stable `code` ' +
          'and `errors[]` naming each bad field. Times are ISO-8601 UTC; money is a decimal string.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Required when the server has PATRON_API_TOKEN',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  })

  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url
    const open = route !== undefined && PUBLIC_ROUTES.has(route)
    if (options.apiToken && !open && !tokenMatches(request.headers.authorization, options.apiToken)) {
      reply.header('www-authenticate', 'Bearer')
      throw new UserError('PATRON_E_UNAUTHORIZED', 'Missing or wrong bearer token')
    }
  })

  app.addHook('onResponse', async (request, reply) => {
    deps.log.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    )
  })

  app.setErrorHandler(async (error, request, reply) => {
    const { problem: p, internal } = toProblem(error, request.url.split('?')[0] ?? request.url)
    if (internal)
      deps.log.error({ reqId: request.id, err: String((error as Error)?.stack ?? error) }, 'request failed')
    else if ((error as { kind?: string }).kind === 'transient')
      deps.log.warn({ reqId: request.id, code: p.code }, 'transient failure')
    if (p.status === 503) reply.header('retry-after', '1')
    return reply.status(p.status).type(PROBLEM_CONTENT_TYPE).send(p)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url
    return reply
      .status(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem('PATRON_E_NOT_FOUND', `No route ${request.method} ${path}`, { instance: path }))
  })

  await app.register(systemRoutes(deps, options))
  await app.register(accountRoutes(deps))
  await app.register(accountNoteRoutes(deps))
  await app.register(ticketRoutes(deps))
  await app.register(operationsRoutes(deps))
  await app.register(reportRoutes(deps))
  await app.register(slaBoardRoutes(deps))
  await app.register(connectorRoutes(deps, options))
  await app.register(webRoutes())
  return app
}
