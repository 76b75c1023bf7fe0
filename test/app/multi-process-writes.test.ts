import { describe, expect, test } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createDatabase } from '../../db/client.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { organisationsTable } from '../../db/schema/index.js'
import { startServer, stopServers } from '../helpers/spawn-server.js'
import { fireConcurrentCreates, seedWriteTarget } from '../helpers/two-process-writes.js'

const NOW = '2026-11-28T01:00:00.000Z'

describe('two processes writing to one database file', () => {
  test('200 concurrent creates of organisations, venues and members over two processes: none answers 5xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-writes-'))
    const file = join(dir, 'shared.db')
    const servers: ChildProcess[] = []
    try {
      const { token, townId } = seedWriteTarget(file, NOW)
      const started = await Promise.all([startServer(file, NOW, servers), startServer(file, NOW, servers)])
      const answers = await fireConcurrentCreates({ urls: started.map((s) => s.url), token, townId, count: 200 })
      const serverErrors = answers.filter((a) => a.status >= 500 && a.status !== 503)
      expect(serverErrors.map((a) => a.text)).toEqual([])
      // a database still locked past busy_timeout is 503 with Retry-After; at this load every write waits its turn
      for (const a of answers.filter((x) => x.status === 503)) expect(a.retryAfter).toBe('1')
      expect(answers.filter((a) => a.status === 201)).toHaveLength(200)
    } finally {
      await stopServers(servers)
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  test('a write that waits past busy_timeout for another process\'s lock answers 503 with Retry-After, writes nothing, and goes through afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-busy-'))
    const file = join(dir, 'busy.db')
    const { token, townId } = seedWriteTarget(file, NOW)
    const { db, sqlite } = createDatabase({ filename: file, busyTimeoutMs: 50 })
    const app = await buildApp({ config: testConfig({ databasePath: file }), db, sqlite, clock: fixedClock(NOW), rng: seededRng(1) })
    const other = new Database(file)
    try {
      const request = { method: 'POST' as const, url: '/api/v1/organisations', headers: { authorization: `Bearer ${token}` }, payload: { name: '锁等待测试单位', regionId: townId } }
      await app.ready()
      other.exec('BEGIN IMMEDIATE')
      const busy = await app.inject(request)
      expect(busy.statusCode).toBe(503)
      expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(busy.headers['retry-after']).toBe('1')
      expect(busy.json()).toMatchObject({ status: 503, code: 'service.busy', title: '系统繁忙，请稍后重试' })
      expect(busy.body).not.toMatch(/SQLITE|locked|database/i)
      other.exec('ROLLBACK')
      expect(db.select().from(organisationsTable).all()).toHaveLength(0)
      expect((await app.inject(request)).statusCode).toBe(201)
    } finally {
      other.close()
      await app.close()
      sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
