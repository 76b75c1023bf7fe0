import { describe, expect, test } from 'vitest'
import { createTestApp } from '../helpers/app.js'

describe('OpenAPI document and explorer', () => {
  test('every API route appears in /api/openapi.json with its own operationId, and protected ones name the bearer scheme', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { openapi: string, paths: Record<string, Record<string, { operationId?: string, security?: unknown[] }>> }
    expect(doc.openapi).toMatch(/^3\./)
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item))
    const ids = ops.map((op) => op.operationId)
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    const apiRoutes = t.app.routeAccess.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD')
    for (const r of apiRoutes) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}')
      const op = doc.paths[path]?.[r.method.toLowerCase()]
      expect(op, `${r.method} ${r.url}`).toBeDefined()
      if (r.access !== 'public') expect(op!.security, `${r.method} ${r.url}`).toEqual([{ bearerAuth: [] }])
    }
    const explorer = await t.app.inject({ method: 'GET', url: '/api/docs/' })
    expect(explorer.statusCode).toBe(200)
    expect(explorer.headers['content-type']).toMatch(/text\/html/)
  })
})
