/**
 * @module Tier × effective severity → the escalation-matrix cell: queue, agent tier, SLA targets.
 *
 * Due times count business time on the cell's calendar from the ticket's creation, the moment the
 * customer asked. They are the clocks' first due times; pauses move them later (see core/sla).
 */
import { InvariantError } from '../errors.js'
import type { CompiledCell, CompiledPolicy } from '../policy/compile-policy.js'
import type { Severity } from '../tickets/severity.js'
import type { TriageDecision } from '../tickets/ticket.js'
import { addBusinessTime } from '../time/calendar.js'

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
  const calendar = policy.sla.calendars.get(cell.calendar)
  if (!calendar) throw new InvariantError(`calendar '${cell.calendar}' is not in the policy`)
  const firstResponseDueAt = new Date(
    addBusinessTime(calendar, createdAtMs, cell.firstResponseMs),
  ).toISOString()
  const resolutionDueAt = new Date(addBusinessTime(calendar, createdAtMs, cell.resolutionMs)).toISOString()
  const on = calendar.always ? '24×7' : `the ${cell.calendar} calendar`
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
          text: `${tierId} × ${severity} → first response within ${cell.firstResponseText}, resolution within ${cell.resolutionText} on ${on}`,
        },
      ],
    },
  }
}
