import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { panelDrawsTable } from '../../../db/schema/index.js'
import type { DrawStep } from '../../../server/modules/draw/draw.types.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'

type Group = { reasons: { code: string, message: string }[], memberIds: number[] }
const officer = { roleHost: false, roleRecorder: false }

async function townshipHearing () {
  const f = await hearingFixture()
  const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
  const url = `/api/v1/hearings/${hearing.id}`
  const post = (path: string, payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: `${url}${path}`, headers: f.t.admin.headers, payload })
  const get = (path: string) => f.t.app.inject({ method: 'GET', url: `${url}${path}`, headers: f.t.admin.headers })
  const steps = () => {
    const row = f.t.db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearing.id)).get()!
    return (row.record as { round: { draw: { steps: DrawStep[] } } }).round.draw.steps
  }
  return { ...f, hearing, post, get, steps }
}

describe('locality: the hearing\'s township first, then its county, then the city; outside the township only with consent', () => {
  test('a non-consenting member of another township is not drawn and the record says why; the township fills the panel before the county', async () => {
    const f = await townshipHearing()
    const own = Array.from({ length: 3 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `渤海听证员${i + 1}`, ...officer }))
    const county = Array.from({ length: 2 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: `黄河共享听证员${i + 1}`, consentCrossRegion: true, ...officer }))
    const neighbour = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '黄河听证员', ...officer })
    const elsewhere = aMember(f.t.db, { homeRegionId: f.regions.townB.id, name: '杨柳听证员', ...officer })

    const committed = await f.post('/draw-commitments', {})
    expect(committed.statusCode).toBe(201)
    expect(committed.json().eligibleCount).toBe(5)
    const groups: Group[] = committed.json().excluded
    // the group of those left out for that reason alone (the host and recorder, also from the other township, have their own)
    const noConsent = groups.find((g) => g.reasons.length === 1 && g.reasons[0]!.code === 'cross_region_no_consent')!
    expect(noConsent.reasons).toEqual([{ code: 'cross_region_no_consent', message: '属其他区域，未同意跨区域参加听证' }])
    expect([...noConsent.memberIds].sort((a, b) => a - b)).toEqual([neighbour.id, elsewhere.id].sort((a, b) => a - b))

    const drawn = (await f.post('/draws', { witnessName: '钱见证', witnessValue: '20261210' })).json()
    expect([...drawn.official].sort((a: number, b: number) => a - b)).toEqual(own.map((m) => m.id))
    expect(county.map((m) => m.id)).toContain(drawn.alternates[0])
    expect(f.steps().map((s) => s.tier)).toEqual([0, 0, 0, 1])
    const record = (await f.get('/draws')).json()
    expect(record.rounds[0].excluded).toEqual(groups)
    expect((await f.get('/draws/verification')).json()).toMatchObject({ valid: true, algorithmVersion: 'tz-draw-v2' })
  })

  test('when the township is used up the county comes next, and the rest of the city only after the county', async () => {
    const f = await townshipHearing()
    const own = aMember(f.t.db, { homeRegionId: f.regions.townA.id, ...officer })
    // a village of the county's other township belongs to the county tier
    const village = aMember(f.t.db, { homeRegionId: f.regions.villageA2.id, consentCrossRegion: true, ...officer })
    const city = Array.from({ length: 3 }, () => aMember(f.t.db, { homeRegionId: f.regions.townB.id, consentCrossRegion: true, ...officer }))
    const cityLevel = aMember(f.t.db, { homeRegionId: f.regions.city.id, consentCrossRegion: true, ...officer })
    const drawn = (await f.post('/draws', { witnessName: '钱见证', witnessValue: '1' })).json()
    expect(drawn.official.slice(0, 2)).toEqual([own.id, village.id])
    const tiers = f.steps().map((s) => [s.id, s.tier])
    expect(tiers.slice(0, 2)).toEqual([[own.id, 0], [village.id, 1]])
    for (const [id, tier] of tiers.slice(2)) {
      expect([...city.map((m) => m.id), cityLevel.id]).toContain(id)
      expect(tier).toBe(2)
    }
    expect((await f.get('/draws/verification')).json().valid).toBe(true)
  })
})
