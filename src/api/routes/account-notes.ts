/**
 * @module Routes for the notes an account's CSM writes for support: list, add, read one, pin or unpin,
 * delete. The profile (`GET /v1/accounts/{externalId}`) carries the latest few, so the handoff card needs
 * no extra request; these routes are for writing them and for reading them all.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  addAccountNote,
  deleteAccountNote,
  getAccountNote,
  listAccountNotes,
  pinAccountNote,
} from '../../app/account-notes.js'
import type { AppDeps } from '../../app/deps.js'
import { noteBody, notePinBody } from '../../app/input-schemas.js'
import { noteIdParams, noteListQuery, noteListView, noteView as noteSchema } from '../account-schemas.js'
import { noteView } from '../present.js'
import { accountIdParams, problemView } from '../schemas.js'

const security = [{ bearer: [] }]
const tags = ['accounts']

const noteUrl = (externalId: string, noteId: string) =>
  `/v1/accounts/${encodeURIComponent(externalId)}/notes/${encodeURIComponent(noteId)}`

export function accountNoteRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/accounts/:externalId/notes',
      {
        schema: {
          summary: "The CSM's notes on an account",
          description:
            'Pinned notes first, then the newest. `total` counts every note of the account, so a client ' +
            'knows when `limit` left some out.',
          tags,
          security,
          params: accountIdParams,
          querystring: noteListQuery,
          response: { 200: noteListView, 400: problemView, 404: problemView },
        },
      },
      async (request) => {
        const { notes, total } = await listAccountNotes(deps, request.params.externalId, request.query.limit)
        return { items: notes.map(noteView), total }
      },
    )

    app.post(
      '/v1/accounts/:externalId/notes',
      {
        schema: {
          summary: 'Add a note for support',
          description:
            'What the people who answer this account should know ("renewal negotiation under way — do not ' +
            'offer discounts"). The body is plain text, 1–4,000 characters, shown as text and never as markup. ' +
            '201 with the note; `location` names it.',
          tags,
          security,
          params: accountIdParams,
          body: noteBody,
          response: { 201: noteSchema, 400: problemView, 404: problemView },
        },
      },
      async (request, reply) => {
        const note = await addAccountNote(deps, request.params.externalId, request.body)
        reply.header('location', noteUrl(request.params.externalId, note.id))
        return reply.status(201).send(noteView(note))
      },
    )

    app.get(
      '/v1/accounts/:externalId/notes/:noteId',
      {
        schema: {
          summary: 'One note',
          tags,
          security,
          params: noteIdParams,
          response: { 200: noteSchema, 404: problemView },
        },
      },
      async (request) =>
        noteView(await getAccountNote(deps, request.params.externalId, request.params.noteId)),
    )

    app.patch(
      '/v1/accounts/:externalId/notes/:noteId',
      {
        schema: {
          summary: 'Pin or unpin a note',
          description: 'Pinned notes come first. Pinning a pinned note changes nothing.',
          tags,
          security,
          params: noteIdParams,
          body: notePinBody,
          response: { 200: noteSchema, 400: problemView, 404: problemView },
        },
      },
      async (request) =>
        noteView(
          await pinAccountNote(deps, request.params.externalId, request.params.noteId, request.body.pinned),
        ),
    )

    app.delete(
      '/v1/accounts/:externalId/notes/:noteId',
      {
        schema: {
          summary: 'Delete a note',
          description: 'The note is removed for good. A second delete is a 404.',
          tags,
          security,
          params: noteIdParams,
          response: { 204: z.undefined().describe('Deleted'), 404: problemView },
        },
      },
      async (request, reply) => {
        await deleteAccountNote(deps, request.params.externalId, request.params.noteId)
        return reply.status(204).send()
      },
    )
  }
}
