import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { insertToken } from '../../../server/modules/accounts/accounts.sessions.repository.js'
import { newToken } from '../../../server/modules/accounts/accounts.passwords.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'

/** A county with a venue, a respondent agency, a matter in its handling stage, a host and a recorder. */
export async function hearingFixture () {
  const t = await createTestApp()
  const regions = seedRegionTree(t)
  const respondent = anOrganisation(t.db, '东城区住房和城乡建设局')
  const matter = aMatter(t.db, { regionId: regions.townA.id, respondentOrganisationId: respondent.id, villageId: regions.villageA.id })
  const venue = aVenue(t.db, regions.townA.id, '渤海街道听证室')
  const venue2 = aVenue(t.db, regions.countyA.id, '东城区信访局听证大厅')
  const host = aMember(t.db, { homeRegionId: regions.townA2.id, name: '李主持' })
  const recorder = aMember(t.db, { homeRegionId: regions.townA2.id, name: '赵记录' })
  const body = (overrides: Record<string, unknown> = {}) => ({
    matterId: matter.id,
    procedure: 'general',
    startsAt: '2026-12-10T09:00:00+08:00',
    endsAt: '2026-12-10T11:00:00+08:00',
    venueId: venue.id,
    hostMemberId: host.id,
    recorderMemberId: recorder.id,
    ...overrides
  })
  const create = (overrides: Record<string, unknown> = {}, headers = t.admin.headers) => t.app.inject({ method: 'POST', url: '/api/v1/hearings', headers, payload: body(overrides) })
  /**
   * Seats the hearing's panel by a witnessed draw, as before it can be opened: seven officers join the pool at the
   * first call (a lawyer and a deputy among them, which the default general-procedure composition needs).
   */
  let officers = 0
  async function drawPanel (hearingId: number) {
    if (officers === 0) {
      for (const [i, name] of ['周律师', '郑代表', '冯听证', '陈听证', '褚听证', '卫听证', '蒋听证'].entries()) {
        aMember(t.db, { homeRegionId: regions.townA.id, name, roleHost: false, roleRecorder: false, ...(i === 0 ? { professions: ['lawyer'] } : {}), ...(i === 1 ? { sourceCategory: 'deputy' } : {}) })
      }
      officers = 7
    }
    const drawn = await t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearingId}/draws`, headers: t.admin.headers, payload: { witnessValue: '1618', witnessName: '钱见证' } })
    if (drawn.statusCode !== 201) throw new Error(drawn.body)
    return drawn.json()
  }
  return { t, regions, respondent, matter, venue, venue2, host, recorder, body, create, drawPanel }
}

/** A new session for the user, valid for a day from the test clock's now. */
export function sessionFor (t: TestApp, userId: number) {
  const issued = newToken(t.rng.bytes(32))
  const at = t.clock.now()
  insertToken(t.db, { userId, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: at, expiresAt: new Date(at.getTime() + 24 * 3600_000) })
  return { authorization: `Bearer ${issued.token}` }
}

/**
 * Moves the test clock (to a hearing's day, say) and gives the admin a session valid then: the sessions the
 * test app hands out last a week.
 */
export function travel (t: TestApp, iso: string) {
  t.clock.set(iso)
  t.admin.headers = sessionFor(t, t.admin.user.id)
}
