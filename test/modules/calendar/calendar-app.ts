import { onTestFinished } from 'vitest'
import { Writable } from 'node:stream'
import { createTestDb, TEST_NOW } from '../../helpers/app.js'
import { buildApp } from '../../../server/app.js'
import { testConfig, type Config } from '../../../server/config.js'
import { fixedClock } from '../../../server/common/clock.js'
import { seededRng } from '../../../server/common/random.js'
import { createServices } from '../../../server/services.js'
import { createCalendarService, type FeedEntriesProvider } from '../../../server/modules/calendar/calendar.service.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import { usersTable, type UserRole } from '../../../db/schema/index.js'
import type { Actor } from '../../../server/common/actor.js'
import { BASE_URL } from './fixtures.js'

/**
 * The app with the calendar service given a feed-entries provider (the integrator supplies the real one from the
 * hearings tables). Logs are kept in `logs` when `captureLogs` is set.
 */
export async function createCalendarTestApp ({ feedEntries, config = {}, db: given, captureLogs = false }: {
  feedEntries?: FeedEntriesProvider
  config?: Partial<Config>
  db?: ReturnType<typeof createTestDb>
  captureLogs?: boolean
} = {}) {
  const { db, sqlite } = given ?? createTestDb()
  const clock = fixedClock(TEST_NOW)
  const rng = seededRng(7)
  const cfg = testConfig({ publicBaseUrl: BASE_URL, ...(captureLogs ? { logLevel: 'info' as const } : {}), ...config })
  const deps = { config: cfg, db, sqlite, clock, rng }
  const calendar = createCalendarService({ db, clock, rng, config: cfg, ...(feedEntries ? { feedEntries } : {}) })
  const services = { ...createServices(deps), calendar }
  const logs: string[] = []
  const logStream = new Writable({ write (chunk, _enc, done) { logs.push(String(chunk)); done() } })
  const app = await buildApp({ ...deps, services, ...(captureLogs ? { logStream } : {}) })
  onTestFinished(async () => {
    await app.close()
    if (!given) sqlite.close()
  })

  let counter = 0
  function userWithToken ({ role = 'officer' }: { role?: UserRole } = {}) {
    counter++
    const at = clock.now()
    const user = db.insert(usersTable).values({
      username: `${role}${counter}`, displayName: `${role}-${counter}`, passwordHash: 'scrypt$1$1$1$x$y', role, regionId: null, createdAt: at, updatedAt: at
    }).returning().get()
    const issued = newToken(rng.bytes(32))
    const token = insertToken(db, { userId: user.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 7 * 24 * 3600_000) })
    const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, role, regionId: null, scopePath: role === 'admin' ? null : '/-/', requestId: 'test', tokenId: token.id }
    return { user, actor, headers: { authorization: `Bearer ${issued.token}` } }
  }

  return { app, db, sqlite, clock, rng, config: cfg, services, calendar, logs, userWithToken }
}
