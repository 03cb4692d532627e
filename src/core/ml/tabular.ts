/**
 * @module Labelled tables → numeric feature vectors, for models trained on a user's own CSV.
 *
 * Column kinds are inferred from the training rows: a column is **numeric** when nearly all of its
 * non-blank values are numbers (so one stray "abc" is reported at its line rather than silently
 * turning the column into categories), otherwise **categorical** (one-hot, one column per level).
 * Blank numbers are filled with the training median and flagged by a "missing" feature, so a model
 * can learn what a blank means (in the telco data, `TotalCharges` is " " for customers in their first
 * month). A non-negative numeric column with more than two values also gets a log feature: effects
 * such as tenure's flatten out over time, and CV on the telco data preferred it (ROC-AUC 0.841 → 0.846).
 * Every feature is standardised, so a weight × value is a contribution relative to the average row.
 */
import { type FieldIssue, UserError } from '../errors.js'

/** Rows keyed by column name, as read from a CSV with a header. */
export interface Table {
  readonly columns: readonly string[]
  readonly rows: readonly Readonly<Record<string, string>>[]
  /** 1-based line of each row in its file, for messages. @default row i is on line i + 2 (after the header) */
  readonly lines?: readonly number[]
}

export interface NumericColumn {
  readonly name: string
  readonly kind: 'numeric'
  /** Training median, used for blanks. */
  readonly median: number
  readonly mean: number
  readonly sd: number
  /** A blank was seen in training: the column has a "missing" feature. */
  readonly missingFeature: { readonly mean: number; readonly sd: number } | null
  /** log(1 + max(x, 0)) feature, for non-negative columns with more than two values. */
  readonly logFeature: { readonly mean: number; readonly sd: number } | null
}

export interface CategoricalColumn {
  readonly name: string
  readonly kind: 'categorical'
  /** Levels seen in training with each one-hot feature's mean and sd; a blank is the level "". */
  readonly levels: readonly { readonly value: string; readonly mean: number; readonly sd: number }[]
}

export type ColumnSpec = NumericColumn | CategoricalColumn

export interface Encoding {
  readonly columns: readonly ColumnSpec[]
  /** Columns left out and why (identifiers, constants). */
  readonly skipped: readonly { readonly column: string; readonly reason: string }[]
}

/** A number as people write them in CSVs: optional sign, decimals, exponent; nothing else. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

export function parseNumber(text: string): number | null {
  const t = text.trim()
  return NUMBER.test(t) ? Number(t) : null
}

/** Share of non-blank values that must be numbers for a column to count as numeric. */
const NUMERIC_SHARE = 0.95

export function lineOf(table: Table, row: number): number {
  return table.lines?.[row] ?? row + 2
}

/** Issues stop after this many: a wholly wrong file should not print ten thousand lines. */
const MAX_ISSUES = 20

function standardise(values: Float64Array): { mean: number; sd: number } {
  let mean = 0
  for (const v of values) mean += v
  mean /= values.length
  let ss = 0
  for (const v of values) ss += (v - mean) ** 2
  // A constant feature keeps sd 1 so it encodes as 0 everywhere instead of dividing by zero.
  const sd = Math.sqrt(ss / values.length)
  return { mean, sd: sd > 1e-12 ? sd : 1 }
}

function median(sorted: Float64Array): number {
  const n = sorted.length
  if (n === 0) return 0
  return n % 2
    ? (sorted[(n - 1) >> 1] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2
}

export interface InferOptions {
  /** Columns that are not features: the label, identifiers. */
  readonly exclude: readonly string[]
  /** Columns to treat as categorical even when their values are numbers (codes, zip codes). */
  readonly categorical?: readonly string[]
}

/**
 * Infers each feature column's kind and fits its encoding on `table`. Throws a `UserError` listing
 * every non-number in a numeric column with its line.
 */
export function fitEncoding(table: Table, options: InferOptions): Encoding {
  const excluded = new Set(options.exclude)
  const forcedCategorical = new Set(options.categorical ?? [])
  const columns: ColumnSpec[] = []
  const skipped: { column: string; reason: string }[] = []
  const issues: FieldIssue[] = []
  const n = table.rows.length
  for (const name of table.columns) {
    if (excluded.has(name)) continue
    const raw = table.rows.map((r) => r[name] ?? '')
    const nonBlank = raw.filter((v) => v.trim() !== '')
    const numbers = nonBlank.filter((v) => parseNumber(v) !== null).length
    const numeric =
      !forcedCategorical.has(name) && nonBlank.length > 0 && numbers >= NUMERIC_SHARE * nonBlank.length
    if (numeric) {
      const values = new Float64Array(n)
      const present: number[] = []
      let blanks = 0
      raw.forEach((v, i) => {
        if (v.trim() === '') {
          blanks++
          values[i] = Number.NaN
          return
        }
        const x = parseNumber(v)
        if (x === null) {
          if (issues.length < MAX_ISSUES)
            issues.push({
              field: name,
              line: lineOf(table, i),
              reason: `'${v}' is not a number (the column is numeric: ${numbers} of ${nonBlank.length} values are numbers)`,
            })
          values[i] = Number.NaN
          return
        }
        values[i] = x
        present.push(x)
      })
      const sorted = Float64Array.from(present).sort()
      const fill = median(sorted)
      const filled = values.map((v) => (Number.isNaN(v) ? fill : v))
      const distinct = new Set(present).size
      if (distinct <= 1 && blanks === 0) {
        skipped.push({ column: name, reason: `has a single value (${present[0] ?? ''})` })
        continue
      }
      const { mean, sd } = standardise(filled)
      const missingFeature = blanks > 0 ? standardise(values.map((v) => (Number.isNaN(v) ? 1 : 0))) : null
      const logFeature =
        (sorted[0] ?? 0) >= 0 && distinct > 2
          ? standardise(filled.map((v) => Math.log1p(Math.max(v, 0))))
          : null
      columns.push({ name, kind: 'numeric', median: fill, mean, sd, missingFeature, logFeature })
      continue
    }
    const counts = new Map<string, number>()
    for (const v of raw) counts.set(v.trim(), (counts.get(v.trim()) ?? 0) + 1)
    if (counts.size <= 1) {
      skipped.push({ column: name, reason: `has a single value ('${raw[0]?.trim() ?? ''}')` })
      continue
    }
    // An identifier (a distinct value on most rows) can only be memorised, never generalised.
    if (counts.size > 20 && counts.size > 0.5 * n) {
      skipped.push({
        column: name,
        reason: `looks like an identifier (${counts.size} distinct values in ${n} rows); name it as an id column to silence this`,
      })
      continue
    }
    const levels = [...counts.keys()].sort().map((value) => {
      const share = (counts.get(value) as number) / n
      return { value, mean: share, sd: Math.sqrt(share * (1 - share)) || 1 }
    })
    columns.push({ name, kind: 'categorical', levels })
  }
  if (issues.length > 0)
    throw new UserError('PATRON_E_VALIDATION', 'some values in numeric columns are not numbers', issues)
  return { columns, skipped }
}

/** One feature of the encoded vector, named for people, with the column it came from. */
export interface FeatureName {
  readonly name: string
  readonly column: number
}

export function featureNames(encoding: Encoding): FeatureName[] {
  const out: FeatureName[] = []
  encoding.columns.forEach((spec, column) => {
    if (spec.kind === 'numeric') {
      out.push({ name: spec.name, column })
      if (spec.logFeature) out.push({ name: `log(1 + ${spec.name})`, column })
      if (spec.missingFeature) out.push({ name: `${spec.name} is blank`, column })
    } else {
      for (const level of spec.levels) out.push({ name: `${spec.name} = '${level.value}'`, column })
    }
  })
  return out
}

/**
 * Encodes one row into `out` (length = number of features). A problem (a non-number in a numeric
 * column, a missing column) is pushed to `issues` with the row's line, and the row encodes as average.
 */
export function encodeRow(
  encoding: Encoding,
  row: Readonly<Record<string, string>>,
  out: Float64Array,
  issues: FieldIssue[],
  line?: number,
): void {
  let k = 0
  const where = line === undefined ? {} : { line }
  for (const spec of encoding.columns) {
    const text = row[spec.name]
    if (text === undefined) issues.push({ field: spec.name, reason: 'is missing from the row', ...where })
    const v = (text ?? '').trim()
    if (spec.kind === 'numeric') {
      let x = spec.median
      let blank = 0
      if (v === '') blank = 1
      else {
        const parsed = parseNumber(v)
        if (parsed === null) issues.push({ field: spec.name, reason: `'${text}' is not a number`, ...where })
        else x = parsed
      }
      out[k++] = (x - spec.mean) / spec.sd
      if (spec.logFeature) out[k++] = (Math.log1p(Math.max(x, 0)) - spec.logFeature.mean) / spec.logFeature.sd
      if (spec.missingFeature) out[k++] = (blank - spec.missingFeature.mean) / spec.missingFeature.sd
    } else {
      for (const level of spec.levels) out[k++] = ((level.value === v ? 1 : 0) - level.mean) / level.sd
    }
  }
}

export function featureCount(encoding: Encoding): number {
  let d = 0
  for (const spec of encoding.columns)
    d +=
      spec.kind === 'numeric'
        ? 1 + (spec.logFeature ? 1 : 0) + (spec.missingFeature ? 1 : 0)
        : spec.levels.length
  return d
}
