/**
 * @module The demo policy and the files it names, read from disk for tests that compile it directly.
 */
import { readFileSync } from 'node:fs'

const here = (path: string) => new URL(path, import.meta.url)

export const DEMO_HOLIDAYS_FILE = 'holidays/us-support-2026-2027.ics'

export function demoPolicyText(): string {
  return readFileSync(here('policy.yaml'), 'utf8')
}

/** Path as the policy writes it → content, as `parsePolicy` takes them. */
export function demoPolicyFiles(): Map<string, string> {
  return new Map([[DEMO_HOLIDAYS_FILE, readFileSync(here(DEMO_HOLIDAYS_FILE), 'utf8')]])
}
