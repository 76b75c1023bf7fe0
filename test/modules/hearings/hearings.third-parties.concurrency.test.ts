import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createDatabase } from '../../../db/client.js'
import { hearingParticipantsTable, regionsTable, usersTable } from '../../../db/schema/index.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { sharedDatabase, startServer } from '../../helpers/spawn-server.js'

const NOW = '2026-11-28T01:00:00.000Z'

describe('two processes sharing one database file', () => {
  test('the same third party added to 50 overlapping hearings at once: exactly one succeeds, 49 get 409, none 5xx', async () => {
    const { file, servers, db, sqlite, cleanup } = sharedDatabase('tz-third-')
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
      const thirdParty = aMember(db, { homeRegionId: town, name: '同一第三方', roleOfficer: false, roleHost: false, roleRecorder: false, roleThirdParty: true })
      const slots = Array.from({ length: 50 }, (_, i) => ({
        matter: aMatter(db, { regionId: town, respondentOrganisationId: respondent.id }),
        venue: aVenue(db, town, `场所${i}`),
        host: aMember(db, { homeRegionId: town }),
        recorder: aMember(db, { homeRegionId: town })
      }))
      const admin = db.insert(usersTable).values({ username: 'admin', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: at, updatedAt: at }).returning().get()
      const issued = newToken(Buffer.alloc(32, 8))
      insertToken(db, { userId: admin.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 3600_000) })
      sqlite.close()

      const [a, b] = await Promise.all([startServer(file, NOW, servers), startServer(file, NOW, servers)])
      const post = (url: string, body: unknown) => fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${issued.token}` },
        body: JSON.stringify(body)
      }).then(async (res) => ({ status: res.status, body: await res.json() as { code?: string, hearing?: { id: number }, problems?: { type: string, subject: { kind: string, id: number | null } }[] } }))

      // 50 hearings that all overlap 10:00–11:00, each with its own venue, host and recorder
      const hearingIds: number[] = []
      for (const [i, s] of slots.entries()) {
        const created = await post(`${a.url}/api/v1/hearings`, {
          matterId: s.matter.id,
          procedure: 'general',
          startsAt: `2026-12-10T09:${String(i).padStart(2, '0')}:00+08:00`,
          endsAt: '2026-12-10T11:00:00+08:00',
          venueId: s.venue.id,
          hostMemberId: s.host.id,
          recorderMemberId: s.recorder.id
        })
        expect(created.status).toBe(201)
        hearingIds.push(created.body.hearing!.id)
      }

      const results = await Promise.all(hearingIds.map((id, i) => post(`${(i % 2 ? a : b).url}/api/v1/hearings/${id}/participants`, { kind: 'third_party', memberId: thirdParty.id })))

      expect(results.filter((r) => r.status >= 500)).toEqual([])
      expect(results.filter((r) => r.status === 201)).toHaveLength(1)
      const refused = results.filter((r) => r.status !== 201)
      expect(refused).toHaveLength(49)
      for (const r of refused) {
        expect(r.status).toBe(409)
        expect(r.body.code).toBe('hearings.has_problems')
        expect(r.body.problems).toContainEqual(expect.objectContaining({ type: 'person_double_booked', subject: expect.objectContaining({ kind: 'third_party', id: thirdParty.id }) }))
      }
      const check = createDatabase({ filename: file })
      expect(check.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.memberId, thirdParty.id)).all()).toHaveLength(1)
      check.sqlite.close()
    } finally {
      await cleanup()
    }
  }, 90_000)
})
