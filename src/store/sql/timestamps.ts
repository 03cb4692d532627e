/**
 * @module Row values → wire values, identically for both drivers.
 */

/** timestamptz comes back as a Date from both drivers; the domain speaks ISO-8601 UTC. */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return new Date(value).toISOString()
  throw new TypeError(`expected a timestamp, got ${typeof value}`)
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value)
}
