/**
 * @module Training rows for a churn model from the user's own history: for each labelled account (an
 * account id, whether it churned, and optionally the date to read it as of), the row `churnRowAt` makes
 * from what was stored about the account by then. `patron train churn` learns from these rows and
 * `churnRisk.modelFile` puts the model to work.
 */

import { DateTime } from 'luxon'
import { churnRowAt } from '../core/accounts/assess-account.js'
import { CHURN_FEATURE_NAMES } from '../core/accounts/churn-features.js'
import { type FieldIssue, UserError } from '../core/errors.js'
import { requireColumn } from '../core/ml/labels.js'
import { lineOf, type Table } from '../core/ml/tabular.js'
import { activitySince } from './assess-account.js'
import type { AppDeps } from './deps.js'

export interface ExportColumns {
  /** The account's external id. @default account */
  readonly account: string
  /** Whether it churned, in any two values. @default churned */
  readonly label: string
  /** The date to read the account as of (ISO date or date-time); blank or absent means now. @default as_of */
  readonly asOf: string
}

export const DEFAULT_EXPORT_COLUMNS: ExportColumns = { account: 'account', label: 'churned', asOf: 'as_of' }

export interface FeatureExport {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

/** Issues stop after this many: a wholly wrong file should not print ten thousand lines. */
const MAX_ISSUES = 20

/** Reads an as-of value; a date alone means the end of that day in UTC, when the day's activity is in. */
function parseAsOf(text: string): number | null {
  const t = text.trim()
  const dt = DateTime.fromISO(t, { zone: 'utc' })
  if (!dt.isValid) return null
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? dt.endOf('day').toMillis() : dt.toMillis()
}

/**
 * One feature row per labelled row, in the labels' order: `account`, `as_of`, every feature column, then
 * the label. Refuses the whole file, naming each bad line, if any row names an unknown account, has no
 * label, a bad or future date, or repeats an (account, date) pair.
 */
export async function exportChurnFeatures(
  deps: AppDeps,
  labels: Table,
  columns: ExportColumns = DEFAULT_EXPORT_COLUMNS,
): Promise<FeatureExport> {
  requireColumn(labels, columns.account, 'account')
  requireColumn(labels, columns.label, 'label')
  const policy = deps.policy.current()
  const nowMs = deps.now().getTime()
  const issues: FieldIssue[] = []
  const seen = new Set<string>()
  const out: string[][] = []
  for (let i = 0; i < labels.rows.length && issues.length < MAX_ISSUES; i++) {
    const row = labels.rows[i] as Readonly<Record<string, string>>
    const line = lineOf(labels, i)
    const id = (row[columns.account] ?? '').trim()
    const label = (row[columns.label] ?? '').trim()
    const asOfText = (row[columns.asOf] ?? '').trim()
    if (label === '') {
      issues.push({ field: columns.label, reason: 'is blank', line })
      continue
    }
    const atMs = asOfText === '' ? nowMs : parseAsOf(asOfText)
    if (atMs === null) {
      issues.push({ field: columns.asOf, reason: `'${asOfText}' is not an ISO date or date-time`, line })
      continue
    }
    if (atMs > nowMs && asOfText !== '') {
      issues.push({ field: columns.asOf, reason: `${asOfText} is in the future`, line })
      continue
    }
    const key = `${id}\u0000${atMs}`
    if (seen.has(key)) {
      issues.push({ field: columns.account, reason: `'${id}' is listed twice for the same date`, line })
      continue
    }
    seen.add(key)
    const account = id === '' ? null : await deps.store.accounts.getByExternalId(id)
    if (!account) {
      issues.push({ field: columns.account, reason: id === '' ? 'is blank' : `no account '${id}'`, line })
      continue
    }
    const activity = await deps.store.activity.load(account.id, activitySince(policy, atMs))
    const features = churnRowAt(account, activity, policy, atMs)
    out.push([
      account.externalId,
      asOfText === '' ? new Date(nowMs).toISOString() : asOfText,
      ...CHURN_FEATURE_NAMES.map((f) => features[f]),
      label,
    ])
  }
  if (issues.length > 0)
    throw new UserError('PATRON_E_VALIDATION', `${issues.length} labelled row(s) cannot be exported`, issues)
  return { columns: ['account', 'as_of', ...CHURN_FEATURE_NAMES, columns.label], rows: out }
}
