import { describe, expect, test } from 'vitest'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

/**
 * GET /hearings/calendar, what the 听证安排 calendar reads: every hearing overlapping a range (no paging), each with
 * only its entry's fields, in start order; by venue and by person; a range of more than 100 days refused.
 */
describe('GET /hearings/calendar', () => {
  test('lists the hearings overlapping the range with their entry fields, filters by venue and person, keeps to the caller\'s region', async () => {
    const f = await hearingFixture()
    const { t } = f
    const host2 = aMember(t.db, { homeRegionId: f.regions.townA2.id, name: '钱主持' })
    const recorder2 = aMember(t.db, { homeRegionId: f.regions.townA2.id, name: '孙记录' })
    const a = await f.create({ startsAt: '2026-12-10T09:00:00+08:00', endsAt: '2026-12-10T11:00:00+08:00' })
    expect(a.statusCode, a.body).toBe(201)
    const b = await f.create({ startsAt: '2026-12-11T14:00:00+08:00', endsAt: '2026-12-11T16:00:00+08:00', venueId: f.venue2.id, hostMemberId: host2.id, recorderMemberId: recorder2.id })
    expect(b.statusCode, b.body).toBe(201)
    const idA = a.json().hearing.id
    const idB = b.json().hearing.id
    const calendar = async (query: string, headers = t.admin.headers) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/hearings/calendar?${query}`, headers })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { truncated: boolean, items: Record<string, unknown>[] }
    }
    const december = 'from=2026-12-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00'

    const all = await calendar(december)
    expect(all).toEqual({
      truncated: false,
      items: [
        { id: idA, status: 'scheduled', statusName: '已排期', startsAt: '2026-12-10T09:00:00.000+08:00', endsAt: '2026-12-10T11:00:00.000+08:00', caseNumber: f.matter.number, venueName: '渤海街道听证室' },
        { id: idB, status: 'scheduled', statusName: '已排期', startsAt: '2026-12-11T14:00:00.000+08:00', endsAt: '2026-12-11T16:00:00.000+08:00', caseNumber: f.matter.number, venueName: '东城区信访局听证大厅' }
      ]
    })
    expect((await calendar(`${december}&venueId=${f.venue2.id}`)).items.map((i) => i.id)).toEqual([idB])
    expect((await calendar(`${december}&memberId=${f.host.id}`)).items.map((i) => i.id)).toEqual([idA])
    expect((await calendar(`${december}&venueId=${f.venue2.id}&memberId=${f.host.id}`)).items).toEqual([])
    // overlap, not containment: 10:30–10:45 on the 10th is inside A (9:00–11:00); a range ending at A's start or
    // beginning at its end does not hold it
    expect((await calendar('from=2026-12-10T10:30:00%2B08:00&to=2026-12-10T10:45:00%2B08:00')).items.map((i) => i.id)).toEqual([idA])
    expect((await calendar('from=2026-12-09T00:00:00%2B08:00&to=2026-12-10T09:00:00%2B08:00')).items).toEqual([])
    expect((await calendar('from=2026-12-10T11:00:00%2B08:00&to=2026-12-11T00:00:00%2B08:00')).items).toEqual([])

    // a coordinator of another county sees none of township A's hearings
    const other = t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    expect((await calendar(december, other.headers)).items).toEqual([])
  })

  test('a range longer than 100 days or ending before it starts is refused with the field named', async () => {
    const { t } = await hearingFixture()
    for (const query of ['from=2026-12-01T00:00:00%2B08:00&to=2027-03-12T00:00:00%2B08:00', 'from=2026-12-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/hearings/calendar?${query}`, headers: t.admin.headers })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'request.invalid', errors: [{ in: 'querystring', field: 'to', message: '截止时间应晚于起始时间，且相隔不超过 100 天' }] })
    }
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/hearings/calendar?from=2026-12-01T00:00:00%2B08:00', headers: t.admin.headers })
    expect(missing.statusCode).toBe(400)
    // exactly 100 days is allowed
    const widest = await t.app.inject({ method: 'GET', url: '/api/v1/hearings/calendar?from=2026-12-01T00:00:00%2B08:00&to=2027-03-11T00:00:00%2B08:00', headers: t.admin.headers })
    expect(widest.statusCode, widest.body).toBe(200)
  })
})
