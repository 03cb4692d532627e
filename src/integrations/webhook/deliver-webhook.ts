/**
 * @module The outbound webhook adapter: a signed JSON POST to a URL the user configured.
 *
 * Body: `{ id, topic, occurredAt, subject, text, data }`, where `id` is the notification's dedup key.
 * Headers: `patron-signature` (see `signature.ts`), `patron-dedup-key` (same as `id`, so a receiver can
 * deduplicate before parsing), `patron-topic`. Delivery is at least once: a receiver must treat a
 * second request with the same key as already handled. Outcomes are classified in `post-json.ts`.
 */

import type { Notification } from '../../core/notification.js'
import { assertAllowedUrl } from '../allowlist.js'
import { DEFAULT_TIMEOUT_MS, invalidField } from '../delivery.js'
import type { DeliveryOptions, DeliveryReceipt, DeliveryTarget } from '../notification.js'
import { patronHeaders, postJson } from '../post-json.js'
import { signatureHeader } from './signature.js'

export type WebhookTarget = Extract<DeliveryTarget, { kind: 'webhook' }>

export async function deliverWebhook(
  n: Notification,
  target: WebhookTarget,
  options: DeliveryOptions,
): Promise<DeliveryReceipt> {
  const url = assertAllowedUrl(target.url, options.allowlist)
  // An empty key makes a signature anyone can compute: refuse rather than sign with it.
  if (target.secret === '') throw invalidField('secret', 'must not be empty')
  const body = JSON.stringify({
    id: n.dedupKey,
    topic: n.topic,
    occurredAt: n.occurredAt,
    subject: n.subject,
    text: n.text,
    data: n.data,
  })
  return postJson({
    channel: 'webhook',
    url,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Patron',
      'patron-signature': signatureHeader(target.secret, body, options.now()),
      ...patronHeaders(n),
    },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now,
  })
}
