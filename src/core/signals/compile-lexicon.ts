/**
 * @module Compiles the built-in English and Chinese lexicons and the policy's extension into one phrase index, once per policy load.
 */
import type { TextModel } from '../ml/text-model.js'
import type { BuiltinLexicon } from './builtin-lexicon.js'
import { LEXICON_EN } from './lexicon.en.js'
import { LEXICON_ZH } from './lexicon.zh.js'
import {
  type CompiledExpression,
  type CompiledPhrase,
  type ExpressionIndex,
  indexKey,
  type PhraseKind,
  type PhraseUnit,
} from './phrase.js'
import type { LexiconExtension, PhraseList, WeightedTerms } from './signal.js'
import { type Token, tokenize } from './tokenize.js'

/**
 * A compiled lexicon. Treat it as opaque: build it with `compileLexicon`, pass it to `analyzeText`.
 * It is immutable, so one value serves every ticket analysed under the same policy.
 */
export interface Lexicon {
  /** Phrases filed by the key of their first unit (see `indexKey`). */
  readonly index: ReadonlyMap<string, readonly CompiledPhrase[]>
  /** Norms of negator tokens (`not`, `no`, 不, 没有 …). */
  readonly negators: ReadonlySet<string>
  /** Negation-cancelling expressions ("not rule out", "no choice but", 不排除, 只能); see negation.ts. */
  readonly cancellers: ExpressionIndex
  /** Moving expressions ("switching to", 改用) that turn a competitor mention into direct churn. */
  readonly movingTo: ExpressionIndex
  /** Norms of intensifier tokens (`veri`, `realli`, 很, 非常 …). */
  readonly intensifiers: ReadonlySet<string>
  /** Competitor names written only in Han characters, found by substring (Chinese has no word gaps to anchor on). */
  readonly hanCompetitors: readonly string[]
  /** Sentiment label thresholds on the [-1, 1] score. */
  readonly negativeAt: number
  readonly positiveAt: number
  /** A trained two-class sentiment model (`signals.sentiment.modelFile`): its probability replaces the lexicon's score. */
  readonly sentimentModel?: TextModel
}

/** @default -0.3 */
export const DEFAULT_NEGATIVE_AT = -0.3
/** @default 0.3 */
export const DEFAULT_POSITIVE_AT = 0.3

type Language = 'en' | 'zh'

interface Entry {
  readonly kind: PhraseKind
  readonly canonical: string
  readonly language: Language
  readonly weight: number
  readonly severity: CompiledPhrase['severity']
}

/**
 * Merges the built-in lexicons with `ext`: extension phrases are added, `ext.ignore` removes
 * built-in entries (phrases, sentiment terms, negators, intensifiers, negation-cancelling and
 * moving expressions) by their exact canonical form, and an extension sentiment term overrides a
 * built-in term's weight.
 */
export function compileLexicon(ext: LexiconExtension = {}, sentimentModel?: TextModel): Lexicon {
  const ignored = new Set(ext.ignore ?? [])
  const entries = new Map<string, Entry>()
  const add = (entry: Entry): void => {
    // Sentiment terms are keyed without their polarity so a policy can turn a built-in positive
    // term negative; other kinds keep one entry per (kind, phrase).
    const key =
      entry.kind === 'sentiment' ? `s\u0000${entry.canonical}` : `${entry.kind}\u0000${entry.canonical}`
    entries.set(key, entry)
  }

  for (const [language, builtin] of [
    ['en', LEXICON_EN],
    ['zh', LEXICON_ZH],
  ] as const) {
    for (const entry of builtinEntries(language, builtin)) if (!ignored.has(entry.canonical)) add(entry)
  }
  for (const entry of extensionEntries(ext)) add(entry)

  const index = new Map<string, CompiledPhrase[]>()
  for (const entry of entries.values()) {
    const units = toUnits(entry.canonical)
    const first = units[0]
    if (first === undefined) continue // punctuation only: nothing a text could match
    // Built field by field (no spread) so every phrase shares one V8 shape: the matcher reads them per token.
    const phrase: CompiledPhrase = {
      kind: entry.kind,
      canonical: entry.canonical,
      language: entry.language,
      units,
      maxGap: entry.kind === 'competitor' ? 0 : 1,
      weight: entry.weight,
      severity: entry.severity,
    }
    const key = indexKey(first.text, first.han)
    const bucket = index.get(key)
    if (bucket === undefined) index.set(key, [phrase])
    else bucket.push(phrase)
  }

  // Negators and intensifiers act as single tokens; an entry jieba would cut in two (并不 → 并/不)
  // is left out rather than turning its first half into a negator.
  const wordsOf = (words: readonly string[]): Set<string> => {
    const norms = new Set<string>()
    for (const word of words) {
      const tokens = tokenize(word).tokens
      if (!ignored.has(word) && tokens.length === 1) norms.add((tokens[0] as Token).norm)
    }
    return norms
  }

  return {
    index,
    negators: wordsOf([...LEXICON_EN.negators, ...LEXICON_ZH.negators]),
    // Cancellers allow one extra word like phrases ("can't completely rule out", 不完全排除);
    // moving expressions are exact, since "sign in with HubSpot" is not "sign with HubSpot".
    cancellers: compileExpressions(
      [
        ['en', LEXICON_EN.negationCancellers],
        ['zh', LEXICON_ZH.negationCancellers],
      ],
      1,
      ignored,
    ),
    movingTo: compileExpressions(
      [
        ['en', LEXICON_EN.movingTo],
        ['zh', LEXICON_ZH.movingTo],
      ],
      0,
      ignored,
    ),
    intensifiers: wordsOf([...LEXICON_EN.intensifiers, ...LEXICON_ZH.intensifiers]),
    hanCompetitors: (ext.competitors ?? []).filter(isHanOnly),
    negativeAt: ext.sentiment?.negativeAt ?? DEFAULT_NEGATIVE_AT,
    positiveAt: ext.sentiment?.positiveAt ?? DEFAULT_POSITIVE_AT,
    sentimentModel,
  }
}

/** Files expressions by the key of their first unit, like phrases, and records the widest span. */
function compileExpressions(
  lists: readonly (readonly [Language, readonly string[]])[],
  maxGap: number,
  ignored: ReadonlySet<string>,
): ExpressionIndex {
  const byKey = new Map<string, CompiledExpression[]>()
  let span = 0
  for (const [language, list] of lists) {
    for (const canonical of list) {
      const units = toUnits(canonical)
      const first = units[0]
      if (first === undefined || ignored.has(canonical)) continue
      const expression: CompiledExpression = { canonical, language, units, maxGap }
      const key = indexKey(first.text, first.han)
      const bucket = byKey.get(key)
      if (bucket === undefined) byKey.set(key, [expression])
      else bucket.push(expression)
      span = Math.max(span, spanOf(units, maxGap))
    }
  }
  return { byKey, span }
}

/**
 * The most tokens an occurrence of `units` can cover: one per word, at most one per Han
 * character, plus `maxGap` at every boundary where `matchAt` may skip a token.
 */
function spanOf(units: readonly PhraseUnit[], maxGap: number): number {
  let tokens = 0
  let boundaries = units.length - 1
  for (const unit of units) {
    tokens += unit.han ? unit.text.length : 1
    boundaries += unit.cuts.length
  }
  return tokens + maxGap * boundaries
}

function* builtinEntries(language: Language, lex: BuiltinLexicon): Generator<Entry> {
  for (const canonical of lex.churnDirect) yield plain('churn.direct', canonical, language)
  for (const canonical of lex.churnIndirect) yield plain('churn.indirect', canonical, language)
  for (const canonical of lex.urgencyP1) yield { ...plain('urgency', canonical, language), severity: 'P1' }
  for (const canonical of lex.urgencyP2) yield { ...plain('urgency', canonical, language), severity: 'P2' }
  for (const [canonical, w] of Object.entries(lex.negative)) yield sentiment(canonical, language, -w)
  for (const [canonical, w] of Object.entries(lex.positive)) yield sentiment(canonical, language, w)
  for (const canonical of lex.neutral) yield sentiment(canonical, language, 0)
}

function* extensionEntries(ext: LexiconExtension): Generator<Entry> {
  yield* phraseEntries('churn.direct', ext.churnDirect)
  yield* phraseEntries('churn.indirect', ext.churnIndirect)
  for (const entry of phraseEntries('urgency', ext.urgency?.P1)) yield { ...entry, severity: 'P1' }
  for (const entry of phraseEntries('urgency', ext.urgency?.P2)) yield { ...entry, severity: 'P2' }
  yield* termEntries(ext.negative, -1)
  yield* termEntries(ext.positive, 1)
  for (const name of ext.competitors ?? []) {
    // Han-only names are matched by substring in `analyzeText`, not through the index.
    if (!isHanOnly(name)) yield plain('competitor', name, 'en')
  }
}

function* phraseEntries(kind: PhraseKind, list: PhraseList | undefined): Generator<Entry> {
  for (const canonical of list?.en ?? []) yield plain(kind, canonical, 'en')
  for (const canonical of list?.zh ?? []) yield plain(kind, canonical, 'zh')
}

function* termEntries(terms: WeightedTerms | undefined, sign: 1 | -1): Generator<Entry> {
  for (const [canonical, w] of Object.entries(terms?.en ?? {})) yield sentiment(canonical, 'en', sign * w)
  for (const [canonical, w] of Object.entries(terms?.zh ?? {})) yield sentiment(canonical, 'zh', sign * w)
}

function plain(kind: PhraseKind, canonical: string, language: Language): Entry {
  return { kind, canonical, language, weight: 0, severity: null }
}

function sentiment(canonical: string, language: Language, weight: number): Entry {
  return { kind: 'sentiment', canonical, language, weight, severity: null }
}

/**
 * Tokenizes an entry exactly as ticket text is tokenized, then merges adjacent Han segments into
 * one unit and remembers where jieba cut them (the points where an extra token may be skipped).
 */
function toUnits(canonical: string): PhraseUnit[] {
  const units: PhraseUnit[] = []
  let han = ''
  let cuts: number[] = []
  let lastEnd = -1
  const flush = (): void => {
    if (han !== '') units.push({ text: han, han: true, cuts })
    han = ''
    cuts = []
  }
  for (const token of tokenize(canonical).tokens) {
    if (!token.han) {
      flush()
      units.push({ text: token.norm, han: false, cuts: [] })
    } else {
      // Han text split by a space or a symbol is two units: what separated them is not in the text either.
      if (han !== '' && token.start !== lastEnd) flush()
      if (han !== '') cuts.push(han.length)
      han += token.norm
    }
    lastEnd = token.end
  }
  flush()
  return units
}

function isHanOnly(name: string): boolean {
  const { tokens, latinLetters } = tokenize(name)
  return tokens.length > 0 && latinLetters === 0 && tokens.every((t) => t.han)
}
