/**
 * @module The priority score: severity + tier + value and risk boosts, each a reason with its points.
 *
 * The score is additive on purpose: an agent can check it by adding up the reasons, and an operations
 * manager can predict the effect of changing one number in the policy.
 */
import type { Reason } from '../decision.js'
import { formatMoneyCompact, signed } from '../format.js'
import type { CelContext, RuleActivation } from '../policy/cel.js'
import type { CompiledPolicy, CompiledTier } from '../policy/compile-policy.js'
import type { Signal, TextAnalysis } from '../signals/signal.js'
import type { Severity } from '../tickets/severity.js'

export interface ScoreInput {
  readonly policy: CompiledPolicy
  readonly activation: RuleActivation
  /** The same facts, prepared once for the policy's custom boost conditions. */
  readonly context: CelContext<'rule'>
  readonly tier: CompiledTier
  readonly tierReason: Reason
  /** The severity the score starts from, and the reason it is that one (filed, inferred or default). */
  readonly baseSeverity: Severity
  readonly baseSeverityReason: string
  readonly analysis: TextAnalysis
  readonly executiveBecause: string | null
}

function quoted(signals: readonly Signal[]): string {
  return signals.map((s) => `'${s.phrase}'`).join(', ')
}

export function scorePriority(input: ScoreInput): {
  readonly score: number
  readonly reasons: readonly Reason[]
} {
  const { policy, activation, analysis } = input
  const { account } = activation
  const boosts = policy.boosts
  const reasons: Reason[] = []
  const add = (rule: string, factor: string, points: number, text: string) => {
    reasons.push({ rule, factor, points, text: `${text} → ${signed(points)}` })
  }

  const severityPoints = policy.severity.points[input.baseSeverity]
  reasons.push({
    rule: `severity.${input.baseSeverity}`,
    factor: 'severity',
    points: severityPoints,
    text: `${input.baseSeverityReason} → ${signed(severityPoints)}`,
  })
  reasons.push(input.tierReason)

  if (boosts.renewal && account.renewalInDays !== undefined) {
    const days = account.renewalInDays
    const within = boosts.renewal.withinDays
    // A renewal that has just passed unsigned is at least as risky as one about to come up.
    if (days >= 0 && days <= within) {
      add('boost.renewal', 'renewal', boosts.renewal.points, `renewal in ${days} days ≤ ${within}`)
    } else if (days < 0 && days >= -within) {
      add(
        'boost.renewal',
        'renewal',
        boosts.renewal.points,
        `renewal date passed ${-days} days ago (≤ ${within})`,
      )
    }
  }

  if (boosts.executiveSender && input.executiveBecause) {
    add('boost.executive', 'executive', boosts.executiveSender.points, `sender is ${input.executiveBecause}`)
  }

  if (boosts.expansionPipeline && account.known) {
    const threshold = Number(boosts.expansionPipeline.atLeast)
    if (account.expansionPipeline >= threshold && account.expansionPipeline > 0) {
      const amount = formatMoneyCompact(account.expansionPipeline, policy.currency)
      const min = formatMoneyCompact(threshold, policy.currency)
      add(
        'boost.expansion',
        'expansion',
        boosts.expansionPipeline.points,
        `expansion pipeline ${amount} ≥ ${min}`,
      )
    }
  }

  if (boosts.lowHealth && account.healthScore !== undefined && account.healthScore < boosts.lowHealth.below) {
    add(
      'boost.health',
      'health',
      boosts.lowHealth.points,
      `health score ${account.healthScore} < ${boosts.lowHealth.below}`,
    )
  }

  if (boosts.churn) {
    const direct: Signal[] = []
    const indirect: Signal[] = []
    const competitor: Signal[] = []
    for (const s of analysis.signals) {
      if (s.kind === 'churn.direct') direct.push(s)
      else if (s.kind === 'churn.indirect') indirect.push(s)
      else if (s.kind === 'competitor') competitor.push(s)
    }
    const plural = (list: readonly Signal[]) => (list.length > 1 ? 's' : '')
    if (direct.length > 0) {
      add(
        'boost.churn-direct',
        'churn',
        boosts.churn.direct,
        `churn phrase${plural(direct)} ${quoted(direct)} (direct)`,
      )
    }
    if (indirect.length > 0) {
      add(
        'boost.churn-indirect',
        'churn',
        boosts.churn.indirect,
        `churn precursor${plural(indirect)} ${quoted(indirect)} (indirect)`,
      )
    }
    if (competitor.length > 0 && boosts.churn.competitor !== 0) {
      add('boost.competitor', 'churn', boosts.churn.competitor, `mentions competitor ${quoted(competitor)}`)
    }
  }

  if (boosts.negativeSentiment && analysis.sentiment.label === 'negative') {
    const strongest = analysis.signals.find((s) => s.kind === 'sentiment.negative')
    const detail = strongest ? `, strongest '${strongest.matched ?? strongest.phrase}'` : ''
    add(
      'boost.sentiment',
      'sentiment',
      boosts.negativeSentiment.points,
      `negative sentiment (${analysis.sentiment.score.toFixed(2)}${detail})`,
    )
  }

  for (const boost of boosts.custom) {
    const result = boost.when.evaluate(input.context)
    if (result.matched) {
      add(`boost.custom.${boost.id}`, 'custom', boost.points, boost.reason)
    } else if (result.error) {
      reasons.push({
        rule: `boost.custom.${boost.id}`,
        factor: 'custom',
        points: 0,
        text: `boost '${boost.id}' skipped: its condition could not be evaluated (${result.error})`,
      })
    }
  }

  const score = reasons.reduce((sum, r) => sum + (r.points ?? 0), 0)
  return { score, reasons }
}
