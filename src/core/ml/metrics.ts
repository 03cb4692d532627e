/**
 * @module Classification metrics, computed the way scikit-learn does so figures can be compared with
 * published ones: ROC-AUC with tied scores counted as half, PR-AUC as average precision (steps, not the
 * trapezoid, which overstates it), F1 of the positive class, accuracy, macro-F1 over classes.
 */

/** Counts at one threshold, the positive class being `true`. */
export interface Confusion {
  readonly tp: number
  readonly fp: number
  readonly tn: number
  readonly fn: number
}

function checkLengths(a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) throw new RangeError(`${a.length} predictions for ${b.length} labels`)
  if (a.length === 0) throw new RangeError('no rows to score')
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * a tie counting one half (the Mann–Whitney U statistic over average ranks).
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  checkLengths(scores, positive)
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  )
  let positives = 0
  let rankSum = 0
  let i = 0
  while (i < n) {
    let j = i
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++
    // Ranks i+1 … j+1 are tied: each gets their mean.
    const rank = (i + j + 2) / 2
    for (let k = i; k <= j; k++) {
      if (positive[order[k] as number]) {
        positives++
        rankSum += rank
      }
    }
    i = j + 1
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) throw new RangeError('ROC-AUC needs both classes among the labels')
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * Average precision: Σ (Rₖ − Rₖ₋₁) · Pₖ over the distinct score thresholds, highest first. Tied
 * scores form one threshold, so the order of tied rows does not change the figure.
 */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  checkLengths(scores, positive)
  const n = scores.length
  let total = 0
  for (let i = 0; i < n; i++) if (positive[i]) total++
  if (total === 0) throw new RangeError('average precision needs at least one positive label')
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  )
  let tp = 0
  let seen = 0
  let ap = 0
  let i = 0
  while (i < n) {
    const score = scores[order[i] as number]
    let gained = 0
    while (i < n && scores[order[i] as number] === score) {
      if (positive[order[i] as number]) gained++
      seen++
      i++
    }
    tp += gained
    ap += (gained / total) * (tp / seen)
  }
  return ap
}

export function confusion(predicted: ArrayLike<boolean>, positive: ArrayLike<boolean>): Confusion {
  checkLengths(predicted, positive)
  let tp = 0
  let fp = 0
  let tn = 0
  let fn = 0
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i]) {
      if (positive[i]) tp++
      else fp++
    } else if (positive[i]) fn++
    else tn++
  }
  return { tp, fp, tn, fn }
}

/** F1 of the positive class; 0 when there are no true positives (scikit-learn's `zero_division=0`). */
export function f1(c: Confusion): number {
  return c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn)
}

export function accuracyOf(c: Confusion): number {
  return (c.tp + c.tn) / (c.tp + c.fp + c.tn + c.fn)
}

/** Share of rows whose predicted class equals the actual one. */
export function accuracy<L>(predicted: readonly L[], actual: readonly L[]): number {
  checkLengths(predicted, actual)
  let right = 0
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) right++
  return right / actual.length
}

/**
 * Unweighted mean over classes of each class's F1 (one-vs-rest). The classes are those in `actual`
 * and `predicted`; a class never predicted and never present cannot occur, one never predicted scores 0.
 */
export function macroF1<L>(predicted: readonly L[], actual: readonly L[]): number {
  checkLengths(predicted, actual)
  const classes = new Set<L>([...actual, ...predicted])
  let sum = 0
  for (const cls of classes) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < actual.length; i++) {
      const p = predicted[i] === cls
      const a = actual[i] === cls
      if (p && a) tp++
      else if (p) fp++
      else if (a) fn++
    }
    sum += f1({ tp, fp, fn, tn: 0 })
  }
  return sum / classes.size
}

/** The most frequent class (the first in sorted order on a tie) and its share: what always guessing it scores. */
export function majorityClass<L extends string | number>(actual: readonly L[]): { label: L; share: number } {
  if (actual.length === 0) throw new RangeError('no rows to count')
  const counts = new Map<L, number>()
  for (const a of actual) counts.set(a, (counts.get(a) ?? 0) + 1)
  const [label, count] = [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] as [
    L,
    number,
  ]
  return { label, share: count / actual.length }
}

/** Mean and sample standard deviation (n − 1), as cross-validation figures are usually quoted. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) throw new RangeError('no values')
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  if (values.length === 1) return { mean, sd: 0 }
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0)
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) }
}

/** The binary figures the eval commands print, at threshold 0.5 for F1 and accuracy. */
export interface BinaryScores {
  readonly rocAuc: number
  readonly prAuc: number
  readonly f1: number
  readonly accuracy: number
  readonly confusion: Confusion
}

export function binaryScores(
  probabilities: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  threshold = 0.5,
): BinaryScores {
  const predicted = Array.from(probabilities, (p) => p >= threshold)
  const c = confusion(predicted, positive)
  return {
    rocAuc: rocAuc(probabilities, positive),
    prAuc: averagePrecision(probabilities, positive),
    f1: f1(c),
    accuracy: accuracyOf(c),
    confusion: c,
  }
}

export interface Summary {
  readonly mean: number
  readonly sd: number
}

/** Mean ± sd over folds of each binary figure. */
export function summariseBinary(
  folds: readonly BinaryScores[],
): Record<'rocAuc' | 'prAuc' | 'f1' | 'accuracy', Summary> {
  return {
    rocAuc: meanSd(folds.map((f) => f.rocAuc)),
    prAuc: meanSd(folds.map((f) => f.prAuc)),
    f1: meanSd(folds.map((f) => f.f1)),
    accuracy: meanSd(folds.map((f) => f.accuracy)),
  }
}
