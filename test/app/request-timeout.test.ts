import { describe, expect, test } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { parseRaw as parse, rawExchange, trickle } from '../helpers/raw-http.js'

describe('a request that is not sent in time gets 408 problem+json and its connection is closed', () => {
  test('an upload whose body trickles in', async () => {
    const t = await createTestApp({ config: { requestTimeoutSeconds: 1 } })
    const boundary = 'slow-boundary'
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${'x'.repeat(5000)}\r\n--${boundary}--\r\n`
    const res = await rawExchange(t, (socket) => {
      socket.write(`POST /api/v1/pool/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${t.admin.headers.authorization}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
      trickle(socket, body)
    })
    expect(res.closed).toBe(true)
    // one second of timeout plus Node's check interval, far less than the body would take (5,000 bytes at 150 ms)
    expect(res.closedAfterMs).toBeLessThan(4000)
    const { status, headers, body: problem } = parse(res.text)
    expect(status).toBe(408)
    expect(headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(problem).toMatchObject({ status: 408, code: 'request.timeout', title: '请求发送超时' })
    expect(problem!.requestId).toEqual(expect.any(String))
  })

  test('headers that trickle in (never finished)', async () => {
    const t = await createTestApp({ config: { requestTimeoutSeconds: 1 } })
    const res = await rawExchange(t, (socket) => trickle(socket, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'a'.repeat(1000)))
    expect(res.closed).toBe(true)
    expect(res.closedAfterMs).toBeLessThan(4000)
    expect(parse(res.text)).toMatchObject({ status: 408, body: { code: 'request.timeout' } })
  })

  test('a request sent in time is not affected, and the default is 30 seconds', async () => {
    const t = await createTestApp({ config: { requestTimeoutSeconds: 1 } })
    const res = await rawExchange(t, (socket) => socket.end('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))
    expect(parse(res.text).status).toBe(200)
    expect(t.app.server.requestTimeout).toBe(1000)
    expect(t.app.server.headersTimeout).toBe(1000)
    const defaults = await createTestApp()
    expect(defaults.config.requestTimeoutSeconds).toBe(30)
    expect(defaults.app.server.requestTimeout).toBe(30_000)
  })
})

describe('what the HTTP parser refuses is answered as problem+json too', () => {
  test('a broken chunked body', async () => {
    const t = await createTestApp()
    const res = await rawExchange(t, (socket) => socket.write(`POST /api/v1/pool/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${t.admin.headers.authorization}\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\nzz-not-a-size\r\n`))
    expect(res.closed).toBe(true)
    const { status, headers, body } = parse(res.text)
    expect(status).toBe(400)
    expect(headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(body).toMatchObject({ status: 400, code: 'request.malformed' })
    expect(res.text).not.toMatch(/HPE_|at \w+ \(/)
  })

  test('a request line that is not HTTP', async () => {
    const t = await createTestApp()
    const res = await rawExchange(t, (socket) => socket.write('\u0000\u0001 garbage\r\n\r\n'))
    expect(parse(res.text)).toMatchObject({ status: 400, body: { code: 'request.malformed' } })
  })

  test('headers over the size limit get 431', async () => {
    const t = await createTestApp()
    const res = await rawExchange(t, (socket) => socket.write(`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
    expect(parse(res.text)).toMatchObject({ status: 431, body: { code: 'request.headers_too_large' } })
  })
})
