/**
 * @module Account routes: upsert by external id, read one.
 */

import { Readable } from 'node:stream'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { accountProfile, recordAccountActivity } from '../../app/account-profile.js'
import type { AppDeps } from '../../app/deps.js'
import { importAccounts } from '../../app/import-accounts.js'
import { accountBody, accountFields, activityBody } from '../../app/input-schemas.js'
import { upsertAccount } from '../../app/upsert-account.js'
import { UserError } from '../../core/errors.js'
import {
  accountListQuery,
  accountListView,
  accountProfileView,
  importQuery,
  importReportView,
} from '../account-schemas.js'
import { accountView, profileView } from '../present.js'
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
          summary: 'An account: the 360° profile',
          description:
            'Value, contract and renewal, people, the tier it is held in (and a downgrade under notice), the ' +
            'latest assessment — health with each measure, churn risk with each factor and its bucket, ticket ' +
            'patterns, distance to the next tier — what the CSM should do, usage, billing events, recent tickets ' +
            'with resolution time and CSAT, health history and tier changes.',
          tags: ['accounts'],
          security,
          params: accountIdParams,
          response: { 200: accountProfileView, 404: problemView },
        },
      },
      async (request) => profileView(await accountProfile(deps, request.params.externalId)),
    )

    app.get(
      '/v1/accounts',
      {
        schema: {
          summary: 'Accounts with tier, health and risk',
          description:
            'Ordered by externalId; filter by held tier or risk bucket. `next` is the cursor for `after`.',
          tags: ['accounts'],
          security,
          querystring: accountListQuery,
          response: { 200: accountListView, 400: problemView },
        },
      },
      async (request) => {
        const { tier, riskBucket, limit, after } = request.query
        const accounts = await deps.store.accounts.list({
          limit,
          ...(after ? { after } : {}),
          ...(tier ? { tiers: [tier] } : {}),
          ...(riskBucket ? { riskBucket } : {}),
        })
        return {
          accounts: accounts.map((a) => ({
            externalId: a.externalId,
            name: a.name,
            arr: a.arr,
            currency: a.currency,
            tier: a.heldTier?.tier ?? null,
            pendingDowngrade: a.heldTier?.pending
              ? { ...a.heldTier.pending, reasons: [...a.heldTier.pending.reasons] }
              : null,
            healthScore: a.healthScore,
            riskScore: a.assessment?.risk.score ?? null,
            riskBucket: a.assessment?.risk.bucket ?? null,
            nextTier: a.assessment?.nextTier?.text ?? null,
            renewalDate: a.renewalDate,
            csm: a.csm?.email ?? null,
          })),
          next: accounts.length === limit ? (accounts.at(-1)?.externalId ?? null) : null,
        }
      },
    )

    app.post(
      '/v1/accounts/:externalId/activity',
      {
        schema: {
          summary: 'Record usage observations and billing events',
          description:
            "Usage and billing observations replace the same day's; billing events are idempotent by `eventId`. " +
            'The account is reassessed at once and its profile returned.',
          tags: ['accounts'],
          security,
          params: accountIdParams,
          body: activityBody,
          response: { 200: accountProfileView, 400: problemView, 404: problemView },
        },
      },
      async (request) => {
        await recordAccountActivity(deps, request.params.externalId, request.body)
        return profileView(await accountProfile(deps, request.params.externalId))
      },
    )

    // CSV arrives as a stream: the import reads it row by row, whatever its size (up to its own limit).
    app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload))
    app.post(
      '/v1/accounts:import',
      {
        schema: {
          summary: 'Import accounts from CSV',
          description:
            'Body: `text/csv` with a header row; `id`, `name` and `arr` are required, and the other columns are ' +
            'listed in the README. `mode=all` (default) imports nothing unless every row is good and answers 400 ' +
            'listing each bad row (line, column, reason); `mode=valid` imports the good rows and lists the bad ones. ' +
            "A row replaces its account's fields but keeps its contacts and history.",
          tags: ['accounts'],
          security,
          querystring: importQuery,
          response: { 200: importReportView, 400: problemView, 413: problemView, 415: problemView },
        },
      },
      async (request) => {
        if (!(request.body instanceof Readable)) {
          throw new UserError('PATRON_E_UNSUPPORTED_MEDIA_TYPE', 'send the CSV with Content-Type: text/csv')
        }
        const report = await importAccounts(deps, request.body, { mode: request.query.mode })
        if (!report.committed) {
          throw new UserError(
            'PATRON_E_VALIDATION',
            `${report.rejected} of ${report.rows} rows are bad; nothing was imported (mode=all)`,
            report.errors.map((e) => ({ field: e.column ?? 'row', reason: e.reason, line: e.line })),
          )
        }
        return { ...report, errors: [...report.errors] }
      },
    )
  }
}
