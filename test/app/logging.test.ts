import { describe, expect, test } from 'vitest'
import { Writable } from 'node:stream'
import { buildApp, logUrl } from '../../server/app.js'
import { defineError } from '../../server/errors.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { createTestDb } from '../helpers/app.js'

describe('structured logs', () => {
  test('carry a request id and never contain passwords, tokens, cookies, ID numbers or phone numbers', async () => {
    const lines: string[] = []
    const logStream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
    const { db, sqlite } = createTestDb()
    const config = testConfig({ logLevel: 'info' })
    const deps = { config, db, sqlite, clock: fixedClock('2026-11-28T01:00:00Z'), rng: seededRng(3) }
    const services = createServices(deps)
    await services.auth.bootstrapAdmin({ username: 'admin', password: 'Hearing-Log-7391' })
    const app = await buildApp({ ...deps, services, logStream })
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Hearing-Log-7391' } })
      const token = login.json().token as string
      await app.inject({ method: 'GET', url: '/api/v1/users?q=13812345678&x=370102199001011234', headers: { authorization: `Bearer ${token}`, cookie: `tz_session=${token}` } })
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Wrong-secret-999' } })
      const all = lines.join('')
      expect(all).toContain('"reqId"')
      expect(all).toContain('/api/v1/users')
      for (const secret of ['Hearing-Log-7391', 'Wrong-secret-999', token, '13812345678', '370102199001011234']) expect(all).not.toContain(secret)
    } finally {
      await app.close()
      sqlite.close()
    }
  })
})

const ID = '370102199001011234'
const MOBILE = '13812345678'
/** ID and mobile numbers as they would appear in a log line that leaks them, in any spelling a client sends. */
const LEAKS = [ID, MOBILE, '1381234', '0101123', '%33%37%30%31%30%32', '３７０１０２１９９００１０１１２３４', '１３８１２３４５６７８', '138 1234 5678', '138-1234-5678']
const percent = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')

async function loggingApp (addRoutes?: (app: Awaited<ReturnType<typeof buildApp>>) => void) {
  const lines: string[] = []
  const logStream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const { db, sqlite } = createTestDb()
  const deps = { config: testConfig({ logLevel: 'info' }), db, sqlite, clock: fixedClock('2026-11-28T01:00:00Z'), rng: seededRng(3) }
  const services = createServices(deps)
  await services.auth.bootstrapAdmin({ username: 'admin', password: 'Hearing-Log-7391' })
  const app = await buildApp({ ...deps, services, logStream })
  addRoutes?.(app)
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Hearing-Log-7391' } })
  const headers = { authorization: `Bearer ${login.json().token as string}` }
  return { app, headers, logged: () => lines.join(''), close: async () => { await app.close(); sqlite.close() } }
}

describe('request URLs in the log', () => {
  test('ID and mobile numbers are masked in every form a client sends: query, path, percent-encoded, +86, spaced, full-width', async () => {
    const t = await loggingApp()
    try {
      const urls = [
        `/api/v1/pool/members/${ID}`,
        `/api/v1/pool/members/${percent(ID)}`,
        `/api/v1/pool/members/${percent(`+86${MOBILE}`)}/history`,
        `/api/v1/hearings?memberId=${percent(ID)}`,
        `/api/v1/hearings?from=%2B86${MOBILE}`,
        `/api/v1/hearings?from=+86${MOBILE}`,
        '/api/v1/hearings?from=8613812345678',
        `/api/v1/hearings?from=${percent('+86 138 1234 5678')}`,
        '/api/v1/hearings?from=86-138-1234-5678',
        `/api/v1/hearings?from=${percent('１３８１２３４５６７８')}`,
        `/api/v1/hearings?to=${percent('３７０１０２１９９００１０１１２３４')}`,
        `/api/v1/hearings?${percent('idNumber')}=${ID}`,
        `/api/v1/hearings?matterId=${percent(MOBILE)}%E0%A4%A`
      ]
      for (const url of urls) {
        const res = await t.app.inject({ method: 'GET', url, headers: t.headers })
        expect(res.statusCode, url).toBeLessThan(500)
      }
      const all = t.logged()
      for (const leak of LEAKS) expect(all).not.toContain(leak)
      expect(all).toContain('/api/v1/pool/members/370102********1234')
      expect(all).toContain('+86138****5678')
      expect(all).toContain('from=+86 138****5678')
      expect(all).toContain('idNumber=[redacted]')
    } finally { await t.close() }
  })

  test('malformed percent-encoding is logged as it came, without an exception', async () => {
    const t = await loggingApp()
    try {
      const bad = await t.app.inject({ method: 'GET', url: `/api/v1/regions/${ID}%E0%A4%A`, headers: t.headers })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe('request.bad_url')
      const all = t.logged()
      expect(all).toContain('/api/v1/regions/370102********1234\uFFFD%A')
      expect(all).not.toContain(ID)
    } finally { await t.close() }
  })

  test('logUrl keeps the shape of the URL and redacts credentials and search text', () => {
    expect(logUrl('/api/v1/calendar/feeds/abcDEF123.ics')).toBe('/api/v1/calendar/feeds/[redacted]')
    expect(logUrl('/api/v1/calendar/responses?token=x.y.z&confirm=1')).toBe('/api/v1/calendar/responses?token=[redacted]&confirm=1')
    expect(logUrl('/api/v1/pool/members?q=%E7%8E%8B%E7%A7%80%E5%85%B0&page=2')).toBe('/api/v1/pool/members?q=[redacted]&page=2')
    expect(logUrl('/api/v1/regions?flag&level=county')).toBe('/api/v1/regions?flag&level=county')
  })
})

describe('error logs', () => {
  const serverProblem = defineError('test.server_problem', 500, '测试用服务器错误')

  test('an error that echoes its input is logged with the request id and the numbers masked; the answer shows no internals', async () => {
    const t = await loggingApp((app) => {
      app.post('/test/echo', { config: { access: 'public' } }, async (request) => {
        const body = request.body as { idNumber: string, mobile: string }
        if (body.mobile) throw serverProblem({ file: '/srv/tingzheng/templates/x.json', mobile: body.mobile }, `ENOENT: /srv/tingzheng/templates/x.json for ${body.mobile}`)
        throw new Error(`cannot parse ${body.idNumber}`)
      })
    })
    try {
      const plain = await t.app.inject({ method: 'POST', url: '/test/echo', payload: { idNumber: ID } })
      expect(plain.statusCode).toBe(500)
      expect(plain.json().code).toBe('internal.error')
      const domain = await t.app.inject({ method: 'POST', url: '/test/echo', payload: { mobile: `+86 ${MOBILE}` } })
      expect(domain.statusCode).toBe(500)
      const body = domain.json()
      expect(body).toMatchObject({ code: 'test.server_problem', title: '测试用服务器错误', status: 500 })
      expect(body.detail).toBeUndefined()
      expect(JSON.stringify(body)).not.toMatch(/srv|ENOENT|138/)

      t.app.log.error(new Error(`lookup failed for ${MOBILE}`))
      t.app.log.warn(`phone ${MOBILE} and ID ${ID} in a message`)

      const records = t.logged().trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>)
      const errors = records.filter((r) => r.err)
      expect(errors.find((r) => r.reqId === plain.json().requestId)?.err.message).toBe('cannot parse 370102********1234')
      const logged = errors.find((r) => r.reqId === body.requestId)
      expect(logged?.err.message).toBe('ENOENT: /srv/tingzheng/templates/x.json for +86 138****5678')
      expect(logged?.err.extra).toEqual({ file: '/srv/tingzheng/templates/x.json', mobile: '+86 138****5678' })
      expect(records.some((r) => r.msg === 'lookup failed for 138****5678')).toBe(true)
      expect(records.some((r) => r.msg === 'phone 138****5678 and ID 370102********1234 in a message')).toBe(true)
      for (const leak of LEAKS) expect(t.logged()).not.toContain(leak)
    } finally { await t.close() }
  })

  test('a refused request that carries numbers leaves none in the log', async () => {
    const t = await loggingApp()
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/members', headers: t.headers, payload: { name: '张三', idNumber: ID, mobile: MOBILE, unknownField: `+86 ${MOBILE}` } })
      expect(res.statusCode).toBe(400)
      for (const leak of LEAKS) expect(t.logged()).not.toContain(leak)
    } finally { await t.close() }
  })
})
