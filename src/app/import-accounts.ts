/**
 * @module Bulk import of accounts (and their latest usage and billing observation) from CSV, streamed:
 * memory stays flat whatever the file's size, rows are written in batches inside one transaction.
 *
 * Every bad row is reported with its line number, its column and the reason. `mode` says what happens
 * then: `all` (the default) imports nothing unless every row is good; `valid` imports the good rows.
 * A file over the size limit is refused whole in either mode. Nothing already stored is lost: a row
 * replaces its account's fields but leaves its contacts, tickets and history alone.
 */
import { pipeline, type Readable, Transform } from 'node:stream'
import { parse } from 'csv-parse'
import { z } from 'zod'
import type { MetricsSnapshot } from '../core/accounts/activity.js'
import { UserError } from '../core/errors.js'
import type { AccountFields } from '../store/store.js'
import { assessJob } from './assess-account.js'
import type { AppDeps } from './deps.js'
import { accountBody, accountExternalId, accountFields } from './input-schemas.js'

export const IMPORT_MODES = ['all', 'valid'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

export const REQUIRED_COLUMNS = ['id', 'name', 'arr'] as const
export const OPTIONAL_COLUMNS = [
  'currency',
  'plan',
  'contract_start',
  'renewal_date',
  'timezone',
  'domains',
  'csm_name',
  'csm_email',
  'ae_name',
  'ae_email',
  'expansion_pipeline',
  'tags',
  'observed_on',
  'logins_30d',
  'logins_prev_30d',
  'active_seats',
  'licensed_seats',
  'features_used',
  'features_available',
  'failed_payments_90d',
  'downgrade_requested',
  'nps',
] as const
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS])

/** Larger files are refused whole. @default 1 GiB */
export const DEFAULT_MAX_BYTES = 1024 ** 3
const BATCH = 500
/** Past this many bad rows, the rest are counted but not listed. */
const MAX_LISTED_ERRORS = 1000

export interface RowError {
  readonly line: number
  readonly column: string | null
  readonly reason: string
}

export interface ImportReport {
  readonly mode: ImportMode
  readonly rows: number
  readonly imported: number
  readonly created: number
  readonly updated: number
  readonly rejected: number
  /** True when the transaction committed (always, in `valid` mode, unless the file itself was refused). */
  readonly committed: boolean
  readonly errors: readonly RowError[]
}

export interface ImportOptions {
  readonly mode?: ImportMode
  readonly maxBytes?: number
  /** Called every batch with the bytes read so far (the CLI's progress bar). */
  readonly onProgress?: (p: { readonly bytes: number; readonly rows: number }) => void
}

const count = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number ≥ 0')
  .transform(Number)
const metricsRow = z.strictObject({
  observed_on: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date, YYYY-MM-DD')
    .refine(
      (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
      'is not a real calendar date',
    )
    .optional(),
  logins_30d: count.optional(),
  logins_prev_30d: count.optional(),
  active_seats: count.optional(),
  licensed_seats: count.optional(),
  features_used: count.optional(),
  features_available: count.optional(),
  failed_payments_90d: count.optional(),
  downgrade_requested: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['yes', 'no', 'true', 'false', '1', '0'], { error: 'must be yes or no' }))
    .transform((s) => s === 'yes' || s === 'true' || s === '1')
    .optional(),
  nps: count.pipe(z.number().max(10, 'must be 0–10')).optional(),
})
const METRIC_COLUMNS = new Set(Object.keys(metricsRow.shape).filter((k) => k !== 'observed_on'))

const list = (s: string | undefined) => (s ? s.split(/[;\s]+/).filter((x) => x.length > 0) : undefined)

/** Field path of the API body → CSV column, for error messages. */
const COLUMN_OF: Record<string, string> = {
  renewalDate: 'renewal_date',
  contractStart: 'contract_start',
  expansionPipeline: 'expansion_pipeline',
  'csm.name': 'csm_name',
  'csm.email': 'csm_email',
  'accountExecutive.name': 'ae_name',
  'accountExecutive.email': 'ae_email',
}

function columnFor(path: readonly PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.')
  return COLUMN_OF[key] ?? String(path[0] ?? '')
}

interface GoodRow {
  readonly fields: AccountFields
  readonly metrics: MetricsSnapshot | null
}

/** One CSV record → account fields and its observation, or the reasons it is bad. */
export function readRow(
  record: Record<string, string>,
  line: number,
  defaults: { readonly currency: string; readonly today: string },
): GoodRow | RowError[] {
  const v = (k: string) => {
    const s = record[k]?.trim()
    return s === undefined || s === '' ? undefined : s
  }
  const errors: RowError[] = []
  for (const column of REQUIRED_COLUMNS)
    if (v(column) === undefined) errors.push({ line, column, reason: 'is required' })
  const id = accountExternalId.safeParse(v('id') ?? '')
  if (v('id') !== undefined && !id.success)
    errors.push({ line, column: 'id', reason: id.error.issues[0]?.message ?? 'is not a valid id' })
  const arr = v('arr')
  if (arr?.startsWith('-')) errors.push({ line, column: 'arr', reason: 'must not be negative' })

  const person = (name: string | undefined, email: string | undefined) =>
    name === undefined && email === undefined ? undefined : { name: name ?? '', email: email ?? '' }
  const body = accountBody.safeParse({
    name: v('name') ?? '',
    arr: arr ?? '0',
    currency: v('currency') ?? defaults.currency,
    plan: v('plan') ?? 'unspecified',
    renewalDate: v('renewal_date'),
    contractStart: v('contract_start'),
    timezone: v('timezone') ?? 'UTC',
    domains: list(v('domains')),
    csm: person(v('csm_name'), v('csm_email')),
    accountExecutive: person(v('ae_name'), v('ae_email')),
    expansionPipeline: v('expansion_pipeline'),
    tags: list(v('tags')),
  })
  if (!body.success) {
    for (const issue of body.error.issues) {
      const column = columnFor(issue.path)
      // Missing required values were reported once above; a negative ARR once, in plain words.
      if (errors.some((e) => e.column === column)) continue
      errors.push({ line, column, reason: issue.message })
    }
  }
  const metricInput = Object.fromEntries(
    [...METRIC_COLUMNS, 'observed_on'].flatMap((k) => (v(k) === undefined ? [] : [[k, v(k)]])),
  )
  const m = metricsRow.safeParse(metricInput)
  if (!m.success) {
    for (const issue of m.error.issues)
      errors.push({ line, column: String(issue.path[0] ?? ''), reason: issue.message })
  }
  if (errors.length > 0 || !body.success || !m.success || !id.success) return errors
  const hasMetrics = Object.keys(metricInput).some((k) => METRIC_COLUMNS.has(k))
  const n = (k: keyof typeof m.data) => (m.data[k] === undefined ? null : (m.data[k] as number))
  return {
    // The same mapping as the API; the CSV carries no contacts (upsertMany leaves them alone).
    fields: accountFields(id.data, body.data),
    metrics: hasMetrics
      ? {
          observedOn: m.data.observed_on ?? defaults.today,
          logins30d: n('logins_30d'),
          loginsPrev30d: n('logins_prev_30d'),
          activeSeats: n('active_seats'),
          licensedSeats: n('licensed_seats'),
          featuresUsed: n('features_used'),
          featuresAvailable: n('features_available'),
          failedPayments90d: n('failed_payments_90d'),
          downgradeRequested: m.data.downgrade_requested ?? null,
          nps: n('nps'),
        }
      : null,
  }
}

class Rollback extends Error {}
class TooLarge extends Error {}

export async function importAccounts(
  deps: AppDeps,
  input: Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const mode = options.mode ?? 'all'
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const now = deps.now()
  const defaults = { currency: deps.policy.current().currency, today: now.toISOString().slice(0, 10) }
  const errors: RowError[] = []
  let rejected = 0
  let rows = 0
  let created = 0
  let updated = 0
  let bytes = 0
  const reject = (e: RowError[]) => {
    rejected++
    for (const x of e) if (errors.length < MAX_LISTED_ERRORS) errors.push(x)
  }

  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase())
      const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c))
      const unknown = names.filter((h) => !KNOWN.has(h))
      const issues = [
        ...missing.map((c) => ({
          field: c,
          reason: 'is a required column and is missing from the header (line 1)',
        })),
        ...unknown.map((c) => ({
          field: c,
          reason: `is not a known column; expected some of ${[...KNOWN].join(', ')}`,
        })),
      ]
      if (issues.length > 0)
        throw new UserError('PATRON_E_VALIDATION', 'the CSV header is not usable', issues)
      return names
    },
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  })
  parser.on('skip', (e: Error & { lines?: number }) => {
    rows++
    reject([{ line: e.lines ?? 0, column: null, reason: e.message }])
  })
  // Counts bytes on the way in and stops the stream at the limit: the parse then fails with TooLarge.
  const counter = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      if (bytes > maxBytes) done(new TooLarge())
      else done(null, chunk)
    },
  })
  // Errors reach the loop below through the parser, which pipeline destroys with them.
  pipeline(input, counter, parser, () => {})

  const seen = new Map<string, number>()
  let committed = false
  try {
    await deps.store.transaction(async (tx) => {
      let batch: GoodRow[] = []
      const flush = async () => {
        if (batch.length === 0) return
        if (mode === 'valid' || rejected === 0) {
          const result = await tx.accounts.upsertMany(
            batch.map((r) => r.fields),
            now,
            deps.newId,
          )
          created += result.filter((r) => r.created).length
          updated += result.filter((r) => !r.created).length
          const idOf = new Map(result.map((r) => [r.externalId, r.id]))
          const metrics = batch.flatMap((r) => {
            const accountId = idOf.get(r.fields.externalId)
            return r.metrics && accountId ? [{ accountId, snapshot: r.metrics }] : []
          })
          await tx.activity.addMetricsMany(metrics)
          await tx.jobs.schedule(
            result.map((r) => assessJob(r.id, now.toISOString())),
            now,
          )
        }
        batch = []
        options.onProgress?.({ bytes, rows })
      }
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>
        info: { lines: number }
      }>) {
        rows++
        const line = info.lines
        const row = readRow(record, line, defaults)
        if (Array.isArray(row)) {
          reject(row)
          continue
        }
        const first = seen.get(row.fields.externalId)
        if (first !== undefined) {
          reject([{ line, column: 'id', reason: `duplicates the account on line ${first}` }])
          continue
        }
        seen.set(row.fields.externalId, line)
        batch.push(row)
        if (batch.length >= BATCH) await flush()
      }
      await flush()
      if (mode === 'all' && rejected > 0) throw new Rollback()
    })
    committed = true
  } catch (e) {
    if (e instanceof TooLarge) {
      throw new UserError(
        'PATRON_E_PAYLOAD_TOO_LARGE',
        'the file is larger than the import limit; nothing was imported',
        [{ field: 'file', reason: `is over ${maxBytes} bytes; split it, or raise the limit` }],
      )
    }
    if (!(e instanceof Rollback)) throw e
  }
  const imported = committed ? created + updated : 0
  deps.log.info({ mode, rows, imported, rejected, committed }, 'accounts imported')
  return {
    mode,
    rows,
    imported,
    created: committed ? created : 0,
    updated: committed ? updated : 0,
    rejected,
    committed,
    errors,
  }
}
