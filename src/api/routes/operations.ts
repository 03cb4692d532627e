/**
 * @module Operations: notifications and their dead letter, follow-up tasks, jobs that could not run.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../../app/deps.js'
import { UserError } from '../../core/errors.js'
import { OUTBOX_STATES } from '../../store/store.js'
import { notificationView } from '../present.js'
import {
  notificationListView,
  notificationView as notificationSchema,
  problemView,
  taskView,
} from '../schemas.js'

const security = [{ bearer: [] }]

export function operationsRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/notifications',
      {
        schema: {
          summary: 'Notifications and their delivery state; `state=dead` is the dead letter',
          tags: ['operations'],
          security,
          querystring: z.strictObject({
            state: z.enum(OUTBOX_STATES, { error: `must be one of ${OUTBOX_STATES.join(', ')}` }).optional(),
            limit: z.coerce.number().int().min(1, 'must be 1–200').max(200, 'must be 1–200').default(50),
            after: z.coerce.number().int().min(0).optional(),
          }),
          response: { 200: notificationListView, 400: problemView },
        },
      },
      async (request) => {
        const { state, limit, after } = request.query
        const rows = await deps.store.outbox.list({
          limit: limit + 1,
          ...(state ? { state } : {}),
          ...(after === undefined ? {} : { afterId: after }),
        })
        const page = rows.slice(0, limit)
        return {
          items: page.map(notificationView),
          nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
        }
      },
    )

    app.post(
      '/v1/notifications/:id/retry',
      {
        schema: {
          summary: 'Send a dead notification again',
          tags: ['operations'],
          security,
          params: z.strictObject({ id: z.coerce.number().int().min(1, 'must be a notification id') }),
          response: { 200: notificationSchema, 404: problemView, 409: problemView },
        },
      },
      async (request) => {
        const { id } = request.params
        if (!(await deps.store.outbox.revive(id, deps.now()))) {
          const entry = await deps.store.outbox.get(id)
          if (!entry) throw new UserError('PATRON_E_NOT_FOUND', `No notification ${id}`)
          throw new UserError('PATRON_E_CONFLICT', `notification ${id} is ${entry.state}, not dead`, [
            { field: 'id', reason: `is ${entry.state}; only a dead notification can be sent again` },
          ])
        }
        const entry = await deps.store.outbox.get(id)
        if (!entry) throw new UserError('PATRON_E_NOT_FOUND', `No notification ${id}`)
        return notificationView(entry)
      },
    )

    app.post(
      '/v1/tasks/:id/complete',
      {
        schema: {
          summary: 'Mark a follow-up task done',
          tags: ['operations'],
          security,
          params: z.strictObject({ id: z.string().max(100) }),
          response: { 200: taskView, 404: problemView },
        },
      },
      async (request) => {
        await deps.store.tasks.complete(request.params.id, deps.now())
        const task = await deps.store.tasks.get(request.params.id)
        if (!task) throw new UserError('PATRON_E_NOT_FOUND', `No task ${request.params.id}`)
        return task
      },
    )

    app.get(
      '/v1/jobs',
      {
        schema: {
          summary: 'Job counts, and the jobs that failed too often to run again (the dead letter)',
          tags: ['operations'],
          security,
          response: {
            200: z.object({
              counts: z.object({ queued: z.number(), active: z.number(), dead: z.number() }),
              outbox: z.record(z.string(), z.number()),
              dead: z.array(
                z.object({
                  id: z.number(),
                  kind: z.string(),
                  key: z.string(),
                  attempts: z.number(),
                  lastError: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async () => {
        const [counts, outbox, dead] = await Promise.all([
          deps.store.jobs.counts(),
          deps.store.outbox.counts(),
          deps.store.jobs.dead(100),
        ])
        return {
          counts,
          outbox,
          dead: dead.map((j) => ({
            id: j.id,
            kind: j.kind,
            key: j.key,
            attempts: j.attempts,
            lastError: j.lastError,
          })),
        }
      },
    )
  }
}
