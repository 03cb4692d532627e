/**
 * @module Account routes: upsert by external id, read one.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { AppDeps } from '../../app/deps.js'
import { accountBody, accountFields } from '../../app/input-schemas.js'
import { upsertAccount } from '../../app/upsert-account.js'
import { UserError } from '../../core/errors.js'
import { accountView } from '../present.js'
import { accountIdParams, accountView as accountSchema, problemView } from '../schemas.js'

const security = [{ bearer: [] }]

export function accountRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/v1/accounts/:externalId',
      {
        schema: {
          summary: 'Create or replace an account',
          description:
            'Upsert by your id for the account. Contacts and domains are replaced as a whole. Money (`arr`, ' +
            '`expansionPipeline`) is a decimal string in currency units. 201 when created, 200 when replaced.',
          tags: ['accounts'],
          security,
          params: accountIdParams,
          body: accountBody,
          response: { 200: accountSchema, 201: accountSchema, 400: problemView },
        },
      },
      async (request, reply) => {
        const { account, created } = await upsertAccount(
          deps,
          accountFields(request.params.externalId, request.body),
        )
        reply.header('location', `/v1/accounts/${encodeURIComponent(account.externalId)}`)
        return reply.status(created ? 201 : 200).send(accountView(account))
      },
    )

    app.get(
      '/v1/accounts/:externalId',
      {
        schema: {
          summary: 'An account',
          tags: ['accounts'],
          security,
          params: accountIdParams,
          response: { 200: accountSchema, 404: problemView },
        },
      },
      async (request) => {
        const account = await deps.store.accounts.getByExternalId(request.params.externalId)
        if (!account) throw new UserError('PATRON_E_NOT_FOUND', `No account ${request.params.externalId}`)
        return accountView(account)
      },
    )
  }
}
