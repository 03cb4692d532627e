/** Makes a switch over a closed union exhaustive: adding a member fails to compile where it matters. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`)
}
