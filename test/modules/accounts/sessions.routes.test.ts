import { describe, expect, test } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, TEST_NOW, type TestApp } from '../../helpers/app.js'
import { authTokensTable, usersTable, auditLogTable, regionsTable } from '../../../db/schema/index.js'

const PASSWORD = 'Correct-horse-9'

async function withUser (t: TestApp) {
  const { townA } = seedRegionTree(t)
  const created = await t.services.users.create(t.admin.actor, { username: 'Zhang.San', displayName: '张三', password: PASSWORD, role: 'host', regionId: townA.id })
  return created.user
}

const login = (t: TestApp, username: string, password: string, remoteAddress = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress })

describe('login and sessions', () => {
  test('a correct login returns a bearer token and an HttpOnly cookie; the token is stored only as a hash', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const res = await login(t, 'zhang.san', PASSWORD)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.token).toMatch(/^tz_/)
    expect(body.user).toMatchObject({ id: user.id, username: 'zhang.san', role: 'host' })
    expect(body.expiresAt).toBe('2026-11-28T21:00:00.000+08:00')
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toMatch(/tz_session=/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const stored = t.db.select().from(authTokensTable).where(eq(authTokensTable.userId, user.id)).all()
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(body.token)

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${body.token}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json().displayName).toBe('张三')
    const viaCookie = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { tz_session: body.token } })
    expect(viaCookie.statusCode).toBe(200)
  })

  test('a wrong password and an unknown user get the same 401 auth.invalid_credentials', async () => {
    const t = await createTestApp()
    await withUser(t)
    const wrong = await login(t, 'zhang.san', 'nope-nope-1')
    const unknown = await login(t, 'li.si', 'nope-nope-1')
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('auth.invalid_credentials')
    }
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'auth.login_failed')).all()).toHaveLength(1)
  })

  test('after 5 wrong passwords the account is locked for 15 minutes, even for the right password, and says so only as a 401', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    for (let i = 0; i < 5; i++) expect((await login(t, 'zhang.san', 'wrong-pass-1')).statusCode).toBe(401)
    const row = t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!
    expect(row.failedLoginCount).toBe(5)
    expect(row.lockedUntil).toEqual(new Date(Date.parse(TEST_NOW) + 15 * 60_000))
    const locked = await login(t, 'zhang.san', PASSWORD)
    expect(locked.statusCode).toBe(401)
    expect(locked.json()).toMatchObject({ code: 'auth.invalid_credentials', detail: expect.stringContaining('连续输错 5 次，账号将被锁定 15 分钟') })
    expect(locked.headers['retry-after']).toBeUndefined()
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'auth.locked')).all()).toHaveLength(1)
    t.clock.advance(15 * 60_000 + 1)
    expect((await login(t, 'zhang.san', PASSWORD)).statusCode).toBe(200)
    expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()).toMatchObject({ failedLoginCount: 0, lockedUntil: null })
  })

  test('after a lock has run out, the count starts again: one more wrong password does not lock at once', async () => {
    const t = await createTestApp({ config: { loginMaxFailures: 3 } })
    const user = await withUser(t)
    for (let i = 0; i < 3; i++) await login(t, 'zhang.san', 'wrong-pass-1')
    t.clock.advance(15 * 60_000)
    expect((await login(t, 'zhang.san', 'wrong-pass-1')).statusCode).toBe(401)
    expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()).toMatchObject({ failedLoginCount: 1, lockedUntil: null })
    expect((await login(t, 'zhang.san', PASSWORD)).statusCode).toBe(200)
  })

  test('15 parallel wrong passwords count 15 failures and lock the account', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const answers = await Promise.all(Array.from({ length: 15 }, () => login(t, 'zhang.san', 'wrong-pass-1')))
    expect(answers.map((r) => r.statusCode)).toEqual(Array(15).fill(401))
    const row = t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!
    expect(row.failedLoginCount).toBe(15)
    expect(row.lockedUntil).toEqual(new Date(Date.parse(TEST_NOW) + 15 * 60_000))
    expect((await login(t, 'zhang.san', PASSWORD)).statusCode).toBe(401)
    const actions = t.db.select().from(auditLogTable).where(and(eq(auditLogTable.entityType, 'user'), eq(auditLogTable.entityId, String(user.id)))).all().map((a) => a.action)
    // the fifth failure locks; the other fourteen and the right password while locked are failures
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(1)
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(15)
  })

  test('an administrator sees locked accounts in the user list and unlocks one before the lock runs out', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    for (let i = 0; i < 5; i++) await login(t, 'zhang.san', 'wrong-pass-1')
    const lockedList = await t.app.inject({ method: 'GET', url: '/api/v1/users?locked=true', headers: t.admin.headers })
    expect(lockedList.json().items).toEqual([expect.objectContaining({ id: user.id, failedLoginCount: 5, lockedUntil: '2026-11-28T09:15:00.000+08:00' })])
    const unlockedList = await t.app.inject({ method: 'GET', url: '/api/v1/users?locked=false', headers: t.admin.headers })
    expect(unlockedList.json().items.map((u: { id: number }) => u.id)).not.toContain(user.id)

    const unlocked = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: t.admin.headers })
    expect(unlocked.statusCode).toBe(200)
    expect(unlocked.json()).toMatchObject({ id: user.id, failedLoginCount: 0, lockedUntil: null })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'user.unlock')).all()).toHaveLength(1)
    expect((await login(t, 'zhang.san', PASSWORD)).statusCode).toBe(200)
  })

  test('a coordinator cannot unlock an account outside their subtree: 404', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const townB = t.db.select().from(regionsTable).where(eq(regionsTable.name, '杨柳镇')).get()!
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: townB.id })
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: coordinator.headers })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('users.not_found')
  })

  test('more login attempts per minute than allowed from one address get 429 request.rate_limited', async () => {
    const t = await createTestApp({ config: { loginRateLimitPerMinute: 3 } })
    await withUser(t)
    for (let i = 0; i < 3; i++) expect((await login(t, 'nobody', 'x', '10.9.9.9')).statusCode).toBe(401)
    const limited = await login(t, 'nobody', 'x', '10.9.9.9')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(limited.json().code).toBe('request.rate_limited')
    expect((await login(t, 'zhang.san', PASSWORD, '10.8.8.8')).statusCode).toBe(200)
  })

  test('logout revokes the token at once', async () => {
    const t = await createTestApp()
    await withUser(t)
    const { token } = (await login(t, 'zhang.san', PASSWORD)).json()
    const headers = { authorization: `Bearer ${token}` }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204)
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })
    expect(after.statusCode).toBe(401)
  })

  test('a session expires after SESSION_TTL_HOURS', async () => {
    const t = await createTestApp({ config: { sessionTtlHours: 2 } })
    await withUser(t)
    const { token } = (await login(t, 'zhang.san', PASSWORD)).json()
    const headers = { authorization: `Bearer ${token}` }
    t.clock.advance(2 * 3600_000 - 1000)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200)
    t.clock.advance(2000)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401)
  })

  test('disabling a user revokes every token they hold', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const { token } = (await login(t, 'zhang.san', PASSWORD)).json()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: t.admin.headers, payload: { disabled: true } })
    expect(res.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
    expect((await login(t, 'zhang.san', PASSWORD)).statusCode).toBe(401)
  })

  test('a cookie session refuses writes from a foreign origin', async () => {
    const t = await createTestApp()
    await withUser(t)
    const { token } = (await login(t, 'zhang.san', PASSWORD)).json()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', cookies: { tz_session: token }, headers: { origin: 'https://evil.example' }, payload: { name: 'x' } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('auth.csrf_rejected')
  })

  test('a write authenticated by the session cookie needs our own Origin; a bearer token needs none', async () => {
    const t = await createTestApp()
    await withUser(t)
    const { token } = (await login(t, 'zhang.san', PASSWORD)).json()
    const create = (headers: Record<string, string>, cookies?: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, ...(cookies ? { cookies } : {}), payload: { name: '脚本' } })

    const missing = await create({}, { tz_session: token })
    expect(missing.statusCode).toBe(403)
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(missing.json().code).toBe('auth.csrf_rejected')
    const nullOrigin = await create({ origin: 'null' }, { tz_session: token })
    expect(nullOrigin.statusCode).toBe(403)
    const deleted = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { tz_session: token } })
    expect(deleted.statusCode).toBe(403)

    expect((await create({ origin: 'http://localhost:3000' }, { tz_session: token })).statusCode).toBe(201)
    expect((await create({ authorization: `Bearer ${token}` })).statusCode).toBe(201)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/tokens', cookies: { tz_session: token } })).statusCode).toBe(200)
  })
})

describe('long-lived API tokens', () => {
  test('an owner creates, lists and revokes their API token; the plain token is shown once', async () => {
    const t = await createTestApp()
    await withUser(t)
    const session = (await login(t, 'zhang.san', PASSWORD)).json().token
    const headers = { authorization: `Bearer ${session}` }
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name: '统计脚本', expiresInDays: 30 } })
    expect(created.statusCode).toBe(201)
    const apiToken = created.json()
    expect(apiToken).toMatchObject({ kind: 'api', name: '统计脚本', expiresAt: '2026-12-28T09:00:00.000+08:00' })

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers })
    expect(list.json().items).toHaveLength(2)
    expect(JSON.stringify(list.json())).not.toContain(apiToken.token)

    const viaApi = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${apiToken.token}` } })
    expect(viaApi.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${apiToken.id}`, headers })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${apiToken.token}` } })).statusCode).toBe(401)
  })

  test('a token cannot be revoked by someone else, and lifetimes above the maximum are refused', async () => {
    const t = await createTestApp({ config: { apiTokenMaxDays: 30 } })
    await withUser(t)
    const session = (await login(t, 'zhang.san', PASSWORD)).json().token
    const headers = { authorization: `Bearer ${session}` }
    const tooLong = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name: 'x', expiresInDays: 31 } })
    expect(tooLong.statusCode).toBe(422)
    expect(tooLong.json().code).toBe('auth.token_lifetime_too_long')
    const mine = (await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name: 'ok' } })).json()
    const theirs = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${mine.id}`, headers: t.admin.headers })
    expect(theirs.statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${mine.token}` } })).statusCode).toBe(200)
  })

  test('changing one\'s password ends the other sessions but keeps the current one', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const first = (await login(t, 'zhang.san', PASSWORD)).json().token
    const second = (await login(t, 'zhang.san', PASSWORD)).json().token
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { authorization: `Bearer ${first}` }, payload: { currentPassword: PASSWORD, newPassword: 'New-password-77' } })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${first}` } })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${second}` } })).statusCode).toBe(401)
    expect((await login(t, 'zhang.san', 'New-password-77')).statusCode).toBe(200)
    const row = t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!
    expect(row.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/)
  })

  test('a password someone else chose must be changed: set when an administrator creates or resets it, cleared when the user sets their own', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const token = (await login(t, 'zhang.san', PASSWORD)).json().token
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect((await me()).json().mustChangePassword).toBe(true)
    const changed = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { authorization: `Bearer ${token}` }, payload: { currentPassword: PASSWORD, newPassword: 'New-password-77' } })
    expect(changed.statusCode).toBe(204)
    expect((await me()).json().mustChangePassword).toBe(false)
    const reset = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: t.admin.headers, payload: { password: 'Reset-by-admin-31' } })
    expect(reset.statusCode).toBe(200)
    expect(reset.json().mustChangePassword).toBe(true)
    const again = await login(t, 'zhang.san', 'Reset-by-admin-31')
    expect(again.json().user.mustChangePassword).toBe(true)
    t.sqlite.exec('DELETE FROM auth_tokens; DELETE FROM users')
    await t.services.auth.bootstrapAdmin({ username: 'admin', password: undefined })
    expect(t.db.select().from(usersTable).get()!.mustChangePassword).toBe(true)
  })

  test('the first administrator is created once on an empty database, with a generated password when none is set', async () => {
    const t = await createTestApp()
    t.sqlite.exec('DELETE FROM auth_tokens; DELETE FROM users')
    const first = await t.services.auth.bootstrapAdmin({ username: 'Admin', password: undefined })
    expect(first).toMatchObject({ username: 'admin' })
    expect(first!.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(await t.services.auth.bootstrapAdmin({ username: 'admin', password: undefined })).toBeNull()
    expect((await login(t, 'admin', first!.generatedPassword!)).statusCode).toBe(200)
  })
})
