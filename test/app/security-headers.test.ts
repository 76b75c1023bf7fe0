import { describe, expect, test } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { API_CSP } from '../../server/common/content-security.js'

type Res = { statusCode: number, headers: Record<string, unknown> }

function expectApiHeaders (res: Res) {
  expect(res.headers['content-security-policy']).toBe(API_CSP)
  expect(res.headers['x-content-type-options']).toBe('nosniff')
  expect(res.headers['x-frame-options']).toBe('DENY')
  expect(res.headers['referrer-policy']).toBe('no-referrer')
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin')
  expect(String(res.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/)
}

describe('security headers', () => {
  test('every API answer carries them, errors included, each with its own request id', async () => {
    const t = await createTestApp()
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/regions', headers: t.admin.headers })
    expect(ok.statusCode).toBe(200)
    expectApiHeaders(ok)
    const answers: Res[] = [
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: t.admin.headers }),
      await t.app.inject({ method: 'GET', url: '/api/v1/regions' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...t.admin.headers, 'content-type': 'application/json' }, payload: '{"name":' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...t.admin.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) }),
      await t.app.inject({ method: 'GET', url: '/healthz' })
    ]
    expect(answers.map((r) => r.statusCode)).toEqual([404, 401, 400, 413, 200])
    for (const res of answers) expectApiHeaders(res)
    const ids = new Set([ok, ...answers].map((r) => r.headers['x-request-id']))
    expect(ids.size).toBe(6)
    // Strict-Transport-Security only where the service is reached over https
    expect(ok.headers['strict-transport-security']).toBeUndefined()
  })

  test('over https the service also sends Strict-Transport-Security', async () => {
    const t = await createTestApp({ config: { publicBaseUrl: 'https://tz.example.gov.cn' } })
    const res = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
  })

  test('the API explorer page gets a policy that lets it load its own scripts', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' })
    expect(res.statusCode).toBe(200)
    expect(String(res.headers['content-type'])).toMatch(/text\/html/)
    expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self'/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  test('the links of earlier mails (once server-rendered pages) are a redirect now, under the API\'s policy', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/responses?token=v1.not-a-real-token' })
    expect(res.statusCode).toBe(303)
    expect(res.body).toBe('')
    expect(res.headers['content-security-policy']).toBe(API_CSP)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-frame-options']).toBe('DENY')
  })
})
