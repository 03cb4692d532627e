/**
 * @module Environment → validated, defaulted, frozen configuration. Nothing reads `process.env` after this.
 *
 * A bad value stops start-up with a message that names the variable and says what it should be.
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Channels } from './app/deps.js'
import { UserError } from './core/errors.js'
import { validate } from './core/field-issues.js'
import { assertAllowedHost, assertAllowedUrl } from './integrations/allowlist.js'

/** The demo policy shipped with Patron; used when PATRON_POLICY is not set. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../examples/policy.yaml', import.meta.url))

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0–65535')
    .max(65535, 'must be 0–65535')
    .default(3000),
  /** Loopback by default: exposing Patron on a network is a decision, not an accident. */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PATRON_DATA_DIR: z.string().min(1).default('./.patron'),
  PATRON_POLICY: z.string().min(1).default(DEFAULT_POLICY_PATH),
  PATRON_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /** When set, every /v1 request needs `Authorization: Bearer <token>`. */
  PATRON_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PATRON_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Hosts Patron may send notifications to, comma-separated (`hooks.example.com,*.slack.com`). */
  PATRON_OUTBOUND_ALLOWLIST: z.string().default(''),
  PATRON_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  PATRON_SMTP_FROM: z.string().min(3).default('Patron <patron@localhost>'),
  PATRON_WEBHOOK_URL: z.url({ error: 'must be a URL' }).optional(),
  PATRON_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PATRON_SLACK_WEBHOOK_URL: z.url({ error: 'must be a URL' }).optional(),
  /** Secrets the helpdesks sign their webhooks with. */
  PATRON_ZENDESK_WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  PATRON_FRESHDESK_WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  /** Run the worker (SLA timers, notification delivery) inside `patron serve`. @default on */
  PATRON_WORKER: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** A worker silent this long is presumed dead and its claims are taken back. @default 60000 */
  // Longer than one delivery may take (10 s), or a slow send would look abandoned and be sent twice.
  PATRON_WORKER_LOCK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(15_000, 'must be at least 15000 (a delivery may take 10 s)')
    .max(3_600_000)
    .default(60_000),
})

export interface Config {
  readonly port: number
  readonly host: string
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'pglite'; readonly dataDir: string }
  readonly policyPath: string
  readonly logLevel: (typeof LOG_LEVELS)[number]
  readonly apiToken: string | null
  readonly channels: Channels
  readonly connectors: { readonly zendeskSecret: string | null; readonly freshdeskSecret: string | null }
  readonly worker: { readonly enabled: boolean; readonly lockTimeoutMs: number }
}

function invalid(field: string, reason: string): UserError {
  return new UserError('PATRON_E_CONFIG_INVALID', `Invalid configuration: ${field} ${reason}`, [
    { field, reason },
  ])
}

/** A channel's URL must name an allowed host: checked at start-up, so a typo fails now, not at 3 a.m. */
function allowedUrl(
  field: string,
  url: string | undefined,
  allowlist: readonly string[],
): string | undefined {
  if (url === undefined) return undefined
  try {
    assertAllowedUrl(url, allowlist)
  } catch (e) {
    throw invalid(field, `${(e as Error).message} (PATRON_OUTBOUND_ALLOWLIST is '${allowlist.join(',')}')`)
  }
  return url
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable means "not set", as it does in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = validate(envSchema, present)
  if (!parsed.ok) {
    const issues = parsed.issues
    throw new UserError(
      'PATRON_E_CONFIG_INVALID',
      `Invalid configuration: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`,
      issues,
    )
  }
  const e = parsed.value
  const allowlist = e.PATRON_OUTBOUND_ALLOWLIST.split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '')
  const webhookUrl = allowedUrl('PATRON_WEBHOOK_URL', e.PATRON_WEBHOOK_URL, allowlist)
  if (webhookUrl && !e.PATRON_WEBHOOK_SECRET)
    throw invalid('PATRON_WEBHOOK_SECRET', 'is required when PATRON_WEBHOOK_URL is set')
  const slackUrl = allowedUrl('PATRON_SLACK_WEBHOOK_URL', e.PATRON_SLACK_WEBHOOK_URL, allowlist)
  if (e.PATRON_SMTP_URL) {
    const host = new URL(e.PATRON_SMTP_URL).hostname
    try {
      assertAllowedHost(host, allowlist)
    } catch (err) {
      throw invalid(
        'PATRON_SMTP_URL',
        `${(err as Error).message} (PATRON_OUTBOUND_ALLOWLIST is '${allowlist.join(',')}')`,
      )
    }
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.PATRON_DB_POOL_SIZE }
      : { kind: 'pglite' as const, dataDir: e.PATRON_DATA_DIR },
    policyPath: e.PATRON_POLICY,
    logLevel: e.PATRON_LOG_LEVEL,
    apiToken: e.PATRON_API_TOKEN ?? null,
    channels: {
      email: e.PATRON_SMTP_URL ? { smtpUrl: e.PATRON_SMTP_URL, from: e.PATRON_SMTP_FROM } : null,
      webhook:
        webhookUrl && e.PATRON_WEBHOOK_SECRET ? { url: webhookUrl, secret: e.PATRON_WEBHOOK_SECRET } : null,
      slack: slackUrl ? { url: slackUrl } : null,
      allowlist,
    },
    connectors: {
      zendeskSecret: e.PATRON_ZENDESK_WEBHOOK_SECRET ?? null,
      freshdeskSecret: e.PATRON_FRESHDESK_WEBHOOK_SECRET ?? null,
    },
    worker: { enabled: e.PATRON_WORKER === 'on', lockTimeoutMs: e.PATRON_WORKER_LOCK_TIMEOUT_MS },
  })
}
