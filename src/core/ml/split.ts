/**
 * @module Seeded, stratified splits: k-fold assignment and a train/test split that keep each class's
 * share the same in every part, so a fold never ends up with too few churners to score.
 */
import { type Rng, shuffle } from './prng.js'

/** Row indices grouped by label, classes in sorted order so the result does not depend on row order of first appearance. */
function byClass<L extends string | number>(labels: readonly L[]): number[][] {
  const groups = new Map<L, number[]>()
  labels.forEach((label, i) => {
    const group = groups.get(label)
    if (group) group.push(i)
    else groups.set(label, [i])
  })
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rows]) => rows)
}

/**
 * The fold (0 … k-1) of each row. Each class is shuffled and dealt round-robin, continuing from where
 * the previous class stopped, so folds differ in size by at most one row and in each class by at most one.
 */
export function stratifiedKFold<L extends string | number>(
  labels: readonly L[],
  k: number,
  rng: Rng,
): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`)
  if (labels.length < k) throw new RangeError(`${labels.length} rows cannot be split into ${k} folds`)
  const fold = new Int32Array(labels.length)
  let next = 0
  for (const rows of byClass(labels)) {
    for (const row of shuffle(rows, rng)) {
      fold[row] = next
      next = (next + 1) % k
    }
  }
  return fold
}

export interface TrainTestSplit {
  /** Row indices, ascending. */
  readonly train: number[]
  readonly test: number[]
}

/** Holds out `round(testFraction × n_c)` rows of each class `c`, chosen at random. */
export function stratifiedSplit<L extends string | number>(
  labels: readonly L[],
  testFraction: number,
  rng: Rng,
): TrainTestSplit {
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`the test fraction must be between 0 and 1, got ${testFraction}`)
  const train: number[] = []
  const test: number[] = []
  for (const rows of byClass(labels)) {
    shuffle(rows, rng)
    const held = Math.round(rows.length * testFraction)
    test.push(...rows.slice(0, held))
    train.push(...rows.slice(held))
  }
  const ascending = (a: number, b: number) => a - b
  return { train: train.sort(ascending), test: test.sort(ascending) }
}

/** `train`/`test` row indices of fold `f` from a `stratifiedKFold` assignment. */
export function foldRows(folds: Int32Array, f: number): TrainTestSplit {
  const train: number[] = []
  const test: number[] = []
  for (let i = 0; i < folds.length; i++) (folds[i] === f ? test : train).push(i)
  return { train, test }
}
