/**
 * @module The trained models a policy names — `signals.sentiment.modelFile` and `churnRisk.modelFile` —
 * parsed from the file text the caller read (the core does no I/O), or the reason each cannot be used.
 */
import { CHURN_FEATURE_NAMES, isChurnFeature } from '../accounts/churn-features.js'
import { isPatronError } from '../errors.js'
import type { PathedIssue } from '../field-issues.js'
import { type ChurnModel, parseChurnModel } from '../ml/churn-model.js'
import { LEXICON_SCORE } from '../ml/sentiment-model.js'
import { parseTextModel, type TextModel } from '../ml/text-model.js'
import type { PolicyFiles } from './compile-sla.js'
import type { PolicyDocument } from './policy-schema.js'

type Compiled<M> = { readonly model?: M; readonly issues: readonly PathedIssue[] }

/** Reads `file`, parses it as JSON and then with `parse`; every failure is an issue at `path`. */
function compileModelFile<M>(
  file: string | undefined,
  files: PolicyFiles,
  path: readonly PropertyKey[],
  made: string,
  parse: (json: unknown) => M,
  check: (model: M) => string | null,
): Compiled<M> {
  if (file === undefined) return { issues: [] }
  const text = files.get(file)
  if (text === undefined) return { issues: [{ path, reason: `cannot read ${file}` }] }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { issues: [{ path, reason: `${file} is not JSON: ${(e as Error).message}` }] }
  }
  try {
    const model = parse(json)
    const problem = check(model)
    return problem === null ? { model, issues: [] } : { issues: [{ path, reason: `${file} ${problem}` }] }
  } catch (e) {
    if (!isPatronError(e)) throw e
    const first = e.issues[0]
    const detail = first ? `${first.field}: ${first.reason}` : e.message
    return { issues: [{ path, reason: `${file} is not a model from ${made} (${detail})` }] }
  }
}

export function compileSentimentModel(doc: PolicyDocument, files: PolicyFiles): Compiled<TextModel> {
  return compileModelFile(
    doc.signals.sentiment?.modelFile,
    files,
    ['signals', 'sentiment', 'modelFile'],
    'patron train sentiment',
    parseTextModel,
    (model) => {
      if (model.positive === null) return `has ${model.classes.length} classes; a sentiment model has two`
      const unknown = model.scores.find((name) => name !== LEXICON_SCORE)
      return unknown === undefined ? null : `needs an input Patron does not provide ('${unknown}')`
    },
  )
}

/** A churn model must read only the columns `churnFeatureRow` makes: anything else is not there to read. */
export function compileChurnModel(doc: PolicyDocument, files: PolicyFiles): Compiled<ChurnModel> {
  return compileModelFile(
    doc.churnRisk.modelFile,
    files,
    ['churnRisk', 'modelFile'],
    'patron train churn',
    parseChurnModel,
    (model) => {
      const unknown = model.encoding.columns.find((c) => !isChurnFeature(c.name))
      return unknown === undefined
        ? null
        : `reads a column Patron does not compute for an account ('${unknown.name}'); train it on rows from patron export churn-features (columns: ${CHURN_FEATURE_NAMES.join(', ')})`
    },
  )
}
