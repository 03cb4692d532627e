/**
 * @module What the notifier contract needs from a receiver: a real server on loopback that can be
 * told how to answer, and that records what it accepted. Test support only.
 */
import { createServer } from 'node:net'

/**
 * How the receiver answers the next deliveries.
 * - `accept`: takes the message (HTTP 200, SMTP 250).
 * - `fail-temporarily`: "try later" (HTTP 503, SMTP 451).
 * - `refuse`: "never" (HTTP 400, SMTP 550 no such user).
 * - `hang`: takes the connection and never answers.
 */
export type ReceiverMode = 'accept' | 'fail-temporarily' | 'refuse' | 'hang'

export interface Arrival {
  /** The dedup key as the receiver sees it (header), if any. */
  readonly dedupKey: string | undefined
}

export interface TestReceiver<A extends Arrival = Arrival> {
  /** Where to deliver: an http URL or an smtp URL on 127.0.0.1. */
  readonly endpoint: string
  mode: ReceiverMode
  /** Connections opened to the receiver, whatever became of them. */
  readonly contacts: number
  /** Deliveries it accepted, in order. */
  readonly arrivals: readonly A[]
  /** The same endpoint on another port (to aim at a closed one). */
  endpointAt(port: number): string
  /** Back to `accept` with nothing recorded; releases hung connections. */
  reset(): void
  close(): Promise<void>
}

/** A loopback port that nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
