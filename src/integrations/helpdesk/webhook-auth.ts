/**
 * @module Reading credentials from webhook request headers, and comparing secrets in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** Request headers as Node gives them (lower-case names); other frameworks may keep the sender's case. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>

export type WebhookAuth = { readonly ok: true } | { readonly ok: false; readonly reason: string }

export function refuse(reason: string): WebhookAuth {
  return { ok: false, reason }
}

/**
 * The one value of header `name` (case-insensitive), `undefined` when absent, or `'repeated'` when it was
 * sent more than once: two signatures or two secrets are refused, not guessed between.
 */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined | 'repeated' {
  const values: string[] = []
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue
    if (typeof value === 'string') values.push(value)
    else values.push(...value)
  }
  if (values.length > 1) return 'repeated'
  return values[0]
}

/**
 * Constant-time equality of two strings. Both are hashed first so the buffers have equal length:
 * `timingSafeEqual` throws on unequal lengths, and an early length check would leak the secret's length.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}
