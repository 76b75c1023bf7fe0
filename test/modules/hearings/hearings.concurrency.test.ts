import { describe, expect, test } from 'vitest'
import { createDatabase } from '../../../db/client.js'
import { eq } from 'drizzle-orm'
import { hearingsTable, regionsTable, usersTable } from '../../../db/schema/index.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { sharedDatabase, startServer } from '../../helpers/spawn-server.js'

const NOW = '2026-11-28T01:00:00.000Z'

describe('two processes sharing one database file', () => {
  test('50 concurrent attempts to book the same host into overlapping hearings: exactly one succeeds, the rest get 409', async () => {
    const { file, servers, db, sqlite, cleanup } = sharedDatabase('tz-conc-')
    try {
      const at = new Date(NOW)
      const region = (name: string, parentId: number | null, level: 'city' | 'county' | 'township', path: (id: number) => string) => {
        const row = db.insert(regionsTable).values({ name, parentId, level, path: '/', createdAt: at, updatedAt: at }).returning().get()
        db.update(regionsTable).set({ path: path(row.id) }).where(eq(regionsTable.id, row.id)).run()
        return row.id
      }
      const city = region('滨海市', null, 'city', (id) => `/${id}/`)
      const county = region('东城区', city, 'county', (id) => `/${city}/${id}/`)
      const town = region('渤海街道', county, 'township', (id) => `/${city}/${county}/${id}/`)
      const respondent = anOrganisation(db, '东城区住房和城乡建设局')
      const host = aMember(db, { homeRegionId: town, name: '同一主持人' })
      const attempts = Array.from({ length: 50 }, (_, i) => ({
        matter: aMatter(db, { regionId: town, respondentOrganisationId: respondent.id }),
        venue: aVenue(db, town, `场所${i}`),
        recorder: aMember(db, { homeRegionId: town })
      }))
      const admin = db.insert(usersTable).values({ username: 'admin', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: at, updatedAt: at }).returning().get()
      const issued = newToken(Buffer.alloc(32, 7))
      insertToken(db, { userId: admin.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 3600_000) })
      sqlite.close()

      const [a, b] = await Promise.all([startServer(file, NOW, servers), startServer(file, NOW, servers)])
      const results = await Promise.all(attempts.map((x, i) => fetch(`${(i % 2 ? a : b).url}/api/v1/hearings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${issued.token}` },
        body: JSON.stringify({
          matterId: x.matter.id,
          procedure: 'general',
          startsAt: `2026-12-10T09:${String(i).padStart(2, '0')}:00+08:00`,
          endsAt: '2026-12-10T12:00:00+08:00',
          venueId: x.venue.id,
          hostMemberId: host.id,
          recorderMemberId: x.recorder.id
        })
      }).then(async (res) => ({ status: res.status, body: await res.json() as { code?: string, problems?: { type: string }[] } }))))

      expect(results.filter((r) => r.status === 201)).toHaveLength(1)
      const refused = results.filter((r) => r.status !== 201)
      expect(refused).toHaveLength(49)
      for (const r of refused) {
        expect(r.status).toBe(409)
        expect(r.body.code).toBe('hearings.has_problems')
        expect(r.body.problems!.map((p) => p.type)).toContain('person_double_booked')
      }
      const check = createDatabase({ filename: file })
      expect(check.db.select().from(hearingsTable).all()).toHaveLength(1)
      check.sqlite.close()
    } finally {
      await cleanup()
    }
  }, 60_000)
})
