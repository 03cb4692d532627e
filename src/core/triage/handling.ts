/**
 * @module How to handle a ticket, for the agent who picks it up: the tone to take and who to loop in,
 * each with its reason. Read from the triage decision only, so it is the same wherever it is shown.
 */
import type { Person } from '../accounts/account.js'
import type { TriageDecision } from '../tickets/ticket.js'

export interface LoopIn {
  readonly role: 'csm' | 'accountExecutive' | 'teamLead'
  readonly name: string | null
  readonly email: string | null
  readonly why: string
}

export interface Handling {
  readonly tone: 'reassure' | 'apologise' | 'standard' | 'warm'
  readonly toneText: string
  readonly loopIn: readonly LoopIn[]
  /** Further advice, most important first. */
  readonly notes: readonly string[]
}

/** `teamLead`: the lead of the ticket's queue in the policy, named when the handling loops a lead in. */
export function suggestHandling(d: TriageDecision, teamLead: Person | null = null): Handling {
  const has = (kind: string) => d.signals.some((s) => s.kind === kind)
  const churn = has('churn.direct') || has('churn.indirect')
  const executive = has('executive_sender')
  const urgent = d.severity.effective === 'P1' || d.severity.effective === 'P2'
  const tone: Handling['tone'] = churn
    ? 'reassure'
    : d.sentiment.label === 'negative'
      ? 'apologise'
      : d.sentiment.label === 'positive'
        ? 'warm'
        : 'standard'
  const toneText = {
    reassure:
      'Reassure: acknowledge the frustration in your first line, name the fix and a time, and avoid templates — the customer is weighing whether to stay.',
    apologise: 'Apologise plainly for the trouble, then give the next step and when they will hear from you.',
    warm: 'Warm and brief: thank them and answer the question.',
    standard: 'Clear and direct: answer the question with the steps.',
  }[tone]
  const loopIn: LoopIn[] = []
  for (const a of d.alerts) {
    if (!a.deliverable || loopIn.some((l) => l.role === a.recipient.role)) continue
    loopIn.push({
      role: a.recipient.role,
      name: a.recipient.name,
      email: a.recipient.email,
      why: a.reasons.map((r) => r.text).join('; ') || 'an alert rule asks for it',
    })
  }
  if (urgent && d.priority.level !== 'low' && (churn || executive))
    loopIn.push({
      role: 'teamLead',
      name: teamLead?.name ?? null,
      email: teamLead?.email ?? null,
      why: `${d.severity.effective} from ${executive ? 'an executive' : 'a customer at risk'}: a lead should know before the customer escalates`,
    })
  const notes: string[] = []
  if (executive)
    notes.push('The sender is an executive: reply personally, from a named person, and copy the CSM.')
  if (has('competitor'))
    notes.push('A competitor is named: leave commercial answers to the CSM or account executive.')
  if (d.language === 'zh' || d.language === 'mixed')
    notes.push('Reply in Chinese (the customer wrote in Chinese).')
  if (d.followUp)
    notes.push(`A follow-up is owed by ${d.followUp.dueAt}: ${d.followUp.reasons[0]?.text ?? ''}`.trim())
  return { tone, toneText, loopIn, notes }
}
