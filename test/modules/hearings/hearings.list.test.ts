import { describe, expect, test } from 'vitest'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

/**
 * The hearing list the calendar reads: a time window, a venue and a person filter, and what an entry's title needs
 * (the matter's case number and title, the venue's name) on every item.
 */
describe('GET /hearings for the calendar', () => {
  test('filters by venue, person and time window, and names the matter and venue of each hearing', async () => {
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
    const list = async (query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/hearings?${query}`, headers: t.admin.headers })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { total: number, items: { id: number, caseNumber: string, matterTitle: string, venueName: string }[] }
    }

    const all = await list('from=2026-12-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00')
    expect(all.total).toBe(2)
    expect(all.items.map((i) => i.id)).toEqual([idB, idA])
    expect(all.items.find((i) => i.id === idA)).toMatchObject({ caseNumber: f.matter.number, matterTitle: f.matter.title, venueName: '渤海街道听证室' })
    expect(all.items.find((i) => i.id === idB)).toMatchObject({ venueName: '东城区信访局听证大厅' })

    const atVenue2 = await list(`venueId=${f.venue2.id}`)
    expect(atVenue2.items.map((i) => i.id)).toEqual([idB])
    const ofHost = await list(`memberId=${f.host.id}`)
    expect(ofHost.items.map((i) => i.id)).toEqual([idA])
    // the window keeps a hearing that overlaps it: 10 December 10:00–11:00 overlaps A (9:00–11:00) only
    const window = await list('from=2026-12-10T10:00:00%2B08:00&to=2026-12-10T11:00:00%2B08:00')
    expect(window.items.map((i) => i.id)).toEqual([idA])
    const none = await list(`venueId=${f.venue2.id}&memberId=${f.host.id}`)
    expect(none).toMatchObject({ total: 0, items: [] })
  })
})
