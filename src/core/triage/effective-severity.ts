/**
 * @module Score → priority level, and the effective severity that routing and SLA targets use.
 *
 * Value can only raise a severity, never lower what the customer filed: a starter customer's real
 * outage is still an outage. The raise is capped (`severity.maxRaise`) so a P4 question is never
 * treated as a P1 incident on value alone.
 */
import type { Reason } from '../decision.js'
import { InvariantError } from '../errors.js'
import type { CompiledPolicy } from '../policy/compile-policy.js'
import { raiseSeverity, type Severity, severityRank } from '../tickets/severity.js'
import type { PriorityLevel } from '../tickets/ticket.js'

export interface LevelDecision {
  readonly level: PriorityLevel
  readonly effective: Severity
  readonly levelReason: Reason
  readonly severityReasons: readonly Reason[]
}

/** The band a score falls in (below every band: the lowest). */
export function bandFor(policy: CompiledPolicy, score: number): CompiledPolicy['levels'][number] {
  const bands = policy.levels
  const band = bands.find((b) => score >= b.atLeast) ?? bands[bands.length - 1]
  if (!band) throw new InvariantError('policy has no score bands') // compile-policy guarantees at least one
  return band
}

export function decideLevel(policy: CompiledPolicy, score: number, base: Severity): LevelDecision {
  const band = bandFor(policy, score)
  const levelReason: Reason = {
    rule: `level.${band.level}`,
    factor: 'level',
    // Custom boosts can be negative, so a score can fall below the lowest band's floor.
    text:
      score >= band.atLeast
        ? `score ${score} ≥ ${band.atLeast} → ${band.level} priority`
        : `score ${score} is below every band → ${band.level} priority`,
  }
  const severityReasons: Reason[] = []
  const raiseBy = severityRank(base) - severityRank(band.severity)
  let effective = base
  if (raiseBy > 0) {
    const maxRaise = policy.severity.maxRaise
    effective = raiseSeverity(base, Math.min(raiseBy, maxRaise))
    if (effective === base) {
      severityReasons.push({
        rule: 'severity.kept',
        factor: 'severity',
        text: `${band.level} priority would raise ${base} to ${band.severity}, but the policy allows no raise (maxRaise 0)`,
      })
    } else {
      const capped = raiseBy > maxRaise ? ` (capped at ${maxRaise} level${maxRaise > 1 ? 's' : ''})` : ''
      severityReasons.push({
        rule: 'severity.raised',
        factor: 'severity',
        text: `${band.level} priority raises ${base} to ${effective} for routing and SLA${capped}`,
      })
    }
  } else {
    severityReasons.push({
      rule: 'severity.kept',
      factor: 'severity',
      text:
        raiseBy < 0
          ? `stays ${base}: value never lowers a customer's severity`
          : `stays ${base}: ${band.level} priority matches it`,
    })
  }
  return { level: band.level, effective, levelReason, severityReasons }
}
