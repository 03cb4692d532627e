/**
 * @module `patron eval split FILE --out-dir DIR`: a seeded, stratified train/test split of a labelled
 * CSV, for checking a model on data it has not seen when only one file is public. Rows are copied
 * exactly as written (quoting, line endings), so the two files are the original's rows, partitioned.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { UserError } from '../../core/errors.js'
import { classesOf, readLabels } from '../../core/ml/labels.js'
import { createRng } from '../../core/ml/prng.js'
import { stratifiedSplit } from '../../core/ml/split.js'
import { EXIT, UsageError } from '../output.js'
import { readCsvTable } from './csv-table.js'

/** The label columns of the public data sets, tried in order when `--label` is not given. */
const KNOWN_LABELS = ['Churn', 'label', 'Ticket Priority'] as const

export interface SplitOptions {
  readonly file: string
  readonly outDir: string
  readonly testFraction: number
  readonly seed: number
  readonly label?: string
}

export async function evalSplit(options: SplitOptions): Promise<number> {
  const table = await readCsvTable(options.file, 'FILE')
  const label = options.label ?? KNOWN_LABELS.find((c) => table.columns.includes(c))
  if (label === undefined)
    throw new UsageError(`cannot tell the label column of ${options.file}; pass --label COLUMN`)
  const labels = readLabels(table, label)
  classesOf(labels, label)
  const { train, test } = stratifiedSplit(labels, options.testFraction, createRng(options.seed))
  if (train.length === 0 || test.length === 0)
    throw new UserError('PATRON_E_VALIDATION', `${options.file} is too small to split`, [
      { field: '--test-fraction', reason: `leaves ${train.length} training and ${test.length} test rows` },
    ])
  const name = basename(options.file, extname(options.file))
  const paths = {
    train: join(options.outDir, `${name}.train.csv`),
    test: join(options.outDir, `${name}.test.csv`),
  }
  try {
    await mkdir(options.outDir, { recursive: true })
    for (const [part, rows] of [
      ['train', train],
      ['test', test],
    ] as const) {
      await writeFile(paths[part], table.headerText + rows.map((i) => table.rowTexts[i]).join(''))
    }
  } catch (e) {
    throw new UserError('PATRON_E_VALIDATION', `cannot write to ${options.outDir}: ${(e as Error).message}`, [
      { field: '--out-dir', reason: `cannot write to ${options.outDir}` },
    ])
  }
  process.stdout.write(
    `${paths.train}: ${train.length} rows\n${paths.test}: ${test.length} rows\n` +
      `stratified on '${label}', test fraction ${options.testFraction}, seed ${options.seed}\n`,
  )
  return EXIT.ok
}
