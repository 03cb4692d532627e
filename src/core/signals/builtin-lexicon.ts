/**
 * @module The shape of a built-in lexicon for one language, as written by hand in `lexicon.en.ts` and `lexicon.zh.ts`.
 *
 * Entries are written as a customer would write them; `compileLexicon` tokenizes them with the
 * same tokenizer as ticket text, so "evaluating alternatives" also matches "evaluated alternatives"
 * (same stems) and "评估替代方案" matches the segments 评估/替代/方案.
 */

export interface BuiltinLexicon {
  /** Stated intent or an active step to leave. */
  readonly churnDirect: readonly string[]
  /** Known precursors of churn without a stated intent. */
  readonly churnIndirect: readonly string[]
  /** Words that read as "everything is on fire" when the ticket has no severity. */
  readonly urgencyP1: readonly string[]
  /** Something is broken for someone. */
  readonly urgencyP2: readonly string[]
  /** term → strength 1 (mild) … 4 (strong). */
  readonly negative: Readonly<Record<string, number>>
  readonly positive: Readonly<Record<string, number>>
  /**
   * Set phrases that contain a sentiment word but carry none ("good morning", "best regards"):
   * they are matched so that their words do not count, and weigh 0.
   */
  readonly neutral: readonly string[]
  /** Words that flip the polarity of what follows within 3 tokens. */
  readonly negators: readonly string[]
  /**
   * Negation-cancelling expressions: they contain a negator, or follow one, yet affirm what comes
   * after them ("can't rule out", "no choice but", 不排除, 只能). A negator inside or before one
   * does not negate a phrase after it. Matched like phrases (one extra word may sit inside).
   */
  readonly negationCancellers: readonly string[]
  /**
   * Moving expressions: followed by a competitor name from the policy, with at most one word
   * between, they make a direct churn signal ("switching to Zendesk", 改用有赞). Matched word for
   * word, with no extra word inside: "sign in with" is not "sign with".
   */
  readonly movingTo: readonly string[]
  /** Words that strengthen the sentiment term right after them. */
  readonly intensifiers: readonly string[]
}
