/**
 * @module `patron export churn-features --labels FILE --out FILE`: the training rows for a churn model
 * from the accounts in the database, for `patron train churn`.
 */
import { writeFile } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'
import type { AppDeps } from '../../app/deps.js'
import { type ExportColumns, exportChurnFeatures } from '../../app/export-churn-features.js'
import { UserError } from '../../core/errors.js'
import { EXIT } from '../output.js'
import { readCsvTable } from './csv-table.js'

export async function exportChurnFeaturesCommand(
  deps: AppDeps,
  options: { readonly labels: string; readonly out: string; readonly columns: ExportColumns },
): Promise<number> {
  const labels = await readCsvTable(options.labels, '--labels')
  const exported = await exportChurnFeatures(deps, labels, options.columns)
  const text = stringify([exported.columns as string[], ...(exported.rows as string[][])])
  try {
    await writeFile(options.out, text)
  } catch (e) {
    throw new UserError('PATRON_E_VALIDATION', `cannot write ${options.out}: ${(e as Error).message}`, [
      { field: '--out', reason: `cannot write ${options.out}` },
    ])
  }
  process.stdout.write(
    `wrote ${exported.rows.length} rows to ${options.out}; train with:\n` +
      `  patron train churn --data ${options.out} --label ${options.columns.label} --id account --id as_of --out churn-model.json\n` +
      `then name the model in the policy: churnRisk: { modelFile: churn-model.json }\n`,
  )
  return EXIT.ok
}
