/**
 * The `patron` command as a user runs it: a child process, its exit code, its stdout and stderr.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { openDb } from '../store/open-db.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/patron.js')
const scratch = mkdtempSync(join(tmpdir(), 'patron-cli-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function patron(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', PATRON_LOG_LEVEL: 'warn', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

function file(name: string, text: string): string {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

const demoPolicy = readFileSync(join(ROOT, 'examples/policy.yaml'), 'utf8')

describe('patron policy check', () => {
  test('a valid policy: exit 0 and a summary', async () => {
    const r = await patron(['policy', 'check', 'examples/policy.yaml'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(
      r.stdout,
      /examples\/policy\.yaml: ok — "Demo policy" sha256:[0-9a-f]{16}: 4 tiers, 16 matrix cells/,
    )
  })

  test('a bad CEL expression: exit 3, FILE:LINE, the path and the reason', async () => {
    const path = file(
      'bad-cel.yaml',
      demoPolicy.replace('when: account.arr >= 50000.0 ||', 'when: account.arr >= ||'),
    )
    const line = demoPolicy.split('\n').findIndex((l) => l.includes('account.arr >= 50000.0 ||')) + 1
    const r = await patron(['policy', 'check', path])
    assert.equal(r.code, 3)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /PATRON_E_POLICY_INVALID/)
    assert.match(r.stderr, new RegExp(`${path}:${line}: tiers\\[1\\]\\.when: CEL syntax error`))
  })

  test('a missing file: exit 3 naming it', async () => {
    const r = await patron(['policy', 'check', join(scratch, 'nope.yaml')])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /FILE: cannot read .*nope\.yaml/)
  })
})

describe('patron triage', () => {
  test('prints the decision as JSON without storing anything', async () => {
    const r = await patron([
      'triage',
      'examples/tickets/acme-vp-billing.json',
      '--accounts',
      'examples/accounts',
      '--format',
      'json',
      '--now',
      '2026-11-20T21:50:00Z',
    ])
    assert.equal(r.code, 0, r.stderr)
    const d = JSON.parse(r.stdout)
    assert.equal(d.tier.id, 'enterprise')
    assert.equal(d.severity.effective, 'P2')
    assert.equal(d.priority.score, 115)
  })

  test('without --accounts, the accounts stored in the database are used', async () => {
    const dataDir = join(scratch, 'stored-accounts')
    const seed = await patron(['seed'], { PATRON_DATA_DIR: dataDir })
    assert.equal(seed.code, 0, seed.stderr)
    const r = await patron(['triage', 'examples/tickets/acme-vp-billing.json', '--format', 'json'], {
      PATRON_DATA_DIR: dataDir,
    })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).account.externalId, 'acme')
  })

  test('without --accounts and without a database: exit 3 with what to do', async () => {
    const r = await patron(['triage', 'examples/tickets/acme-vp-billing.json'], {
      PATRON_DATA_DIR: join(scratch, 'none'),
    })
    assert.equal(r.code, 3)
    assert.match(r.stderr, /no database in .* yet: start the server once, or pass --accounts/)
  })

  test('a missing --accounts path: exit 3 naming it', async () => {
    const r = await patron([
      'triage',
      'examples/tickets/acme-vp-billing.json',
      '--accounts',
      join(scratch, 'nope'),
    ])
    assert.equal(r.code, 3, r.stderr)
    assert.match(r.stderr, /cannot read .*nope/)
  })

  test('an invalid ticket: exit 3 naming the field', async () => {
    const path = file(
      'bad-ticket.json',
      JSON.stringify({
        externalId: 'x',
        channel: 'email',
        body: 'hi',
        requester: { email: 'no' },
        severity: 'P9',
      }),
    )
    const r = await patron(['triage', path])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /requester\.email: must be an email address/)
    assert.match(r.stderr, /severity: must be one of P1, P2, P3, P4/)
  })

  test('a file that is not JSON: exit 3', async () => {
    const r = await patron(['triage', file('broken.json', '{"externalId":')])
    assert.equal(r.code, 3)
    assert.match(r.stderr, /PATRON_E_INVALID_JSON/)
  })
})

describe('usage and configuration errors', () => {
  test('an unknown command or option: exit 2', async () => {
    assert.equal((await patron(['frobnicate'])).code, 2)
    const r = await patron(['triage', 'x.json', '--colour'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /colour/)
  })

  test('patron export without what or where: exit 2 naming the option', async () => {
    const what = await patron(['export', 'everything'])
    assert.equal(what.code, 2)
    assert.match(what.stderr, /patron export churn-features --labels FILE --out FILE/)
    const labels = await patron(['export', 'churn-features', '--out', 'x.csv'])
    assert.equal(labels.code, 2)
    assert.match(labels.stderr, /--labels is required/)
    const out = await patron(['export', 'churn-features', '--labels', 'l.csv'])
    assert.equal(out.code, 2)
    assert.match(out.stderr, /--out is required/)
  })

  test('a bad environment variable stops start-up naming it', async () => {
    const r = await patron(['serve'], { PORT: 'eighty' })
    assert.equal(r.code, 3)
    assert.match(r.stderr, /PORT: must be a port number/)
  })

  test('a bad policy stops start-up before the database is touched', async () => {
    const dataDir = join(scratch, 'never-created')
    const r = await patron(['serve'], {
      PATRON_POLICY: file('bad.yaml', 'name: [\n'),
      PATRON_DATA_DIR: dataDir,
    })
    assert.equal(r.code, 3)
    assert.match(r.stderr, /PATRON_E_POLICY_INVALID/)
    assert.throws(() => readFileSync(join(dataDir, 'patron.lock')))
  })
})

describe('one process per PGlite directory', () => {
  const children: ChildProcess[] = []
  after(() => {
    for (const c of children) c.kill('SIGKILL')
  })

  test('a second process refuses to open a directory this process holds', async () => {
    const dataDir = join(scratch, 'held')
    const db = await openDb({ kind: 'pglite', dataDir })
    try {
      const r = await patron(['migrate'], { PATRON_DATA_DIR: dataDir })
      assert.equal(r.code, 3)
      assert.match(r.stderr, /PATRON_E_DATA_DIR_LOCKED/)
      assert.match(r.stderr, new RegExp(`in use by process ${process.pid}`))
      await assert.rejects(
        openDb({ kind: 'pglite', dataDir }),
        /in use by process/,
        'and a second open in this process too',
      )
    } finally {
      await db.close()
    }
    const r = await patron(['migrate'], { PATRON_DATA_DIR: dataDir })
    assert.equal(r.code, 0, r.stderr)
  })

  test('after kill -9 the lock is stale and the next start takes it over', async () => {
    const dataDir = join(scratch, 'crashed')
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        PORT: '0',
        PATRON_DATA_DIR: dataDir,
        PATRON_LOG_LEVEL: 'warn',
      },
    })
    children.push(child)
    await new Promise<void>((resolve, reject) => {
      let err = ''
      child.stderr.on('data', (d) => {
        err += d
        if (err.includes('Patron is running')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
    })
    assert.match(readFileSync(join(dataDir, 'patron.lock'), 'utf8'), new RegExp(`"pid":${child.pid}`))
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const r = await patron(['migrate'], { PATRON_DATA_DIR: dataDir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /database is up to date/)
  })
})
