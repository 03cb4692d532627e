/**
 * @module Gradient-boosted regression trees for binary log-loss (Friedman 2001, with XGBoost's
 * second-order leaf values −G / (H + λ) and split gain), on pre-binned features so a split search is a
 * histogram scan.
 *
 * A tree explains a prediction by Saabas attribution: walking from the root to the leaf, each split
 * credits the change of node value to the feature it tested. The credits plus the root values sum to
 * the tree's output, so a model's contributions add up to its log-odds just like a linear model's.
 */
import type { DenseMatrix } from './matrix.js'
import { type Rng, shuffle } from './prng.js'

/** Nodes in parallel arrays; `feature[n] = -1` marks a leaf. `value` is every node's output (learning rate applied). */
export interface Tree {
  readonly feature: readonly number[]
  readonly threshold: readonly number[]
  readonly left: readonly number[]
  readonly right: readonly number[]
  readonly value: readonly number[]
}

export interface GbtModel {
  /** Log-odds before any tree: the training base rate. */
  readonly base: number
  readonly trees: readonly Tree[]
}

export interface GbtOptions {
  /** @default 200 */
  readonly trees?: number
  /** @default 3 */
  readonly depth?: number
  /** @default 0.05 */
  readonly learningRate?: number
  /** Fewest training rows in a leaf. @default 20 */
  readonly minLeaf?: number
  /** λ on leaf values. @default 1 */
  readonly l2?: number
  /** Share of rows each tree sees (stochastic gradient boosting). @default 0.8 */
  readonly subsample?: number
  /** Candidate thresholds per feature. @default 32 */
  readonly bins?: number
  readonly rng: Rng
}

/** Split candidates per column: midpoints between distinct values, or between quantiles when there are many. */
function thresholdsOf(x: DenseMatrix, j: number, bins: number): number[] {
  const column = new Float64Array(x.rows)
  for (let i = 0; i < x.rows; i++) column[i] = x.data[i * x.cols + j] as number
  column.sort()
  const distinct: number[] = []
  for (let i = 0; i < column.length; i++)
    if (i === 0 || column[i] !== column[i - 1]) distinct.push(column[i] as number)
  if (distinct.length <= bins) return distinct.slice(1).map((v, k) => ((distinct[k] as number) + v) / 2)
  const cuts = new Set<number>()
  for (let q = 1; q < bins; q++) {
    const at = Math.floor((q * column.length) / bins)
    const hi = column[at] as number
    // The cut goes just below the quantile value, between it and the next smaller distinct value.
    let k = at
    while (k > 0 && column[k - 1] === hi) k--
    if (k > 0) cuts.add(((column[k - 1] as number) + hi) / 2)
  }
  return [...cuts].sort((a, b) => a - b)
}

/** Bin of each value: the number of thresholds below it (0 … thresholds.length). */
function binColumn(x: DenseMatrix, j: number, thresholds: readonly number[]): Uint8Array {
  const out = new Uint8Array(x.rows)
  for (let i = 0; i < x.rows; i++) {
    const v = x.data[i * x.cols + j] as number
    let lo = 0
    let hi = thresholds.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (v > (thresholds[mid] as number)) lo = mid + 1
      else hi = mid
    }
    out[i] = lo
  }
  return out
}

export function fitGbt(x: DenseMatrix, y: ArrayLike<boolean>, options: GbtOptions): GbtModel {
  if (y.length !== x.rows) throw new RangeError(`${y.length} labels for ${x.rows} rows`)
  const nTrees = options.trees ?? 200
  const depth = options.depth ?? 3
  const rate = options.learningRate ?? 0.05
  const minLeaf = options.minLeaf ?? 20
  const lambda = options.l2 ?? 1
  const subsample = options.subsample ?? 0.8
  const bins = Math.min(options.bins ?? 32, 255)
  const n = x.rows
  const thresholds: number[][] = []
  const binned: Uint8Array[] = []
  for (let j = 0; j < x.cols; j++) {
    thresholds.push(thresholdsOf(x, j, bins))
    binned.push(binColumn(x, j, thresholds[j] as number[]))
  }
  let positives = 0
  for (let i = 0; i < n; i++) if (y[i]) positives++
  const rate0 = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6)
  const base = Math.log(rate0 / (1 - rate0))
  const margin = new Float64Array(n).fill(base)
  const g = new Float64Array(n)
  const h = new Float64Array(n)
  const all = Array.from({ length: n }, (_, i) => i)
  const trees: Tree[] = []
  const histG = new Float64Array(256)
  const histH = new Float64Array(256)
  const histN = new Int32Array(256)

  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(margin[i] as number)))
      g[i] = p - (y[i] ? 1 : 0)
      h[i] = Math.max(p * (1 - p), 1e-12)
    }
    const sample =
      subsample < 1 ? shuffle(all.slice(), options.rng).slice(0, Math.max(1, Math.round(n * subsample))) : all
    const tree = {
      feature: [] as number[],
      threshold: [] as number[],
      left: [] as number[],
      right: [] as number[],
      value: [] as number[],
    }
    const grow = (rows: number[], level: number): number => {
      let G = 0
      let H = 0
      for (const i of rows) {
        G += g[i] as number
        H += h[i] as number
      }
      const id = tree.feature.length
      tree.feature.push(-1)
      tree.threshold.push(0)
      tree.left.push(-1)
      tree.right.push(-1)
      tree.value.push((-G / (H + lambda)) * rate)
      if (level >= depth || rows.length < 2 * minLeaf) return id
      const parentScore = (G * G) / (H + lambda)
      let bestGain = 1e-9
      let bestFeature = -1
      let bestBin = -1
      for (let j = 0; j < x.cols; j++) {
        const cuts = (thresholds[j] as number[]).length
        if (cuts === 0) continue
        const col = binned[j] as Uint8Array
        histG.fill(0, 0, cuts + 1)
        histH.fill(0, 0, cuts + 1)
        histN.fill(0, 0, cuts + 1)
        for (const i of rows) {
          const b = col[i] as number
          histG[b] = (histG[b] as number) + (g[i] as number)
          histH[b] = (histH[b] as number) + (h[i] as number)
          histN[b] = (histN[b] as number) + 1
        }
        let gl = 0
        let hl = 0
        let nl = 0
        for (let b = 0; b < cuts; b++) {
          gl += histG[b] as number
          hl += histH[b] as number
          nl += histN[b] as number
          const nr = rows.length - nl
          if (nl < minLeaf) continue
          if (nr < minLeaf) break
          const gr = G - gl
          const hr = H - hl
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore
          if (gain > bestGain) {
            bestGain = gain
            bestFeature = j
            bestBin = b
          }
        }
      }
      if (bestFeature < 0) return id
      const col = binned[bestFeature] as Uint8Array
      const leftRows: number[] = []
      const rightRows: number[] = []
      for (const i of rows) ((col[i] as number) <= bestBin ? leftRows : rightRows).push(i)
      tree.feature[id] = bestFeature
      tree.threshold[id] = (thresholds[bestFeature] as number[])[bestBin] as number
      tree.left[id] = grow(leftRows, level + 1)
      tree.right[id] = grow(rightRows, level + 1)
      return id
    }
    grow(sample, 0)
    trees.push(tree)
    for (let i = 0; i < n; i++) margin[i] = (margin[i] as number) + treeOutput(tree, x.data, i * x.cols)
  }
  return { base, trees }
}

function leafOf(tree: Tree, data: ArrayLike<number>, offset: number): number {
  let node = 0
  while ((tree.feature[node] as number) >= 0) {
    const v = data[offset + (tree.feature[node] as number)] as number
    node = v <= (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number)
  }
  return node
}

function treeOutput(tree: Tree, data: ArrayLike<number>, offset: number): number {
  return tree.value[leafOf(tree, data, offset)] as number
}

/** Log-odds of one row. */
export function gbtLogit(model: GbtModel, x: ArrayLike<number>): number {
  let z = model.base
  for (const tree of model.trees) z += treeOutput(tree, x, 0)
  return z
}

/**
 * Saabas attribution of one row: `bias` (base + every root value) plus Σ `contributions` equals
 * `gbtLogit(model, x)`; `contributions[j]` is what the splits on feature j added.
 */
export function gbtContributions(
  model: GbtModel,
  x: ArrayLike<number>,
  cols: number,
): { bias: number; contributions: Float64Array } {
  const contributions = new Float64Array(cols)
  let bias = model.base
  for (const tree of model.trees) {
    let node = 0
    bias += tree.value[0] as number
    while ((tree.feature[node] as number) >= 0) {
      const f = tree.feature[node] as number
      const next =
        (x[f] as number) <= (tree.threshold[node] as number)
          ? (tree.left[node] as number)
          : (tree.right[node] as number)
      contributions[f] =
        (contributions[f] as number) + (tree.value[next] as number) - (tree.value[node] as number)
      node = next
    }
  }
  return { bias, contributions }
}
