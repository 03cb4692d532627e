/**
 * @module Who is writing: requester email → contact → account, else email domain → account.
 *
 * The shell loads the candidates (accounts that list the address as a contact, and accounts that
 * claim its domain); this function decides between them and says why. A contact match beats a
 * domain match: the customer told us who this person is.
 */
import type { Account } from '../accounts/account.js'
import { type Decision, decided } from '../decision.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { rateToPolicyCurrency } from '../policy/fx.js'

export interface AccountCandidates {
  /** Accounts whose contacts include the requester's address (usually zero or one). */
  readonly byContact: readonly Account[]
  /** Accounts that list the requester's email domain. */
  readonly byDomain: readonly Account[]
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase()
}

/**
 * Highest ARR in the policy currency first (an account in a currency without a rate counts as 0);
 * ties by external id, compared by code unit so the order is the same on every machine and locale.
 */
function mostValuable(accounts: readonly Account[], policy: CompiledPolicy): Account[] {
  const value = (a: Account) => Number(a.arr) * (rateToPolicyCurrency(a.currency, policy) ?? 0)
  return [...accounts].sort(
    (a, b) => value(b) - value(a) || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0),
  )
}

export function resolveAccount(
  email: string,
  candidates: AccountCandidates,
  policy: CompiledPolicy,
): Decision<Account | null> {
  const address = email.toLowerCase()
  const domain = emailDomain(address)
  // Several matches (a consultant on two accounts, subsidiaries sharing a domain): serve the requester
  // as the most valuable of them rather than as nobody; under-serving a real customer costs more.
  const pick = (list: readonly Account[], one: string, many: string, rule: string): Decision<Account> => {
    const ranked = mostValuable(list, policy)
    const chosen = ranked[0] as Account
    if (ranked.length === 1)
      return decided(chosen, [{ rule, factor: 'account', text: `${one} ${chosen.name}` }])
    return decided(chosen, [
      {
        rule: `${rule}-ambiguous`,
        factor: 'account',
        text: `${many} ${ranked.length} accounts (${ranked.map((a) => a.name).join(', ')}); chose ${chosen.name}, the highest ARR`,
      },
    ])
  }
  if (candidates.byContact.length > 0) {
    return pick(
      candidates.byContact,
      `${address} is a contact of`,
      `${address} is a contact of`,
      'account.contact',
    )
  }
  if (candidates.byDomain.length > 0) {
    return pick(
      candidates.byDomain,
      `domain ${domain} belongs to`,
      `domain ${domain} matches`,
      'account.domain',
    )
  }
  return decided(null, [
    { rule: 'account.none', factor: 'account', text: `no account lists ${address} or the domain ${domain}` },
  ])
}
