/**
 * @module `patron eval …` and `patron train …`: argument parsing for the machine-learning commands,
 * kept out of main.ts so the command table there stays one line per command.
 */
import { parseArgs } from 'node:util'
import { UsageError } from '../output.js'
import { evalChurn } from './eval-churn.js'
import { evalPriority } from './eval-priority.js'
import { evalSentiment } from './eval-sentiment.js'
import { evalSplit } from './eval-split.js'
import { fractionOption, integerOption, requireOption } from './ml-options.js'
import { trainChurn, trainSentiment } from './train-model.js'

export const ML_HELP = `  patron eval churn --train FILE --test FILE [--label Churn] [--positive Yes] [--id customerID]
                    [--folds 5] [--seed 1]
                                    cross-validate the churn model on the train file, score the test
                                    file once; the last line is auc=<test ROC-AUC>
  patron eval sentiment --train FILE --test FILE [--label label] [--text review] [--positive 1]
                    [--folds 5] [--seed 1]
                                    the same for a label,review CSV, beside the built-in lexicon;
                                    the last line is accuracy=<test accuracy>
  patron eval priority --train FILE --test FILE [--label 'Ticket Priority'] [--text COLUMN]...
                    [--folds 5] [--seed 1]
                                    can ticket words predict priority? accuracy, majority baseline and
                                    a leakage verdict; the last line is accuracy=<test accuracy>
  patron eval split FILE --out-dir DIR [--test-fraction 0.2] [--seed 1] [--label COLUMN]
                                    a seeded stratified train/test split of a labelled CSV
  patron train churn --data FILE --label COLUMN [--positive VALUE] [--id COLUMN]... [--folds 5]
                    [--seed 1] --out model.json
                                    train a churn model on your own account history
  patron train sentiment --data FILE [--label label] [--text review] [--positive 1] [--folds 5]
                    [--seed 1] --out model.json
                                    train a sentiment model (for signals.sentiment.modelFile)
`

const common = {
  folds: { type: 'string' },
  seed: { type: 'string' },
} as const

function folds(value: string | undefined): number {
  return integerOption(value, '--folds', 5, 2, 20)
}

function seed(value: string | undefined): number {
  return integerOption(value, '--seed', 1, 0, 2 ** 32 - 1)
}

export async function evalCommand(args: readonly string[]): Promise<number> {
  const [what, ...rest] = args
  switch (what) {
    case 'churn': {
      const usage = 'patron eval churn --train FILE --test FILE'
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          train: { type: 'string' },
          test: { type: 'string' },
          label: { type: 'string', default: 'Churn' },
          positive: { type: 'string' },
          id: { type: 'string', multiple: true },
        },
      })
      return evalChurn({
        train: requireOption(values.train, '--train', usage),
        test: requireOption(values.test, '--test', usage),
        label: values.label,
        ...(values.positive === undefined ? {} : { positive: values.positive }),
        ...(values.id === undefined ? {} : { ids: values.id }),
        folds: folds(values.folds),
        seed: seed(values.seed),
      })
    }
    case 'sentiment': {
      const usage = 'patron eval sentiment --train FILE --test FILE'
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          train: { type: 'string' },
          test: { type: 'string' },
          label: { type: 'string', default: 'label' },
          text: { type: 'string', default: 'review' },
          positive: { type: 'string' },
        },
      })
      return evalSentiment({
        train: requireOption(values.train, '--train', usage),
        test: requireOption(values.test, '--test', usage),
        label: values.label,
        text: values.text,
        ...(values.positive === undefined ? {} : { positive: values.positive }),
        folds: folds(values.folds),
        seed: seed(values.seed),
      })
    }
    case 'priority': {
      const usage = 'patron eval priority --train FILE --test FILE'
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          train: { type: 'string' },
          test: { type: 'string' },
          label: { type: 'string', default: 'Ticket Priority' },
          text: { type: 'string', multiple: true },
        },
      })
      return evalPriority({
        train: requireOption(values.train, '--train', usage),
        test: requireOption(values.test, '--test', usage),
        label: values.label,
        text: values.text ?? ['Ticket Subject', 'Ticket Description'],
        folds: folds(values.folds),
        seed: seed(values.seed),
      })
    }
    case 'split': {
      const usage = 'patron eval split FILE --out-dir DIR [--test-fraction 0.2] [--seed 1]'
      const { values, positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: {
          seed: { type: 'string' },
          'out-dir': { type: 'string' },
          'test-fraction': { type: 'string' },
          label: { type: 'string' },
        },
      })
      const file = positionals[0]
      if (file === undefined || positionals.length > 1) throw new UsageError(`usage: ${usage}`)
      return evalSplit({
        file,
        outDir: requireOption(values['out-dir'], '--out-dir', usage),
        testFraction: fractionOption(values['test-fraction'], '--test-fraction', 0.2),
        seed: seed(values.seed),
        ...(values.label === undefined ? {} : { label: values.label }),
      })
    }
    default:
      throw new UsageError(
        `unknown eval command '${what ?? ''}'; expected churn, sentiment, priority or split`,
      )
  }
}

export async function trainCommand(args: readonly string[]): Promise<number> {
  const [what, ...rest] = args
  switch (what) {
    case 'churn': {
      const usage = 'patron train churn --data FILE --label COLUMN --out model.json'
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          data: { type: 'string' },
          out: { type: 'string' },
          label: { type: 'string' },
          positive: { type: 'string' },
          id: { type: 'string', multiple: true },
        },
      })
      return trainChurn({
        data: requireOption(values.data, '--data', usage),
        out: requireOption(values.out, '--out', usage),
        label: requireOption(values.label, '--label', usage),
        ...(values.positive === undefined ? {} : { positive: values.positive }),
        ids: values.id ?? [],
        folds: folds(values.folds),
        seed: seed(values.seed),
      })
    }
    case 'sentiment': {
      const usage = 'patron train sentiment --data FILE --out model.json'
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          ...common,
          data: { type: 'string' },
          out: { type: 'string' },
          label: { type: 'string', default: 'label' },
          text: { type: 'string', default: 'review' },
          positive: { type: 'string' },
        },
      })
      return trainSentiment({
        data: requireOption(values.data, '--data', usage),
        out: requireOption(values.out, '--out', usage),
        label: values.label,
        text: values.text,
        ...(values.positive === undefined ? {} : { positive: values.positive }),
        folds: folds(values.folds),
        seed: seed(values.seed),
      })
    }
    default:
      throw new UsageError(`unknown train command '${what ?? ''}'; expected churn or sentiment`)
  }
}
