/**
 * @module One HTTP POST of a JSON notification (webhook, Slack), and what its outcome means for a retry.
 *
 * | outcome                                   | error            | why                                        |
 * |-------------------------------------------|------------------|--------------------------------------------|
 * | 2xx                                       | receipt `HTTP n` |                                            |
 * | 3xx                                       | `UserError`      | following could leave the allowlist        |
 * | 408, 429, 5xx, network error, timeout     | `TransientError` | may pass; `retryAfterMs` from Retry-After  |
 * | any other 4xx                             | `UserError`      | the same request will be refused again     |
 *
 * Messages name the host only (a Slack URL's path is its secret) and never the request body.
 */

import type { Notification } from '../core/notification.js'
import { oneLine, refused, unavailable } from './delivery.js'
import type { DeliveryReceipt } from './notification.js'

export interface JsonPost {
  /** Names the adapter in error messages: `webhook`, `slack`. */
  readonly channel: string
  /** Already checked against the allowlist. */
  readonly url: URL
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMs: number
  /** For Retry-After given as an HTTP date. */
  readonly now: () => Date
}

export async function postJson(post: JsonPost): Promise<DeliveryReceipt> {
  const where = `${post.channel} ${post.url.host}`
  let res: Response
  try {
    res = await fetch(post.url, {
      method: 'POST',
      body: post.body,
      headers: post.headers,
      redirect: 'manual',
      // Covers connecting, the answer and reading its body: a receiver that hangs costs one timeout.
      signal: AbortSignal.timeout(post.timeoutMs),
    })
  } catch (e) {
    throw unavailable(`${where}: ${describeFetchFailure(e, post.timeoutMs)}`, { cause: e })
  }
  const { status } = res
  if (status >= 200 && status < 300) {
    await res.body?.cancel()
    return { response: `HTTP ${status}` }
  }
  const answered = `${where} answered HTTP ${status}${await snippet(res)}`
  if (status >= 300 && status < 400) {
    const location = oneLine(res.headers.get('location') ?? '(no Location header)')
    throw refused(
      `${where} answered HTTP ${status} redirecting to ${location}; redirects are not followed, ` +
        'because the new target could be outside the allowlist: configure the final URL',
    )
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw refused(answered)
  const wait = parseRetryAfter(res.headers.get('retry-after'), post.now())
  const hint = wait === undefined ? '' : ` (retry after ${Math.ceil(wait / 1000)} s)`
  throw unavailable(`${answered}${hint}`, { retryAfterMs: wait })
}

/**
 * The `patron-dedup-key` and `patron-topic` headers. Header values must be printable ASCII (RFC 9110
 * §5.5); a key that is not is refused here, by name, rather than failing inside fetch as a TypeError.
 */
export function patronHeaders(n: Notification): Record<string, string> {
  return {
    'patron-dedup-key': headerValue('dedupKey', n.dedupKey),
    'patron-topic': headerValue('topic', n.topic),
  }
}

function headerValue(field: string, value: string): string {
  if (/^[\x20-\x7e]+$/.test(value)) return value
  throw refused(`${field}: must be printable ASCII to travel in an HTTP header`, [
    { field, reason: 'must be printable ASCII' },
  ])
}

/** Delta-seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime())
}

function describeFetchFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const cause = e instanceof Error ? e.cause : undefined
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined
  return code === undefined ? 'request failed' : `request failed (${code})`
}

/** The first line of an error answer, e.g. Slack's `invalid_payload`; empty if there is none. */
async function snippet(res: Response): Promise<string> {
  try {
    const reader = res.body?.getReader()
    if (reader === undefined) return ''
    const { value } = await reader.read()
    await reader.cancel()
    const text = oneLine(new TextDecoder().decode(value))
    return text === '' ? '' : `: ${JSON.stringify(text)}`
  } catch {
    return ''
  }
}
