import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { auditLogTable, usersTable } from '../../../db/schema/index.js'
import { auditDiff } from '../../../server/modules/audit/audit.recorder.js'

describe('audit log', () => {
  test('a write records who, what, when, the request id and a before/after diff of the changed fields', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers, payload: { name: '渤海新街道' } })
    expect(res.statusCode).toBe(200)
    const rows = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'region.update')).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actorUserId: t.admin.user.id,
      entityType: 'region',
      entityId: String(townA.id),
      requestId: res.headers['x-request-id'],
      diff: { before: { name: '渤海街道' }, after: { name: '渤海新街道' } }
    })
    expect(rows[0]!.at.toISOString()).toBe('2026-11-28T01:00:00.000Z')
  })

  test('a failed write leaves no audit row', async () => {
    const t = await createTestApp()
    const { townA, countyA } = seedRegionTree(t)
    const before = t.db.select().from(auditLogTable).all().length
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: townA.name, parentId: countyA.id } })
    expect(res.statusCode).toBe(409)
    expect(t.db.select().from(auditLogTable).all()).toHaveLength(before)
  })

  test('an audit row that cannot be written rolls the change back', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    t.sqlite.exec('CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, \'audit store broken\'); END')
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/regions/${townA.id}`, headers: t.admin.headers, payload: { name: '不应保存' } })
    expect(res.statusCode).toBe(500)
    expect(t.services.regions.get(t.admin.actor, townA.id).region.name).toBe('渤海街道')
  })

  test('passwords never reach the audit log; personal data is masked', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: t.admin.headers, payload: { username: 'li', displayName: '李四', password: 'Secret-pass-1', role: 'host', regionId: townA.id } })
    expect(res.statusCode).toBe(201)
    const hash = t.db.select().from(usersTable).where(eq(usersTable.username, 'li')).get()!.passwordHash
    const all = JSON.stringify(t.db.select().from(auditLogTable).all())
    expect(all).not.toContain('Secret-pass-1')
    expect(all).not.toContain(hash)
    expect(auditDiff(null, { idNumber: '370102199001011234', mobile: '13812345678', note: '电话13812345678' })).toEqual({
      before: null,
      after: { idNumber: '370102********1234', mobile: '138****5678', note: '电话138****5678' }
    })
  })

  test('admins query by entity, actor and time range; other roles cannot', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    t.clock.advance(3600_000)
    t.services.regions.update(t.admin.actor, townA.id, { name: '改一' })
    const q = new URLSearchParams({ entityType: 'region', entityId: String(townA.id), actorUserId: String(t.admin.user.id), from: '2026-11-28T09:30:00+08:00', to: '2026-11-28T12:00:00+08:00' })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit?${q}`, headers: t.admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ total: 1, items: [{ action: 'region.update', at: '2026-11-28T10:00:00.000+08:00' }] })
    const badTime = await t.app.inject({ method: 'GET', url: '/api/v1/audit?from=yesterday', headers: t.admin.headers })
    expect(badTime.statusCode).toBe(400)
    const host = t.userWithToken({ role: 'host', regionId: townA.id })
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: host.headers })).statusCode).toBe(403)
  })
})
