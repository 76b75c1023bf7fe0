/** A raw TCP client for what app.inject cannot send: bodies that trickle, stop early or break HTTP framing. */
import { connect, type Socket } from 'node:net'
import type { TestApp } from './app.js'

/** Opens a raw connection to a listening test app; resolves with everything the server sent once it closed the connection. */
export async function rawExchange (t: TestApp, drive: (socket: Socket) => unknown, { giveUpMs = 8000 } = {}) {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = new URL(address)
  return await new Promise<{ text: string, closedAfterMs: number, closed: boolean }>((resolve) => {
    const started = Date.now()
    const socket = connect({ port: Number(port), host: '127.0.0.1' })
    const received: Buffer[] = []
    let done = false
    const finish = (closed: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ text: Buffer.concat(received).toString('utf8'), closedAfterMs: Date.now() - started, closed })
    }
    const timer = setTimeout(() => finish(false), giveUpMs)
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('error', () => {})
    socket.on('close', () => finish(true))
    socket.on('connect', () => { void drive(socket) })
  })
}

export function parseRaw (text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: body === '' ? null : JSON.parse(body) as Record<string, unknown> }
}

/** Writes `bytes` one byte every `everyMs` until the socket closes. */
export function trickle (socket: Socket, bytes: string, everyMs = 150) {
  let at = 0
  const timer = setInterval(() => {
    if (socket.destroyed || at >= bytes.length) { clearInterval(timer); return }
    socket.write(bytes[at++]!)
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}
