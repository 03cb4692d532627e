import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compileLexicon } from './compile-lexicon.js'
import { analyzeText } from './detect-signals.js'
import {
  INTENSIFIER_BOOST,
  NEGATION_DAMPING,
  NORMALISATION_ALPHA,
  type ScoredTerm,
  strongestTerm,
} from './sentiment.js'

const lexicon = compileLexicon()
const score = (text: string): number => analyzeText({ subject: '', body: text }, lexicon).sentiment.score
const squash = (s: number): number =>
  Math.round((s / Math.sqrt(s * s + NORMALISATION_ALPHA)) * 10_000) / 10_000

test('the score is the VADER normalisation of the summed weights', () => {
  // frustrated = -3
  assert.equal(score('frustrated'), squash(-3))
  // frustrated (-3) + thanks (+1)
  assert.equal(score('frustrated, thanks'), squash(-2))
  assert.equal(score('满意'), squash(3))
})

test('intensifiers multiply the weight, at most two of them', () => {
  assert.equal(score('really frustrated'), squash(-3 * (1 + INTENSIFIER_BOOST)))
  assert.equal(score('真的很失望'), squash(-3 * (1 + 2 * INTENSIFIER_BOOST)))
  assert.equal(score('really very extremely frustrated'), squash(-3 * (1 + 2 * INTENSIFIER_BOOST)))
})

test('a negator within three tokens flips and damps; a farther one does not', () => {
  assert.equal(score('not happy'), squash(-3 * NEGATION_DAMPING))
  assert.equal(score('not at all happy'), squash(-3 * NEGATION_DAMPING))
  assert.equal(score('not that we were ever happy'), squash(3))
  assert.equal(score('不太满意'), squash(-3 * NEGATION_DAMPING))
})

test('the strongest term is picked in the direction of the label only', () => {
  const term = (value: number, phrase: string): ScoredTerm => ({
    field: 'body',
    value,
    phrase,
    language: 'en',
    start: 0,
    end: 1,
  })
  const terms = [term(4, 'great'), term(-2, 'slow'), term(-3, 'terrible')]
  assert.equal(strongestTerm(terms, 'negative')?.phrase, 'terrible')
  assert.equal(strongestTerm(terms, 'positive')?.phrase, 'great')
  assert.equal(strongestTerm(terms, 'neutral'), null)
})
