/**
 * @module The four SLA metrics and how people name them.
 */

export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const
export type SlaMetric = (typeof SLA_METRICS)[number]

export const METRIC_NAMES: Readonly<Record<SlaMetric, string>> = {
  first_response: 'first response',
  next_response: 'next response',
  periodic_update: 'periodic update',
  resolution: 'resolution',
}
