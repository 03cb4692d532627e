/**
 * The account-notes contract: notes come back in the handoff card's order (pinned first, then newest,
 * then id) with the account's total, and a note is only ever found, pinned or deleted under its own
 * account. Run by store.pglite.test.ts (always) and store.postgres.test.ts (when DATABASE_URL names a
 * server).
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import type { Db } from './db.js'
import { createStore } from './sql-store.js'
import { storedAccount } from './store.contract.test.js'
import type { NewAccountNote, Store } from './store.js'
import { newTestDb, type TestDb } from './test-db.js'

const AT = new Date('2026-11-20T21:47:00.000Z')
const MINUTE = 60_000
const later = (minutes: number) => new Date(AT.getTime() + minutes * MINUTE)

export function runNotesContract(backend: Db['kind']): void {
  describe(`account notes contract on ${backend}`, () => {
    let t: TestDb
    let store: Store
    before(async () => {
      t = await newTestDb(backend)
      store = createStore(t.db)
    })
    after(async () => t.cleanup())

    const account = (externalId: string) => storedAccount(store, externalId)

    const note = (accountId: string, body: string, o: Partial<NewAccountNote> = {}): NewAccountNote => ({
      id: randomUUID(),
      accountId,
      author: { name: 'Jordan Ellis', email: 'jordan@vendor.example' },
      body,
      pinned: false,
      ...o,
    })

    test('a note comes back as written, under its own account only', async () => {
      const acme = await account('notes-acme')
      const other = await account('notes-other')
      const body = 'Renewal negotiation with the CFO under way — do not offer discounts.\n续约谈判中 ✓'
      const added = await store.notes.add(note(acme, body, { author: { name: '李娜', email: null } }), AT)
      assert.deepEqual(added, {
        id: added.id,
        accountId: acme,
        author: { name: '李娜', email: null },
        body,
        pinned: false,
        createdAt: AT.toISOString(),
        updatedAt: AT.toISOString(),
      })
      assert.deepEqual(await store.notes.get(acme, added.id), added)
      assert.deepEqual(await store.notes.get(acme, added.id.toUpperCase()), added)
      assert.equal(await store.notes.get(other, added.id), null)
      assert.equal(await store.notes.get(acme, randomUUID()), null)
      assert.equal(await store.notes.get(acme, 'not-a-uuid'), null)
      assert.deepEqual(await store.notes.list(other, 10), { notes: [], total: 0 })
    })

    test('the list is pinned first, then newest, then by id, with the total beyond the limit', async () => {
      const id = await account('notes-order')
      const ids = {
        old: '00000000-0000-4000-8000-000000000001',
        tieB: '00000000-0000-4000-8000-00000000000b',
        tieA: '00000000-0000-4000-8000-00000000000a',
        newest: '00000000-0000-4000-8000-000000000004',
        pinnedOld: '00000000-0000-4000-8000-000000000005',
        pinnedNew: '00000000-0000-4000-8000-000000000006',
      }
      await store.notes.add(note(id, 'old', { id: ids.old }), later(1))
      await store.notes.add(note(id, 'tie b', { id: ids.tieB }), later(2))
      await store.notes.add(note(id, 'tie a', { id: ids.tieA }), later(2))
      await store.notes.add(note(id, 'newest', { id: ids.newest }), later(3))
      await store.notes.add(note(id, 'pinned old', { id: ids.pinnedOld, pinned: true }), later(0))
      await store.notes.add(note(id, 'pinned new', { id: ids.pinnedNew }), later(1))
      await store.notes.setPinned(id, ids.pinnedNew, true, later(5))

      const all = await store.notes.list(id, 100)
      assert.equal(all.total, 6)
      assert.deepEqual(
        all.notes.map((n) => n.body),
        ['pinned new', 'pinned old', 'newest', 'tie a', 'tie b', 'old'],
      )
      const page = await store.notes.list(id, 3)
      assert.equal(page.total, 6)
      assert.deepEqual(
        page.notes.map((n) => n.id),
        [ids.pinnedNew, ids.pinnedOld, ids.newest],
      )
    })

    test('pinning moves updatedAt once; unpinning; a note of another account is not touched', async () => {
      const id = await account('notes-pin')
      const other = await account('notes-pin-other')
      const n = await store.notes.add(note(id, 'VP Ops is sensitive about billing errors'), AT)

      const pinned = await store.notes.setPinned(id, n.id, true, later(10))
      assert.equal(pinned?.pinned, true)
      assert.equal(pinned?.updatedAt, later(10).toISOString())
      assert.equal(pinned?.createdAt, AT.toISOString())
      const again = await store.notes.setPinned(id, n.id, true, later(20))
      assert.equal(again?.updatedAt, later(10).toISOString(), 'pinning a pinned note changes nothing')
      const unpinned = await store.notes.setPinned(id, n.id, false, later(30))
      assert.deepEqual([unpinned?.pinned, unpinned?.updatedAt], [false, later(30).toISOString()])

      assert.equal(await store.notes.setPinned(other, n.id, true, later(40)), null)
      assert.equal(await store.notes.setPinned(id, randomUUID(), true, later(40)), null)
      assert.equal(await store.notes.setPinned(id, '42', true, later(40)), null)
      assert.equal((await store.notes.get(id, n.id))?.pinned, false)
    })

    test('delete removes the note once, only under its account; an account takes its notes with it', async () => {
      const id = await account('notes-delete')
      const other = await account('notes-delete-other')
      const keep = await store.notes.add(note(id, 'keep'), AT)
      const drop = await store.notes.add(note(id, 'drop'), AT)

      assert.equal(await store.notes.remove(other, drop.id), false)
      assert.equal(await store.notes.remove(id, 'drop'), false)
      assert.equal(await store.notes.remove(id, drop.id), true)
      assert.equal(await store.notes.remove(id, drop.id), false)
      assert.equal(await store.notes.get(id, drop.id), null)
      assert.deepEqual(
        (await store.notes.list(id, 10)).notes.map((n) => n.id),
        [keep.id],
      )

      await t.db.query('DELETE FROM accounts WHERE id = $1', [id])
      assert.deepEqual(await store.notes.list(id, 10), { notes: [], total: 0 })
    })

    test('a note added in a transaction that rolls back is not stored', async () => {
      const id = await account('notes-tx')
      const n = note(id, 'rolled back')
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.notes.add(n, AT)
          assert.equal((await tx.notes.list(id, 10)).total, 1)
          throw new Error('abort')
        }),
        /abort/,
      )
      assert.equal(await store.notes.get(id, n.id), null)
    })
  })
}
