/**
 * @module The email adapter: hands a message (plain text, and HTML when it has some) to the configured SMTP
 * relay with nodemailer.
 *
 * Patron talks only to its relay, never to recipients' mail servers, so the relay host is what
 * the allowlist checks. `Message-ID` is derived from the dedup key, so every retry of a
 * notification carries the same one and mail systems (and people) can recognise the duplicate;
 * `X-Patron-Dedup-Key` carries the key itself.
 *
 * SMTP replies are classified by RFC 5321 §4.2.1: 5yz is permanent (`UserError`, e.g. 550 no such
 * user) except 503, which only says the session was in the wrong state; 4yz is transient
 * (`TransientError`, e.g. 451 try again later). No reply at all (refused connection, timeout, a
 * dropped socket) is transient; bad configuration found before sending is permanent.
 */
import { createHash } from 'node:crypto'
import { createTransport, type NodemailerError, type SMTPSentMessageInfo, type Transporter } from 'nodemailer'
import type { Notification } from '../../core/notification.js'
import { assertAllowedHost } from '../allowlist.js'
import { DEFAULT_TIMEOUT_MS, invalidField, oneLine, refused, unavailable } from '../delivery.js'
import type { DeliveryOptions, DeliveryReceipt, DeliveryTarget } from '../notification.js'

export type EmailTarget = Extract<DeliveryTarget, { kind: 'email' }>

export interface EmailOptions extends DeliveryOptions {
  readonly smtp: {
    /** The relay, e.g. `smtps://user:pass@relay.example.com` or `smtp://127.0.0.1:2525`. */
    readonly url: string
    /** The From address, e.g. `Patron <patron@vendor.example>`. */
    readonly from: string
  }
}

/** Nodemailer errors that mean the configuration or the message is wrong, not the network. */
const PERMANENT_WITHOUT_REPLY = new Set([
  'ECONFIG',
  'EENVELOPE',
  'ENOAUTH',
  'EAUTH',
  'EREQUIRETLS',
  'EMESSAGE',
])

/** One transporter per relay URL and timeout: it holds the parsed settings and TLS context. */
const transports = new Map<string, Transporter<SMTPSentMessageInfo>>()

export async function deliverEmail(
  n: Notification,
  target: EmailTarget,
  options: EmailOptions,
): Promise<DeliveryReceipt> {
  const relay = relayHost(options.smtp.url, options.allowlist)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  try {
    const info = await transportFor(options.smtp.url, timeoutMs).sendMail({
      from: options.smtp.from,
      to: target.to,
      subject: n.subject,
      text: n.text,
      // multipart/alternative: mail clients show the HTML part and fall back to the text.
      ...(n.html === undefined ? {} : { html: n.html }),
      date: options.now(),
      messageId: messageIdFor(n.dedupKey, options.smtp.from),
      headers: { 'X-Patron-Dedup-Key': n.dedupKey, 'X-Patron-Topic': n.topic },
      // Bounds the whole attempt; the socket timeouts below only notice silence.
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { response: info.response }
  } catch (e) {
    throw classify(e, `email relay ${relay}`, timeoutMs)
  }
}

/** Close every cached transport (on shutdown and after tests). */
export function closeEmailTransports(): void {
  for (const transport of transports.values()) transport.close()
  transports.clear()
}

/** `<patron.<sha256 of key, 32 hex>@<domain of from>>`: stable per key, valid whatever the key holds. */
export function messageIdFor(dedupKey: string, from: string): string {
  const hash = createHash('sha256').update(dedupKey, 'utf8').digest('hex').slice(0, 32)
  const domain = /@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? 'patron.invalid'
  return `<patron.${hash}@${domain}>`
}

/** `host[:port]` of the relay, once its host has passed the allowlist; never the URL (it may hold a password). */
function relayHost(url: string, allowlist: readonly string[]): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidField('smtp.url', 'is not an absolute URL')
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw invalidField('smtp.url', `scheme ${parsed.protocol} is not allowed; use smtp: or smtps:`)
  }
  const host = assertAllowedHost(parsed.hostname, allowlist, 'smtp.url')
  return parsed.port === '' ? host : `${host}:${parsed.port}`
}

function transportFor(url: string, timeoutMs: number): Transporter<SMTPSentMessageInfo> {
  const key = `${timeoutMs} ${url}`
  let transport = transports.get(key)
  if (transport === undefined) {
    const { hostname, protocol } = new URL(url)
    const loopback =
      hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || /^127\./.test(hostname)
    transport = createTransport({
      url,
      // Plain smtp: to a remote relay must upgrade with STARTTLS or fail: credentials and customer
      // text are not to cross a network in clear. Loopback relays (tests, a local MTA) are exempt.
      requireTLS: protocol === 'smtp:' && !loopback,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    })
    transports.set(key, transport)
  }
  return transport
}

function classify(e: unknown, where: string, timeoutMs: number): Error {
  const err: NodemailerError = e instanceof Error ? e : new Error(String(e))
  if (err.code === 'EABORT') return unavailable(`${where}: no answer within ${timeoutMs} ms`, { cause: e })
  if (typeof err.responseCode === 'number') {
    const reply = `${where} replied ${oneLine(err.response ?? String(err.responseCode))}`
    const code = err.responseCode
    const permanent = err.permanent ?? (code >= 500 && code < 600 && code !== 503)
    return permanent ? refused(reply, [], e) : unavailable(reply, { cause: e })
  }
  const detail = `${where}: ${err.code ?? 'error'} ${oneLine(err.message)}`
  return PERMANENT_WITHOUT_REPLY.has(err.code ?? '')
    ? refused(detail, [], e)
    : unavailable(detail, { cause: e })
}
