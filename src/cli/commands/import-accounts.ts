/**
 * @module `patron import accounts FILE [--mode all|valid]`: stream a CSV of accounts into the database,
 * with a progress bar on a terminal, and every bad row listed with its line and column.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { AppDeps } from '../../app/deps.js'
import { type ImportMode, importAccounts } from '../../app/import-accounts.js'
import { UserError } from '../../core/errors.js'
import { EXIT } from '../output.js'

const WIDTH = 30

function bar(done: number, total: number, rows: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(share * WIDTH)
  const mb = (n: number) => (n / 1_048_576).toFixed(1)
  return `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.round(share * 100)}%  ${rows.toLocaleString('en-US')} rows  ${mb(done)}/${mb(total)} MB`
}

export async function importAccountsCommand(
  deps: AppDeps,
  file: string,
  options: { readonly mode: ImportMode; readonly maxBytes?: number },
): Promise<number> {
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) {
    throw new UserError('PATRON_E_VALIDATION', `cannot read ${file}`, [
      { field: 'FILE', reason: 'is not a readable file' },
    ])
  }
  const tty = process.stderr.isTTY === true
  const report = await importAccounts(deps, createReadStream(file), {
    mode: options.mode,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    onProgress: tty ? (p) => process.stderr.write(bar(p.bytes, info.size, p.rows)) : undefined,
  })
  if (tty) process.stderr.write(`${bar(info.size, info.size, report.rows)}\n`)
  for (const e of report.errors) {
    process.stderr.write(`  ${file}:${e.line}: ${e.column ?? 'row'}: ${e.reason}\n`)
  }
  if (report.rejected > report.errors.length) {
    process.stderr.write(`  … and more: ${report.rejected} bad rows in all\n`)
  }
  if (!report.committed) {
    process.stderr.write(
      `patron: ${report.rejected} of ${report.rows} rows are bad; nothing was imported (--mode all). ` +
        'Fix them, or import the good rows with --mode valid.\n',
    )
    return EXIT.invalid
  }
  process.stdout.write(
    `imported ${report.imported} of ${report.rows} rows (${report.created} new, ${report.updated} updated)` +
      `${report.rejected > 0 ? `; ${report.rejected} bad rows skipped (--mode valid)` : ''}\n`,
  )
  return EXIT.ok
}
