/**
 * The CSM's notes over HTTP on a real database: add (201 + location), list pinned first then newest,
 * the latest few in the account profile with the total, pin and unpin, delete; untrusted text comes back
 * exactly as written; every kind of bad input is a 400 problem naming the field, and unknown accounts
 * and notes are 404s, with nothing stored.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { accountProfileView, noteListView, noteView } from './account-schemas.js'
import { assertProblem, call, startTestServer, type TestServer } from './test-server.js'

const examples = new URL('../../examples/', import.meta.url)
const fixture = (path: string) => JSON.parse(readFileSync(new URL(path, examples), 'utf8'))

let s: TestServer
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, method, path, body, headers)
const at = (iso: string) => s.setNow(new Date(iso))
const jordan = { name: 'Jordan Ellis', email: 'jordan.ellis@patron-demo.example' }

async function add(account: string, body: string, extra: Record<string, unknown> = {}) {
  const res = await api('POST', `/v1/accounts/${account}/notes`, { body, author: jordan, ...extra })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return noteView.parse(res.body)
}

async function list(account: string, query = '') {
  const res = await api('GET', `/v1/accounts/${account}/notes${query}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return noteListView.parse(res.body)
}

/** A 400 whose errors[] name exactly these fields, each with a reason matching its pattern. */
function assertFields(
  res: { status: number; headers: Headers; body: unknown },
  expected: Record<string, RegExp>,
) {
  const p = assertProblem(res, 400, 'PATRON_E_VALIDATION')
  const errors = p.errors ?? []
  assert.deepEqual(errors.map((e) => e.field).sort(), Object.keys(expected).sort(), JSON.stringify(errors))
  for (const e of errors) assert.match(e.reason, expected[e.field] ?? /^$/, e.field)
}

before(async () => {
  s = await startTestServer({ now: new Date('2026-11-20T15:00:00.000Z') })
  for (const id of ['acme', 'brightpixel']) {
    assert.equal((await api('PUT', `/v1/accounts/${id}`, fixture(`accounts/${id}.json`))).status, 201)
  }
})
after(async () => s.close())

describe('writing and reading notes', () => {
  test('a new account has no notes, in the list and in the profile', async () => {
    assert.deepEqual(await list('brightpixel'), { items: [], total: 0 })
    const p = accountProfileView.parse((await api('GET', '/v1/accounts/brightpixel')).body)
    assert.deepEqual(p.notes, { items: [], total: 0 })
  })

  test('a note is created with 201 and a location that reads it back', async () => {
    at('2026-11-20T15:05:00.000Z')
    const body = 'Renewal negotiation with the CFO under way — do not offer discounts.'
    const res = await api('POST', '/v1/accounts/acme/notes', { body, author: jordan })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const note = noteView.parse(res.body)
    assert.deepEqual(note, {
      id: note.id,
      author: jordan,
      body,
      pinned: false,
      createdAt: '2026-11-20T15:05:00.000Z',
      updatedAt: '2026-11-20T15:05:00.000Z',
    })
    const location = res.headers.get('location')
    assert.equal(location, `/v1/accounts/acme/notes/${note.id}`)
    const again = await api('GET', location ?? '')
    assert.equal(again.status, 200)
    assert.deepEqual(noteView.parse(again.body), note)
  })

  test('the author email is optional and normalised; a note can be created pinned', async () => {
    at('2026-11-20T15:06:00.000Z')
    const res = await api('POST', '/v1/accounts/acme/notes', {
      body: 'VP Ops is sensitive about billing errors; copy Aisha on anything billing.',
      author: { name: 'Aisha Rahman', email: 'Aisha.Rahman@公司.中国' },
      pinned: true,
    })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    assert.deepEqual(res.body.author, { name: 'Aisha Rahman', email: 'aisha.rahman@xn--55qx5d.xn--fiqs8s' })
    assert.equal(res.body.pinned, true)
    const anonymous = await add('acme', '无邮箱的备注', { author: { name: '李娜' } })
    assert.deepEqual(anonymous.author, { name: '李娜', email: null })
    const explicit = await add('acme', 'email null', { author: { name: 'Sam', email: null } })
    assert.equal(explicit.author.email, null)
  })

  test('untrusted text comes back exactly as written', async () => {
    const body = '<img src=x onerror=alert(1)> **bold** <script>x()</script>\n\tline two & "quotes" 🙂'
    const note = await add('acme', body)
    assert.equal(note.body, body)
    const found = (await list('acme')).items.find((n) => n.id === note.id)
    assert.equal(found?.body, body)
  })

  test('the list is pinned first, then newest; the profile carries five and the total', async () => {
    at('2026-11-21T09:00:00.000Z')
    for (let i = 1; i <= 4; i++) {
      at(`2026-11-21T09:0${i}:00.000Z`)
      await add('acme', `note ${i}`)
    }
    const all = await list('acme')
    assert.equal(all.total, 9)
    assert.equal(all.items[0]?.pinned, true, 'the pinned note first')
    assert.deepEqual(
      all.items.slice(1, 5).map((n) => n.body),
      ['note 4', 'note 3', 'note 2', 'note 1'],
    )
    const times = all.items.slice(1).map((n) => Date.parse(n.createdAt))
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first after the pinned',
    )

    const two = await list('acme', '?limit=2')
    assert.deepEqual(
      two.items.map((n) => n.id),
      all.items.slice(0, 2).map((n) => n.id),
    )
    assert.equal(two.total, 9)

    const p = accountProfileView.parse((await api('GET', '/v1/accounts/acme')).body)
    assert.equal(p.notes.total, 9)
    assert.deepEqual(p.notes.items, all.items.slice(0, 5))
    // Another account's notes are its own.
    assert.equal((await list('brightpixel')).total, 0)
  })

  test('pin and unpin move a note, and say when', async () => {
    const before = await list('acme')
    const oldest = before.items.at(-1) ?? assert.fail('no notes')
    at('2026-11-22T10:00:00.000Z')
    const res = await api('PATCH', `/v1/accounts/acme/notes/${oldest.id}`, { pinned: true })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const pinned = noteView.parse(res.body)
    assert.deepEqual(
      [pinned.pinned, pinned.updatedAt, pinned.createdAt],
      [true, '2026-11-22T10:00:00.000Z', oldest.createdAt],
    )
    // Pinned notes among themselves are newest first too: the note pinned before it was written later.
    const [first, second, third] = (await list('acme')).items
    assert.deepEqual(
      [first?.pinned, first?.author.name, second?.id, third?.pinned],
      [true, 'Aisha Rahman', oldest.id, false],
    )

    const unpin = await api('PATCH', `/v1/accounts/acme/notes/${oldest.id}`, { pinned: false })
    assert.equal(unpin.status, 200)
    assert.equal(unpin.body.pinned, false)
    assert.equal((await list('acme')).items.at(-1)?.id, oldest.id)
  })

  test('delete is a 204 with no body; the note is gone and a second delete is a 404', async () => {
    const victim = await add('acme', 'to be deleted')
    const before = (await list('acme')).total
    const res = await api('DELETE', `/v1/accounts/acme/notes/${victim.id}`)
    assert.equal(res.status, 204)
    assert.equal(res.body, '')
    assert.equal((await list('acme')).total, before - 1)
    assertProblem(await api('GET', `/v1/accounts/acme/notes/${victim.id}`), 404, 'PATRON_E_NOT_FOUND')
    assertProblem(await api('DELETE', `/v1/accounts/acme/notes/${victim.id}`), 404, 'PATRON_E_NOT_FOUND')
  })
})

describe('refusals', () => {
  const post = (body: unknown, account = 'acme') => api('POST', `/v1/accounts/${account}/notes`, body)
  let total: number
  before(async () => {
    total = (await list('acme')).total
  })

  test('an empty note, or one of spaces only', async () => {
    assertFields(await post({ body: '', author: jordan }), { body: /must not be empty/ })
    assertFields(await post({ body: ' \n\t ', author: jordan }), { body: /only spaces/ })
  })

  test('a note over 4,000 characters; exactly 4,000 is fine', async () => {
    assertFields(await post({ body: 'x'.repeat(4001), author: jordan }), { body: /at most 4000 characters/ })
    const ok = await post({ body: '字'.repeat(4000), author: jordan })
    assert.equal(ok.status, 201)
    total += 1
  })

  test('a NUL character, in the body or the author name', async () => {
    assertFields(await post({ body: 'before\u0000after', author: jordan }), { body: /NUL/ })
    assertFields(await post({ body: 'ok', author: { name: 'Jo\u0000rdan' } }), { 'author.name': /NUL/ })
  })

  test('no author, an author without a name, an empty or too long name', async () => {
    assertFields(await post({ body: 'who wrote this?' }), { author: /is required/ })
    assertFields(await post({ body: 'x', author: { email: jordan.email } }), { 'author.name': /is required/ })
    assertFields(await post({ body: 'x', author: { name: '' } }), { 'author.name': /must not be empty/ })
    assertFields(await post({ body: 'x', author: { name: 'n'.repeat(201) } }), {
      'author.name': /at most 200/,
    })
    assertFields(await post({}), { body: /is required/, author: /is required/ })
  })

  test('a bad author email', async () => {
    for (const email of ['jordan', 'jordan@', '@vendor.example', 'a b@c.d', 42]) {
      assertFields(await post({ body: 'x', author: { name: 'Jordan', email } }), { 'author.email': /./ })
    }
  })

  test('unknown fields, at the top and inside the author', async () => {
    assertFields(await post({ body: 'x', author: jordan, colour: 'red' }), { colour: /not a known field/ })
    assertFields(await post({ body: 'x', author: { ...jordan, role: 'csm' } }), {
      'author.role': /not a known field/,
    })
    assertFields(await post({ body: 'x', author: jordan, pinned: 'yes' }), { pinned: /true or false/ })
  })

  test('a body that is not JSON, or not an object', async () => {
    assertProblem(
      await api('POST', '/v1/accounts/acme/notes', '{"body": ', { 'content-type': 'application/json' }),
      400,
      'PATRON_E_INVALID_JSON',
    )
    assertProblem(await post([]), 400, 'PATRON_E_VALIDATION')
    assertProblem(
      await api('POST', '/v1/accounts/acme/notes', 'a note', { 'content-type': 'text/plain' }),
      415,
      'PATRON_E_UNSUPPORTED_MEDIA_TYPE',
    )
  })

  test('a bad pin request', async () => {
    const note = (await list('acme')).items[0] ?? assert.fail('no notes')
    const patch = (body: unknown) => api('PATCH', `/v1/accounts/acme/notes/${note.id}`, body)
    assertFields(await patch({}), { pinned: /is required/ })
    assertFields(await patch({ pinned: 'true' }), { pinned: /true or false/ })
    assertFields(await patch({ pinned: true, body: 'edited' }), { body: /not a known field/ })
    assertFields(await api('GET', '/v1/accounts/acme/notes?limit=0'), { limit: /1–500/ })
    assertFields(await api('GET', '/v1/accounts/acme/notes?limit=10&sort=old'), { sort: /not a known field/ })
  })

  test('an unknown account is a 404 on every route', async () => {
    const id = randomUUID()
    for (const [method, path, body] of [
      ['GET', '/v1/accounts/nobody/notes', undefined],
      ['POST', '/v1/accounts/nobody/notes', { body: 'x', author: jordan }],
      ['GET', `/v1/accounts/nobody/notes/${id}`, undefined],
      ['PATCH', `/v1/accounts/nobody/notes/${id}`, { pinned: true }],
      ['DELETE', `/v1/accounts/nobody/notes/${id}`, undefined],
    ] as const) {
      const p = assertProblem(await api(method, path, body), 404, 'PATRON_E_NOT_FOUND')
      assert.match(p.detail, /No account nobody/, `${method} ${path}`)
    }
  })

  test("an unknown note, a malformed id, or another account's note is a 404", async () => {
    const theirs = await add('brightpixel', 'brightpixel only')
    for (const noteId of [randomUUID(), 'not-a-note', theirs.id]) {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { pinned: true }],
        ['DELETE', undefined],
      ] as const) {
        const p = assertProblem(
          await api(method, `/v1/accounts/acme/notes/${noteId}`, body),
          404,
          'PATRON_E_NOT_FOUND',
        )
        assert.match(p.detail, new RegExp(`No note ${noteId} on account acme`))
      }
    }
    const still = await api('GET', `/v1/accounts/brightpixel/notes/${theirs.id}`)
    assert.equal(still.body.pinned, false, 'not pinned through another account')
  })

  test('nothing refused was stored', async () => {
    assert.equal((await list('acme')).total, total)
  })

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await api('GET', '/openapi.json')).body
    const notes = doc.paths['/v1/accounts/{externalId}/notes']
    const one = doc.paths['/v1/accounts/{externalId}/notes/{noteId}']
    assert.ok(notes?.get && notes?.post, 'list and add')
    assert.ok(one?.get && one?.patch && one?.delete, 'read, pin, delete')
    assert.ok(notes.post.requestBody.content['application/json'].schema.properties.author)
    assert.ok(one.delete.responses['204'])
  })
})
