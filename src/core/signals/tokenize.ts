/**
 * @module Splits a ticket field into normalised word tokens with UTF-16 spans: Porter stems for
 * alphabetic words, jieba segments for Han text.
 *
 * Terminology:
 * - **norm**: what matching compares. For a word it is the lower-cased, contraction-expanded Porter
 *   stem ("evaluating" → `evalu`); for a Han segment it is the segment itself ("评估").
 * - **clause**: a stretch of text between clause punctuation (`. , ; : ! ?` followed by a space,
 *   `。，！？` …). Phrases and negation never reach across a clause boundary, so in
 *   "No, we are evaluating alternatives" the "No" does not negate the phrase.
 *
 * Lexicon phrases go through this same function at compile time, so a phrase and a text agree on
 * their tokens by construction.
 */
import { cut } from 'jieba-wasm'
import { stemmer } from 'stemmer'

export interface Token {
  /** Stem for words, the segment for Han text. */
  readonly norm: string
  /** True for a jieba segment of Han characters. */
  readonly han: boolean
  /** UTF-16 offsets `[start, end)` into the tokenized text. */
  readonly start: number
  readonly end: number
  readonly clause: number
}

export interface Tokenized {
  readonly tokens: readonly Token[]
  /** Han characters seen (code points), for language detection. */
  readonly hanChars: number
  /** Latin letters seen (ASCII and Latin-1/Extended-A/B), for language detection. */
  readonly latinLetters: number
}

/**
 * `n't` contractions whose base is not the verb itself ("won't" is "will not").
 * Anything else keeps its base: "doesn't" → `does not`.
 */
const NT_BASE: Readonly<Record<string, string>> = { wo: 'will', ca: 'can', sha: 'shall', ai: 'is' }

/** Clitics that are expanded; `'s` (is, has or possessive) is dropped because it is ambiguous. */
const CLITICS: Readonly<Record<string, string>> = { re: 'are', ve: 'have', ll: 'will', m: 'am', d: 'would' }

/** Contractions typed without the apostrophe, split as `base + not` ("dont" → `do not`). */
const BARE_NT: Readonly<Record<string, string>> = {
  dont: 'do',
  doesnt: 'does',
  didnt: 'did',
  isnt: 'is',
  arent: 'are',
  wasnt: 'was',
  werent: 'were',
  cant: 'can',
  couldnt: 'could',
  wouldnt: 'would',
  shouldnt: 'should',
  wont: 'will',
  havent: 'have',
  hasnt: 'has',
  hadnt: 'had',
}

/**
 * Words whose Porter stem collides with a common, differently-meant word, pinned to their own
 * norm. Without this "helpful" stems to `help` (so "please help" reads as praise), "excellent"
 * to `excel` (the spreadsheet), "useful" to `us` and "pleased" to `pleas` (as in "please").
 * Snowball's English stemmer keeps a similar exceptions table.
 */
const STEM_EXCEPTIONS: Readonly<Record<string, string>> = {
  helpful: 'helpful',
  helpfully: 'helpful',
  unhelpful: 'unhelpful',
  useful: 'useful',
  usefully: 'useful',
  grateful: 'grateful',
  gratefully: 'grateful',
  wonderful: 'wonderful',
  wonderfully: 'wonderful',
  awful: 'awful',
  awfully: 'awful',
  hopeful: 'hopeful',
  careful: 'careful',
  pleased: 'pleased',
  displeased: 'displeased',
  excellent: 'excellent',
  excellence: 'excellent',
  resolved: 'resolved',
  unresolved: 'unresolved',
  fixed: 'fixed',
}

/** Bounded memo of `stemmer`: stemming is the hot spot of English tokenizing and words repeat a lot. */
const STEM_CACHE_LIMIT = 20_000
const stemCache = new Map<string, string>()

/** The norm of one lower-cased, apostrophe-free word. Exported for building negator and intensifier sets. */
export function normalizeWord(word: string): string {
  const pinned = STEM_EXCEPTIONS[word]
  if (pinned !== undefined) return pinned
  let stem = stemCache.get(word)
  if (stem === undefined) {
    // The Porter rules are for English: other alphabets (é is fine, Cyrillic is not) keep the word.
    stem = isAsciiWord(word) ? stemmer(word) : word
    // A full cache is dropped rather than evicted entry by entry: cheaper, and refills in a few tickets.
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear()
    stemCache.set(word, stem)
  }
  return stem
}

function isAsciiWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7f) return false
  return true
}

/** CJK Unified Ideographs (+ Extension A, compatibility), the BMP blocks jieba segments. */
function isHanBmp(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)
}

/** Han outside the BMP (Extensions B–H, 0x20000–0x3FFFF) arrives as a surrogate pair starting D840–D8BF. */
function hanLength(text: string, i: number): number {
  const c = text.charCodeAt(i)
  if (isHanBmp(c)) return 1
  if (c >= 0xd840 && c <= 0xd8bf) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low <= 0xdfff) return 2
  }
  return 0
}

const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u

/** Word characters outside Han: ASCII letters and digits fast, everything else through the Unicode class. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
  if (c >= 0xd800 && c <= 0xdfff) return false // emoji and other astral symbols; astral Han is caught earlier
  return LETTER_OR_DIGIT.test(text[i] as string)
}

function isLatinLetter(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
  )
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019
}

/**
 * Whether the character at `i` ends a clause. ASCII `. , ; :` only count before a space or the end
 * of the text, so "v2.3", "$1,200", "10:30" and "monday.com" stay inside their clause.
 */
function isClauseBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  switch (c) {
    case 0x2e: // .
    case 0x2c: // ,
    case 0x3b: // ;
    case 0x3a: {
      // :
      const next = text.charCodeAt(i + 1)
      return Number.isNaN(next) || next <= 0x20 || next === 0xa0
    }
    case 0x21: // !
    case 0x3f: // ?
    case 0x0a: // newline
    case 0x0d: // carriage return
    case 0x28: // (
    case 0x29: // )
    case 0x2026: // …
    case 0x2014: // —
      return true
    default:
      // CJK punctuation 、。〈〉《》「」『』【】 and full-width ！（），：；？
      return (
        (c >= 0x3001 && c <= 0x3011) ||
        c === 0xff01 ||
        c === 0xff08 ||
        c === 0xff09 ||
        c === 0xff0c ||
        c === 0xff0e ||
        c === 0xff1a ||
        c === 0xff1b ||
        c === 0xff1f
      )
  }
}

/** Splits `text` into tokens; see the module comment for what a token is. */
export function tokenize(text: string): Tokenized {
  const tokens: Token[] = []
  // Lower-casing the whole field once is cheaper than per word; it is only usable when it keeps
  // every offset (a few characters, like 'İ', lower-case to two code units).
  const whole = text.toLowerCase()
  const lower = whole.length === text.length ? whole : null
  const n = text.length
  let clause = 0
  let hanChars = 0
  let latinLetters = 0
  let i = 0
  while (i < n) {
    if (hanLength(text, i) > 0) {
      // A Han zone runs on through punctuation, spaces and symbols up to the next word character,
      // so a Chinese paragraph is one jieba call: each call has a fixed cost of about a microsecond.
      let j = i
      while (j < n) {
        const h = hanLength(text, j)
        if (h > 0) {
          hanChars++
          j += h
        } else if (!isWordChar(text, j)) j++
        else break
      }
      clause = pushHan(tokens, text, i, j, clause)
      i = j
    } else if (isWordChar(text, i)) {
      let j = i
      while (j < n) {
        const c = text.charCodeAt(j)
        if (isLatinLetter(c)) latinLetters++
        if (hanLength(text, j) === 0 && isWordChar(text, j)) j++
        else if (isApostrophe(c) && j + 1 < n && hanLength(text, j + 1) === 0 && isWordChar(text, j + 1)) j++
        else break
      }
      const word = lower === null ? text.slice(i, j).toLowerCase() : lower.slice(i, j)
      // A word whose lower case changed length ('İ' → 'i̇') cannot be split by offset: keep it whole.
      if (word.length === j - i) pushWord(tokens, word, i, clause)
      else push(tokens, word, i, j, clause)
      i = j
    } else {
      if (isClauseBreak(text, i)) clause++
      i++
    }
  }
  return { tokens, hanChars, latinLetters }
}

/**
 * Segments a Han zone with jieba and returns the clause number after it. Offsets come from the
 * cumulative lengths of the segments, not from jieba's `tokenize()`, whose offsets count code
 * points rather than UTF-16 units. Segments that are not Han (punctuation, spaces, emoji) only
 * advance the clause.
 */
function pushHan(tokens: Token[], text: string, start: number, end: number, clause: number): number {
  const zone = text.slice(start, end)
  let at = 0
  for (const seg of cut(zone, true)) {
    // jieba returns the zone's own characters in order; the check only guards a future version
    // that would normalise them.
    if (!zone.startsWith(seg, at)) {
      const found = zone.indexOf(seg, at)
      if (found < 0) continue
      at = found
    }
    if (hanLength(seg, 0) > 0) {
      tokens.push({ norm: seg, han: true, start: start + at, end: start + at + seg.length, clause })
    } else {
      for (let k = 0; k < seg.length; k++) if (isClauseBreak(text, start + at + k)) clause++
    }
    at += seg.length
  }
  return clause
}

/** Expands contractions of one lower-cased word (which may contain apostrophes) and pushes its tokens. */
function pushWord(tokens: Token[], word: string, start: number, clause: number): void {
  const end = start + word.length
  const apos = lastApostrophe(word)
  if (apos > 0) {
    const clitic = word.slice(apos + 1)
    if (clitic === 't' && word.charCodeAt(apos - 1) === 0x6e /* n */ && apos > 1) {
      const base = word.slice(0, apos - 1)
      push(tokens, NT_BASE[base] ?? base, start, start + apos - 1, clause)
      push(tokens, 'not', start + apos - 1, end, clause)
      return
    }
    const expanded = CLITICS[clitic]
    if (clitic === 's' || expanded !== undefined) {
      push(tokens, word.slice(0, apos), start, start + apos, clause)
      if (expanded !== undefined) push(tokens, expanded, start + apos, end, clause)
      return
    }
    push(tokens, stripApostrophes(word), start, end, clause)
    return
  }
  const bare = BARE_NT[word]
  if (bare !== undefined) {
    push(tokens, bare, start, end - 2, clause)
    push(tokens, 'not', end - 2, end, clause)
    return
  }
  if (word === 'cannot') {
    push(tokens, 'can', start, start + 3, clause)
    push(tokens, 'not', start + 3, end, clause)
    return
  }
  push(tokens, word, start, end, clause)
}

function push(tokens: Token[], word: string, start: number, end: number, clause: number): void {
  const clean = lastApostrophe(word) >= 0 ? stripApostrophes(word) : word
  tokens.push({ norm: normalizeWord(clean), han: false, start, end, clause })
}

function lastApostrophe(word: string): number {
  for (let k = word.length - 1; k >= 0; k--) if (isApostrophe(word.charCodeAt(k))) return k
  return -1
}

function stripApostrophes(word: string): string {
  return word.replace(/['\u2019]/g, '')
}
