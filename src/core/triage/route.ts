/**
 * @module Tier × effective severity → the escalation-matrix cell: queue, agent tier, SLA targets.
 *
 * SLA due times here are elapsed (24×7) time from the ticket's creation, the moment the customer
 * asked; business-hours calendars and pauses are applied by the SLA engine on top of these targets.
 */
import { InvariantError } from '../errors.js'
import type { CompiledCell, CompiledPolicy } from '../policy/compile-policy.js'
import type { Severity } from '../tickets/severity.js'
import type { TriageDecision } from '../tickets/ticket.js'

export interface RouteDecision {
  readonly cell: CompiledCell
  readonly cellRule: string
  readonly routing: TriageDecision['routing']
  readonly sla: TriageDecision['sla']
}

export function routeTicket(
  policy: CompiledPolicy,
  tierId: string,
  severity: Severity,
  createdAtMs: number,
): RouteDecision {
  const cell = policy.matrix.get(tierId)?.[severity]
  // compile-policy guarantees a full row for every tier.
  if (!cell) throw new InvariantError(`policy matrix has no cell for ${tierId} × ${severity}`)
  const cellRule = `matrix.${tierId}.${severity}`
  const firstResponseDueAt = new Date(createdAtMs + cell.firstResponseMs).toISOString()
  const resolutionDueAt = new Date(createdAtMs + cell.resolutionMs).toISOString()
  return {
    cell,
    cellRule,
    routing: {
      queue: cell.queue,
      agentTier: cell.agentTier,
      reasons: [
        {
          rule: cellRule,
          factor: 'routing',
          text: `${tierId} × ${severity} → queue ${cell.queue}, ${cell.agentTier} agents`,
        },
      ],
    },
    sla: {
      firstResponseDueAt,
      resolutionDueAt,
      firstResponse: cell.firstResponse,
      resolution: cell.resolution,
      reasons: [
        {
          rule: cellRule,
          factor: 'sla',
          text: `${tierId} × ${severity} → first response within ${cell.firstResponseText}, resolution within ${cell.resolutionText} of creation`,
        },
      ],
    },
  }
}
