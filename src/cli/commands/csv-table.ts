/**
 * @module Reads a labelled CSV file (header line, then rows) into a `Table` for the ML commands, with
 * each row's line number and exact source text, so messages can point at a line and a split can copy
 * rows byte for byte.
 */
import { readFile } from 'node:fs/promises'
import { CsvError, parse } from 'csv-parse/sync'
import { UserError } from '../../core/errors.js'
import type { Table } from '../../core/ml/tabular.js'

export interface CsvTable extends Table {
  readonly lines: readonly number[]
  /** The header line and each row as written (without skipped blank lines), each ending in a newline. */
  readonly headerText: string
  readonly rowTexts: readonly string[]
}

/** Blank lines csv-parse skipped before a record are part of its raw text; they are not the record's. */
function withoutLeadingBlankLines(raw: string): string {
  return raw.replace(/^(\r?\n)+/, '')
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}

/** `option` names where the path came from (`--train`), for messages. */
export async function readCsvTable(path: string, option: string): Promise<CsvTable> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new UserError('PATRON_E_VALIDATION', `cannot read ${path}: ${(e as Error).message}`, [
      { field: option, reason: `cannot read ${path}` },
    ])
  }
  if (text.trim() === '')
    throw new UserError('PATRON_E_VALIDATION', `${path} is empty`, [
      { field: option, reason: `${path} is empty: expected a header line and rows` },
    ])
  let records: { record: string[]; raw: string; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
    }) as unknown as typeof records
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines
      throw new UserError('PATRON_E_VALIDATION', `${path} is not valid CSV: ${e.message}`, [
        { field: option, reason: `not valid CSV: ${e.message}`, ...(line ? { line } : {}) },
      ])
    }
    throw e
  }
  const [header, ...body] = records
  if (!header)
    throw new UserError('PATRON_E_VALIDATION', `${path} is empty`, [
      { field: option, reason: `${path} is empty` },
    ])
  const columns = header.record.map((c) => c.trim())
  const seen = new Set<string>()
  columns.forEach((c, i) => {
    const problem =
      c === '' ? `column ${i + 1} has no name` : seen.has(c) ? `column '${c}' appears twice` : null
    if (problem)
      throw new UserError('PATRON_E_VALIDATION', `${path}: the header is not usable`, [
        { field: option, line: 1, reason: problem },
      ])
    seen.add(c)
  })
  const rows: Record<string, string>[] = []
  const lines: number[] = []
  const rowTexts: string[] = []
  for (const { record, raw, info } of body) {
    const own = withoutLeadingBlankLines(raw)
    // info.lines is where the record ends; a quoted field may have carried it over several lines.
    const inner = (own.replace(/\r?\n$/, '').match(/\n/g) ?? []).length
    lines.push(info.lines - inner)
    rowTexts.push(withNewline(own))
    const row: Record<string, string> = {}
    columns.forEach((c, i) => {
      row[c] = record[i] ?? ''
    })
    rows.push(row)
  }
  return { columns, rows, lines, headerText: withNewline(withoutLeadingBlankLines(header.raw)), rowTexts }
}
