/** @module A real node:http server on loopback playing a webhook or Slack receiver. Test support only. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Arrival, ReceiverMode, TestReceiver } from './receiver.js'

export interface HttpArrival extends Arrival {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  /** The raw body, as a receiver must verify it. */
  readonly body: string
}

export class HttpReceiver implements TestReceiver<HttpArrival> {
  mode: ReceiverMode = 'accept'
  contacts = 0
  arrivals: HttpArrival[] = []
  /** Every request seen, accepted or not: its path. */
  paths: string[] = []
  /** Answer the next requests with this instead of by `mode` (adapter-only tests: redirects, Retry-After). */
  respond: ((res: ServerResponse) => void) | undefined
  private readonly hung = new Set<ServerResponse>()
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = req.url ?? '/'
      this.paths.push(path)
      if (this.respond !== undefined) return this.respond(res)
      switch (this.mode) {
        case 'accept': {
          const dedupKey = req.headers['patron-dedup-key']
          const body = Buffer.concat(chunks).toString('utf8')
          this.arrivals.push({ path, headers: req.headers, body, dedupKey: first(dedupKey) })
          return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
        }
        case 'fail-temporarily':
          return res.writeHead(503).end('try again later')
        case 'refuse':
          return res.writeHead(400).end('invalid_payload')
        case 'hang':
          this.hung.add(res)
          return
      }
    })
  })

  private constructor(private readonly path: string) {
    this.server.on('connection', () => {
      this.contacts++
    })
  }

  /** Listen on an ephemeral loopback port; deliveries go to `path`. */
  static async start(path = '/hooks/patron'): Promise<HttpReceiver> {
    const receiver = new HttpReceiver(path)
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve))
    return receiver
  }

  get endpoint(): string {
    return this.endpointAt((this.server.address() as AddressInfo).port)
  }

  endpointAt(port: number): string {
    return `http://127.0.0.1:${port}${this.path}`
  }

  reset(): void {
    this.mode = 'accept'
    this.respond = undefined
    this.contacts = 0
    this.arrivals = []
    this.paths = []
    for (const res of this.hung) res.destroy()
    this.hung.clear()
  }

  async close(): Promise<void> {
    this.reset()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
