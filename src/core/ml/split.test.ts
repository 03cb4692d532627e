import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRng, shuffle } from './prng.js'
import { foldRows, stratifiedKFold, stratifiedSplit } from './split.js'

/** 70 'no', 23 'yes', 7 'maybe', interleaved. */
const labels = Array.from({ length: 100 }, (_, i) => (i % 13 === 0 ? 'maybe' : i % 4 === 0 ? 'yes' : 'no'))
const count = (rows: readonly number[], label: string) => rows.filter((i) => labels[i] === label).length

test('the generator is reproducible from its seed and stays in [0, 1)', () => {
  const a = createRng(42)
  const b = createRng(42)
  const c = createRng(43)
  const xs = Array.from({ length: 1000 }, () => a())
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b()),
  )
  assert.notDeepEqual(
    xs.slice(0, 10),
    Array.from({ length: 10 }, () => c()),
  )
  assert.ok(xs.every((x) => x >= 0 && x < 1))
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`)
  const items = Array.from({ length: 50 }, (_, i) => i)
  assert.deepEqual(
    [...shuffle([...items], createRng(1))].sort((x, y) => x - y),
    items,
  )
})

test('k-fold: every class is spread evenly over the folds', () => {
  const k = 5
  const folds = stratifiedKFold(labels, k, createRng(7))
  const sizes: number[] = []
  for (let f = 0; f < k; f++) {
    const { train, test } = foldRows(folds, f)
    assert.equal(train.length + test.length, labels.length)
    sizes.push(test.length)
    for (const label of ['no', 'yes', 'maybe']) {
      const expected =
        count(
          labels.map((_, i) => i),
          label,
        ) / k
      assert.ok(
        Math.abs(count(test, label) - expected) <= 1,
        `fold ${f} has ${count(test, label)} '${label}'`,
      )
    }
  }
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`)
})

test('k-fold is reproducible from the seed and changes with it', () => {
  const a = stratifiedKFold(labels, 5, createRng(7))
  assert.deepEqual(a, stratifiedKFold(labels, 5, createRng(7)))
  assert.notDeepEqual(a, stratifiedKFold(labels, 5, createRng(8)))
  assert.throws(() => stratifiedKFold(labels, 1, createRng(1)), /k must be/)
  assert.throws(() => stratifiedKFold(['a', 'b'], 3, createRng(1)), /cannot be split/)
})

test('train/test split holds out the same share of each class, reproducibly', () => {
  const split = stratifiedSplit(labels, 0.2, createRng(3))
  assert.equal(split.train.length + split.test.length, labels.length)
  assert.equal(new Set([...split.train, ...split.test]).size, labels.length)
  for (const label of ['no', 'yes', 'maybe']) {
    const all = labels.filter((l) => l === label).length
    assert.equal(count(split.test, label), Math.round(all * 0.2), label)
  }
  assert.deepEqual(split, stratifiedSplit(labels, 0.2, createRng(3)))
  assert.notDeepEqual(split.test, stratifiedSplit(labels, 0.2, createRng(4)).test)
  assert.throws(() => stratifiedSplit(labels, 1, createRng(3)), /between 0 and 1/)
})
