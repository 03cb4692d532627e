/**
 * @module Money in the policy currency: tier bands and thresholds are written in one currency, and an
 * account billed in another is converted with the policy's `fxRates`.
 */
import type { CompiledPolicy } from './compile-policy.js'

/** Currency units → one unit of the policy currency; null when the policy has no rate for it. */
export function rateToPolicyCurrency(currency: string, policy: CompiledPolicy): number | null {
  return currency === policy.currency ? 1 : (policy.fxRates.get(currency) ?? null)
}
