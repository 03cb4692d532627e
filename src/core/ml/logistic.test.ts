import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fitGbt, gbtContributions, gbtLogit } from './gbt.js'
import {
  fitLogisticDense,
  fitLogisticSparse,
  logitDense,
  logitsDense,
  logitsSparse,
  sigmoid,
} from './logistic.js'
import { type DenseMatrix, denseFromRows, sparseFromRows } from './matrix.js'
import { rocAuc } from './metrics.js'
import { createRng } from './prng.js'

/** Rows of three features; the label is 2·x0 − x1 > 0.3 (x2 is noise): linearly separable. */
function separable(n: number, seed: number): { x: DenseMatrix; y: boolean[] } {
  const rng = createRng(seed)
  const rows: number[][] = []
  const y: boolean[] = []
  while (rows.length < n) {
    const r = [rng() * 2 - 1, rng() * 2 - 1, rng() * 2 - 1]
    const margin = 2 * (r[0] as number) - (r[1] as number) - 0.3
    if (Math.abs(margin) < 0.05) continue // a gap, so the classes are separable with room
    rows.push(r)
    y.push(margin > 0)
  }
  return { x: denseFromRows(rows, 3), y }
}

function trainAccuracy(logits: Float64Array, y: readonly boolean[]): number {
  return y.filter((v, i) => (logits[i] as number) >= 0 === v).length / y.length
}

test('Newton LR separates a separable problem and finds the generating direction', () => {
  const { x, y } = separable(400, 1)
  const model = fitLogisticDense(x, y, { l2: 0.01 })
  assert.equal(trainAccuracy(logitsDense(model, x), y), 1)
  const [w0, w1, w2] = model.weights as [number, number, number]
  assert.ok(w0 > 0 && w1 < 0, `signs of ${model.weights}`)
  // The direction is (2, −1, 0): the noise feature weighs little, x0 about twice x1.
  assert.ok(Math.abs(w2) < 0.1 * Math.abs(w0), `noise weight ${w2}`)
  assert.ok(Math.abs(w0 / -w1 - 2) < 0.3, `ratio ${w0 / -w1}`)
})

test('the fitted weights satisfy the optimality condition Xᵀ(p − y) + l2·w = 0', () => {
  const { x, y } = separable(300, 2)
  // Flip some labels so the problem is not separable and the optimum is interior.
  const noisy = y.map((v, i) => (i % 7 === 0 ? !v : v))
  const l2 = 1
  const model = fitLogisticDense(x, noisy, { l2 })
  const grad = [0, 0, 0, 0]
  for (let i = 0; i < x.rows; i++) {
    const row = x.data.subarray(i * 3, i * 3 + 3)
    const r = sigmoid(logitDense(model, row)) - (noisy[i] ? 1 : 0)
    for (let j = 0; j < 3; j++) grad[j] = (grad[j] as number) + r * (row[j] as number)
    grad[3] = (grad[3] as number) + r
  }
  for (let j = 0; j < 3; j++) grad[j] = (grad[j] as number) + l2 * (model.weights[j] as number)
  for (const g of grad) assert.ok(Math.abs(g) < 1e-6, `gradient ${grad}`)
})

test('L-BFGS on the sparse layout reaches the same optimum as Newton on the dense one', () => {
  const { x, y } = separable(300, 3)
  const noisy = y.map((v, i) => (i % 5 === 0 ? !v : v))
  const dense = fitLogisticDense(x, noisy, { l2: 2 })
  const rows = Array.from({ length: x.rows }, (_, i) => ({
    indices: [0, 1, 2],
    values: Array.from(x.data.subarray(i * 3, i * 3 + 3)),
  }))
  const sparse = fitLogisticSparse(sparseFromRows(rows, 3), noisy, { l2: 2, tolerance: 1e-9 })
  for (let j = 0; j < 3; j++)
    assert.ok(Math.abs((dense.weights[j] as number) - (sparse.weights[j] as number)) < 1e-4, `weight ${j}`)
  assert.ok(Math.abs(dense.intercept - sparse.intercept) < 1e-4)
  const logits = logitsSparse(sparse, sparseFromRows(rows, 3))
  assert.ok(Math.abs((logits[0] as number) - logitDense(dense, x.data.subarray(0, 3))) < 1e-3)
})

test('a contribution is weight × value: they sum to the log-odds minus the intercept', () => {
  const { x, y } = separable(200, 4)
  const model = fitLogisticDense(x, y, { l2: 1 })
  for (let i = 0; i < 5; i++) {
    const row = x.data.subarray(i * 3, i * 3 + 3)
    const sum = model.weights.reduce((s, w, j) => s + w * (row[j] as number), 0)
    assert.ok(Math.abs(logitDense(model, row) - model.intercept - sum) < 1e-12)
  }
})

test('bad arguments are refused', () => {
  const { x, y } = separable(10, 5)
  assert.throws(() => fitLogisticDense(x, y.slice(1), { l2: 1 }), /labels for 10 rows/)
  assert.throws(() => fitLogisticDense(x, y, { l2: 0 }), /l2 must be > 0/)
})

test('boosted trees learn an interaction a linear model cannot, and explain it exactly', () => {
  const rng = createRng(6)
  const rows: number[][] = []
  const y: boolean[] = []
  for (let i = 0; i < 600; i++) {
    const a = rng() * 2 - 1
    const b = rng() * 2 - 1
    rows.push([a, b, rng()])
    y.push(a * b > 0) // XOR of the signs
  }
  const x = denseFromRows(rows, 3)
  const linear = fitLogisticDense(x, y, { l2: 1 })
  const trees = fitGbt(x, y, { trees: 100, depth: 2, learningRate: 0.1, minLeaf: 10, rng: createRng(1) })
  const treeLogits = rows.map((r) => gbtLogit(trees, r))
  assert.ok(rocAuc(logitsDense(linear, x), y) < 0.65, 'linear cannot see XOR')
  assert.ok(rocAuc(treeLogits, y) > 0.95, `trees AUC ${rocAuc(treeLogits, y)}`)
  for (const r of rows.slice(0, 10)) {
    const { bias, contributions } = gbtContributions(trees, r, 3)
    const total = bias + contributions.reduce((s, c) => s + c, 0)
    assert.ok(Math.abs(total - gbtLogit(trees, r)) < 1e-9)
    // The noise column is never what decides.
    assert.ok(
      Math.abs(contributions[2] as number) <
        Math.abs(contributions[0] as number) + Math.abs(contributions[1] as number),
    )
  }
  // Same seed, same trees.
  assert.deepEqual(
    fitGbt(x, y, { trees: 5, rng: createRng(2) }),
    fitGbt(x, y, { trees: 5, rng: createRng(2) }),
  )
})
