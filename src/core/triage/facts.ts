/**
 * @module The facts triage reasons about, derived once per ticket: value in the policy currency,
 * days to renewal in the account's own calendar, who the sender is, the local time of filing.
 */
import type { Account, Contact } from '../accounts/account.js'
import type { Reason } from '../decision.js'
import { formatMoneyCompact } from '../format.js'
import type { AccountFacts, RequesterFacts } from '../policy/cel.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { rateToPolicyCurrency } from '../policy/fx.js'
import { daysUntil, type LocalTime } from '../time/local-time.js'
import { emailDomain } from './resolve-account.js'

export interface ValueFacts {
  readonly facts: AccountFacts
  /** ARR in the policy currency, or null when the account's currency has no rate. */
  readonly arrInPolicyCurrency: number | null
  /** "$380k", or "€120k (≈ $130k)" for a converted value. */
  readonly arrText: string
  readonly reasons: readonly Reason[]
}

const UNKNOWN_ACCOUNT: AccountFacts = {
  known: false,
  name: '',
  arr: 0,
  currency: '',
  plan: '',
  expansionPipeline: 0,
  tags: [],
}

/** The account's value in the policy currency, with a reason when it had to be converted or could not be. */
export function accountFacts(
  account: Account | null,
  policy: CompiledPolicy,
  createdAtLocal: LocalTime,
): ValueFacts {
  if (!account) return { facts: UNKNOWN_ACCOUNT, arrInPolicyCurrency: null, arrText: 'unknown', reasons: [] }
  const reasons: Reason[] = []
  const rate = rateToPolicyCurrency(account.currency, policy)
  const own = formatMoneyCompact(Number(account.arr), account.currency)
  let arr = 0
  let arrText = own
  if (rate === null) {
    reasons.push({
      rule: 'value.no-fx-rate',
      factor: 'value',
      text: `ARR is in ${account.currency} and the policy has no ${account.currency}→${policy.currency} rate, so ARR counts as 0 for tiering`,
    })
  } else {
    arr = Number(account.arr) * rate
    if (rate !== 1) arrText = `${own} (≈ ${formatMoneyCompact(arr, policy.currency)})`
  }
  const pipeline =
    account.expansionPipeline === null || rate === null ? 0 : Number(account.expansionPipeline) * rate
  let renewalInDays: number | undefined
  // Counted from the account's own "today": a ticket at 23:00 in New York is already tomorrow in Shanghai.
  if (account.renewalDate) renewalInDays = daysUntil(createdAtLocal, account.renewalDate)
  const facts: AccountFacts = {
    known: true,
    name: account.name,
    arr,
    currency: account.currency,
    plan: account.plan,
    expansionPipeline: pipeline,
    tags: account.tags,
    ...(renewalInDays === undefined ? {} : { renewalInDays }),
    ...(account.healthScore === null ? {} : { healthScore: account.healthScore }),
  }
  return { facts, arrInPolicyCurrency: rate === null ? null : arr, arrText, reasons }
}

export interface SenderFacts {
  readonly facts: RequesterFacts
  readonly contact: Contact | null
  /** "VP Operations (executive contact)" — why the sender counts as an executive; null if not one. */
  readonly executiveBecause: string | null
}

export function senderFacts(email: string, account: Account | null, policy: CompiledPolicy): SenderFacts {
  const address = email.toLowerCase()
  const contact = account?.contacts.find((c) => c.email === address) ?? null
  let executiveBecause: string | null = null
  if (contact?.role === 'executive') {
    executiveBecause = `${contact.title ?? contact.name ?? address} (executive contact)`
  } else if (contact?.title && policy.executiveTitlePattern?.test(contact.title)) {
    executiveBecause = `${contact.title} (title reads as executive)`
  }
  return {
    facts: {
      email: address,
      domain: emailDomain(address),
      knownContact: contact !== null,
      role: contact?.role ?? '',
      title: contact?.title ?? '',
      executive: executiveBecause !== null,
    },
    contact,
    executiveBecause,
  }
}
