import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { parseRaw, rawExchange } from '../../helpers/raw-http.js'
import { membersTable } from '../../../db/schema/index.js'
import { expectProblem } from './pool.fixtures.js'

const B = 'tz-boundary-1234'
const MP = `multipart/form-data; boundary=${B}`
const CSV = '姓名,身份证号\r\n张伟,110101199001011234\r\n'
const filePart = (name = 'file', filename = 'a.csv', content = CSV) => `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`
const end = `--${B}--\r\n`

// label, content type (empty: none), body, expected status and code
const VARIANTS: [string, string, string | Buffer, number, string][] = [
  ['no boundary', 'multipart/form-data', filePart() + end, 400, 'pool.import_malformed_form'],
  ['an empty boundary', 'multipart/form-data; boundary=', filePart() + end, 400, 'pool.import_malformed_form'],
  ['a part never closed', MP, filePart().slice(0, -2), 400, 'pool.import_malformed_form'],
  ['part headers never ended', MP, `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n`, 400, 'pool.import_malformed_form'],
  ['a garbage body', MP, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 400, 'pool.import_malformed_form'],
  ['a body using another boundary', MP, filePart().replace(B, 'other') + end.replace(B, 'other'), 400, 'pool.import_malformed_form'],
  ['an empty body', MP, '', 400, 'pool.import_no_file'],
  ['a form without a file part', MP, `--${B}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n${end}`, 400, 'pool.import_no_file'],
  ['a part without Content-Disposition', MP, `--${B}\r\nContent-Type: text/csv\r\n\r\n${CSV}\r\n${end}`, 400, 'pool.import_no_file'],
  ['the file under another field name', MP, filePart('upload') + end, 400, 'pool.import_wrong_field'],
  ['a file part without a field name', MP, `--${B}\r\nContent-Disposition: form-data; filename="a.csv"\r\n\r\n${CSV}\r\n${end}`, 400, 'pool.import_wrong_field'],
  ['two files', MP, filePart() + filePart('file', 'b.csv') + end, 400, 'pool.import_too_many_files'],
  ['two files under different names', MP, filePart() + filePart('other', 'b.csv') + end, 400, 'pool.import_too_many_files'],
  ['fifty text fields before the file', MP, Array.from({ length: 50 }, (_, i) => `--${B}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('') + filePart() + end, 400, 'pool.import_malformed_form'],
  ['an empty file', MP, filePart('file', 'a.csv', '') + end, 422, 'pool.import_empty'],
  ['multipart/mixed', `multipart/mixed; boundary=${B}`, filePart() + end, 415, 'request.unsupported_media_type'],
  ['text/plain', 'text/plain', CSV, 415, 'pool.import_not_multipart'],
  ['application/octet-stream', 'application/octet-stream', CSV, 415, 'request.unsupported_media_type'],
  ['no content type', '', CSV, 415, 'request.unsupported_media_type']
]

describe('POST /pool/imports refuses every malformed form with a 4xx problem and writes nothing', () => {
  test.each(VARIANTS)('%s', async (_label, contentType, payload, status, code) => {
    const t = await createTestApp()
    seedRegionTree(t)
    const headers: Record<string, string> = { ...t.admin.headers }
    if (contentType) headers['content-type'] = contentType
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/imports?mode=commit', headers, payload })
    const body = expectProblem(res, status, code)
    expect(body.title).toMatch(/[\u4e00-\u9fff]/)
    expect(res.body).not.toMatch(/Multipart:|busboy|node_modules|at \w+ \(/)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('the field name and the number of files are told in Chinese', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/imports', headers: { ...t.admin.headers, 'content-type': MP }, payload: filePart('upload') + end })
    expect(expectProblem(res, 400, 'pool.import_wrong_field')).toMatchObject({ field: 'upload', detail: '文件应放在表单字段“file”中，收到的字段名是“upload”' })
  })
})

describe('over a real connection', () => {
  test('a body shorter than its Content-Length, the client then half-closing, gets a 400 problem', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const body = filePart() + end
    const res = await rawExchange(t, (socket) => {
      socket.write(`POST /api/v1/pool/imports?mode=commit HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${t.admin.headers.authorization}\r\nContent-Type: ${MP}\r\nContent-Length: ${Buffer.byteLength(body) + 500}\r\n\r\n`)
      socket.end(body)
    })
    expect(res.closed).toBe(true)
    const { status, headers, body: problem } = parseRaw(res.text)
    expect(status).toBeGreaterThanOrEqual(400)
    expect(status).toBeLessThan(500)
    expect(headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(problem!.code).toEqual(expect.any(String))
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('a client that drops the connection mid-upload leaves the service answering', async () => {
    const t = await createTestApp()
    const res = await rawExchange(t, (socket) => {
      socket.write(`POST /api/v1/pool/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${t.admin.headers.authorization}\r\nContent-Type: ${MP}\r\nContent-Length: 100000\r\n\r\n${filePart().slice(0, 80)}`)
      setTimeout(() => socket.destroy(), 100)
    })
    expect(res.text).not.toMatch(/ 500 /)
    const health = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(200)
  })
})
