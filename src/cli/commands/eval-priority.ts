/**
 * @module `patron eval priority --train FILE --test FILE`: can a text model predict a ticket's priority
 * from its words? On the suraj520 ticket set the priorities were assigned at random, so the honest
 * answer is "no better than chance", and a model clearly above chance there means a leak (an id, a
 * duplicate across the split) rather than skill. Prints accuracy, macro-F1, the majority baseline and
 * that verdict; the last line is `accuracy=<test accuracy>`.
 */
import { classesOf, knownLabels, readLabels, requireColumn } from '../../core/ml/labels.js'
import { accuracy, macroF1, majorityClass } from '../../core/ml/metrics.js'
import { describeSettings } from '../../core/ml/text-features.js'
import { fitTextModel, predictText, selectTextModel } from '../../core/ml/text-model.js'
import { EXIT } from '../output.js'
import { readCsvTable } from './csv-table.js'
import { candidateLines } from './eval-sentiment.js'
import { fixed, percent } from './ml-options.js'

export interface EvalPriorityOptions {
  readonly train: string
  readonly test: string
  readonly label: string
  readonly text: readonly string[]
  readonly folds: number
  readonly seed: number
}

/** Ticket words are English here; word uni- and bigrams, two penalties. */
const PRIORITY_GRID = [{ charMax: 0, wordMax: 2 }] as const
const PRIORITY_CS = [0.1, 1] as const

/** A result this many standard errors above the majority baseline is not chance. */
const Z_CLEARLY_ABOVE = 3

/**
 * Chance or not: the z-score of the accuracy against always guessing the training majority, with the
 * binomial standard error of that baseline on `n` rows.
 */
export function leakageVerdict(
  modelAccuracy: number,
  baseline: number,
  n: number,
): { z: number; clearlyAbove: boolean; text: string } {
  const se = Math.sqrt((baseline * (1 - baseline)) / n)
  const z = se > 0 ? (modelAccuracy - baseline) / se : 0
  const clearlyAbove = z > Z_CLEARLY_ABOVE
  const figures = `accuracy ${fixed(modelAccuracy)} against the majority baseline ${fixed(baseline)}, z = ${z.toFixed(1)} on ${n} rows`
  return {
    z,
    clearlyAbove,
    text: clearlyAbove
      ? `WARNING: clearly above chance (${figures}); if these labels are known to be random, look for leakage: ids, timestamps or duplicate texts shared by train and test`
      : `near chance (${figures}): no sign of leakage; the words carry no usable signal for this label`,
  }
}

function joined(row: Readonly<Record<string, string>>, columns: readonly string[]): string {
  return columns.map((c) => row[c] ?? '').join('\n')
}

export async function evalPriority(options: EvalPriorityOptions): Promise<number> {
  const train = await readCsvTable(options.train, '--train')
  const test = await readCsvTable(options.test, '--test')
  for (const c of options.text) {
    requireColumn(train, c, 'text')
    requireColumn(test, c, 'text')
  }
  const labels = readLabels(train, options.label)
  const classes = classesOf(labels, options.label)
  const testLabels = knownLabels(test, options.label, classes)
  const texts = train.rows.map((r) => joined(r, options.text))
  const selection = selectTextModel(texts, labels, {
    grid: PRIORITY_GRID,
    cs: PRIORITY_CS,
    folds: options.folds,
    seed: options.seed,
  })
  const { chosen } = selection
  const model = fitTextModel(texts, labels, { settings: chosen.settings, c: chosen.c })
  const predicted = test.rows.map((r) => predictText(model, joined(r, options.text)).label)
  const majority = majorityClass(labels).label
  const baseline = accuracy(
    testLabels.map(() => majority),
    testLabels,
  )
  const modelAccuracy = accuracy(predicted, testLabels)
  const verdict = leakageVerdict(modelAccuracy, baseline, testLabels.length)
  const counts = classes.map((c) => `${c} ${percent(labels.filter((l) => l === c).length / labels.length)}`)
  const out = [
    `priority model: '${options.label}' from ${options.text.map((t) => `'${t}'`).join(' + ')}, ${classes.length} classes`,
    `train ${options.train}: ${train.rows.length} rows (${counts.join(', ')})`,
    `test  ${options.test}: ${test.rows.length} rows`,
    `cross-validation on the train file (${options.folds} stratified folds, seed ${options.seed}), accuracy and macro-F1, mean ± sd:`,
    ...candidateLines(selection.candidates, chosen),
    `  * chosen: ${describeSettings(chosen.settings)}, C=${chosen.c}`,
    'test file (the chosen model refitted on the whole train file, scored once):',
    `  trained model                  accuracy ${fixed(modelAccuracy)}  macro-F1 ${fixed(macroF1(predicted, testLabels))}`,
    `  majority class ('${majority}')`.padEnd(33) +
      `accuracy ${fixed(baseline)}  macro-F1 ${fixed(
        macroF1(
          testLabels.map(() => majority),
          testLabels,
        ),
      )}`,
    `  uniform chance                 accuracy ${fixed(1 / classes.length)}`,
    `verdict: ${verdict.text}`,
    `accuracy=${fixed(modelAccuracy)}`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  return EXIT.ok
}
