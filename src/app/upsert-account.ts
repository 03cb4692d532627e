/**
 * @module Create or replace an account by its external id.
 */
import type { AccountFields, StoredAccount } from '../store/store.js'
import { assessAccountNow } from './assess-account.js'
import type { AppDeps } from './deps.js'

export async function upsertAccount(
  deps: AppDeps,
  fields: AccountFields,
): Promise<{ readonly account: StoredAccount; readonly created: boolean }> {
  const result = await deps.store.accounts.upsert(fields, deps.now(), deps.newId)
  deps.log.info({ accountId: result.account.id, created: result.created }, 'account saved')
  // A new value can move the tier: an upgrade applies at once, a downgrade starts its notice.
  const assessed = await assessAccountNow(deps, result.account.id)
  return { account: assessed?.account ?? result.account, created: result.created }
}
