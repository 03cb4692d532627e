/**
 * @module L2-regularised logistic regression, binary, fitted by Newton's method on dense features and
 * by L-BFGS on sparse ones.
 *
 * The objective is Σᵢ cᵢ · logloss(yᵢ, w·xᵢ + b) + (l2 / 2) · ‖w‖², the intercept unpenalised; with
 * l2 = 1 / C it is scikit-learn's `LogisticRegression(C=C)`. A prediction's log-odds is
 * b + Σⱼ wⱼ·xⱼ, so wⱼ·xⱼ is feature j's contribution: that is how every model here explains itself.
 */
import { minimizeLbfgs } from './lbfgs.js'
import type { DenseMatrix, SparseMatrix } from './matrix.js'

export interface BinaryLogistic {
  readonly weights: readonly number[]
  readonly intercept: number
}

export interface LogisticOptions {
  /** L2 penalty on the weights (1 / C). Must be > 0 for Newton on collinear one-hot columns. */
  readonly l2: number
  /** Per-row weights, e.g. to balance classes. @default 1 for every row */
  readonly sampleWeights?: ArrayLike<number>
  /** @default 100 (Newton), 500 (L-BFGS) */
  readonly maxIterations?: number
  /** @default 1e-8 (Newton step size), 1e-6 (L-BFGS gradient) */
  readonly tolerance?: number
  /** Sparse fits only: start from this model (a warm start along a path of penalties). */
  readonly start?: BinaryLogistic
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** log(1 + eᶻ) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
}

function checkRows(rows: number, y: ArrayLike<boolean>, options: LogisticOptions): void {
  if (y.length !== rows) throw new RangeError(`${y.length} labels for ${rows} rows`)
  if (!(options.l2 > 0)) throw new RangeError(`l2 must be > 0, got ${options.l2}`)
  if (options.sampleWeights && options.sampleWeights.length !== rows)
    throw new RangeError(`${options.sampleWeights.length} sample weights for ${rows} rows`)
}

export function logitDense(model: BinaryLogistic, x: ArrayLike<number>): number {
  let z = model.intercept
  for (let j = 0; j < model.weights.length; j++) z += (model.weights[j] as number) * (x[j] as number)
  return z
}

export function logitSparse(
  model: BinaryLogistic,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
): number {
  let z = model.intercept
  for (let k = 0; k < indices.length; k++)
    z += (model.weights[indices[k] as number] ?? 0) * (values[k] as number)
  return z
}

/**
 * Cholesky solve of the symmetric positive-definite system A·x = b (A row-major, n × n), in place
 * in a copy. Returns null when A is not positive definite.
 */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(a)
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j] as number
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2
    if (!(d > 0)) return null
    const root = Math.sqrt(d)
    l[j * n + j] = root
    for (let i = j + 1; i < n; i++) {
      let v = l[i * n + j] as number
      for (let k = 0; k < j; k++) v -= (l[i * n + k] as number) * (l[j * n + k] as number)
      l[i * n + j] = v / root
    }
  }
  const x = new Float64Array(b)
  for (let i = 0; i < n; i++) {
    let v = x[i] as number
    for (let k = 0; k < i; k++) v -= (l[i * n + k] as number) * (x[k] as number)
    x[i] = v / (l[i * n + i] as number)
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i] as number
    for (let k = i + 1; k < n; k++) v -= (l[k * n + i] as number) * (x[k] as number)
    x[i] = v / (l[i * n + i] as number)
  }
  return x
}

/**
 * Newton–Raphson (iteratively reweighted least squares) with step halving. Each step solves a
 * (d+1)² system, so this is for tens to a few hundred columns; it converges in about ten steps.
 */
export function fitLogisticDense(
  x: DenseMatrix,
  y: ArrayLike<boolean>,
  options: LogisticOptions,
): BinaryLogistic {
  checkRows(x.rows, y, options)
  const { rows, cols, data } = x
  const dim = cols + 1
  const c = options.sampleWeights
  const theta = new Float64Array(dim)
  const loss = (t: Float64Array): number => {
    let sum = 0
    for (let i = 0; i < rows; i++) {
      let z = t[cols] as number
      for (let j = 0; j < cols; j++) z += (t[j] as number) * (data[i * cols + j] as number)
      sum += (c ? (c[i] as number) : 1) * (softplus(z) - (y[i] ? z : 0))
    }
    let ss = 0
    for (let j = 0; j < cols; j++) ss += (t[j] as number) ** 2
    return sum + 0.5 * options.l2 * ss
  }
  let current = loss(theta)
  const maxIterations = options.maxIterations ?? 100
  const tolerance = options.tolerance ?? 1e-8
  const grad = new Float64Array(dim)
  const hess = new Float64Array(dim * dim)
  const row = new Float64Array(dim)
  for (let iter = 0; iter < maxIterations; iter++) {
    grad.fill(0)
    hess.fill(0)
    for (let i = 0; i < rows; i++) {
      let z = theta[cols] as number
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j] as number
        row[j] = v
        z += (theta[j] as number) * v
      }
      row[cols] = 1
      const p = sigmoid(z)
      const w = c ? (c[i] as number) : 1
      const r = w * (p - (y[i] ? 1 : 0))
      const h = w * p * (1 - p)
      for (let j = 0; j < dim; j++) {
        const rj = row[j] as number
        if (rj === 0) continue
        grad[j] = (grad[j] as number) + r * rj
        const hj = h * rj
        // Upper triangle only; mirrored below.
        for (let k = j; k < dim; k++)
          hess[j * dim + k] = (hess[j * dim + k] as number) + hj * (row[k] as number)
      }
    }
    for (let j = 0; j < dim; j++) for (let k = 0; k < j; k++) hess[j * dim + k] = hess[k * dim + j] as number
    for (let j = 0; j < cols; j++) {
      grad[j] = (grad[j] as number) + options.l2 * (theta[j] as number)
      hess[j * dim + j] = (hess[j * dim + j] as number) + options.l2
    }
    // The intercept is unpenalised; a whisker of ridge keeps the solve defined when every p is 0 or 1.
    hess[dim * dim - 1] = (hess[dim * dim - 1] as number) + 1e-10
    const delta = solveSpd(hess, grad, dim)
    if (delta === null) throw new RangeError('the Hessian is not positive definite (is l2 > 0?)')
    let step = 1
    const trial = new Float64Array(dim)
    let next = current
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < dim; j++) trial[j] = (theta[j] as number) - step * (delta[j] as number)
      next = loss(trial)
      if (next <= current) break
      step /= 2
    }
    if (!(next <= current)) break
    theta.set(trial)
    const decrease = current - next
    current = next
    let largest = 0
    for (let j = 0; j < dim; j++) largest = Math.max(largest, Math.abs(step * (delta[j] as number)))
    if (largest < tolerance || decrease <= 1e-12 * Math.max(1, current)) break
  }
  return { weights: Array.from(theta.subarray(0, cols)), intercept: theta[cols] as number }
}

/** L-BFGS over (w, b); each evaluation is two passes over the non-zeros, so cost grows with nnz, not columns². */
export function fitLogisticSparse(
  x: SparseMatrix,
  y: ArrayLike<boolean>,
  options: LogisticOptions,
): BinaryLogistic {
  checkRows(x.rows, y, options)
  const { rows, cols, indptr, indices, values } = x
  const c = options.sampleWeights
  const residual = new Float64Array(rows)
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const b = theta[cols] as number
    let sum = 0
    let gb = 0
    for (let i = 0; i < rows; i++) {
      let z = b
      const to = indptr[i + 1] as number
      for (let k = indptr[i] as number; k < to; k++)
        z += (theta[indices[k] as number] as number) * (values[k] as number)
      const w = c ? (c[i] as number) : 1
      sum += w * (softplus(z) - (y[i] ? z : 0))
      const r = w * (sigmoid(z) - (y[i] ? 1 : 0))
      residual[i] = r
      gb += r
    }
    let ss = 0
    for (let j = 0; j < cols; j++) {
      const t = theta[j] as number
      ss += t * t
      grad[j] = options.l2 * t
    }
    for (let i = 0; i < rows; i++) {
      const r = residual[i] as number
      if (r === 0) continue
      const to = indptr[i + 1] as number
      for (let k = indptr[i] as number; k < to; k++) {
        const j = indices[k] as number
        grad[j] = (grad[j] as number) + r * (values[k] as number)
      }
    }
    grad[cols] = gb
    return sum + 0.5 * options.l2 * ss
  }
  const start = new Float64Array(cols + 1)
  if (options.start) {
    if (options.start.weights.length !== cols)
      throw new RangeError('the warm start has the wrong number of weights')
    start.set(options.start.weights)
    start[cols] = options.start.intercept
  }
  const result = minimizeLbfgs(objective, start, {
    maxIterations: options.maxIterations ?? 500,
    tolerance: options.tolerance ?? 1e-6,
  })
  return { weights: Array.from(result.x.subarray(0, cols)), intercept: result.x[cols] as number }
}

/** The log-odds of every row of a sparse matrix. */
export function logitsSparse(model: BinaryLogistic, x: SparseMatrix): Float64Array {
  const out = new Float64Array(x.rows)
  for (let i = 0; i < x.rows; i++) {
    const from = x.indptr[i] as number
    const to = x.indptr[i + 1] as number
    out[i] = logitSparse(model, x.indices.subarray(from, to), x.values.subarray(from, to))
  }
  return out
}

export function logitsDense(model: BinaryLogistic, x: DenseMatrix): Float64Array {
  const out = new Float64Array(x.rows)
  for (let i = 0; i < x.rows; i++) out[i] = logitDense(model, x.data.subarray(i * x.cols, (i + 1) * x.cols))
  return out
}
