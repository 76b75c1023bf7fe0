import { describe, expect, test } from 'vitest'
import { Writable } from 'node:stream'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/shared/clock.js'
import { seededRng } from '../../server/shared/random.js'
import { createServices } from '../../server/plugins/services.js'
import { createTestDb } from '../helpers/app.js'

describe('structured logs', () => {
  test('carry a request id and never contain passwords, tokens, cookies, ID numbers or phone numbers', async () => {
    const lines: string[] = []
    const logStream = new Writable({ write (chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
    const { db, sqlite } = createTestDb()
    const config = testConfig({ logLevel: 'info' })
    const deps = { config, db, sqlite, clock: fixedClock('2026-11-28T01:00:00Z'), rng: seededRng(3) }
    const services = createServices(deps)
    await services.auth.bootstrapAdmin({ username: 'admin', password: 'Admin-secret-123' })
    const app = await buildApp({ ...deps, services, logStream })
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Admin-secret-123' } })
      const token = login.json().token as string
      await app.inject({ method: 'GET', url: '/api/v1/users?q=13812345678&x=370102199001011234', headers: { authorization: `Bearer ${token}`, cookie: `tz_session=${token}` } })
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Wrong-secret-999' } })
      const all = lines.join('')
      expect(all).toContain('"reqId"')
      expect(all).toContain('/api/v1/users')
      for (const secret of ['Admin-secret-123', 'Wrong-secret-999', token, '13812345678', '370102199001011234']) expect(all).not.toContain(secret)
    } finally {
      await app.close()
      sqlite.close()
    }
  })
})
