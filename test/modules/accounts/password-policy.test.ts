import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, createTestDb, seedRegionTree, TEST_NOW, type TestApp } from '../../helpers/app.js'
import { usersTable } from '../../../db/schema/index.js'
import { testConfig } from '../../../server/config.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { createAuthService } from '../../../server/modules/accounts/accounts.sessions.service.js'
import { generatePassword } from '../../../server/modules/accounts/accounts.passwords.js'
import { passwordProblems } from '../../../server/modules/accounts/accounts.password-policy.rules.js'

const GOOD = 'Correct-horse-9'

function createUser (t: TestApp, regionId: number, password: string, username = 'zhang.san') {
  return t.app.inject({ method: 'POST', url: '/api/v1/users', headers: t.admin.headers, payload: { username, displayName: '张三', password, role: 'host', regionId } })
}

/** The Chinese messages of a weak-password refusal, checking its shape on the way. */
function weakPasswordMessages (res: Awaited<ReturnType<typeof createUser>>, field: string): string[] {
  expect(res.statusCode).toBe(422)
  const body = res.json()
  expect(body.code).toBe('users.weak_password')
  expect(body.title).toBe('密码强度不足')
  expect(body.errors.length).toBeGreaterThan(0)
  for (const e of body.errors) expect(e).toMatchObject({ in: 'body', field })
  return body.errors.map((e: { message: string }) => e.message)
}

describe('weak passwords are refused wherever a password is set', () => {
  test('creating a user: each problem is a field error in Chinese that names what is missing', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)

    const digitsAndLower = weakPasswordMessages(await createUser(t, townA.id, 'password12'), 'password')
    expect(digitsAndLower).toEqual([
      '密码须包含大写字母、小写字母、数字、符号中的至少三类；当前只有小写字母、数字，还需加入大写字母、符号中的至少 1 类',
      '该密码是常见密码，极易被猜中，请换一个'
    ])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'qwerty1234'), 'password')).toContain('该密码是常见密码，极易被猜中，请换一个')
    const padded = weakPasswordMessages(await createUser(t, townA.id, 'a1        '), 'password')
    expect(padded).toContain('密码首尾不能是空格或其他空白字符')
    expect(padded.some((m) => m.includes('还需加入大写字母、符号'))).toBe(true)
    expect(weakPasswordMessages(await createUser(t, townA.id, 'Ab-1'), 'password')).toEqual(['密码至少 10 位，当前只有 4 位'])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'Zhang.San-2026'), 'password')).toEqual(['密码不能包含登录名'])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'ZhangSan#2026'), 'password')).toEqual(['密码不能包含登录名'])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'Password12'), 'password')).toEqual(['该密码是常见密码，极易被猜中，请换一个'])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'Qwerty1234!'), 'password')).toEqual(['密码只是在常见密码前后加了数字或符号，极易被猜中，请换一个'])
    expect(weakPasswordMessages(await createUser(t, townA.id, 'P@ssw0rd2026'), 'password')).toEqual(['密码只是在常见密码前后加了数字或符号，极易被猜中，请换一个'])
    expect(t.db.select().from(usersTable).where(eq(usersTable.username, 'zhang.san')).get()).toBeUndefined()

    expect((await createUser(t, townA.id, GOOD)).statusCode).toBe(201)
  })

  test('a manager resetting a password and a user changing their own are held to the same rules', async () => {
    const t = await createTestApp()
    const { townA } = seedRegionTree(t)
    const user = (await createUser(t, townA.id, GOOD)).json()
    const hashBefore = t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.passwordHash

    const reset = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: t.admin.headers, payload: { password: 'password12' } })
    expect(weakPasswordMessages(reset, 'password')).toHaveLength(2)
    const resetToName = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: t.admin.headers, payload: { password: 'zhang.san-Host-1' } })
    expect(weakPasswordMessages(resetToName, 'password')).toEqual(['密码不能包含登录名'])
    expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.passwordHash).toBe(hashBefore)

    const { token } = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zhang.san', password: GOOD } })).json()
    const change = (newPassword: string) => t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { authorization: `Bearer ${token}` }, payload: { currentPassword: GOOD, newPassword } })
    expect(weakPasswordMessages(await change('qwerty1234'), 'newPassword')).toContain('该密码是常见密码，极易被猜中，请换一个')
    expect(weakPasswordMessages(await change('a1        '), 'newPassword')).toContain('密码首尾不能是空格或其他空白字符')
    expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.passwordHash).toBe(hashBefore)
    expect((await change('Quiet-river-42')).statusCode).toBe(204)
  })

  test('the first administrator: a weak password is refused, and a generated one always passes the rules', async () => {
    const config = testConfig()
    const service = (seed: number) => createAuthService({ db: createTestDb().db, clock: fixedClock(TEST_NOW), rng: seededRng(seed), config })
    await expect(service(1).bootstrapAdmin({ username: 'admin', password: 'Admin-pass-123' })).rejects.toMatchObject({ code: 'users.weak_password' })
    await expect(service(1).bootstrapAdmin({ username: 'admin', password: 'password12' })).rejects.toMatchObject({ code: 'users.weak_password' })

    // a seed whose first random password misses a class (about one in thirty do)
    const seed = Array.from({ length: 500 }, (_, i) => i + 1).find((s) => passwordProblems(generatePassword(seededRng(s).bytes(24)), { username: 'admin' }).length > 0)
    expect(seed).toBeDefined()
    const first = await service(seed!).bootstrapAdmin({ username: 'admin', password: undefined })
    expect(first!.generatedPassword).not.toBe(generatePassword(seededRng(seed!).bytes(24)))
    expect(passwordProblems(first!.generatedPassword!, { username: 'admin' })).toEqual([])
  })
})
