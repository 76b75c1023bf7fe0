import { describe, expect, test } from 'vitest'
import { createTestApp, json } from '../helpers/app.js'
import { regionsTable, auditLogTable } from '../../db/schema/index.js'
import { loadDocumentTemplates } from '../../server/modules/documents/documents.render.js'

function expectProblem (res: { statusCode: number, headers: Record<string, unknown>, json: () => any }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body).toMatchObject({ status, code })
  expect(typeof body.type).toBe('string')
  expect(typeof body.title).toBe('string')
  return body
}

describe('every error is application/problem+json with a stable code, and nothing is written', () => {
  test('malformed JSON gets 400 request.malformed_json', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...t.admin.headers, 'content-type': 'application/json' }, payload: '{"name": "滨海市",' })
    expectProblem(res, 400, 'request.malformed_json')
    expect(t.db.select().from(regionsTable).all()).toHaveLength(0)
  })

  test('a wrong type is refused, not coerced, and the field is named', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', ...json({ name: 12345 }), headers: { ...t.admin.headers, 'content-type': 'application/json' } })
    const body = expectProblem(res, 400, 'request.invalid')
    expect(body.errors).toEqual([{ in: 'body', field: 'name', label: '区划名称', message: '应为文字' }])
    expect(t.db.select().from(regionsTable).all()).toHaveLength(0)
  })

  test('an unknown field is rejected rather than silently dropped', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', payload: { name: '滨海市', nmae: 'typo' }, headers: t.admin.headers })
    const body = expectProblem(res, 400, 'request.invalid')
    expect(body.errors).toEqual([{ in: 'body', field: 'nmae', label: 'nmae', message: '不允许的字段“nmae”' }])
    expect(t.db.select().from(regionsTable).all()).toHaveLength(0)
  })

  test('an empty JSON body gets 400 request.empty_body', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...t.admin.headers, 'content-type': 'application/json' }, payload: '' })
    expectProblem(res, 400, 'request.empty_body')
  })

  test('a missing body on a route that needs one names the missing fields', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: {} })
    const body = expectProblem(res, 400, 'request.invalid')
    expect(body.errors).toEqual([{ in: 'body', field: 'name', label: '区划名称', message: '缺少必填字段“区划名称”(name)' }])
  })

  test('a 2 MB body gets 413 request.body_too_large and nothing is written', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: 'x'.repeat(2 * 1024 * 1024) } })
    expectProblem(res, 413, 'request.body_too_large')
    expect(t.db.select().from(regionsTable).all()).toHaveLength(0)
    expect(t.db.select().from(auditLogTable).all()).toHaveLength(0)
  })

  test('an unknown route gets 404 route.not_found, logged in or not', async () => {
    const t = await createTestApp()
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'route.not_found')
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/v1/regions', headers: t.admin.headers }), 404, 'route.not_found')
  })

  test('a non-numeric id in the path gets 400 with the parameter named', async () => {
    const t = await createTestApp()
    const body = expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/regions/abc', headers: t.admin.headers }), 400, 'request.invalid')
    expect(body.errors).toEqual([{ in: 'params', field: 'id', label: '编号', message: '应为整数' }])
  })

  test('an unsupported content type gets 415', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...t.admin.headers, 'content-type': 'text/xml' }, payload: '<x/>' })
    expectProblem(res, 415, 'request.unsupported_media_type')
  })

  test('an internal error gets 500 internal.error without internals', async () => {
    const t = await createTestApp()
    t.sqlite.exec('DROP TABLE audit_log')
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: '滨海市' } })
    const body = expectProblem(res, 500, 'internal.error')
    expect(JSON.stringify(body)).not.toMatch(/audit_log|SQLITE|stack|at /)
    expect(body.detail).toBeUndefined()
    expect(t.db.select().from(regionsTable).all()).toHaveLength(0)
  })

  test('a server-side problem (documents.template_invalid with ENOENT and a path) answers code and title only, a busy database its retry time', async () => {
    const t = await createTestApp()
    let missingTemplates: unknown
    try { loadDocumentTemplates({ dir: '/srv/tingzheng-missing/templates/documents' }) } catch (error) { missingTemplates = error }
    expect(String((missingTemplates as Error).message)).toContain('ENOENT')
    t.app.get('/test/template', { config: { access: 'public' } }, async () => { throw missingTemplates })
    t.app.get('/test/busy', { config: { access: 'public' } }, async () => { throw Object.assign(new Error('database is locked: /srv/tingzheng/data/tingzheng.db'), { code: 'SQLITE_BUSY' }) })

    const body = expectProblem(await t.app.inject({ method: 'GET', url: '/test/template' }), 500, 'documents.template_invalid')
    expect(body.title).toBe('文书模板有误')
    expect(body.detail).toBeUndefined()
    expect(body.problems).toBeUndefined()
    expect(body.file).toBeUndefined()
    expect(JSON.stringify(body)).not.toMatch(/ENOENT|srv|\.json|stack/)

    const busy = await t.app.inject({ method: 'GET', url: '/test/busy' })
    const busyBody = expectProblem(busy, 503, 'service.busy')
    expect(busy.headers['retry-after']).toBe('1')
    expect(busyBody.retryAfterSeconds).toBe(1)
    expect(JSON.stringify(busyBody)).not.toMatch(/locked|srv/)
  })

  test('a URL the router cannot decode gets 400 request.bad_url, an over-long path parameter 414 request.url_too_long', async () => {
    const t = await createTestApp()
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/regions/%E0%A4%A', headers: t.admin.headers })
    expectProblem(bad, 400, 'request.bad_url')
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feeds/${'a'.repeat(300)}.ics` })
    const body = expectProblem(long, 414, 'request.url_too_long')
    expect(body.title).toBe('请求地址过长')
    // fastify answers these before any hook runs; they are stamped all the same
    for (const res of [bad, long]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-request-id']).toBe(res.json().requestId)
    }
  })

  test('the problem catalogue lists codes with Chinese titles', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/problems' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toEqual(expect.arrayContaining([{ code: 'auth.invalid_credentials', status: 401, title: '用户名或密码错误' }]))
  })
})
