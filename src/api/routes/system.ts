/**
 * @module Health, the policy in force, the OpenAPI document, and the problem-type pages.
 */
import { basename } from 'node:path'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../../app/deps.js'
import { compilePolicyText, readPolicyFiles } from '../../app/load-policy.js'
import { ERROR_CATALOGUE, ERROR_CODES, UserError } from '../../core/errors.js'
import { MAX_POLICY_BYTES } from '../../core/policy/parse-policy.js'
import type { ApiOptions } from '../api-options.js'
import { healthView, policyCheckView, policyView, problemView } from '../schemas.js'

export function systemRoutes(deps: AppDeps, options: ApiOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness and database reachability',
          tags: ['system'],
          response: { 200: healthView },
        },
      },
      async () => {
        await deps.store.meta.get('health-probe')
        return {
          status: 'ok' as const,
          database: options.database,
          policyVersion: deps.policy.current().version,
        }
      },
    )

    app.get(
      '/v1/policy',
      {
        schema: {
          summary: 'The policy in force',
          tags: ['policy'],
          security: [{ bearer: [] }],
          response: { 200: policyView },
        },
      },
      async () => {
        const policy = deps.policy.current()
        const source = deps.policy.source()
        // The file's name, not the server's directory layout.
        return {
          name: policy.name,
          version: policy.version,
          origin: basename(source.origin),
          document: source.text,
          tiers: policy.tiers.map((t) => ({ id: t.id, name: t.name, points: t.points, explain: t.explain })),
        }
      },
    )

    app.post(
      '/v1/policy/validate',
      {
        schema: {
          summary: 'Check a policy document without applying it',
          description:
            'Compiles the YAML exactly as the server does at start-up. 200 with a summary when it is valid; ' +
            '422 with `errors[]` (line, field, reason) when it is not. The policy in force does not change.',
          tags: ['policy'],
          security: [{ bearer: [] }],
          body: z.strictObject({ document: z.string().max(MAX_POLICY_BYTES) }),
          response: { 200: policyCheckView, 422: problemView },
        },
      },
      async (request) => {
        // Holiday files named by the document are looked up beside the policy in force.
        const files = await readPolicyFiles(request.body.document, deps.policy.source().origin)
        const policy = compilePolicyText(request.body.document, 'the submitted document', files)
        return {
          valid: true as const,
          name: policy.name,
          version: policy.version,
          tiers: policy.tiers.map((t) => t.id),
          customBoosts: policy.boosts.custom.length,
          alertRules: policy.alerts.length,
        }
      },
    )

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

    app.get(
      '/problems/:slug',
      { schema: { hide: true, params: z.strictObject({ slug: z.string().max(60) }) } },
      async (request, reply) => {
        const code = ERROR_CODES.find((c) => ERROR_CATALOGUE[c].slug === request.params.slug)
        if (!code) throw new UserError('PATRON_E_NOT_FOUND', `No problem type ${request.params.slug}`)
        const entry = ERROR_CATALOGUE[code]
        return reply
          .type('text/markdown; charset=utf-8')
          .send(`# ${entry.title}\n\nCode: \`${code}\` · HTTP ${entry.status}\n\n${entry.description}\n`)
      },
    )
  }
}
