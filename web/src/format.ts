/** @module Numbers, money, times and durations as people read them, in the chosen language. */
import type { Lang } from './i18n.js'

export const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US')

export function money(amount: string | number, currency: string, lang: Lang): string {
  const n = typeof amount === 'string' ? Number(amount) : amount
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency,
    notation: Math.abs(n) >= 100_000 ? 'compact' : 'standard',
    maximumFractionDigits: Math.abs(n) >= 100_000 ? 1 : 0,
  }).format(n)
}

export function dateTime(iso: string | null, lang: Lang): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  )
}

export function date(iso: string | null, lang: Lang): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))
}

/** 3 h 05 min, 12 min, 45 s: the two largest units. */
export function duration(ms: number, lang: Lang): string {
  const abs = Math.abs(ms)
  const units: [number, string, string][] = [
    [86_400_000, 'd', '天'],
    [3_600_000, 'h', '小时'],
    [60_000, 'min', '分钟'],
    [1000, 's', '秒'],
  ]
  const parts: string[] = []
  let rest = abs
  for (const [size, enUnit, zhUnit] of units) {
    const n = Math.floor(rest / size)
    if (n > 0 || (parts.length === 0 && size === 1000)) {
      parts.push(lang === 'zh' ? `${n} ${zhUnit}` : `${n} ${enUnit}`)
      rest -= n * size
    }
    if (parts.length === 2) break
  }
  return parts.join(' ')
}
