/**
 * @module Option parsing and number formatting shared by the `patron eval` and `patron train` commands.
 */
import { writeFile } from 'node:fs/promises'
import { UserError } from '../../core/errors.js'
import type { Summary } from '../../core/ml/metrics.js'
import { UsageError } from '../output.js'

export function requireOption(value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required; usage: ${usage}`)
  return value
}

export function integerOption(
  value: string | undefined,
  option: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, got '${value}'`)
  return n
}

export function fractionOption(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!(n > 0 && n < 1)) throw new UsageError(`${option} must be a number between 0 and 1, got '${value}'`)
  return n
}

/** Four decimals, the precision every figure is printed with. */
export function fixed(n: number): string {
  return n.toFixed(4)
}

export function meanSd(s: Summary): string {
  return `${fixed(s.mean)} ± ${fixed(s.sd)}`
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

/**
 * Writes a model as JSON with numbers cut to 7 significant digits: a model file is read by people
 * and diffs, and digits beyond that change no prediction that matters.
 */
export async function writeModel(path: string, model: unknown): Promise<number> {
  const text = `${JSON.stringify(model, (_key, v) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(7)) : v,
  )}\n`
  try {
    await writeFile(path, text)
  } catch (e) {
    throw new UserError('PATRON_E_VALIDATION', `cannot write ${path}: ${(e as Error).message}`, [
      { field: '--out', reason: `cannot write ${path}` },
    ])
  }
  return Buffer.byteLength(text)
}
