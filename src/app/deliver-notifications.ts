/**
 * @module Deliver due notifications from the outbox: claim a batch, send each over its channel, record
 * the outcome. A transient failure is retried with backoff; a refusal, or too many failures, leaves
 * the message dead in the outbox, where the API shows it and an operator can send it again.
 */

import { TransientError } from '../core/errors.js'
import { formatMillis } from '../core/format.js'
import { retryDelayMs } from '../core/jobs/backoff.js'
import type { Notification } from '../core/notification.js'
import { retryAfterMs } from '../integrations/delivery.js'
import type { DeliveryReceipt } from '../integrations/notification.js'
import { deliverSlack } from '../integrations/slack/deliver-slack.js'
import { deliverEmail } from '../integrations/smtp/deliver-email.js'
import { deliverWebhook } from '../integrations/webhook/deliver-webhook.js'
import type { StoredOutboxEntry } from '../store/store.js'
import type { AppDeps, Channels } from './deps.js'

/** Attempts before a transiently failing message is given up (about 4 h of backoff). */
export const MAX_DELIVERY_ATTEMPTS = 12

export type Send = (entry: StoredOutboxEntry, channels: Channels, now: () => Date) => Promise<DeliveryReceipt>

/** The real adapters, by channel. Tests and the crash test pass these too: they talk to loopback servers. */
export const send: Send = async (entry, channels, now) => {
  const n: Notification = entry.notification
  const options = { allowlist: channels.allowlist, now }
  switch (entry.channel) {
    case 'webhook':
      if (!channels.webhook) throw notConfigured('webhook', 'PATRON_WEBHOOK_URL')
      return deliverWebhook(n, { kind: 'webhook', ...channels.webhook }, options)
    case 'slack':
      if (!channels.slack) throw notConfigured('slack', 'PATRON_SLACK_WEBHOOK_URL')
      return deliverSlack(n, { kind: 'slack', url: channels.slack.url }, options)
    case 'email':
      if (!channels.email) throw notConfigured('email', 'PATRON_SMTP_URL')
      return deliverEmail(
        n,
        { kind: 'email', to: entry.target },
        { ...options, smtp: { url: channels.email.smtpUrl, from: channels.email.from } },
      )
  }
}

class ChannelNotConfigured extends Error {}
function notConfigured(channel: string, variable: string): Error {
  return new ChannelNotConfigured(`the ${channel} channel is no longer configured (${variable} is not set)`)
}

/** Claims up to `limit` due messages and sends them, `concurrency` at a time. Returns how many it claimed. */
export async function deliverDue(
  deps: AppDeps,
  options: { worker: string; limit: number; concurrency: number; send?: Send },
): Promise<number> {
  const claimed = await deps.store.outbox.claim({
    limit: options.limit,
    worker: options.worker,
    now: deps.now(),
  })
  const sendOne = options.send ?? send
  let next = 0
  const lane = async () => {
    while (next < claimed.length) {
      const entry = claimed[next++] as StoredOutboxEntry
      try {
        const receipt = await sendOne(entry, deps.channels, deps.now)
        const lateMs = entry.deliverBy ? deps.now().getTime() - Date.parse(entry.deliverBy) : 0
        // A missed deadline is part of the record, not only of a log line.
        const response =
          lateMs > 0
            ? `${receipt.response} (late: ${formatMillis(lateMs)} after its deadline)`
            : receipt.response
        await deps.store.outbox.markDelivered(entry.id, options.worker, response, deps.now())
        const late = lateMs > 0
        deps.log.info(
          { outboxId: entry.id, channel: entry.channel, attempt: entry.attempts, late: Boolean(late) },
          'notification delivered',
        )
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e)
        const retry = e instanceof TransientError && entry.attempts < MAX_DELIVERY_ATTEMPTS
        const retryAt = retry
          ? new Date(deps.now().getTime() + retryDelayMs(entry.id, entry.attempts, {}, retryAfterMs(e) ?? 0))
          : null
        await deps.store.outbox.markFailed(entry.id, options.worker, message, retryAt)
        deps.log.warn(
          {
            outboxId: entry.id,
            channel: entry.channel,
            attempt: entry.attempts,
            retryAt: retryAt?.toISOString() ?? null,
          },
          retry ? 'notification delivery failed; will retry' : 'notification moved to the dead letter',
        )
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, lane))
  return claimed.length
}
