/**
 * @module The Slack-compatible incoming-webhook adapter (Slack, Mattermost, Rocket.Chat accept `text`).
 *
 * The URL itself is the credential (there is no signature), so it must be https: and allowlisted
 * like any webhook, and it never appears in an error message. The text is escaped for Slack's
 * mrkdwn because it quotes ticket text, which is untrusted: unescaped, a customer could write
 * `<!channel>` into a ticket and page a whole channel.
 */

import type { Notification } from '../../core/notification.js'
import { assertAllowedUrl } from '../allowlist.js'
import { DEFAULT_TIMEOUT_MS } from '../delivery.js'
import type { DeliveryOptions, DeliveryReceipt, DeliveryTarget } from '../notification.js'
import { patronHeaders, postJson } from '../post-json.js'

export type SlackTarget = Extract<DeliveryTarget, { kind: 'slack' }>

/** Slack refuses a section block whose text is longer than this. */
const SECTION_TEXT_LIMIT = 3000

export async function deliverSlack(
  n: Notification,
  target: SlackTarget,
  options: DeliveryOptions,
): Promise<DeliveryReceipt> {
  const url = assertAllowedUrl(target.url, options.allowlist)
  const text = slackText(n)
  return postJson({
    channel: 'slack',
    url,
    body: JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }),
    // Slack ignores the extra headers; self-hosted receivers can deduplicate on them.
    headers: { 'content-type': 'application/json', 'user-agent': 'Patron', ...patronHeaders(n) },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now,
  })
}

/** Subject and text, escaped for mrkdwn and cut to fit a section block. */
export function slackText(n: Notification): string {
  const escaped = escapeMrkdwn(`${n.subject}\n${n.text}`)
  if (escaped.length <= SECTION_TEXT_LIMIT) return escaped
  // Cut without leaving half an entity (`&am`) or half a surrogate pair behind.
  const cut = escaped
    .slice(0, SECTION_TEXT_LIMIT - 1)
    .replace(/&[a-z]*$/, '')
    .replace(/[\uD800-\uDBFF]$/, '')
  return `${cut}…`
}

/** Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
