/** @module A real SMTP server (smtp-server) on loopback playing the relay, parsing with mailparser. Test support only. */
import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { Arrival, ReceiverMode, TestReceiver } from './receiver.js'

export interface MailArrival extends Arrival {
  readonly mail: ParsedMail
  /** RCPT TO addresses. */
  readonly recipients: readonly string[]
}

/** smtp-server answers a callback error with its `responseCode` and message. */
function reply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode })
}

export class SmtpReceiver implements TestReceiver<MailArrival> {
  mode: ReceiverMode = 'accept'
  contacts = 0
  arrivals: MailArrival[] = []
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    // A hung session must not hold close() for the default 30 s.
    closeTimeout: 100,
    onConnect: (_session, callback) => {
      this.contacts++
      callback()
    },
    onRcptTo: (_address, _session, callback) =>
      callback(this.mode === 'refuse' ? reply(550, '5.1.1 No such user here') : null),
    onData: (stream, session, callback) => {
      const mode = this.mode
      if (mode !== 'accept') {
        stream.resume()
        // `hang` never answers; the client must give up on its own.
        if (mode === 'fail-temporarily') stream.on('end', () => callback(reply(451, '4.3.0 Try again later')))
        return
      }
      simpleParser(stream).then(
        (mail) => {
          const key = mail.headers.get('x-patron-dedup-key')
          const recipients = session.envelope.rcptTo.map((r) => r.address)
          this.arrivals.push({ mail, recipients, dedupKey: typeof key === 'string' ? key : undefined })
          callback(null, `Queued as ${this.arrivals.length}`)
        },
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      )
    },
  })

  private constructor() {
    // A client that gives up mid-session resets the socket; that is expected here.
    this.server.on('error', () => {})
  }

  static async start(): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver()
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve))
    return receiver
  }

  get endpoint(): string {
    return this.endpointAt((this.server.server.address() as AddressInfo).port)
  }

  endpointAt(port: number): string {
    return `smtp://127.0.0.1:${port}`
  }

  reset(): void {
    this.mode = 'accept'
    this.contacts = 0
    this.arrivals = []
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
