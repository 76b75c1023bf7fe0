import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { createDatabase } from '../../../db/client.js'
import { hearingParticipantsTable, regionsTable, usersTable } from '../../../db/schema/index.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { sharedDatabase, startServer } from '../../helpers/spawn-server.js'

const NOW = '2026-11-28T01:00:00.000Z'
const HEARINGS = 8
const POOL = 12
const SEATS = 3

describe('two processes sharing one database file', () => {
  test(`${HEARINGS} overlapping hearings, each committed, revealed all at once on both processes: nobody is seated twice, ${POOL / SEATS} panels are drawn, the rest get 409, none 5xx`, async () => {
    const { file, servers, db, sqlite, cleanup } = sharedDatabase('tz-draw-race-')
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
      for (let i = 0; i < POOL; i++) aMember(db, { homeRegionId: town, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false })
      const slots = Array.from({ length: HEARINGS }, (_, i) => ({
        matter: aMatter(db, { regionId: town, respondentOrganisationId: respondent.id }),
        venue: aVenue(db, town, `场所${i}`),
        host: aMember(db, { homeRegionId: town, roleOfficer: false }),
        recorder: aMember(db, { homeRegionId: town, roleOfficer: false })
      }))
      const admin = db.insert(usersTable).values({ username: 'admin', displayName: '管理员', passwordHash: 'x', role: 'admin', createdAt: at, updatedAt: at }).returning().get()
      const issued = newToken(Buffer.alloc(32, 11))
      insertToken(db, { userId: admin.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 3600_000) })
      sqlite.close()

      const [a, b] = await Promise.all([startServer(file, NOW, servers), startServer(file, NOW, servers)])
      const call = async (base: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
        const res = await fetch(`${base}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${issued.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) })
        })
        return { status: res.status, body: await res.json() as Record<string, unknown> }
      }

      const hearingIds: number[] = []
      for (const [i, s] of slots.entries()) {
        const created = await call(i % 2 ? a.url : b.url, 'POST', '/hearings', {
          matterId: s.matter.id,
          procedure: 'simple',
          panelSize: SEATS,
          startsAt: '2026-12-10T09:00:00+08:00',
          endsAt: '2026-12-10T11:00:00+08:00',
          venueId: s.venue.id,
          hostMemberId: s.host.id,
          recorderMemberId: s.recorder.id
        })
        expect(created.status).toBe(201)
        const id = (created.body.hearing as { id: number }).id
        const committed = await call(i % 2 ? b.url : a.url, 'POST', `/hearings/${id}/draw-commitments`, { witnessName: '王见证' })
        expect(committed).toMatchObject({ status: 201, body: { eligibleCount: POOL } })
        hearingIds.push(id)
      }

      const reveals = await Promise.all(hearingIds.map((id, i) => call(i % 2 ? a.url : b.url, 'POST', `/hearings/${id}/draws`, { witnessValue: String(7919 * (i + 1)) })))

      expect(reveals.filter((r) => r.status >= 500)).toEqual([])
      const drawn = reveals.flatMap((r, i) => (r.status === 201 ? [{ hearingId: hearingIds[i]!, official: r.body.official as number[], excludedAtReveal: r.body.excludedAtReveal as { memberIds: number[] }[] }] : []))
      expect(drawn).toHaveLength(POOL / SEATS)
      for (const r of reveals.filter((x) => x.status !== 201)) expect(r).toMatchObject({ status: 409, body: { code: 'scheduling.pool_too_small' } })
      const seated = drawn.flatMap((d) => d.official)
      expect(seated).toHaveLength(POOL)
      expect(new Set(seated).size).toBe(POOL)
      expect(drawn.filter((d) => d.excludedAtReveal.length > 0)).toHaveLength(POOL / SEATS - 1)

      const check = createDatabase({ filename: file })
      const officers = check.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer')
      check.sqlite.close()
      expect(officers).toHaveLength(POOL)
      expect(new Set(officers.map((p) => p.memberId)).size).toBe(POOL)

      for (const d of drawn) {
        const verified = await call(a.url, 'GET', `/hearings/${d.hearingId}/draws/verification`)
        expect(verified).toMatchObject({ status: 200, body: { valid: true, issues: [] } })
      }
    } finally {
      await cleanup()
    }
  }, 60_000)
})
