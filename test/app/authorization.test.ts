import { describe, expect, test } from 'vitest'
import { createTestApp, seedRegionTree } from '../helpers/app.js'
import { USER_ROLES } from '../../db/schema/index.js'

/** A concrete URL for a route pattern: every `:param` becomes 1 (the check is about access, not data). */
function concrete (url: string) {
  return url.replace(/:[A-Za-z]+/g, '1')
}

describe('authorisation is deny-by-default', () => {
  test('every route declares who may call it, and only the health check, login, API docs, calendar feeds and the invitation link routes are public', async () => {
    const t = await createTestApp()
    const publicRoutes = t.app.routeAccess.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)
    for (const route of publicRoutes) {
      expect(route).toMatch(/^(GET|HEAD) \/healthz$|^POST \/api\/v1\/auth\/login$|^(GET|HEAD) \/api\/(docs|openapi\.json|problems)|^(GET|HEAD) \/api\/v1\/calendar\/feeds\/|^(GET|HEAD) \/api\/v1\/calendar\/responses|^(GET|HEAD) \/api\/v1\/calendar\/invitation(\.ics)?$|^POST \/api\/v1\/calendar\/invitation\/(accept|decline)$/)
    }
    expect(t.app.routeAccess.filter((r) => r.url.startsWith('/api/v1') && r.access !== 'public').length).toBeGreaterThan(10)
  })

  test('without a token every non-public API route answers 401 auth.unauthenticated', async () => {
    const t = await createTestApp()
    const routes = t.app.routeAccess.filter((r) => r.url.startsWith('/api/v1') && r.access !== 'public' && r.method !== 'HEAD')
    for (const route of routes) {
      const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url) })
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401)
      expect(res.json().code).toBe('auth.unauthenticated')
    }
  })

  test('a garbage or malformed bearer token is refused', async () => {
    const t = await createTestApp()
    for (const authorization of ['Bearer tz_nope', 'Basic YWRtaW46eA==', 'Bearer']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/regions', headers: { authorization } })
      expect(res.statusCode).toBe(401)
    }
  })

  test('role x route matrix: each role gets 403 auth.forbidden exactly on the routes that do not list it', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const routes = t.app.routeAccess.filter((r) => r.url.startsWith('/api/v1') && r.access !== 'public' && r.method !== 'HEAD')
    for (const role of USER_ROLES) {
      for (const route of routes) {
        // a fresh user per call: some routes (logout, password change) end the caller's session
        const { headers } = t.userWithToken({ role, regionId: role === 'admin' ? null : townA.id })
        const allowed = (route.access as readonly string[]).includes(role)
        const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers })
        if (allowed) expect([401, 403], `${role} ${route.method} ${route.url}`).not.toContain(res.statusCode)
        else {
          expect(res.statusCode, `${role} ${route.method} ${route.url}`).toBe(403)
          expect(res.json().code).toBe('auth.forbidden')
        }
      }
    }
  })
})

describe('coordinators are confined to their region subtree', () => {
  test('a coordinator of township A cannot read township B or its users: 404, not 403', async () => {
    const t = await createTestApp()
    const { townA, townB, villageA, villageB } = seedRegionTree(t)
    const coordA = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    const hostB = t.userWithToken({ role: 'host', regionId: townB.id })

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/regions', headers: coordA.headers })
    expect(list.json().items.map((r: { name: string }) => r.name)).toEqual(['渤海街道', '渤海社区'])

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageA.id}`, headers: coordA.headers })).statusCode).toBe(200)
    const other = await t.app.inject({ method: 'GET', url: `/api/v1/regions/${villageB.id}`, headers: coordA.headers })
    expect(other.statusCode).toBe(404)
    expect(other.json().code).toBe('regions.not_found')

    const user = await t.app.inject({ method: 'GET', url: `/api/v1/users/${hostB.user.id}`, headers: coordA.headers })
    expect(user.statusCode).toBe(404)
    expect(user.json().code).toBe('users.not_found')
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: coordA.headers })
    expect(users.json().items.map((u: { id: number }) => u.id)).toEqual([coordA.user.id])
  })

  test('a coordinator of township A cannot change a user of township B nor place a user there', async () => {
    const t = await createTestApp()
    const { townA, townB } = seedRegionTree(t)
    const coordA = t.userWithToken({ role: 'coordinator', regionId: townA.id })
    const hostB = t.userWithToken({ role: 'host', regionId: townB.id })

    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${hostB.user.id}`, headers: coordA.headers, payload: { displayName: '改名' } })
    expect(patch.statusCode).toBe(404)
    const create = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: coordA.headers, payload: { username: 'hostx', displayName: '主持人', password: 'Host-secret-12', role: 'host', regionId: townB.id } })
    expect(create.statusCode).toBe(404)
    expect(create.json().code).toBe('regions.not_found')
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: coordA.headers, payload: { username: 'hosta', displayName: '主持人甲', password: 'Host-secret-12', role: 'host', regionId: townA.id } })
    expect(ok.statusCode).toBe(201)
    const escalate = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: coordA.headers, payload: { username: 'boss', displayName: '越权', password: 'Host-secret-12', role: 'admin' } })
    expect(escalate.statusCode).toBe(403)
    expect(escalate.json().code).toBe('users.role_not_assignable')
    expect(t.services.users.get(t.admin.actor, hostB.user.id).user.displayName).toBe(hostB.user.displayName)
  })

  test('an auditor reads the audit log of their subtree only', async () => {
    const t = await createTestApp()
    const { townA, townB } = seedRegionTree(t)
    const auditor = t.userWithToken({ role: 'auditor', regionId: townA.id })
    t.services.regions.update(t.admin.actor, townB.id, { name: '杨柳镇（改）' })
    t.services.regions.update(t.admin.actor, townA.id, { name: '渤海街道（改）' })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit?entityType=region&action=region.update', headers: auditor.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.map((e: { entityId: string }) => e.entityId)).toEqual([String(townA.id)])
  })
})
