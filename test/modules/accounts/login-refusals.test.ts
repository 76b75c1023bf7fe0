import { afterEach, describe, expect, test, vi } from 'vitest'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { usersTable } from '../../../db/schema/index.js'
import * as passwords from '../../../server/modules/accounts/accounts.passwords.js'

// The password verifier is wrapped so the tests can see the hash work each refusal does (wall-clock timing
// would make them flaky) and hold a check back to stage a race.
vi.mock('../../../server/modules/accounts/accounts.passwords.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../server/modules/accounts/accounts.passwords.js')>()
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) }
})
const verifier = vi.mocked(passwords.verifyPassword)
afterEach(() => { verifier.mockClear() })

const PASSWORD = 'Correct-horse-9'

async function withUser (t: TestApp) {
  const { townA } = seedRegionTree(t)
  return (await t.services.users.create(t.admin.actor, { username: 'zhang.san', displayName: '张三', password: PASSWORD, role: 'host', regionId: townA.id })).user
}

const login = (t: TestApp, username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: '10.0.0.1' })

/** An answer without what differs between any two requests. */
function comparable (res: Awaited<ReturnType<typeof login>>) {
  const { requestId, ...body } = res.json()
  expect(requestId).toEqual(expect.any(String))
  const { 'x-request-id': _id, date: _date, ...headers } = res.headers
  return { status: res.statusCode, headers, body }
}

/** The scrypt parameters (N, r, p) of a stored hash: equal parameters mean equal work. */
const cost = (hash: string) => hash.split('$').slice(0, 4).join('$')

describe('a refused login does not tell why', () => {
  test('a locked account, a wrong password and an unknown user get the same answer after the same hash work', async () => {
    const t = await createTestApp({ config: { loginMaxFailures: 2 } })
    const user = await withUser(t)
    const stored = t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.passwordHash

    const wrong = await login(t, 'zhang.san', 'Wrong-horse-9')
    expect(verifier).toHaveBeenCalledTimes(1)
    expect(verifier).toHaveBeenLastCalledWith('Wrong-horse-9', stored)

    const locking = await login(t, 'zhang.san', 'Wrong-horse-9')
    expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.lockedUntil).not.toBeNull()

    verifier.mockClear()
    const locked = await login(t, 'zhang.san', PASSWORD)
    expect(verifier).toHaveBeenCalledTimes(1)
    expect(verifier).toHaveBeenLastCalledWith(PASSWORD, stored)

    verifier.mockClear()
    const unknown = await login(t, 'li.si', PASSWORD)
    expect(verifier).toHaveBeenCalledTimes(1)
    expect(cost(verifier.mock.calls[0]![1])).toBe(cost(stored))

    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().code).toBe('auth.invalid_credentials')
    expect(wrong.json().title).toBe('用户名或密码错误')
    for (const other of [locking, locked, unknown]) expect(comparable(other)).toEqual(comparable(wrong))
  })

  test('a disabled user gets the wrong-password answer after the same hash work', async () => {
    const t = await createTestApp()
    const user = await withUser(t)
    const wrong = await login(t, 'zhang.san', 'Wrong-horse-9')
    t.db.update(usersTable).set({ disabled: true }).where(eq(usersTable.id, user.id)).run()
    verifier.mockClear()
    const disabled = await login(t, 'zhang.san', PASSWORD)
    expect(verifier).toHaveBeenCalledTimes(1)
    expect(comparable(disabled)).toEqual(comparable(wrong))
  })

  test('the right password whose hash check finishes after parallel failures locked the account does not get in', async () => {
    const t = await createTestApp({ config: { loginMaxFailures: 3 } })
    const user = await withUser(t)
    let releaseRight!: () => void
    let rightStarted!: () => void
    const rightMayFinish = new Promise<void>((resolve) => { releaseRight = resolve })
    const rightHasRead = new Promise<void>((resolve) => { rightStarted = resolve })
    const actual = verifier.getMockImplementation()!
    verifier.mockImplementation(async (password, hash) => {
      if (password === PASSWORD) rightStarted()
      else await rightHasRead
      const ok = await actual(password, hash)
      if (password === PASSWORD) await rightMayFinish
      return ok
    })
    try {
      // the right one reads the account while it is still open, and its check ends after the account is locked
      const right = login(t, 'zhang.san', PASSWORD)
      const wrong = await Promise.all(Array.from({ length: 3 }, () => login(t, 'zhang.san', 'Wrong-horse-9')))
      expect(wrong.map((r) => r.statusCode)).toEqual([401, 401, 401])
      releaseRight()
      const answer = await right
      expect(answer.statusCode).toBe(401)
      expect(answer.json().code).toBe('auth.invalid_credentials')
      expect(t.db.select().from(usersTable).where(eq(usersTable.id, user.id)).get()!.failedLoginCount).toBe(4)
    } finally {
      verifier.mockImplementation(actual)
    }
  })
})
