/**
 * @module Environment → validated, defaulted, frozen configuration. Nothing reads `process.env` after this.
 *
 * A bad value stops start-up with a message that names the variable and says what it should be.
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { UserError } from './core/errors.js'
import { validate } from './core/field-issues.js'

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
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.PATRON_DB_POOL_SIZE }
      : { kind: 'pglite' as const, dataDir: e.PATRON_DATA_DIR },
    policyPath: e.PATRON_POLICY,
    logLevel: e.PATRON_LOG_LEVEL,
    apiToken: e.PATRON_API_TOKEN ?? null,
  })
}
