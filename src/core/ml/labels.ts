/**
 * @module The label column of a labelled table: present, never blank, with the classes a model needs,
 * and (for a file scored against a trained model) no class the model was not trained on.
 */
import { type FieldIssue, UserError } from '../errors.js'
import { lineOf, type Table } from './tabular.js'

const MAX_ISSUES = 20

function quoteList(values: readonly string[]): string {
  const shown = values.slice(0, 8).map((v) => `'${v}'`)
  return values.length > 8 ? `${shown.join(', ')} … (${values.length} in all)` : shown.join(', ')
}

/** Throws naming the column when the table has no such column. */
export function requireColumn(table: Table, column: string, role: string): void {
  if (!table.columns.includes(column))
    throw new UserError('PATRON_E_VALIDATION', `the ${role} column '${column}' is not in the file`, [
      { field: column, reason: `is not a column of the file (columns: ${quoteList(table.columns)})` },
    ])
}

/** Every row's label, trimmed; blank labels are refused with their lines. */
export function readLabels(table: Table, column: string): string[] {
  requireColumn(table, column, 'label')
  const issues: FieldIssue[] = []
  const labels = table.rows.map((row, i) => {
    const v = (row[column] ?? '').trim()
    if (v === '' && issues.length < MAX_ISSUES)
      issues.push({ field: column, line: lineOf(table, i), reason: 'the label is blank' })
    return v
  })
  if (issues.length > 0)
    throw new UserError('PATRON_E_VALIDATION', `some rows have no '${column}' label`, issues)
  return labels
}

/** The distinct labels, sorted; at least two, or a message saying why a model cannot be trained. */
export function classesOf(labels: readonly string[], column: string): string[] {
  const classes = [...new Set(labels)].sort()
  if (classes.length === 0)
    throw new UserError('PATRON_E_VALIDATION', 'the file has no rows to learn from', [
      { field: column, reason: 'has no values: the file has a header but no rows' },
    ])
  if (classes.length === 1)
    throw new UserError(
      'PATRON_E_VALIDATION',
      `the label column '${column}' has only one class ('${classes[0]}'); a model needs examples of both`,
      [{ field: column, reason: `has only one class ('${classes[0]}'); a model needs examples of both` }],
    )
  return classes
}

/** Values read as "this is the positive outcome" when the user does not say which one is. */
const POSITIVE_WORDS = new Set(['yes', 'y', 'true', '1', 'churn', 'churned', 'positive', 'pos'])

/** The positive and negative class of a two-class label, and each row as positive or not. */
export function binaryLabels(
  table: Table,
  column: string,
  positive?: string,
): { positive: string; negative: string; y: boolean[] } {
  const labels = readLabels(table, column)
  const classes = classesOf(labels, column)
  if (classes.length > 2)
    throw new UserError(
      'PATRON_E_VALIDATION',
      `the label column '${column}' has ${classes.length} classes; this model needs two`,
      [
        {
          field: column,
          reason: `has ${classes.length} classes (${quoteList(classes)}); a yes/no label is needed`,
        },
      ],
    )
  let chosen = positive
  if (chosen === undefined) {
    const guesses = classes.filter((c) => POSITIVE_WORDS.has(c.toLowerCase()))
    if (guesses.length !== 1)
      throw new UserError(
        'PATRON_E_VALIDATION',
        `cannot tell which value of '${column}' is the positive class`,
        [{ field: column, reason: `name the positive class among ${quoteList(classes)} (--positive VALUE)` }],
      )
    chosen = guesses[0] as string
  } else if (!classes.includes(chosen)) {
    throw new UserError('PATRON_E_VALIDATION', `'${chosen}' is not a value of '${column}'`, [
      { field: column, reason: `has no value '${chosen}' (values: ${quoteList(classes)})` },
    ])
  }
  const negative = classes.find((c) => c !== chosen) as string
  return { positive: chosen, negative, y: labels.map((l) => l === chosen) }
}

/**
 * The labels of a file scored against a model trained on `known` classes; a value outside them is
 * refused with its line, since no figure computed over it would mean anything.
 */
export function knownLabels(table: Table, column: string, known: readonly string[]): string[] {
  const labels = readLabels(table, column)
  const allowed = new Set(known)
  const issues: FieldIssue[] = []
  labels.forEach((l, i) => {
    if (!allowed.has(l) && issues.length < MAX_ISSUES)
      issues.push({
        field: column,
        line: lineOf(table, i),
        reason: `'${l}' is not one of the trained classes ${quoteList(known)}`,
      })
  })
  if (issues.length > 0)
    throw new UserError('PATRON_E_VALIDATION', `some '${column}' labels are unknown to the model`, issues)
  return labels
}
