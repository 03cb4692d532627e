/**
 * @module Webhook signatures: a timestamped HMAC-SHA256 of the body, in the style of Stripe's.
 *
 * Header: `patron-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Signing the timestamp with the body lets a receiver refuse replays: a captured request stops
 * verifying once `t` falls outside the tolerance. Receivers import `verifySignature` (or port its
 * dozen lines), so this file depends on node:crypto only.
 *
 * Verify against the raw body exactly as received (decoded as UTF-8), never a re-serialised
 * parse of it: any change of whitespace or key order changes the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Why a signature was refused; each failure has its own reason so receivers can log it. */
export type SignatureFailure =
  | 'missing-header'
  | 'malformed-header'
  | 'signature-mismatch'
  | 'timestamp-too-old'
  | 'timestamp-in-future'

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: SignatureFailure }

/** The `patron-signature` header value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = String(Math.floor(at.getTime() / 1000))
  return `t=${t},v1=${hmacHex(secret, t, body)}`
}

/**
 * Check a `patron-signature` header. Several `v1=` entries are allowed (any one may match), so a
 * sender can sign with an old and a new secret while the secret is rotated; unknown keys are
 * ignored so that a future scheme (`v2=`) can be added beside `v1`.
 *
 * @param toleranceSeconds how far `t` may be from `now`, either way (clock skew, replay window). @default 300
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  now: Date,
  toleranceSeconds = 300,
): SignatureCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing-header' }
  const parsed = parseHeader(header)
  if (parsed === undefined) return { ok: false, reason: 'malformed-header' }
  const expected = Buffer.from(hmacHex(secret, parsed.t, body), 'hex')
  // Compare every candidate in constant time, without stopping at the first match.
  let matched = false
  for (const candidate of parsed.v1) matched = timingSafeEqual(candidate, expected) || matched
  if (!matched) return { ok: false, reason: 'signature-mismatch' }
  const age = Math.floor(now.getTime() / 1000) - Number(parsed.t)
  if (age > toleranceSeconds) return { ok: false, reason: 'timestamp-too-old' }
  if (age < -toleranceSeconds) return { ok: false, reason: 'timestamp-in-future' }
  return { ok: true }
}

function hmacHex(secret: string, t: string, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')
}

/** Exactly one `t` of digits and at least one `v1` of 64 hex digits; otherwise undefined. */
function parseHeader(header: string): { t: string; v1: Buffer[] } | undefined {
  let t: string | undefined
  const v1: Buffer[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return undefined
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't') {
      if (t !== undefined || !/^\d{1,12}$/.test(value)) return undefined
      t = value
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined
      v1.push(Buffer.from(value, 'hex'))
    }
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 }
}
