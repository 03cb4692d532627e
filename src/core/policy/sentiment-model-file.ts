/**
 * @module `signals.sentiment.modelFile`: the trained sentiment model a policy names, parsed from the
 * file text the caller read (the core does no I/O), or the reason it cannot be used.
 */
import { isPatronError } from '../errors.js'
import type { PathedIssue } from '../field-issues.js'
import { LEXICON_SCORE } from '../ml/sentiment-model.js'
import { parseTextModel, type TextModel } from '../ml/text-model.js'
import type { PolicyFiles } from './compile-sla.js'
import type { PolicyDocument } from './policy-schema.js'

const PATH = ['signals', 'sentiment', 'modelFile'] as const

export function compileSentimentModel(
  doc: PolicyDocument,
  files: PolicyFiles,
): { readonly model?: TextModel; readonly issues: readonly PathedIssue[] } {
  const file = doc.signals.sentiment?.modelFile
  if (file === undefined) return { issues: [] }
  const text = files.get(file)
  if (text === undefined) return { issues: [{ path: PATH, reason: `cannot read ${file}` }] }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { issues: [{ path: PATH, reason: `${file} is not JSON: ${(e as Error).message}` }] }
  }
  try {
    const model = parseTextModel(json)
    if (model.positive === null)
      return {
        issues: [
          { path: PATH, reason: `${file} has ${model.classes.length} classes; a sentiment model has two` },
        ],
      }
    const unknown = model.scores.find((name) => name !== LEXICON_SCORE)
    if (unknown !== undefined)
      return {
        issues: [{ path: PATH, reason: `${file} needs an input Patron does not provide ('${unknown}')` }],
      }
    return { model, issues: [] }
  } catch (e) {
    if (!isPatronError(e)) throw e
    const first = e.issues[0]
    const detail = first ? `${first.field}: ${first.reason}` : e.message
    return {
      issues: [
        { path: PATH, reason: `${file} is not a sentiment model from patron train sentiment (${detail})` },
      ],
    }
  }
}
