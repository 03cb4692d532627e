/**
 * @module `patron train churn|sentiment --data FILE --out model.json`: what a user runs on their own
 * data. Settings are chosen by cross-validation on the file, the chosen model is fitted on all of it,
 * and the JSON written is what `predictChurn` / `predictSentiment` (and `signals.sentiment.modelFile`
 * in a policy) read.
 */
import { trainChurnModel } from '../../core/ml/churn-model.js'
import { binaryLabels, requireColumn } from '../../core/ml/labels.js'
import { lexiconScoreInputs } from '../../core/ml/lexicon-classifier.js'
import { SENTIMENT_CS, SENTIMENT_GRID } from '../../core/ml/sentiment-model.js'
import { describeSettings } from '../../core/ml/text-features.js'
import { fitTextModel, selectTextModel } from '../../core/ml/text-model.js'
import { compileLexicon } from '../../core/signals/compile-lexicon.js'
import { EXIT } from '../output.js'
import { readCsvTable } from './csv-table.js'
import { describeColumns, describeCrossValidation } from './eval-churn.js'
import { candidateLines } from './eval-sentiment.js'
import { percent, writeModel } from './ml-options.js'

export interface TrainChurnOptions {
  readonly data: string
  readonly out: string
  readonly label: string
  readonly positive?: string
  readonly ids: readonly string[]
  readonly folds: number
  readonly seed: number
}

export async function trainChurn(options: TrainChurnOptions): Promise<number> {
  const table = await readCsvTable(options.data, '--data')
  const training = trainChurnModel(table, {
    label: options.label,
    ignore: options.ids,
    seed: options.seed,
    folds: options.folds,
    ...(options.positive === undefined ? {} : { positive: options.positive }),
  })
  const { model } = training
  const bytes = await writeModel(options.out, model)
  const out = [
    `${options.data}: ${table.rows.length} rows, ${percent(model.training.positives / table.rows.length)} '${model.label}' = '${model.positive}'`,
    ...describeColumns(model.encoding, options.ids),
    ...describeCrossValidation(training, options.folds, options.seed),
    `wrote ${options.out} (${bytes} bytes)`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return EXIT.ok
}

export interface TrainSentimentOptions {
  readonly data: string
  readonly out: string
  readonly label: string
  readonly text: string
  readonly positive?: string
  readonly folds: number
  readonly seed: number
}

export async function trainSentiment(options: TrainSentimentOptions): Promise<number> {
  const table = await readCsvTable(options.data, '--data')
  requireColumn(table, options.text, 'text')
  const { positive, negative, y } = binaryLabels(table, options.label, options.positive)
  const labels = y.map((v) => (v ? positive : negative))
  const texts = table.rows.map((r) => r[options.text] ?? '')
  const scores = lexiconScoreInputs(texts, compileLexicon())
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
  const bytes = await writeModel(options.out, model)
  const out = [
    `${options.data}: ${table.rows.length} rows, ${percent(y.filter(Boolean).length / y.length)} '${positive}' (positive)`,
    `cross-validation (${options.folds} stratified folds, seed ${options.seed}), accuracy and macro-F1, mean ± sd:`,
    ...candidateLines(selection.candidates, chosen),
    `  * chosen: ${describeSettings(chosen.settings)}, C=${chosen.c}`,
    `wrote ${options.out} (${model.terms.length} terms, ${bytes} bytes)`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return EXIT.ok
}
