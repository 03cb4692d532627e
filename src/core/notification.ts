/**
 * @module A notification: one message Patron sends, rendered once, the same on every channel.
 */

/** One message, already rendered; the same for every channel it is sent to. */
export interface Notification {
  /** Stable per message across retries; receivers deduplicate on it. */
  readonly dedupKey: string
  /** What kind of event: `alert.ticket`, `sla.warning`, `sla.breach`, `sla.escalation`, `task.due`. */
  readonly topic: string
  /** When the event happened (ISO-8601 UTC). */
  readonly occurredAt: string
  /** One line: "Acme Corp: VP filed P3 'Charge of $12' — churn language, exec sender". */
  readonly subject: string
  /** A few lines of plain text with the reasons. Ticket text quoted in it is untrusted. */
  readonly text: string
  /**
   * An HTML rendering of the same message, for email only (sent as the HTML alternative to `text`);
   * webhook and Slack keep the text. Whoever builds it escapes every value it quotes.
   */
  readonly html?: string
  /** Structured form for machines (webhook body `data`). */
  readonly data: Readonly<Record<string, unknown>>
}
