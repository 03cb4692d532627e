import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  accuracy,
  accuracyOf,
  averagePrecision,
  binaryScores,
  confusion,
  f1,
  macroF1,
  majorityClass,
  meanSd,
  rocAuc,
} from './metrics.js'

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`)

test('ROC-AUC is the share of positive–negative pairs ranked right', () => {
  // Pairs (pos, neg): (0.35, 0.1) ✓ (0.35, 0.4) ✗ (0.8, 0.1) ✓ (0.8, 0.4) ✓ → 3/4.
  close(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75, 'auc')
  // A perfect ranking, and its reverse.
  close(rocAuc([1, 2, 3, 4], [false, false, true, true]), 1, 'perfect')
  close(rocAuc([4, 3, 2, 1], [false, false, true, true]), 0, 'reversed')
})

test('ROC-AUC counts a tied positive–negative pair as one half, whatever the row order', () => {
  // Positives 0.5, 0.9; negatives 0.5, 0.2: tie ½ + 1 + 1 + 1 = 3.5 of 4 pairs.
  close(rocAuc([0.5, 0.5, 0.2, 0.9], [true, false, false, true]), 0.875, 'ties')
  close(rocAuc([0.5, 0.5, 0.2, 0.9], [false, true, false, true]), 0.875, 'ties, swapped')
  close(rocAuc([0.3, 0.3, 0.3], [true, false, true]), 0.5, 'all tied')
})

test('ROC-AUC refuses labels of one class', () => {
  assert.throws(() => rocAuc([0.2, 0.4], [true, true]), /both classes/)
  assert.throws(() => rocAuc([0.2], [true, false]), /predictions for 2 labels/)
})

test('average precision is the step sum over thresholds (scikit-learn example)', () => {
  // Thresholds 0.8: P 1, R ½; 0.4: P ½; 0.35: P ⅔, R 1 → ½·1 + 0 + ½·⅔ = 0.8333…
  close(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 5 / 6, 'ap')
})

test('average precision treats tied scores as one threshold', () => {
  // 0.5 (one positive, one negative): R ½ at P ½; 0.2: R 1 at P ⅔ → ¼ + ⅓.
  close(averagePrecision([0.5, 0.5, 0.2], [true, false, true]), 0.25 + 1 / 3, 'ap ties')
  close(averagePrecision([0.5, 0.5, 0.2], [false, true, true]), 0.25 + 1 / 3, 'ap ties, swapped')
})

test('confusion counts, F1 of the positive class and accuracy', () => {
  const c = confusion([true, true, false, false, true], [true, false, false, true, true])
  assert.deepEqual(c, { tp: 2, fp: 1, tn: 1, fn: 1 })
  close(f1(c), 4 / 6, 'f1')
  close(accuracyOf(c), 3 / 5, 'accuracy')
  assert.equal(f1({ tp: 0, fp: 3, tn: 2, fn: 1 }), 0)
})

test('binary figures at the 0.5 threshold', () => {
  const s = binaryScores([0.9, 0.6, 0.4, 0.2], [true, false, true, false])
  assert.deepEqual(s.confusion, { tp: 1, fp: 1, tn: 1, fn: 1 })
  close(s.rocAuc, 0.75, 'auc')
  close(s.accuracy, 0.5, 'accuracy')
})

test('accuracy and macro-F1 over several classes', () => {
  const predicted = ['a', 'a', 'b', 'c']
  const actual = ['a', 'b', 'b', 'c']
  close(accuracy(predicted, actual), 0.75, 'accuracy')
  // a: tp 1 fp 1 → ⅔; b: tp 1 fn 1 → ⅔; c: 1.
  close(macroF1(predicted, actual), (2 / 3 + 2 / 3 + 1) / 3, 'macro-F1')
  // A class never predicted scores 0 and still counts in the mean.
  close(macroF1(['a', 'a'], ['a', 'b']), (2 / 3 + 0) / 2, 'macro-F1 with a missed class')
})

test('majority class and mean ± sample sd', () => {
  assert.deepEqual(majorityClass(['x', 'y', 'y', 'z']), { label: 'y', share: 0.5 })
  // A tie goes to the first in sorted order, so the baseline does not depend on row order.
  assert.equal(majorityClass(['b', 'a', 'b', 'a']).label, 'a')
  const s = meanSd([1, 2, 3, 4])
  close(s.mean, 2.5, 'mean')
  close(s.sd, Math.sqrt(5 / 3), 'sd')
})
