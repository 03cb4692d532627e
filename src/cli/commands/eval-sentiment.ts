/**
 * @module `patron eval sentiment --train FILE --test FILE` on `label,review` CSVs: cross-validates the
 * text model's settings on the train file, refits, scores the test file once, and prints the built-in
 * lexicon's and the majority class's figures beside it. The last line is `accuracy=<test accuracy>`.
 */

import { binaryLabels, knownLabels, requireColumn } from '../../core/ml/labels.js'
import { lexiconClass, lexiconScore, lexiconScoreInputs } from '../../core/ml/lexicon-classifier.js'
import { accuracy, macroF1, majorityClass, meanSd as summary } from '../../core/ml/metrics.js'
import { createRng } from '../../core/ml/prng.js'
import { SENTIMENT_CS, SENTIMENT_GRID } from '../../core/ml/sentiment-model.js'
import { foldRows, stratifiedKFold } from '../../core/ml/split.js'
import { describeSettings } from '../../core/ml/text-features.js'
import { fitTextModel, predictText, selectTextModel, type TextCandidate } from '../../core/ml/text-model.js'
import { compileLexicon } from '../../core/signals/compile-lexicon.js'
import { EXIT } from '../output.js'
import { readCsvTable } from './csv-table.js'
import { fixed, meanSd, percent } from './ml-options.js'

export interface EvalSentimentOptions {
  readonly train: string
  readonly test: string
  readonly label: string
  readonly text: string
  readonly positive?: string
  readonly folds: number
  readonly seed: number
}

/** Figures of a fixed classifier (no training) over the same folds as the candidates. */
function foldFigures(predicted: readonly string[], actual: readonly string[], folds: Int32Array, k: number) {
  const acc: number[] = []
  const f1: number[] = []
  for (let f = 0; f < k; f++) {
    const { test } = foldRows(folds, f)
    const p = test.map((i) => predicted[i] as string)
    const a = test.map((i) => actual[i] as string)
    acc.push(accuracy(p, a))
    f1.push(macroF1(p, a))
  }
  return { accuracy: summary(acc), macroF1: summary(f1) }
}

export function candidateLines(candidates: readonly TextCandidate[], chosen: TextCandidate): string[] {
  return candidates.map(
    (c) =>
      `  ${`${describeSettings(c.settings)}, C=${c.c}`.padEnd(30)} ${meanSd(c.accuracy)}  ${meanSd(c.macroF1)}${c === chosen ? ' *' : ''}`,
  )
}

export async function evalSentiment(options: EvalSentimentOptions): Promise<number> {
  const train = await readCsvTable(options.train, '--train')
  const test = await readCsvTable(options.test, '--test')
  requireColumn(train, options.text, 'text')
  requireColumn(test, options.text, 'text')
  const { positive, negative, y } = binaryLabels(train, options.label, options.positive)
  const labels = y.map((v) => (v ? positive : negative))
  const testLabels = knownLabels(test, options.label, [negative, positive])
  const texts = train.rows.map((r) => r[options.text] ?? '')
  const testTexts = test.rows.map((r) => r[options.text] ?? '')

  const lexicon = compileLexicon()
  const scores = lexiconScoreInputs(texts, lexicon)
  const selection = selectTextModel(texts, labels, {
    grid: SENTIMENT_GRID,
    cs: SENTIMENT_CS,
    folds: options.folds,
    seed: options.seed,
    positive,
    scores,
  })
  const { chosen } = selection
  const model = fitTextModel(texts, labels, { settings: chosen.settings, c: chosen.c, positive, scores })
  const testScores = testTexts.map((t) => lexiconScore(t, lexicon))
  const predicted = testTexts.map((t, i) => predictText(model, t, [testScores[i] as number]).label)

  const majority = majorityClass(labels).label
  const lexiconOf = (score: number) => lexiconClass(score, { negative, positive, fallback: majority })
  const lexiconTrain = scores.values.map((v) => lexiconOf(v[0] as number))
  const lexiconTest = testScores.map(lexiconOf)
  const noTerm = testScores.filter((s) => s === 0).length
  // Same folds as selectTextModel: same labels, same seed.
  const folds = stratifiedKFold(labels, options.folds, createRng(options.seed))
  const lexiconCv = foldFigures(lexiconTrain, labels, folds, options.folds)
  const majorityCv = foldFigures(
    labels.map(() => majority),
    labels,
    folds,
    options.folds,
  )
  const modelAccuracy = accuracy(predicted, testLabels)
  const row = (name: string, p: readonly string[]) =>
    `  ${name.padEnd(30)} accuracy ${fixed(accuracy(p, testLabels))}  macro-F1 ${fixed(macroF1(p, testLabels))}`
  const out = [
    `sentiment model: '${options.label}' = '${positive}' is positive, '${negative}' negative; text from '${options.text}'`,
    `train ${options.train}: ${train.rows.length} rows, ${percent(y.filter(Boolean).length / y.length)} positive`,
    `test  ${options.test}: ${test.rows.length} rows, ${percent(testLabels.filter((l) => l === positive).length / testLabels.length)} positive`,
    `cross-validation on the train file (${options.folds} stratified folds, seed ${options.seed}), accuracy and macro-F1, mean ± sd:`,
    ...candidateLines(selection.candidates, chosen),
    `  ${'built-in lexicon'.padEnd(30)} ${meanSd(lexiconCv.accuracy)}  ${meanSd(lexiconCv.macroF1)}`,
    `  ${`majority class ('${majority}')`.padEnd(30)} ${meanSd(majorityCv.accuracy)}  ${meanSd(majorityCv.macroF1)}`,
    `  * chosen: ${describeSettings(chosen.settings)}, C=${chosen.c} (highest mean accuracy; ${model.terms.length} terms after refitting)`,
    'test file (the chosen model refitted on the whole train file, scored once):',
    row('trained model', predicted),
    row('built-in lexicon (default)', lexiconTest),
    row(
      `majority class ('${majority}')`,
      testLabels.map(() => majority),
    ),
    `  the lexicon found no sentiment term in ${noTerm} of ${test.rows.length} texts (${percent(noTerm / test.rows.length)}); those count as '${majority}'`,
    `accuracy=${fixed(modelAccuracy)}`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return EXIT.ok
}
