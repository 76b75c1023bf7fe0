import { describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations, MIGRATIONS_DIR } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { backupDatabase } from '../../scripts/backup.js'

function tempDir () {
  const dir = mkdtempSync(join(tmpdir(), 'tingzheng-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

describe('migrations and the database file', () => {
  test('migrations apply to an empty database and a second run changes nothing', () => {
    const { dir, cleanup } = tempDir()
    try {
      const file = join(dir, 'a.db')
      const first = createDatabase({ filename: file })
      runMigrations(first.db)
      const tables = first.sqlite.prepare("select name from sqlite_master where type='table' order by name").all()
      const applied = first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
      expect(applied.n).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length)
      runMigrations(first.db)
      expect(first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual(applied)
      expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      first.sqlite.close()
      const again = createDatabase({ filename: file })
      runMigrations(again.db)
      expect(again.sqlite.prepare("select name from sqlite_master where type='table' order by name").all()).toEqual(tables)
      again.sqlite.close()
    } finally { cleanup() }
  })

  test('the service restarts on an existing database and keeps its data; a backup copy is consistent', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const file = join(dir, 'live.db')
      const config = testConfig({ databasePath: file })
      const open = async () => {
        const { db, sqlite } = createDatabase({ filename: file })
        runMigrations(db)
        const deps = { config, db, sqlite, clock: fixedClock('2026-11-28T01:00:00Z'), rng: seededRng(1) }
        const services = createServices(deps)
        const admin = await services.auth.bootstrapAdmin({ username: 'admin', password: 'Migrate-pass-123' })
        const app = await buildApp({ ...deps, services })
        return { app, sqlite, admin }
      }
      const first = await open()
      expect(first.admin).not.toBeNull()
      const login = await first.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Migrate-pass-123' } })
      const token = login.json().token as string
      const created = await first.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { authorization: `Bearer ${token}` }, payload: { name: '滨海市' } })
      expect(created.statusCode).toBe(201)
      await backupDatabase({ source: file, target: join(dir, 'copy.db') })
      await first.app.close()
      first.sqlite.close()

      const second = await open()
      expect(second.admin).toBeNull()
      const list = await second.app.inject({ method: 'GET', url: '/api/v1/regions', headers: { authorization: `Bearer ${token}` } })
      expect(list.json().items.map((r: { name: string }) => r.name)).toEqual(['滨海市'])
      await second.app.close()
      second.sqlite.close()

      const copy = createDatabase({ filename: join(dir, 'copy.db') })
      expect(copy.sqlite.prepare('select name from regions').all()).toEqual([{ name: '滨海市' }])
      copy.sqlite.close()
      await expect(backupDatabase({ source: file, target: join(dir, 'copy.db') })).rejects.toThrow(/already exists/)
    } finally { cleanup() }
  })
})
