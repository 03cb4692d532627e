/**
 * @module `patron eval churn --train FILE --test FILE`: cross-validates the churn model on the train
 * file, refits it there, and scores the test file once. The last line is `auc=<test ROC-AUC>`.
 */
import {
  type Candidate,
  type ChurnTraining,
  scoreChurnTable,
  trainChurnModel,
} from '../../core/ml/churn-model.js'
import { binaryScores, majorityClass, summariseBinary } from '../../core/ml/metrics.js'
import type { Encoding } from '../../core/ml/tabular.js'
import { EXIT } from '../output.js'
import { readCsvTable } from './csv-table.js'
import { fixed, meanSd, percent } from './ml-options.js'

export interface EvalChurnOptions {
  readonly train: string
  readonly test: string
  readonly label: string
  readonly positive?: string
  /** @default ['customerID'] when the train file has that column (the telco format) */
  readonly ids?: readonly string[]
  readonly folds: number
  readonly seed: number
}

function candidateName(c: Candidate): string {
  return `${c.trees ? 'linear + trees' : 'linear'}, l2=${c.l2}`
}

export function describeColumns(encoding: Encoding, ids: readonly string[]): string[] {
  const numeric = encoding.columns.filter((c) => c.kind === 'numeric').map((c) => c.name)
  const categorical = encoding.columns.filter((c) => c.kind === 'categorical').map((c) => c.name)
  return [
    `columns: ${numeric.length} numeric (${numeric.join(', ')}), ${categorical.length} categorical`,
    ...(ids.length > 0 ? [`ignored: ${ids.join(', ')}`] : []),
    ...encoding.skipped.map((s) => `left out: ${s.column} ${s.reason}`),
  ]
}

export function describeCrossValidation(training: ChurnTraining, folds: number, seed: number): string[] {
  const lines = [
    `cross-validation on the train file (${folds} stratified folds, seed ${seed}; mean ± sd over folds):`,
    `  ${'candidate'.padEnd(22)} ${'ROC-AUC'.padEnd(15)}  ${'PR-AUC'.padEnd(15)}  ${'F1'.padEnd(15)}  accuracy`,
  ]
  for (const c of training.candidates) {
    const s = summariseBinary(c.folds)
    const mark = c === training.chosen ? ' *' : ''
    lines.push(
      `  ${candidateName(c).padEnd(22)} ${meanSd(s.rocAuc)}  ${meanSd(s.prAuc)}  ${meanSd(s.f1)}  ${meanSd(s.accuracy)}${mark}`,
    )
  }
  lines.push(
    `  * chosen: ${candidateName(training.chosen)} (highest mean ROC-AUC; F1 and accuracy at p ≥ 0.5)`,
  )
  return lines
}

export async function evalChurn(options: EvalChurnOptions): Promise<number> {
  const train = await readCsvTable(options.train, '--train')
  const test = await readCsvTable(options.test, '--test')
  const ids = options.ids ?? ['customerID'].filter((c) => train.columns.includes(c))
  const training = trainChurnModel(train, {
    label: options.label,
    ignore: ids,
    seed: options.seed,
    folds: options.folds,
    ...(options.positive === undefined ? {} : { positive: options.positive }),
  })
  const { model } = training
  const scored = scoreChurnTable(model, test)
  const scores = binaryScores(scored.probabilities, scored.positive)
  const trainLabels = train.rows.map((r) => (r[model.label] ?? '').trim())
  const majority = majorityClass(trainLabels)
  const testMajorityShare =
    scored.positive.filter((p) => p === (majority.label === model.positive)).length / scored.positive.length
  const c = scores.confusion
  const out = [
    `churn model: '${model.label}' = '${model.positive}' is the positive class`,
    `train ${options.train}: ${train.rows.length} rows, ${percent(model.training.positives / train.rows.length)} positive`,
    `test  ${options.test}: ${test.rows.length} rows, ${percent(scored.positive.filter(Boolean).length / test.rows.length)} positive`,
    ...describeColumns(model.encoding, ids),
    ...describeCrossValidation(training, options.folds, options.seed),
    'test file (the chosen model refitted on the whole train file, scored once):',
    `  ROC-AUC ${fixed(scores.rocAuc)}  PR-AUC ${fixed(scores.prAuc)}  F1 ${fixed(scores.f1)}  accuracy ${fixed(scores.accuracy)}`,
    `  at p ≥ 0.5: ${c.tp} true positives, ${c.fp} false positives, ${c.tn} true negatives, ${c.fn} false negatives`,
    `  majority baseline (always '${majority.label}'): accuracy ${fixed(testMajorityShare)}, ROC-AUC 0.5000, F1 ${majority.label === model.positive ? fixed((2 * testMajorityShare) / (1 + testMajorityShare)) : '0.0000'}`,
    `auc=${fixed(scores.rocAuc)}`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return EXIT.ok
}
