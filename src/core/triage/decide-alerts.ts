/**
 * @module Who must hear about this ticket now: the matrix cell's notifications plus the policy's alert rules.
 *
 * One alert per recipient role, carrying every reason that asked for it, so a CSM gets one message
 * saying "VIP P2 and churn language" rather than two. An alert whose role is vacant on the account
 * is still recorded, marked undeliverable, so the gap is visible instead of silent.
 */
import type { Account } from '../accounts/account.js'
import type { Reason } from '../decision.js'
import type { AlertActivation, CelContext } from '../policy/cel.js'
import type { CompiledCell, CompiledPolicy } from '../policy/compile-policy.js'
import type { NotifyRole } from '../policy/policy-schema.js'
import type { Alert } from '../tickets/ticket.js'

const ROLE_NAMES: Record<NotifyRole, string> = { csm: 'the CSM', accountExecutive: 'the account executive' }

export function decideAlerts(
  policy: CompiledPolicy,
  account: Account | null,
  activation: AlertActivation,
  context: CelContext<'alert'>,
  cell: CompiledCell,
  cellRule: string,
): { readonly alerts: readonly Alert[]; readonly skipped: readonly Reason[] } {
  const byRole = new Map<NotifyRole, { rule: string; reasons: Reason[] }>()
  const skipped: Reason[] = []
  const ask = (role: NotifyRole, rule: string, text: string) => {
    const entry = byRole.get(role) ?? { rule, reasons: [] }
    entry.reasons.push({ rule, factor: 'alert', text: `${text} → notify ${ROLE_NAMES[role]}` })
    byRole.set(role, entry)
  }

  const { tier, severity } = activation
  for (const role of cell.notify)
    ask(role, cellRule, `${tier.id} × ${severity.effective} notifies on every ticket`)
  for (const rule of policy.alerts) {
    const result = rule.when.evaluate(context)
    if (result.matched) for (const role of rule.notify) ask(role, `alert.${rule.id}`, rule.reason)
    else if (result.error) {
      skipped.push({
        rule: `alert.${rule.id}`,
        factor: 'alert',
        text: `alert '${rule.id}' skipped: its condition could not be evaluated (${result.error})`,
      })
    }
  }

  // Nobody to tell on an unrecognised requester: there is no account team.
  if (!account) return { alerts: [], skipped }
  const alerts: Alert[] = []
  for (const [role, { rule, reasons }] of byRole) {
    const person = role === 'csm' ? account.csm : account.accountExecutive
    alerts.push({
      rule,
      recipient: { role, name: person?.name ?? null, email: person?.email ?? null },
      deliverable: person !== null,
      deliverBy: null,
      reasons: person
        ? reasons
        : [
            ...reasons,
            {
              rule,
              factor: 'alert',
              text: `${account.name} has no ${ROLE_NAMES[role].slice(4)} on record: alert kept, not sent`,
            },
          ],
    })
  }
  return { alerts, skipped }
}
