/**
 * @module Text → a set of terms for the linear text models: character n-grams (what works for Chinese,
 * which has no spaces, and is robust to typos elsewhere) and word n-grams from the signal tokenizer
 * (Porter stems for English, jieba words for Chinese).
 *
 * Terms are present-or-absent, not counted: binarised features are what NBSVM (Wang & Manning 2012)
 * found best for sentiment, and a term's contribution to a prediction is then just its weight.
 */
import { tokenize } from '../signals/tokenize.js'

export interface TextFeatureSettings {
  /** Longest character n-gram (1 … charMax); 0 for none. */
  readonly charMax: number
  /** Longest word n-gram (1 … wordMax); 0 for none. */
  readonly wordMax: number
}

/** Full-width forms folded to ASCII (NFKC), lower case, runs of whitespace as one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * The distinct terms of `text`. Character n-grams are prefixed `c:`, word n-grams `w:` (words joined
 * by a space), so an explanation can say which kind of evidence a term is. Word n-grams do not cross
 * a clause boundary (see tokenize.ts), so "good. not" is never a bigram.
 */
export function textTerms(text: string, settings: TextFeatureSettings): string[] {
  const terms = new Set<string>()
  const normal = normalizeText(text)
  if (settings.charMax > 0) {
    const chars = Array.from(normal)
    for (let i = 0; i < chars.length; i++) {
      let gram = ''
      for (let n = 1; n <= settings.charMax && i + n <= chars.length; n++) {
        gram += chars[i + n - 1]
        // A lone space says nothing; n-grams that span a space ("d g" in "good game") are kept.
        if (gram !== ' ') terms.add(`c:${gram}`)
      }
    }
  }
  if (settings.wordMax > 0) {
    const tokens = tokenize(normal).tokens
    for (let i = 0; i < tokens.length; i++) {
      let gram = ''
      const clause = tokens[i]?.clause
      for (let n = 1; n <= settings.wordMax && i + n <= tokens.length; n++) {
        const token = tokens[i + n - 1]
        if (token === undefined || token.clause !== clause) break
        gram = n === 1 ? token.norm : `${gram} ${token.norm}`
        terms.add(`w:${gram}`)
      }
    }
  }
  return [...terms]
}

/** "c:不错" → "不错", "w:not work" → "not work": how a term reads in an explanation. */
export function termText(term: string): string {
  return term.slice(2)
}

/**
 * Term → column, for terms in at least `minDocs` documents (rarer ones cannot be weighed and only
 * grow the model). Columns are in first-seen order of the documents given.
 */
export function buildVocabulary(docs: readonly (readonly string[])[], minDocs = 1): Map<string, number> {
  const df = new Map<string, number>()
  for (const terms of docs) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1)
  const vocabulary = new Map<string, number>()
  for (const [term, count] of df) if (count >= minDocs) vocabulary.set(term, vocabulary.size)
  return vocabulary
}

/** The sorted column indices of the terms the vocabulary knows. */
export function termColumns(terms: readonly string[], vocabulary: ReadonlyMap<string, number>): Int32Array {
  const cols: number[] = []
  for (const t of terms) {
    const j = vocabulary.get(t)
    if (j !== undefined) cols.push(j)
  }
  return Int32Array.from(cols).sort()
}

/** "chars 1-3 + words 1-2", for reports. */
export function describeSettings(s: TextFeatureSettings): string {
  const parts: string[] = []
  if (s.charMax > 0) parts.push(`chars 1-${s.charMax}`)
  if (s.wordMax > 0) parts.push(`words 1-${s.wordMax}`)
  return parts.join(' + ') || 'no terms'
}
