import { SMTPServer, type SMTPServerAddress } from 'smtp-server'
import type { AddressInfo } from 'node:net'

export type Received = { from: string, to: string[], raw: Buffer }

/**
 * A real SMTP server on 127.0.0.1 (ephemeral port unless one is given) that keeps what it receives.
 * `afterMessage` runs once a message has been accepted; `rejectRecipient` answers 550 for that address.
 */
export async function startSmtpSink ({ port = 0, auth, afterMessage, rejectRecipient }: {
  port?: number
  auth?: { user: string, pass: string }
  afterMessage?: (count: number, sink: { stop: () => Promise<void> }) => void
  rejectRecipient?: string
} = {}) {
  const received: Received[] = []
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 200,
    onAuth (credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) return callback(null, { user: credentials.username })
      return callback(new Error('535 Authentication failed'))
    },
    onRcptTo (address: SMTPServerAddress, _session, callback) {
      if (rejectRecipient && address.address === rejectRecipient) {
        const error = new Error(`550 5.1.1 <${address.address}>: Recipient address rejected`) as Error & { responseCode: number }
        error.responseCode = 550
        return callback(error)
      }
      return callback()
    },
    onData (stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks)
        })
        callback()
        afterMessage?.(received.length, sink)
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const sink = {
    port: (server.server.address() as AddressInfo).port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return sink
}
