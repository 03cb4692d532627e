/**
 * @module Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithms 7.4
 * and 7.5) with a backtracking Armijo line search, for smooth convex objectives such as L2-regularised
 * logistic loss over sparse text features, where a Newton step (a d × d solve) is out of reach.
 */

/** Writes ∇f(x) into `grad` and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number

export interface LbfgsOptions {
  /** Correction pairs kept. @default 10 */
  readonly memory?: number
  /** @default 500 */
  readonly maxIterations?: number
  /** Stop when ‖∇f‖∞ ≤ tolerance · max(1, |f|). @default 1e-6 */
  readonly tolerance?: number
}

export interface LbfgsResult {
  readonly x: Float64Array
  readonly value: number
  readonly iterations: number
  readonly converged: boolean
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number)
  return s
}

function maxAbs(a: Float64Array): number {
  let m = 0
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i] as number)
    if (v > m) m = v
  }
  return m
}

export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10
  const maxIterations = options.maxIterations ?? 500
  const tolerance = options.tolerance ?? 1e-6
  const n = x0.length
  const x = new Float64Array(x0)
  const grad = new Float64Array(n)
  let value = f(x, grad)
  const s: Float64Array[] = []
  const y: Float64Array[] = []
  const rho: number[] = []
  const alpha = new Float64Array(m)
  const direction = new Float64Array(n)
  const xNew = new Float64Array(n)
  const gradNew = new Float64Array(n)

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(grad) <= tolerance * Math.max(1, Math.abs(value)))
      return { x, value, iterations: iter, converged: true }

    // Two-loop recursion: direction = −H·∇f.
    direction.set(grad)
    for (let k = s.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(s[k] as Float64Array, direction)
      alpha[k] = a
      const yk = y[k] as Float64Array
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) - a * (yk[i] as number)
    }
    if (s.length > 0) {
      const last = s.length - 1
      const gamma =
        dot(s[last] as Float64Array, y[last] as Float64Array) /
        dot(y[last] as Float64Array, y[last] as Float64Array)
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * gamma
    } else {
      // No curvature yet: a steepest-descent step of unit length, so the first trial cannot overshoot wildly.
      const norm = Math.sqrt(dot(direction, direction))
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) / norm
    }
    for (let k = 0; k < s.length; k++) {
      const b = (rho[k] as number) * dot(y[k] as Float64Array, direction)
      const sk = s[k] as Float64Array
      const a = alpha[k] as number
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) + (a - b) * (sk[i] as number)
    }
    for (let i = 0; i < n; i++) direction[i] = -(direction[i] as number)

    let slope = dot(grad, direction)
    if (slope >= 0) {
      // Not a descent direction (round-off in the history): restart from steepest descent.
      s.length = 0
      y.length = 0
      rho.length = 0
      for (let i = 0; i < n; i++) direction[i] = -(grad[i] as number)
      slope = dot(grad, direction)
    }

    let step = 1
    let valueNew = Number.POSITIVE_INFINITY
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (direction[i] as number)
      valueNew = f(xNew, gradNew)
      if (valueNew <= value + 1e-4 * step * slope) break
      step *= 0.5
    }
    if (!(valueNew < value)) return { x, value, iterations: iter, converged: false }

    const sk = new Float64Array(n)
    const yk = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      sk[i] = (xNew[i] as number) - (x[i] as number)
      yk[i] = (gradNew[i] as number) - (grad[i] as number)
    }
    const sy = dot(sk, yk)
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift()
        y.shift()
        rho.shift()
      }
      s.push(sk)
      y.push(yk)
      rho.push(1 / sy)
    }
    const decrease = value - valueNew
    x.set(xNew)
    grad.set(gradNew)
    value = valueNew
    if (decrease <= 1e-10 * Math.max(1, Math.abs(value)))
      return { x, value, iterations: iter + 1, converged: true }
  }
  return { x, value, iterations: maxIterations, converged: false }
}
