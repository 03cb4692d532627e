/**
 * The data-directory lock against real concurrent processes: many starting at once over a dead
 * owner's lock must end with exactly one owner.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { acquireDataDirLock } from './data-dir-lock.js'

const LOCK = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url))

/** A process that tries to take the lock, reports, and holds it for `holdMs`. */
function contender(dir: string, holdMs: number): Promise<string> {
  const script = `
    const { acquireDataDirLock } = await import(${JSON.stringify(LOCK)})
    try { await acquireDataDirLock(${JSON.stringify(dir)}); console.log('owner') }
    catch (e) { console.log(e.code) }
    setTimeout(() => {}, ${holdMs})`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script])
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('close', () => resolve(out.trim()))
  })
}

test('of six processes starting together over a dead owner lock, exactly one owns the directory', async () => {
  for (let round = 0; round < 3; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'patron-lock-'))
    // A lock left by a process that died without cleaning up (pid 2^22 - 1 is not running) on this host.
    writeFileSync(
      join(dir, 'patron.lock'),
      JSON.stringify({ pid: 4_194_303, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }),
    )
    const results = await Promise.all(Array.from({ length: 6 }, () => contender(dir, 1500)))
    assert.equal(results.filter((r) => r === 'owner').length, 1, results.join(','))
    assert.equal(results.filter((r) => r === 'PATRON_E_DATA_DIR_LOCKED').length, 5, results.join(','))
  }
})

test('a lock held by another host sharing the directory is refused, naming the host', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'patron-lock-'))
  writeFileSync(
    join(dir, 'patron.lock'),
    JSON.stringify({ pid: 1, host: 'other-host', startedAt: '2026-01-01T00:00:00Z' }),
  )
  await assert.rejects(acquireDataDirLock(dir), (e: Error) => {
    assert.match(e.message, /in use by process 1 on other-host/)
    assert.match(e.message, /If host other-host no longer uses it, delete/)
    return true
  })
})

test('release removes the lock file, and the directory can be taken again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'patron-lock-'))
  const lock = await acquireDataDirLock(dir)
  assert.match(readFileSync(lock.path, 'utf8'), new RegExp(`"pid":${process.pid}`))
  await assert.rejects(acquireDataDirLock(dir), /in use by process/)
  lock.release()
  assert.throws(() => readFileSync(lock.path))
  const again = await acquireDataDirLock(dir)
  again.release()
})
