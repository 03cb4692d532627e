/**
 * @module How numbers read in reasons: "$380k", "¥1.2M", "1 h 30 min". Built on Intl, never by hand.
 */
import { Duration } from 'luxon'

const compactFormatters = new Map<string, Intl.NumberFormat>()
// The same accounts write in again and again; formatting their ARR once saves ~0.7 µs a ticket.
const formatted = new Map<string, string>()
const MAX_FORMATTED = 10_000

/** "$380k", "$1.2M", "CN¥150k". Lower-case k because that is how people write ARR. */
export function formatMoneyCompact(amount: number, currency: string): string {
  const key = `${currency}${amount}`
  const hit = formatted.get(key)
  if (hit !== undefined) return hit
  let f = compactFormatters.get(currency)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    })
    compactFormatters.set(currency, f)
  }
  const text = f.format(amount).replace(/K$/, 'k')
  if (formatted.size >= MAX_FORMATTED) formatted.clear()
  formatted.set(key, text)
  return text
}

/** "PT1H30M" → "1 hr, 30 min"; "P1D" → "1 day". */
export function formatDuration(iso: string): string {
  const d = Duration.fromISO(iso).shiftTo('days', 'hours', 'minutes').normalize()
  const parts = Object.entries(d.toObject()).filter(([, v]) => v !== 0)
  if (parts.length === 0) return '0 min'
  return Duration.fromObject(Object.fromEntries(parts)).toHuman({ unitDisplay: 'short', listStyle: 'narrow' })
}

/** 11,520,000 ms → "3 hr, 12 min"; under a minute → "under a minute". Rounded to minutes. */
export function formatMillis(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes === 0) return 'under a minute'
  return formatDuration(Duration.fromObject({ minutes }).toISO() ?? 'PT0M')
}

/** "+15", "-5": the sign of a score contribution, always shown. */
export function signed(points: number): string {
  return points >= 0 ? `+${points}` : `${points}`
}

/** Plain integer with thousands separators for reasons ("12,500 points"). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n)
}
