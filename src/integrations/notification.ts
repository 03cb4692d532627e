/**
 * @module The notification port: a rendered message, where it goes, and what a delivery attempt says.
 *
 * Adapters are functions (`deliverWebhook`, `deliverSlack`, `deliverEmail`) of this shape. A failed
 * attempt throws: `TransientError` when trying again later can succeed (network failure, timeout,
 * 5xx, 429), `UserError` when it cannot (4xx, a host outside the allowlist, a bad address). The
 * delivery job retries the first with backoff and moves the second straight to the dead letter.
 */

export type DeliveryTarget =
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly kind: 'slack'; readonly url: string }
  | { readonly kind: 'email'; readonly to: string }

/** What a successful attempt reports, for the delivery record. */
export interface DeliveryReceipt {
  /** HTTP status, or the SMTP server's reply to the message. */
  readonly response: string
}

export interface DeliveryOptions {
  /** Hosts that may be contacted (exact names, or `*.example.com` for subdomains). */
  readonly allowlist: readonly string[]
  /** Abort an attempt after this long. @default 10000 */
  readonly timeoutMs?: number
  /** The instant to sign with (webhooks); tests pass a fixed one. */
  readonly now: () => Date
}
