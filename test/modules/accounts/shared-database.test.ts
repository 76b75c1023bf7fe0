import { afterEach, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../../db/client.js'
import { runMigrations } from '../../../db/migrate.js'
import { loginRateLimitsTable, usersTable } from '../../../db/schema/index.js'
import { buildApp, type App } from '../../../server/app.js'
import { testConfig, type Config } from '../../../server/config.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { createServices } from '../../../server/services.js'
import { TEST_NOW } from '../../helpers/app.js'

// Two service instances over one database file, each with its own connection and memory, stand for two
// processes behind one address: the login rate limit and the lockout must count across both.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => { for (const fn of cleanups.splice(0).reverse()) await fn() })

const PASSWORD = 'Shared-door-42'

async function twoInstances (config: Partial<Config>) {
  const dir = mkdtempSync(join(tmpdir(), 'tz-auth-'))
  cleanups.push(() => { rmSync(dir, { recursive: true, force: true }) })
  const file = join(dir, 'shared.db')
  const clock = fixedClock(TEST_NOW)
  const instances: { app: App, handle: ReturnType<typeof createDatabase> }[] = []
  for (const seed of [1, 2]) {
    const handle = createDatabase({ filename: file })
    runMigrations(handle.db)
    const deps = { config: testConfig({ databasePath: file, ...config }), db: handle.db, sqlite: handle.sqlite, clock, rng: seededRng(seed) }
    const services = createServices(deps)
    const app = await buildApp({ ...deps, services })
    cleanups.push(async () => { await app.close(); handle.sqlite.close() })
    instances.push({ app, handle })
    if (seed === 1) await services.auth.bootstrapAdmin({ username: 'admin', password: PASSWORD })
  }
  const [a, b] = instances as [typeof instances[0], typeof instances[0]]
  return { a, b, clock, db: a.handle.db }
}

const login = (app: App, password: string, remoteAddress = '10.1.1.1') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password }, remoteAddress })

describe('login limits hold across processes sharing the database', () => {
  test('attempts from one address are counted together: the limit is reached across both instances', async () => {
    const { a, b, clock, db } = await twoInstances({ loginRateLimitPerMinute: 3 })
    expect((await login(a.app, 'Wrong-door-1')).statusCode).toBe(401)
    expect((await login(b.app, 'Wrong-door-1')).statusCode).toBe(401)
    expect((await login(a.app, PASSWORD)).statusCode).toBe(200)
    for (const app of [b.app, a.app]) {
      const limited = await login(app, PASSWORD)
      expect(limited.statusCode).toBe(429)
      expect(limited.json().code).toBe('request.rate_limited')
      expect(limited.headers['retry-after']).toBe('60')
    }
    expect((await login(b.app, PASSWORD, '10.2.2.2')).statusCode).toBe(200)

    clock.advance(30_000)
    expect((await login(a.app, PASSWORD)).headers['retry-after']).toBe('30')
    clock.advance(30_000)
    expect((await login(b.app, PASSWORD)).statusCode).toBe(200)
    // windows that ran out are dropped: only the address just used is left
    expect(db.select().from(loginRateLimitsTable).all()).toEqual([{ address: '10.1.1.1', windowStartedAt: clock.now(), attempts: 1 }])
  })

  test('parallel attempts on both instances are each counted once', async () => {
    const { a, b, db } = await twoInstances({ loginRateLimitPerMinute: 100 })
    await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? a.app : b.app, 'Wrong-door-1')))
    expect(db.select().from(loginRateLimitsTable).get()).toMatchObject({ address: '10.1.1.1', attempts: 12 })
    expect(db.select().from(usersTable).get()).toMatchObject({ failedLoginCount: 12 })
  })

  test('wrong passwords on either instance add up to the lockout, which both instances apply', async () => {
    const { a, b, db } = await twoInstances({ loginMaxFailures: 3 })
    expect((await login(a.app, 'Wrong-door-1')).statusCode).toBe(401)
    expect((await login(b.app, 'Wrong-door-1', '10.2.2.2')).statusCode).toBe(401)
    expect((await login(a.app, 'Wrong-door-1', '10.3.3.3')).statusCode).toBe(401)
    expect(db.select().from(usersTable).get()).toMatchObject({ failedLoginCount: 3, lockedUntil: new Date(Date.parse(TEST_NOW) + 15 * 60_000) })
    for (const app of [a.app, b.app]) {
      const refused = await login(app, PASSWORD, '10.4.4.4')
      expect(refused.statusCode).toBe(401)
      expect(refused.json().code).toBe('auth.invalid_credentials')
    }
  })
})
