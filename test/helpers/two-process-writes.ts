/**
 * The multi-process write scenario shared by the test and the benchmark: one database file, two service
 * processes, many concurrent creates of organisations, venues and pool members spread over both.
 */
import { eq } from 'drizzle-orm'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { regionsTable, usersTable } from '../../db/schema/index.js'
import { insertToken } from '../../server/modules/accounts/accounts.sessions.repository.js'
import { newToken } from '../../server/modules/accounts/accounts.passwords.js'
import { anIdNumber } from './factories.js'

/** Migrates `file` and gives it a township and an admin token, then closes it. */
export function seedWriteTarget (file: string, now: string) {
  const { db, sqlite } = createDatabase({ filename: file })
  runMigrations(db)
  const at = new Date(now)
  const region = (name: string, parentId: number | null, level: 'city' | 'county' | 'township') => {
    const row = db.insert(regionsTable).values({ name, parentId, level, path: '/', createdAt: at, updatedAt: at }).returning().get()
    const parentPath = parentId === null ? '/' : db.select().from(regionsTable).where(eq(regionsTable.id, parentId)).get()!.path
    db.update(regionsTable).set({ path: `${parentPath}${row.id}/` }).where(eq(regionsTable.id, row.id)).run()
    return row.id
  }
  const town = region('渤海街道', region('东城区', region('滨海市', null, 'city'), 'county'), 'township')
  const admin = db.insert(usersTable).values({ username: 'admin', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: at, updatedAt: at }).returning().get()
  const issued = newToken(Buffer.alloc(32, 9))
  insertToken(db, { userId: admin.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 24 * 3600_000) })
  sqlite.close()
  return { token: issued.token, townId: town }
}

const CREATES = [
  (i: number, townId: number) => ({ path: '/api/v1/organisations', body: { name: `并发测试单位${i}`, kind: 'agency', regionId: townId } }),
  (i: number, townId: number) => ({ path: '/api/v1/venues', body: { regionId: townId, name: `并发听证室${i}`, address: `渤海路${i}号`, capacity: 20 } }),
  (i: number, townId: number) => ({
    path: '/api/v1/pool/members',
    body: { name: `并发成员${i}`, idNumber: anIdNumber(i, { birth: '19750303', area: '371602' }), mobile: `135${String(i).padStart(8, '0')}`, homeRegionId: townId, roles: ['officer'], sourceCategory: 'professional' }
  })
]

/** Fires `count` creates at once, alternating between the servers; returns the status of each answer. */
export async function fireConcurrentCreates ({ urls, token, townId, count }: { urls: string[], token: string, townId: number, count: number }) {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const { path, body } = CREATES[i % CREATES.length]!(i, townId)
    const res = await fetch(urls[i % urls.length]! + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type'), text }
  }))
}
