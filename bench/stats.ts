/**
 * @module Small helpers for reporting benchmark figures.
 */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Runs `fn` `runs` times and returns operations per second for each run. */
export async function rate(
  runs: number,
  ops: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number[]> {
  const out: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    await fn()
    out.push(ops / ((performance.now() - start) / 1000))
  }
  return out
}

export const fmt = (n: number, digits = 0) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)

export const runsText = (values: readonly number[]) => `[${values.map((v) => fmt(v)).join(', ')}]`
