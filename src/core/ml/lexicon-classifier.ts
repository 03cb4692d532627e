/**
 * @module The built-in sentiment lexicon read as a two-class classifier: the default a trained
 * sentiment model replaces, and the figure every trained model is printed beside.
 */
import type { Lexicon } from '../signals/compile-lexicon.js'
import { analyzeText } from '../signals/detect-signals.js'
import { LEXICON_SCORE } from './sentiment-model.js'
import type { ScoreInputs } from './text-model.js'

/** The lexicon's sentiment score of a text in [-1, 1]; 0 when it holds no sentiment term. */
export function lexiconScore(text: string, lexicon: Lexicon): number {
  return analyzeText({ subject: '', body: text }, lexicon).sentiment.score
}

/**
 * A negative score reads as `negative`, a positive one as `positive`, and a text with no sentiment
 * term (score 0) as `fallback` (the training majority, the fairest guess it has).
 */
export function lexiconClass<L>(
  score: number,
  classes: { readonly negative: L; readonly positive: L; readonly fallback: L },
): L {
  return score < 0 ? classes.negative : score > 0 ? classes.positive : classes.fallback
}

/** The score inputs a sentiment model trains on: the lexicon's score of each text (see `LEXICON_SCORE`). */
export function lexiconScoreInputs(texts: readonly string[], lexicon: Lexicon): ScoreInputs {
  return { names: [LEXICON_SCORE], values: texts.map((t) => [lexiconScore(t, lexicon)]) }
}
