/**
 * Start-up configuration: every bad variable stops start-up with its name and the reason.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadConfig } from './config.js'
import { UserError } from './core/errors.js'

function refused(env: Record<string, string>): { field: string; reason: string } {
  try {
    loadConfig(env)
  } catch (e) {
    assert.ok(e instanceof UserError, String(e))
    assert.equal(e.code, 'PATRON_E_CONFIG_INVALID')
    const [issue] = e.issues
    assert.ok(issue)
    assert.match(e.message, new RegExp(issue.field))
    return { field: issue.field, reason: issue.reason }
  }
  assert.fail(`accepted ${JSON.stringify(env)}`)
}

const SECRET = 'a-webhook-secret-for-tests'

describe('loadConfig', () => {
  test('defaults: loopback, PGlite in ./.patron, the worker on, no channel', () => {
    const c = loadConfig({})
    assert.equal(c.host, '127.0.0.1')
    assert.deepEqual(c.database, { kind: 'pglite', dataDir: './.patron' })
    assert.deepEqual(c.worker, { enabled: true, lockTimeoutMs: 60_000 })
    assert.deepEqual(c.channels, { email: null, webhook: null, slack: null, allowlist: [] })
  })

  test('an empty variable means not set', () => {
    assert.equal(loadConfig({ PORT: '', PATRON_WEBHOOK_URL: '' }).port, 3000)
  })

  test('channels are configured only for allowlisted hosts', () => {
    const c = loadConfig({
      PATRON_OUTBOUND_ALLOWLIST: 'hooks.example.com, *.slack.com',
      PATRON_WEBHOOK_URL: 'https://hooks.example.com/patron',
      PATRON_WEBHOOK_SECRET: SECRET,
      PATRON_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
    })
    assert.equal(c.channels.webhook?.url, 'https://hooks.example.com/patron')
    assert.equal(c.channels.slack?.url, 'https://hooks.slack.com/services/T/B/x')
    assert.deepEqual(c.channels.allowlist, ['hooks.example.com', '*.slack.com'])
  })

  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['a port out of range', { PORT: '70000' }, 'PORT', /0–65535/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:\/\//],
    ['an unknown log level', { PATRON_LOG_LEVEL: 'loud' }, 'PATRON_LOG_LEVEL', /must be one of/],
    ['a short API token', { PATRON_API_TOKEN: 'short' }, 'PATRON_API_TOKEN', /16 characters/],
    ['a worker switch that is neither', { PATRON_WORKER: 'maybe' }, 'PATRON_WORKER', /on or off/],
    [
      'a lock timeout shorter than a delivery may take',
      { PATRON_WORKER_LOCK_TIMEOUT_MS: '5000' },
      'PATRON_WORKER_LOCK_TIMEOUT_MS',
      /at least 15000/,
    ],
    [
      'a webhook without its signing secret',
      { PATRON_OUTBOUND_ALLOWLIST: 'hooks.example.com', PATRON_WEBHOOK_URL: 'https://hooks.example.com/p' },
      'PATRON_WEBHOOK_SECRET',
      /required when PATRON_WEBHOOK_URL is set/,
    ],
    [
      'a webhook to a host not allowlisted',
      { PATRON_WEBHOOK_URL: 'https://evil.example.net/p', PATRON_WEBHOOK_SECRET: SECRET },
      'PATRON_WEBHOOK_URL',
      /PATRON_OUTBOUND_ALLOWLIST is ''/,
    ],
    [
      'an SMTP server not allowlisted',
      { PATRON_OUTBOUND_ALLOWLIST: 'hooks.example.com', PATRON_SMTP_URL: 'smtp://mail.example.net:587' },
      'PATRON_SMTP_URL',
      /PATRON_OUTBOUND_ALLOWLIST is 'hooks.example.com'/,
    ],
    [
      'an SMTP URL of another scheme',
      { PATRON_SMTP_URL: 'http://mail.example.net' },
      'PATRON_SMTP_URL',
      /smtp:\/\//,
    ],
    [
      'a short helpdesk secret',
      { PATRON_ZENDESK_WEBHOOK_SECRET: 'abc' },
      'PATRON_ZENDESK_WEBHOOK_SECRET',
      /8 characters/,
    ],
  ]
  for (const [name, env, field, reason] of cases) {
    test(`${name} is refused, naming ${field}`, () => {
      const issue = refused(env)
      assert.equal(issue.field, field)
      assert.match(issue.reason, reason)
    })
  }
})
