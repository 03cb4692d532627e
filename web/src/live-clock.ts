/** @module The current time, ticking once a second, for countdowns. */
import { useEffect, useState } from 'preact/hooks'

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** ok, warn (within 30 min or a quarter of the target), breach. */
export function urgency(dueMs: number, nowMs: number, targetMs?: number): 'ok' | 'warn' | 'breach' {
  const left = dueMs - nowMs
  if (left <= 0) return 'breach'
  const lead = Math.max(30 * 60_000, (targetMs ?? 0) * 0.25)
  return left <= lead ? 'warn' : 'ok'
}
