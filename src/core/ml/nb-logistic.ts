/**
 * @module NB-weighted logistic regression over a binarised term matrix (Wang & Manning 2012, "Baselines
 * and Bigrams", in the logistic form of NBSVM): the fitting half of the text models.
 *
 * Each term's column is scaled by its naive-Bayes log-count ratio r = log((p/‖p‖₁) / (q/‖q‖₁)) before
 * the regression, so the regression starts from what the term says on its own and learns corrections.
 * On the Chinese review sets this beat plain binary features and TF-IDF by about a point of accuracy
 * under 5-fold CV. Classes are weighted to balance (the sets are 2:1), which helped accuracy on the
 * hotel reviews (0.891 → 0.894) and macro-F1 on both.
 */
import { type BinaryLogistic, fitLogisticSparse } from './logistic.js'
import { keepColumns, type SparseMatrix, scaleColumns, sparseFromRows } from './matrix.js'
import { buildVocabulary, termColumns } from './text-features.js'

/** Numeric inputs beside the terms (the built-in lexicon's score), one row per text. */
export interface ScoreInputs {
  readonly names: readonly string[]
  /** One row per text, one value per name. */
  readonly values: readonly (readonly number[])[]
}

/** Smoothing of the naive-Bayes counts. */
const NB_ALPHA = 0.5

/**
 * Binarised term matrix of `docs` over a vocabulary built from them (every term, filtered per fit),
 * with the score inputs as the last columns.
 */
export function termMatrix(
  docs: readonly (readonly string[])[],
  scores: ScoreInputs | undefined,
): { x: SparseMatrix; vocabulary: Map<string, number> } {
  const vocabulary = buildVocabulary(docs, 1)
  const extra = scores?.names.length ?? 0
  const x = sparseFromRows(
    docs.map((d, i) => {
      const terms = termColumns(d, vocabulary)
      if (extra === 0) return { indices: terms, values: new Float64Array(terms.length).fill(1) }
      const row = scores?.values[i] ?? []
      if (row.length !== extra) throw new RangeError(`text ${i} has ${row.length} scores, expected ${extra}`)
      const indices = Int32Array.from([
        ...terms,
        ...Array.from({ length: extra }, (_, k) => vocabulary.size + k),
      ])
      const values = Float64Array.from([...Array.from(terms, () => 1), ...row])
      return { indices, values }
    }),
    vocabulary.size + extra,
  )
  return { x, vocabulary }
}

/** Columns at or past `firstScore` are scores: kept whatever their document frequency. */
export function keepFrequent(x: SparseMatrix, minDocs: number, firstScore: number) {
  const df = documentFrequency(x)
  return keepColumns(x, (j) => j >= firstScore || (df[j] as number) >= minDocs)
}

/** Documents containing each term, over the given rows. */
function documentFrequency(x: SparseMatrix): Int32Array {
  const df = new Int32Array(x.cols)
  for (let k = 0; k < x.indices.length; k++)
    df[x.indices[k] as number] = (df[x.indices[k] as number] as number) + 1
  return df
}

/** NB log-count ratio of each column for `y`. */
function nbRatios(x: SparseMatrix, y: readonly boolean[]): Float64Array {
  const p = new Float64Array(x.cols).fill(NB_ALPHA)
  const q = new Float64Array(x.cols).fill(NB_ALPHA)
  for (let i = 0; i < x.rows; i++) {
    const side = y[i] ? p : q
    const to = x.indptr[i + 1] as number
    for (let k = x.indptr[i] as number; k < to; k++)
      side[x.indices[k] as number] = (side[x.indices[k] as number] as number) + 1
  }
  let sp = 0
  let sq = 0
  for (let j = 0; j < x.cols; j++) {
    sp += p[j] as number
    sq += q[j] as number
  }
  const r = new Float64Array(x.cols)
  for (let j = 0; j < x.cols; j++) r[j] = Math.log((p[j] as number) / sp / ((q[j] as number) / sq))
  return r
}

function balancedWeights(y: readonly boolean[]): Float64Array {
  const pos = y.filter(Boolean).length
  const neg = y.length - pos
  return Float64Array.from(y, (v) =>
    v ? y.length / (2 * Math.max(pos, 1)) : y.length / (2 * Math.max(neg, 1)),
  )
}

/**
 * One binary NB-LR fit; returns the effective per-column weights (w × r) and the fitted model for warm
 * starts. Score columns (from `firstScore` on) are numbers, not term presences: they are not NB-scaled.
 */
export function fitBinary(
  x: SparseMatrix,
  y: readonly boolean[],
  c: number,
  firstScore: number,
  start?: BinaryLogistic,
): { effective: BinaryLogistic; fitted: BinaryLogistic } {
  const r = nbRatios(x, y)
  r.fill(1, firstScore)
  const fitted = fitLogisticSparse(scaleColumns(x, r), y, {
    l2: 1 / c,
    sampleWeights: balancedWeights(y),
    // Accuracy stops moving long before 1e-6; this is 3–5× faster on the review sets.
    tolerance: 1e-4,
    ...(start ? { start } : {}),
  })
  const weights = fitted.weights.map((w, j) => w * (r[j] as number))
  return { effective: { weights, intercept: fitted.intercept }, fitted }
}
