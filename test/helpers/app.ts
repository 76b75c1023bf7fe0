import { onTestFinished } from 'vitest'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig, type Config } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { insertToken } from '../../server/modules/accounts/accounts.sessions.repository.js'
import { newToken } from '../../server/modules/accounts/accounts.passwords.js'
import { usersTable, type UserRole } from '../../db/schema/index.js'
import type { Actor } from '../../server/common/actor.js'
import * as regionsRepo from '../../server/modules/regions/regions.repository.js'

export const TEST_NOW = '2026-11-28T01:00:00.000Z'

/** A migrated in-memory database of its own. */
export function createTestDb () {
  const handle = createDatabase({ filename: ':memory:' })
  runMigrations(handle.db)
  return handle
}

/** An app over a fresh migrated database, fixed clock and seeded randomness; closed after the test. */
export async function createTestApp ({ now = TEST_NOW, rngSeed = 42, config = {} }: { now?: string, rngSeed?: number, config?: Partial<Config> } = {}) {
  const { db, sqlite } = createTestDb()
  const clock = fixedClock(now)
  const rng = seededRng(rngSeed)
  const cfg = testConfig(config)
  const deps = { config: cfg, db, sqlite, clock, rng }
  const services = createServices(deps)
  const app = await buildApp({ ...deps, services })
  onTestFinished(async () => {
    await app.close()
    sqlite.close()
  })
  let userCounter = 0

  /** Creates a user of `role` (scoped to `regionId`) and returns a bearer token and the actor. */
  function userWithToken ({ role, regionId = null, username }: { role: UserRole, regionId?: number | null, username?: string }) {
    userCounter++
    const at = clock.now()
    const user = db.insert(usersTable).values({
      username: username ?? `${role}${userCounter}`,
      displayName: `${role}-${userCounter}`,
      passwordHash: 'scrypt$1$1$1$x$y',
      role,
      regionId,
      createdAt: at,
      updatedAt: at
    }).returning().get()
    const issued = newToken(rng.bytes(32))
    const token = insertToken(db, { userId: user.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 7 * 24 * 3600_000) })
    const scopePath = role === 'admin' ? null : (regionId === null ? '/-/' : regionsRepo.findById(db, regionId)!.path)
    const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, role, regionId, scopePath, requestId: 'test', tokenId: token.id }
    return { user, token: issued.token, actor, headers: { authorization: `Bearer ${issued.token}` } }
  }

  const admin = userWithToken({ role: 'admin', username: 'root' })

  return { app, db, sqlite, clock, rng, config: cfg, services, admin, userWithToken }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** city → 2 counties → 2 townships each → 2 villages each, created through the service as the admin. */
export function seedRegionTree (t: TestApp) {
  const r = t.services.regions
  const actor = t.admin.actor
  const city = r.create(actor, { name: '滨海市', code: '371600000000' })
  const countyA = r.create(actor, { name: '东城区', parentId: city.id })
  const countyB = r.create(actor, { name: '西城县', parentId: city.id })
  const townA = r.create(actor, { name: '渤海街道', parentId: countyA.id })
  const townA2 = r.create(actor, { name: '黄河街道', parentId: countyA.id })
  const townB = r.create(actor, { name: '杨柳镇', parentId: countyB.id })
  const villageA = r.create(actor, { name: '渤海社区', parentId: townA.id })
  const villageA2 = r.create(actor, { name: '新立社区', parentId: townA2.id })
  const villageB = r.create(actor, { name: '杨柳村', parentId: townB.id })
  return { city, countyA, countyB, townA, townA2, townB, villageA, villageA2, villageB }
}

export const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
