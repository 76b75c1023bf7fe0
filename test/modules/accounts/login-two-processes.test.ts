import { describe, expect, test } from 'vitest'
import { createDatabase } from '../../../db/client.js'
import { loginRateLimitsTable, usersTable } from '../../../db/schema/index.js'
import { testConfig } from '../../../server/config.js'
import { hashPassword } from '../../../server/modules/accounts/accounts.passwords.js'
import { sharedDatabase, startServer } from '../../helpers/spawn-server.js'

// Real processes (test/helpers/server-process.ts) on one database file, as two `npm start` behind one address:
// the lockout and the login rate limit are counted in the database, so they hold across both.
const NOW = '2026-11-28T01:00:00.000Z'
const PASSWORD = 'Two-process-door-7'

type Answer = { status: number, retryAfter: string | null, body: Record<string, unknown> }

async function login (url: string, password: string): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() as Record<string, unknown> }
}

const withoutRequestId = ({ requestId: _r, ...body }: Record<string, unknown>) => body

describe('two processes sharing one database file', () => {
  test('15 parallel wrong passwords spread over both count 15 and lock the account on both; the address\'s limit is reached across both', async () => {
    const config = testConfig()
    expect([config.loginMaxFailures, config.loginLockMinutes, config.loginRateLimitPerMinute]).toEqual([5, 15, 20])
    const { file, servers, db, sqlite, cleanup } = sharedDatabase('tz-login-')
    try {
      const at = new Date(NOW)
      db.insert(usersTable).values({ username: 'admin', displayName: '管理员', passwordHash: await hashPassword(PASSWORD, { cost: config.passwordHashCost }), role: 'admin', createdAt: at, updatedAt: at }).run()
      sqlite.close()
      const [a, b] = await Promise.all([startServer(file, NOW, servers), startServer(file, NOW, servers)])

      const wrong = await Promise.all(Array.from({ length: 15 }, (_, i) => login((i % 2 ? a : b).url, 'Wrong-door-15')))
      expect(wrong.map((r) => r.status)).toEqual(Array(15).fill(401))
      const check = createDatabase({ filename: file })
      try {
        const row = check.db.select().from(usersTable).get()!
        expect(row.failedLoginCount).toBe(15)
        // the clock of both processes is fixed at NOW: locked for LOGIN_LOCK_MINUTES from then
        expect(row.lockedUntil).toEqual(new Date(Date.parse(NOW) + 15 * 60_000))

        // the right password is refused on both, with the very answer a wrong one gets
        const locked = await Promise.all([login(a.url, PASSWORD), login(b.url, PASSWORD)])
        for (const r of locked) {
          expect(r.status).toBe(401)
          expect(withoutRequestId(r.body)).toEqual(withoutRequestId(wrong[0]!.body))
        }
        // 17 attempts from this address so far, 20 allowed in the minute: three more, then 429 on either process
        const more = await Promise.all([a, b, a].map((s) => login(s.url, PASSWORD)))
        expect(more.map((r) => r.status)).toEqual([401, 401, 401])
        for (const s of [b, a]) {
          const limited = await login(s.url, PASSWORD)
          expect(limited.status).toBe(429)
          expect(limited.body.code).toBe('request.rate_limited')
          expect(limited.retryAfter).toBe('60')
        }
        expect(check.db.select().from(loginRateLimitsTable).all()).toEqual([{ address: '127.0.0.1', windowStartedAt: new Date(NOW), attempts: 22 }])
      } finally { check.sqlite.close() }
    } finally {
      await cleanup()
    }
  }, 90_000)
})
