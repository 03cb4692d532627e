/**
 * @module Triage: one ticket + the candidate accounts + the policy → every decision, with its reasons.
 *
 * Two steps. `gatherFacts` establishes what is true (who wrote, what the account is worth in the policy
 * currency, the local time of filing, what the words say); `decide` applies the policy's rules to those
 * facts (tier, score, band, effective severity, matrix cell, alerts). Both are pure and deterministic,
 * so a decision can be replayed under another policy and two runs compared. Time is the ticket's own
 * `createdAt`.
 */
import type { Account } from '../accounts/account.js'
import type { Reason } from '../decision.js'
import {
  type AlertActivation,
  celContext,
  extendToAlertContext,
  type RuleActivation,
  type SignalFacts,
} from '../policy/cel.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { analyzeText } from '../signals/detect-signals.js'
import type { Signal, TextAnalysis } from '../signals/signal.js'
import type { Severity } from '../tickets/severity.js'
import type { TicketInput, TriageDecision } from '../tickets/ticket.js'
import { type LocalTime, localTime } from '../time/local-time.js'
import { applyHeldTier, assignTier } from './assign-tier.js'
import { decideAlerts } from './decide-alerts.js'
import { decideLevel } from './effective-severity.js'
import { applyExecutiveRule } from './executive-rule.js'
import { accountFacts, type SenderFacts, senderFacts, type ValueFacts } from './facts.js'
import { type AccountCandidates, resolveAccount } from './resolve-account.js'
import { routeTicket } from './route.js'
import { scorePriority } from './score-priority.js'

export interface TriageInput {
  readonly ticket: TicketInput
  readonly candidates: AccountCandidates
  readonly policy: CompiledPolicy
  /**
   * The ticket's text already analysed with this policy's lexicon. Replays of many tickets under
   * policies that share a lexicon pass it to read each text once; omit it otherwise.
   */
  readonly analysis?: TextAnalysis
}

/** What is true about a ticket, under a policy's currency rates, title keywords and lexicon. */
export interface TriageFacts {
  readonly ticket: TicketInput
  readonly account: Account | null
  readonly accountReasons: readonly Reason[]
  readonly createdAtMs: number
  /** The filing time on the account's wall clock (UTC for an unknown requester). */
  readonly local: LocalTime
  readonly value: ValueFacts
  readonly sender: SenderFacts
  readonly analysis: TextAnalysis
}

export function gatherFacts({ ticket, candidates, policy, analysis }: TriageInput): TriageFacts {
  const resolved = resolveAccount(ticket.requester.email, candidates, policy)
  const account = resolved.value
  const createdAtMs = Date.parse(ticket.createdAt)
  const local = localTime(createdAtMs, account?.timezone ?? 'UTC')
  return {
    ticket,
    account,
    accountReasons: resolved.reasons,
    createdAtMs,
    local,
    value: accountFacts(account, policy, local),
    sender: senderFacts(ticket.requester.email, account, policy),
    analysis: analysis ?? analyzeText({ subject: ticket.subject, body: ticket.body }, policy.lexicon),
  }
}

function baseSeverity(
  ticket: TicketInput,
  policy: CompiledPolicy,
  hint: { readonly severity: Severity; readonly phrase: string } | null,
): { readonly severity: Severity; readonly because: string } {
  if (ticket.severity) return { severity: ticket.severity, because: `filed as ${ticket.severity}` }
  if (policy.severity.inferFromText && hint) {
    return {
      severity: hint.severity,
      because: `no severity given; '${hint.phrase}' reads as ${hint.severity}`,
    }
  }
  return {
    severity: policy.severity.default,
    because: `no severity given; policy default ${policy.severity.default}`,
  }
}

export function decide(facts: TriageFacts, policy: CompiledPolicy): TriageDecision {
  const { ticket, account, value, sender, analysis, local } = facts
  const tierChoice = applyHeldTier(
    policy,
    assignTier(policy, value, celContext('tier', { account: value.facts })),
    account?.heldTier,
    facts.createdAtMs,
  )
  const base = baseSeverity(ticket, policy, analysis.severityHint)

  let churnDirect = false
  let churnIndirect = false
  let competitor = false
  for (const s of analysis.signals) {
    if (s.kind === 'churn.direct') churnDirect = true
    else if (s.kind === 'churn.indirect') churnIndirect = true
    else if (s.kind === 'competitor') competitor = true
  }
  const signalFacts: SignalFacts = {
    churnDirect,
    churnIndirect,
    competitor,
    sentiment: analysis.sentiment.score,
    negative: analysis.sentiment.label === 'negative',
    positive: analysis.sentiment.label === 'positive',
    phrases: analysis.signals.map((s) => s.phrase),
  }
  const activation: RuleActivation = {
    account: value.facts,
    ticket: {
      channel: ticket.channel,
      severity: base.severity,
      subject: ticket.subject,
      body: ticket.body,
      language: analysis.language,
      localHour: local.hour,
      localWeekday: local.weekday,
    },
    requester: sender.facts,
    signals: signalFacts,
    tier: { id: tierChoice.tier.id, points: tierChoice.tier.points },
  }

  const ruleContext = celContext('rule', activation)
  const scored = scorePriority({
    policy,
    activation,
    context: ruleContext,
    tier: tierChoice.tier,
    tierReason: tierChoice.reason,
    baseSeverity: base.severity,
    baseSeverityReason: base.because,
    analysis,
    executiveBecause: sender.executiveBecause,
  })
  const level = decideLevel(policy, scored.score, base.severity)
  const route = routeTicket(policy, tierChoice.tier.id, level.effective, facts.createdAtMs)

  const outcome = {
    severity: { filed: ticket.severity ?? '', effective: level.effective },
    priority: { score: scored.score, level: level.level },
  }
  const alertActivation: AlertActivation = { ...activation, ...outcome }
  const alertContext = extendToAlertContext(ruleContext, outcome)
  const alerts = decideAlerts(policy, account, alertActivation, alertContext, route.cell, route.cellRule)
  const executive = applyExecutiveRule(
    policy,
    account,
    sender.executiveBecause,
    facts.createdAtMs,
    route.routing,
    alerts.alerts,
  )

  const signals: Signal[] = [...analysis.signals]
  if (sender.executiveBecause) {
    signals.push({
      kind: 'executive_sender',
      phrase: sender.contact?.title ?? sender.facts.email,
      text: `sender is ${sender.executiveBecause}`,
      field: 'requester',
      span: null,
      matched: null,
      language: null,
    })
  }

  return {
    account: account ? { id: account.id, externalId: account.externalId, name: account.name } : null,
    accountReasons: facts.accountReasons,
    language: analysis.language,
    signals,
    sentiment: analysis.sentiment,
    tier: { id: tierChoice.tier.id, name: tierChoice.tier.name, reasons: tierChoice.reasons },
    severity: { filed: ticket.severity, effective: level.effective, reasons: level.severityReasons },
    priority: {
      score: scored.score,
      level: level.level,
      reasons: [...scored.reasons, level.levelReason, ...alerts.skipped],
    },
    routing: executive.routing,
    sla: route.sla,
    alerts: executive.alerts,
    followUp: executive.followUp,
    policyVersion: policy.version,
  }
}

export function triage(input: TriageInput): TriageDecision {
  return decide(gatherFacts(input), input.policy)
}
