import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeWord, type Token, tokenize } from './tokenize.js'

const norms = (text: string): string[] => tokenize(text).tokens.map((t) => t.norm)
const surfaces = (text: string): string[] => tokenize(text).tokens.map((t) => text.slice(t.start, t.end))

test('English words are lower-cased and Porter-stemmed, with spans into the original text', () => {
  const text = 'We are Evaluating ALTERNATIVES.'
  assert.deepEqual(norms(text), ['we', 'ar', 'evalu', 'altern'])
  assert.deepEqual(surfaces(text), ['We', 'are', 'Evaluating', 'ALTERNATIVES'])
})

test('contractions expand and keep spans that cover exactly their letters', () => {
  const text = "We won't renew, can't log in, it doesn't work and we're done; it's Dana's"
  assert.deepEqual(norms(text), [
    'we',
    'will',
    'not',
    'renew',
    'can',
    'not',
    'log',
    'in',
    'it',
    'doe',
    'not',
    'work',
    'and',
    'we',
    'ar',
    'done',
    'it',
    'dana',
  ])
  const words = surfaces(text)
  assert.deepEqual(words.slice(1, 3), ['wo', "n't"])
  assert.equal(words.at(-1), 'Dana')
})

test('curly apostrophes, "cannot" and apostrophe-less contractions all give a `not` token', () => {
  assert.deepEqual(norms('we won’t renew'), ['we', 'will', 'not', 'renew'])
  assert.deepEqual(norms('I cannot log in'), ['i', 'can', 'not', 'log', 'in'])
  assert.deepEqual(norms('it dont work'), ['it', 'do', 'not', 'work'])
  assert.deepEqual(surfaces('I cannot'), ['I', 'can', 'not'])
})

test('stems that collide with request words are pinned', () => {
  assert.notEqual(normalizeWord('helpful'), normalizeWord('help'))
  assert.notEqual(normalizeWord('pleased'), normalizeWord('please'))
  assert.notEqual(normalizeWord('excellent'), normalizeWord('excel'))
  assert.notEqual(normalizeWord('resolved'), normalizeWord('resolve'))
  assert.equal(normalizeWord('disappointing'), normalizeWord('disappointed'))
})

test('Han text is segmented by jieba with UTF-16 offsets, also after astral characters', () => {
  const text = '😀😀我们正在评估替代方案'
  const tokens = tokenize(text).tokens
  assert.deepEqual(
    tokens.map((t) => t.norm),
    ['我们', '正在', '评估', '替代', '方案'],
  )
  for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.norm)
  assert.equal((tokens[2] as Token).start, 8)
})

test('Han characters outside the BMP are counted and kept whole', () => {
  const text = '𠀀好'
  const { tokens, hanChars } = tokenize(text)
  assert.equal(hanChars, 2)
  assert.equal(tokens.map((t) => text.slice(t.start, t.end)).join(''), text)
})

test('mixed scripts: Latin and Han runs each get their own tokens and counts', () => {
  const text = '我们的Zendesk集成报错了, error 500'
  const { tokens, hanChars, latinLetters } = tokenize(text)
  assert.equal(hanChars, 8)
  assert.equal(latinLetters, 12)
  assert.ok(tokens.some((t) => !t.han && t.norm === 'zendesk'))
  assert.ok(tokens.some((t) => t.han && t.norm === '报错'))
  for (const t of tokens) assert.ok(t.end > t.start && t.end <= text.length)
})

test('clause punctuation separates clauses; decimal points and domains do not', () => {
  const clauses = (text: string): number[] => tokenize(text).tokens.map((t) => t.clause)
  assert.deepEqual(clauses('No, we are here'), [0, 1, 1, 1])
  assert.deepEqual(clauses('v2.3 on monday.com'), [0, 0, 0, 0, 0])
  assert.deepEqual(clauses('好的，谢谢。再见'), [0, 0, 1, 2])
  assert.deepEqual(clauses('cost $1,200 today'), [0, 0, 0, 0])
})

test('empty and symbol-only texts have no tokens', () => {
  assert.deepEqual(tokenize('').tokens, [])
  assert.deepEqual(tokenize('!!! 😀 ...').tokens, [])
})

test('a word whose lower case is longer (İ) keeps a span over the original characters', () => {
  const text = 'İstanbul office: we won’t renew'
  const { tokens } = tokenize(text)
  assert.equal(text.slice(tokens[0]?.start, tokens[0]?.end), 'İstanbul')
  assert.deepEqual(surfaces(text).slice(-4), ['we', 'wo', 'n’t', 'renew'])
  assert.deepEqual(norms(text).slice(-4), ['we', 'will', 'not', 'renew'])
})
