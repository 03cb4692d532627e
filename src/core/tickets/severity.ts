/**
 * @module Severities P1 (most severe) … P4, and how they compare.
 */

/** Order matters: index 0 is the most urgent. */
export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Smaller is more urgent. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

/** `by` levels more urgent, never beyond P1. */
export function raiseSeverity(s: Severity, by: number): Severity {
  return SEVERITIES[Math.max(0, severityRank(s) - by)] as Severity
}
