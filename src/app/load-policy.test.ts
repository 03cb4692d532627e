/**
 * Holiday files named by a policy are read only from inside the policy's folder: a policy submitted over
 * HTTP must not read, or hang on, other files of the server.
 */
import assert from 'node:assert/strict'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { UserError } from '../core/errors.js'
import { compilePolicyText, readPolicyFiles } from './load-policy.js'

const examples = new URL('../../examples/', import.meta.url)
const DEMO = readFileSync(new URL('policy.yaml', examples), 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'patron-policy-'))
const policyPath = join(dir, 'policy.yaml')
mkdirSync(join(dir, 'holidays'))
copyFileSync(new URL('holidays/us-support-2026-2027.ics', examples), join(dir, 'holidays/real.ics'))
after(() => rmSync(dir, { recursive: true, force: true }))

const naming = (file: string) =>
  DEMO.replace('holidaysFile: holidays/us-support-2026-2027.ics', `holidaysFile: ${file}`)

async function issueFor(file: string) {
  const text = naming(file)
  try {
    compilePolicyText(text, policyPath, await readPolicyFiles(text, policyPath))
  } catch (e) {
    if (e instanceof UserError) return e.issues[0]
    throw e
  }
  return undefined
}

describe('holiday files', () => {
  test('a file inside the folder is read and its holidays count', async () => {
    const files = await readPolicyFiles(naming('holidays/real.ics'), policyPath)
    assert.match(files.get('holidays/real.ics') ?? '', /BEGIN:VCALENDAR/)
    assert.equal(await issueFor('holidays/real.ics'), undefined)
  })

  test('a symbolic link out of the folder is not followed', async () => {
    symlinkSync('/etc/hostname', join(dir, 'holidays/escape.ics'))
    assert.equal((await readPolicyFiles(naming('holidays/escape.ics'), policyPath)).size, 0)
    assert.deepEqual(await issueFor('holidays/escape.ics'), {
      field: 'calendars.support-hours.holidaysFile',
      reason: 'cannot read holidays/escape.ics',
      line:
        naming('holidays/escape.ics')
          .split('\n')
          .findIndex((l) => l.includes('escape.ics')) + 1,
    })
  })

  test('a directory, a missing file and a file over 1 MiB are not read', async () => {
    mkdirSync(join(dir, 'holidays/folder.ics'))
    writeFileSync(join(dir, 'holidays/huge.ics'), 'X'.repeat(1024 * 1024 + 1))
    for (const file of ['holidays/folder.ics', 'holidays/missing.ics', 'holidays/huge.ics']) {
      assert.equal((await readPolicyFiles(naming(file), policyPath)).size, 0, file)
      assert.equal((await issueFor(file))?.reason, `cannot read ${file}`)
    }
  })

  test("'..' and absolute paths are refused by the schema, naming the field", async () => {
    for (const file of ['../../etc/passwd.ics', '/etc/hostname', 'holidays/../../x.ics']) {
      const issue = await issueFor(file)
      assert.equal(issue?.field, 'calendars.support-hours.holidaysFile', file)
      assert.match(issue?.reason ?? '', /inside the policy's folder/)
    }
  })

  test('a file that is not iCalendar is reported without quoting it', async () => {
    writeFileSync(join(dir, 'holidays/secret.ics'), 'BEGIN:VCALENDAR\nthe-secret-value\n')
    const issue = await issueFor('holidays/secret.ics')
    assert.equal(issue?.reason, 'is not a valid iCalendar file')
  })
})

describe('a sentiment model file', () => {
  const modelPolicy = (file: string) => `signals:\n  sentiment:\n    modelFile: ${file}\n`

  test('is read from inside the policy folder, beside the holiday files', async () => {
    mkdirSync(join(dir, 'models'), { recursive: true })
    writeFileSync(join(dir, 'models/zh.json'), '{"kind":"test"}')
    const files = await readPolicyFiles(modelPolicy('models/zh.json'), policyPath)
    assert.equal(files.get('models/zh.json'), '{"kind":"test"}')
  })

  test('a churn model is read the same way', async () => {
    writeFileSync(join(dir, 'churn-model.json'), '{"kind":"churn"}')
    const files = await readPolicyFiles('churnRisk:\n  modelFile: churn-model.json\n', policyPath)
    assert.equal(files.get('churn-model.json'), '{"kind":"churn"}')
  })

  test('a link out of the folder is not followed', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'patron-outside-'))
    writeFileSync(join(outside, 'secret.json'), '{"secret":true}')
    symlinkSync(join(outside, 'secret.json'), join(dir, 'escape.json'))
    const files = await readPolicyFiles(modelPolicy('escape.json'), policyPath)
    assert.equal(files.has('escape.json'), false)
    rmSync(outside, { recursive: true, force: true })
  })
})
