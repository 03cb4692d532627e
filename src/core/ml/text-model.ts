/**
 * @module Linear text classifiers over binarised character and word n-grams, NB-weighted logistic
 * regression (see nb-logistic.ts), binary for sentiment and one-vs-rest for more classes: fitting,
 * choosing settings by cross-validation, predicting with the terms that decided, and the JSON form.
 *
 * The stored weight of a term is its regression weight × r, so a prediction's log-odds is the intercept
 * plus the weights of the terms present: the terms explain the prediction exactly.
 */
import { z } from 'zod'
import { UserError } from '../errors.js'
import { type BinaryLogistic, logitsSparse, sigmoid } from './logistic.js'
import { remapColumns, sparseSubset } from './matrix.js'
import { accuracy, macroF1, meanSd, type Summary } from './metrics.js'
import { fitBinary, keepFrequent, type ScoreInputs, termMatrix } from './nb-logistic.js'
import { createRng } from './prng.js'
import { foldRows, stratifiedKFold } from './split.js'
import { type TextFeatureSettings, termText, textTerms } from './text-features.js'

export type { ScoreInputs } from './nb-logistic.js'

export const TEXT_MODEL_FORMAT = 'patron.text-model'

export interface TextModel {
  readonly format: typeof TEXT_MODEL_FORMAT
  readonly version: 1
  /** Sorted class labels. */
  readonly classes: readonly string[]
  /**
   * With two classes, the class the single weight vector scores (log-odds of it against the other);
   * null with more classes, where each class has its own one-vs-rest vector.
   */
  readonly positive: string | null
  readonly settings: TextFeatureSettings
  readonly terms: readonly string[]
  /**
   * Numeric inputs computed outside the model (the built-in lexicon's score), given to `predictText`
   * in this order. Their weights follow the terms' in each vector.
   */
  readonly scores: readonly string[]
  /** One vector per scored class (see `positive`): a weight per term, then one per score. */
  readonly weights: readonly (readonly number[])[]
  readonly intercepts: readonly number[]
  readonly training: { readonly rows: number; readonly c: number; readonly minDocs: number }
}

export interface TextFitOptions {
  readonly settings: TextFeatureSettings
  /** Inverse penalty (C = 1 / l2). */
  readonly c: number
  /** Terms in fewer training documents are dropped. @default 2 */
  readonly minDocs?: number
  /** With two classes, the one to score. @default the second in sorted order ('1' of '0'/'1') */
  readonly positive?: string
  /** Numeric inputs beside the terms, one row per text. */
  readonly scores?: ScoreInputs
}

/** The classes each vector scores: the positive one for two classes, every class for more. */
function scoredClasses(
  classes: readonly string[],
  positive?: string,
): { scored: string[]; positive: string | null } {
  if (classes.length === 2) {
    const p = positive ?? (classes[1] as string)
    return { scored: [p], positive: p }
  }
  return { scored: [...classes], positive: null }
}

function checkInputs(texts: readonly string[], labels: readonly string[]): string[] {
  if (texts.length !== labels.length)
    throw new RangeError(`${texts.length} texts for ${labels.length} labels`)
  const classes = [...new Set(labels)].sort()
  if (classes.length < 2) throw new RangeError('a text model needs at least two classes')
  return classes
}

/** Fits a model on every document; terms below `minDocs` are left out of the model. */
export function fitTextModel(
  texts: readonly string[],
  labels: readonly string[],
  options: TextFitOptions,
): TextModel {
  const classes = checkInputs(texts, labels)
  if (options.positive !== undefined && !classes.includes(options.positive))
    throw new RangeError(`'${options.positive}' is not one of the classes`)
  const minDocs = options.minDocs ?? 2
  const docs = texts.map((t) => textTerms(t, options.settings))
  const { x: all, vocabulary } = termMatrix(docs, options.scores)
  const scoreNames = options.scores?.names ?? []
  const { matrix: x, old } = keepFrequent(all, minDocs, vocabulary.size)
  const { scored, positive } = scoredClasses(classes, options.positive)
  const firstScore = x.cols - scoreNames.length
  const vectors = scored.map(
    (cls) =>
      fitBinary(
        x,
        labels.map((l) => l === cls),
        options.c,
        firstScore,
      ).effective,
  )
  const byColumn = [...vocabulary.keys()]
  const terms = Array.from(old.subarray(0, firstScore), (j) => byColumn[j] as string)
  return {
    format: TEXT_MODEL_FORMAT,
    version: 1,
    classes,
    positive,
    settings: options.settings,
    terms,
    scores: [...scoreNames],
    weights: vectors.map((v) => v.weights),
    intercepts: vectors.map((v) => v.intercept),
    training: { rows: texts.length, c: options.c, minDocs },
  }
}

/** One (settings, C) configuration's figures over the folds of the training file. */
export interface TextCandidate {
  readonly settings: TextFeatureSettings
  readonly c: number
  readonly accuracy: Summary
  readonly macroF1: Summary
}

export interface TextSelectionOptions {
  readonly grid: readonly TextFeatureSettings[]
  /** Tried in ascending order, each warm-started from the previous. */
  readonly cs: readonly number[]
  readonly folds: number
  readonly seed: number
  readonly minDocs?: number
  readonly positive?: string
  readonly scores?: ScoreInputs
}

/**
 * k-fold CV of every configuration on the training texts only; the best mean accuracy wins (the
 * higher macro-F1 on a tie). Naive-Bayes ratios, term filtering and weights come from each fold's
 * training rows; the term list is shared, which leaks nothing about labels.
 */
export function selectTextModel(
  texts: readonly string[],
  labels: readonly string[],
  options: TextSelectionOptions,
): { candidates: TextCandidate[]; chosen: TextCandidate } {
  const classes = checkInputs(texts, labels)
  const minDocs = options.minDocs ?? 2
  const folds = stratifiedKFold(labels, options.folds, createRng(options.seed))
  const { scored, positive } = scoredClasses(classes, options.positive)
  const cs = [...options.cs].sort((a, b) => a - b)
  const candidates: TextCandidate[] = []
  for (const settings of options.grid) {
    const { x, vocabulary } = termMatrix(
      texts.map((t) => textTerms(t, settings)),
      options.scores,
    )
    const perC = cs.map(() => ({ accuracy: [] as number[], macroF1: [] as number[] }))
    for (let f = 0; f < options.folds; f++) {
      const { train, test } = foldRows(folds, f)
      // Rare terms are judged on the fold's own training rows, as the final fit judges them on all rows.
      const { matrix: xTrain, old } = keepFrequent(sparseSubset(x, train), minDocs, vocabulary.size)
      const firstScore = xTrain.cols - (options.scores?.names.length ?? 0)
      const renumber = new Int32Array(x.cols).fill(-1)
      old.forEach((j, k) => {
        renumber[j] = k
      })
      const xTest = remapColumns(sparseSubset(x, test), renumber, old.length)
      const actual = test.map((i) => labels[i] as string)
      const starts = new Map<string, BinaryLogistic>()
      cs.forEach((c, ci) => {
        const logits = scored.map((cls) => {
          const y = train.map((i) => labels[i] === cls)
          const { effective, fitted } = fitBinary(xTrain, y, c, firstScore, starts.get(cls))
          starts.set(cls, fitted)
          return logitsSparse(effective, xTest)
        })
        const predicted = actual.map((_, i) =>
          decide(
            classes,
            positive,
            logits.map((l) => l[i] as number),
          ),
        )
        perC[ci]?.accuracy.push(accuracy(predicted, actual))
        perC[ci]?.macroF1.push(macroF1(predicted, actual))
      })
    }
    cs.forEach((c, ci) => {
      const scores = perC[ci] as { accuracy: number[]; macroF1: number[] }
      candidates.push({ settings, c, accuracy: meanSd(scores.accuracy), macroF1: meanSd(scores.macroF1) })
    })
  }
  const chosen = candidates.reduce((best, c) =>
    c.accuracy.mean > best.accuracy.mean ||
    (c.accuracy.mean === best.accuracy.mean && c.macroF1.mean > best.macroF1.mean)
      ? c
      : best,
  )
  return { candidates, chosen }
}

/** The predicted class from the scored vectors' log-odds. */
function decide(classes: readonly string[], positive: string | null, logits: readonly number[]): string {
  if (positive !== null) {
    const other = classes.find((c) => c !== positive) as string
    return (logits[0] as number) >= 0 ? positive : other
  }
  let best = 0
  for (let k = 1; k < logits.length; k++) if ((logits[k] as number) > (logits[best] as number)) best = k
  return classes[best] as string
}

export interface TermContribution {
  /** The term as it reads ("不错", "not work"), or a score input's name. */
  readonly term: string
  readonly kind: 'characters' | 'words' | 'score'
  /** Log-odds it added towards the predicted class (binary: towards `positive`). */
  readonly contribution: number
}

export interface TextPrediction {
  readonly label: string
  /** Probability of each class. */
  readonly probabilities: Readonly<Record<string, number>>
  /** Terms of the text the model knows, and the score inputs, largest |contribution| first. */
  readonly terms: readonly TermContribution[]
}

/** Index of each model's terms, built once per model object. */
const termIndexes = new WeakMap<TextModel, Map<string, number>>()

function termIndex(model: TextModel): Map<string, number> {
  let index = termIndexes.get(model)
  if (!index) {
    index = new Map(model.terms.map((t, j) => [t, j]))
    termIndexes.set(model, index)
  }
  return index
}

/** `scores`: the model's score inputs for this text, in `model.scores` order. */
export function predictText(model: TextModel, text: string, scores: readonly number[] = []): TextPrediction {
  if (scores.length !== model.scores.length)
    throw new RangeError(`the model needs ${model.scores.length} score input(s) (${model.scores.join(', ')})`)
  const index = termIndex(model)
  const present: number[] = []
  const seen: string[] = []
  for (const t of textTerms(text, model.settings)) {
    const j = index.get(t)
    if (j !== undefined) {
      present.push(j)
      seen.push(t)
    }
  }
  const first = model.terms.length
  const logits = model.weights.map((w, k) =>
    scores.reduce(
      (s, v, i) => s + (w[first + i] as number) * v,
      present.reduce((s, j) => s + (w[j] as number), model.intercepts[k] as number),
    ),
  )
  const label = decide(model.classes, model.positive, logits)
  const probabilities: Record<string, number> = {}
  let explained: readonly number[]
  if (model.positive !== null) {
    const p = sigmoid(logits[0] as number)
    for (const c of model.classes) probabilities[c] = c === model.positive ? p : 1 - p
    explained = model.weights[0] as readonly number[]
  } else {
    // One-vs-rest scores do not sum to one; scaled so they do, as scikit-learn does.
    const raw = logits.map(sigmoid)
    const total = raw.reduce((s, v) => s + v, 0)
    model.classes.forEach((c, k) => {
      probabilities[c] = (raw[k] as number) / total
    })
    explained = model.weights[model.classes.indexOf(label)] as readonly number[]
  }
  const terms: TermContribution[] = present.map((j, k) => ({
    term: termText(seen[k] as string),
    kind: (seen[k] as string).startsWith('c:') ? 'characters' : 'words',
    contribution: explained[j] as number,
  }))
  model.scores.forEach((name, i) => {
    terms.push({
      term: name,
      kind: 'score',
      contribution: (explained[first + i] as number) * (scores[i] as number),
    })
  })
  terms.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
  return { label, probabilities, terms }
}

const textModelSchema = z.object({
  format: z.literal(TEXT_MODEL_FORMAT),
  version: z.literal(1),
  classes: z.array(z.string()).min(2),
  positive: z.string().nullable(),
  settings: z.object({ charMax: z.number().int().min(0).max(8), wordMax: z.number().int().min(0).max(4) }),
  terms: z.array(z.string()),
  scores: z.array(z.string()),
  weights: z.array(z.array(z.number())),
  intercepts: z.array(z.number()),
  training: z.object({ rows: z.number(), c: z.number(), minDocs: z.number() }),
})

/** A model read back from JSON, checked for shape and consistency. */
export function parseTextModel(json: unknown): TextModel {
  const parsed = textModelSchema.safeParse(json)
  const bad = (field: string, reason: string) =>
    new UserError('PATRON_E_VALIDATION', 'not a Patron text model', [{ field, reason }])
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw bad(issue?.path.join('.') || '(model)', issue?.message ?? 'does not validate')
  }
  const m = parsed.data
  const vectors = m.positive === null ? m.classes.length : 1
  if (m.positive !== null && !m.classes.includes(m.positive))
    throw bad('positive', 'is not one of the classes')
  if (m.weights.length !== vectors || m.intercepts.length !== vectors)
    throw bad('weights', `needs ${vectors} weight vector(s) and intercept(s)`)
  if (m.weights.some((w) => w.length !== m.terms.length + m.scores.length))
    throw bad('weights', 'each vector needs one weight per term and per score')
  return m as TextModel
}
