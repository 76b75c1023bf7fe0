import { afterEach, describe, expect, test } from 'vitest'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../../db/client.js'
import { runMigrations } from '../../../db/migrate.js'
import { buildApp } from '../../../server/app.js'
import { testConfig } from '../../../server/config.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { createServices } from '../../../server/services.js'
import { TEST_NOW } from '../../helpers/app.js'

// Resolved tokens and the region list are kept in memory until the database changes. These tests change
// the database behind the service's back, from its own connection and from a second one (another process,
// such as an operator's script), and expect the very next request to see it.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => { for (const fn of cleanups.splice(0).reverse()) await fn() })

async function fileApp () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-cache-'))
  const file = join(dir, 'cache.db')
  const { db, sqlite } = createDatabase({ filename: file })
  runMigrations(db)
  const clock = fixedClock(TEST_NOW)
  const deps = { config: testConfig(), db, sqlite, clock, rng: seededRng(3) }
  const services = createServices(deps)
  const app = await buildApp({ ...deps, services })
  const other = new Database(file)
  other.pragma('busy_timeout = 2000')
  cleanups.push(() => { rmSync(dir, { recursive: true, force: true }) }, async () => { await app.close(); sqlite.close(); other.close() })
  await services.auth.bootstrapAdmin({ username: 'admin', password: 'Cache-pass-123' })
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Cache-pass-123' } })
  const headers = { authorization: `Bearer ${login.json().token as string}` }
  return { app, sqlite, other, clock, headers }
}

describe('in-memory caches follow the database', () => {
  test('a token revoked by another connection is refused on the next request', async () => {
    const { app, other, headers } = await fileApp()
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200)
    other.prepare('UPDATE auth_tokens SET revoked_at = ?').run(Date.parse(TEST_NOW))
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers })
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('auth.unauthenticated')
  })

  test('a role changed directly in the database applies to the next request, and a disabled user is refused', async () => {
    const { app, sqlite, other, headers } = await fileApp()
    const create = (name: string) => app.inject({ method: 'POST', url: '/api/v1/regions', headers, payload: { name } })
    expect((await create('滨海市')).statusCode).toBe(201)
    sqlite.prepare("UPDATE users SET role = 'auditor'").run()
    const refused = await create('临海市')
    expect(refused.statusCode).toBe(403)
    expect(refused.json().code).toBe('auth.forbidden')
    other.prepare('UPDATE users SET disabled = 1').run()
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401)
  })

  test('a cached session still expires on time', async () => {
    const { app, clock, headers } = await fileApp()
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200)
    clock.advance(10 * 1000)
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200)
    clock.advance(testConfig().sessionTtlHours * 3600_000)
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401)
  })

  test('the region list shows a rename made by another connection at once', async () => {
    const { app, other, headers } = await fileApp()
    const city = (await app.inject({ method: 'POST', url: '/api/v1/regions', headers, payload: { name: '滨海市' } })).json()
    const names = async () => (await app.inject({ method: 'GET', url: '/api/v1/regions', headers })).json().items.map((r: { name: string }) => r.name)
    expect(await names()).toEqual(['滨海市'])
    expect(await names()).toEqual(['滨海市'])
    other.prepare('UPDATE regions SET name = ? WHERE id = ?').run('渤海市', city.id)
    expect(await names()).toEqual(['渤海市'])
  })
})
