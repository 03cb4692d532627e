/**
 * @module Patterns in an account's ticket stream that no single ticket shows: more tickets than
 * usual, severity climbing, messages getting shorter (the customer is giving up on explaining), and
 * the same issue coming back.
 */
import { type Severity, severityRank } from '../tickets/severity.js'
import type { TicketFact } from './activity.js'

export const PATTERN_KINDS = [
  'frequency_rising',
  'severity_climbing',
  'messages_shorter',
  'repeated_issue',
] as const
export type PatternKind = (typeof PATTERN_KINDS)[number]

export interface PatternSignal {
  readonly kind: PatternKind
  readonly text: string
}

const DAY_MS = 86_400_000

// Phrases that say the problem is back. Matched against the churn phrases triage already found,
// so the languages and negation handling are the lexicon's.
const REPEAT_PHRASE =
  /keeps happening|again|over and over|third time|fourth time|still (not fixed|not resolved|broken)|反复|又出|第三次|屡次|多次|一直没/i

function words(subject: string): Set<string> {
  // Latin words of 3+ letters, and Han bigrams: enough to see that two subjects name the same thing.
  const out = new Set<string>()
  for (const w of subject.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) out.add(w)
  const han = subject.match(/\p{Script=Han}+/gu) ?? []
  for (const run of han) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2))
  return out
}

function similar(a: string, b: string): boolean {
  const x = words(a)
  const y = words(b)
  if (x.size === 0 || y.size === 0) return false
  let both = 0
  for (const w of x) if (y.has(w)) both++
  return both / (x.size + y.size - both) >= 0.5
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

const meanRank = (ts: readonly TicketFact[]) =>
  ts.reduce((s, t) => s + severityRank(t.severity), 0) / ts.length
const rankName = (r: number) => `P${(Math.round(r * 10) / 10 + 1).toFixed(1)}`

/** `tickets` newest first. */
export function detectPatterns(tickets: readonly TicketFact[], nowMs: number): PatternSignal[] {
  const out: PatternSignal[] = []
  const age = (t: TicketFact) => nowMs - Date.parse(t.createdAt)

  const last30 = tickets.filter((t) => age(t) < 30 * DAY_MS).length
  const prior60 = tickets.filter((t) => age(t) >= 30 * DAY_MS && age(t) < 90 * DAY_MS).length
  const usual = prior60 / 2
  if (last30 >= 3 && last30 >= 2 * Math.max(usual, 1)) {
    out.push({
      kind: 'frequency_rising',
      text: `${last30} tickets in the last 30 days against ${usual.toFixed(1)} a month in the 60 days before`,
    })
  }

  if (tickets.length >= 4) {
    const recent = tickets.slice(0, 3)
    const earlier = tickets.slice(3, 6)
    const [now, then] = [meanRank(recent), meanRank(earlier)]
    if (then - now >= 0.9 && recent.some((t) => severityRank(t.severity) <= severityRank('P2' as Severity))) {
      out.push({
        kind: 'severity_climbing',
        text: `the last ${recent.length} tickets average ${rankName(now)} against ${rankName(then)} before`,
      })
    }
  }

  if (tickets.length >= 6) {
    const recent = median(tickets.slice(0, 3).map((t) => t.bodyLength))
    const earlier = median(tickets.slice(3, 9).map((t) => t.bodyLength))
    if (earlier >= 80 && recent <= earlier * 0.5) {
      out.push({
        kind: 'messages_shorter',
        text: `messages shrank from about ${Math.round(earlier)} to ${Math.round(recent)} characters`,
      })
    }
  }

  const repeatedWords = tickets.find(
    (t) => age(t) < 90 * DAY_MS && t.signalPhrases.some((p) => REPEAT_PHRASE.test(p)),
  )
  if (repeatedWords) {
    const phrase = repeatedWords.signalPhrases.find((p) => REPEAT_PHRASE.test(p)) ?? ''
    out.push({ kind: 'repeated_issue', text: `ticket ${repeatedWords.externalId} says "${phrase}"` })
  } else {
    const recent = tickets.filter((t) => age(t) < 60 * DAY_MS)
    outer: for (let i = 0; i < recent.length; i++) {
      for (let j = i + 1; j < recent.length; j++) {
        const [a, b] = [recent[i] as TicketFact, recent[j] as TicketFact]
        if (similar(a.subject, b.subject)) {
          out.push({
            kind: 'repeated_issue',
            text: `tickets ${b.externalId} and ${a.externalId} report the same thing ("${a.subject.slice(0, 60)}")`,
          })
          break outer
        }
      }
    }
  }
  return out
}
