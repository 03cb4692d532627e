/**
 * @module The executive-contact rule: when an executive writes in, the most senior agents take the
 * ticket, the account team hears within minutes, and someone owes a follow-up whatever the outcome.
 */
import type { Account } from '../accounts/account.js'
import type { Reason } from '../decision.js'
import { formatMillis } from '../format.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import type { Alert, FollowUp, TriageDecision } from '../tickets/ticket.js'

export interface ExecutiveOutcome {
  readonly routing: TriageDecision['routing']
  readonly alerts: readonly Alert[]
  readonly followUp: FollowUp | null
}

export function applyExecutiveRule(
  policy: CompiledPolicy,
  account: Account | null,
  executiveBecause: string | null,
  createdAtMs: number,
  routing: TriageDecision['routing'],
  alerts: readonly Alert[],
): ExecutiveOutcome {
  const rule = policy.sla.executiveRule
  if (!rule || !executiveBecause || !account) return { routing, alerts, followUp: null }
  const because = `sender is ${executiveBecause}`
  const routingReason: Reason = {
    rule: 'executive.agent-tier',
    factor: 'executive',
    text: `${because} → most senior agents (${rule.agentTier}) (exec rule)`,
  }
  const deliverBy = new Date(createdAtMs + rule.notifyWithinMs).toISOString()
  const within = formatMillis(rule.notifyWithinMs)
  const owner = account.csm ?? account.accountExecutive
  const followUp: FollowUp | null = owner
    ? {
        kind: 'executive_follow_up',
        owner: { role: account.csm ? 'csm' : 'accountExecutive', name: owner.name, email: owner.email },
        dueAt: new Date(createdAtMs + rule.followUpWithinMs).toISOString(),
        reasons: [
          {
            rule: 'executive.follow-up',
            factor: 'executive',
            text: `${because} → ${owner.name} follows up within ${formatMillis(rule.followUpWithinMs)}, whatever the outcome (exec rule)`,
          },
        ],
      }
    : null
  // The rule itself tells the account team, whatever the policy's alert rules say.
  const roles: readonly ('csm' | 'accountExecutive')[] = ['csm', 'accountExecutive']
  const named = { csm: 'the CSM', accountExecutive: 'the account executive' } as const
  const withTeam: Alert[] = [...alerts]
  for (const role of roles) {
    if (withTeam.some((a) => a.recipient.role === role)) continue
    const person = role === 'csm' ? account.csm : account.accountExecutive
    withTeam.push({
      rule: 'executive.notify',
      recipient: { role, name: person?.name ?? null, email: person?.email ?? null },
      deliverable: person !== null,
      reasons: [
        {
          rule: 'executive.notify',
          factor: 'executive',
          text: `${because} → notify ${named[role]} (exec rule)`,
        },
        ...(person
          ? []
          : [
              {
                rule: 'executive.notify',
                factor: 'executive',
                text: `${account.name} has no ${named[role].slice(4)} on record: alert kept, not sent`,
              },
            ]),
      ],
      deliverBy: null,
    })
  }
  return {
    routing: {
      queue: routing.queue,
      agentTier: rule.agentTier,
      reasons: routing.agentTier === rule.agentTier ? routing.reasons : [...routing.reasons, routingReason],
    },
    alerts: withTeam.map((a) =>
      a.deliverable
        ? {
            ...a,
            deliverBy,
            reasons: [
              ...a.reasons,
              {
                rule: 'executive.notify',
                factor: 'executive',
                text: `${because} → deliver within ${within} (exec rule)`,
              },
            ],
          }
        : a,
    ),
    followUp,
  }
}
