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

describe('POST /hearings/:id/preview: a change to a stored hearing checked before it is made', () => {
  test('the hearing does not clash with itself; another hearing at the new venue and time does; nothing is written', async () => {
    const f = await hearingFixture()
    const { t } = f
    const host2 = aMember(t.db, { homeRegionId: f.regions.townA2.id, name: '钱主持' })
    const recorder2 = aMember(t.db, { homeRegionId: f.regions.townA2.id, name: '孙记录' })
    const a = (await f.create()).json().hearing
    const b = (await f.create({ startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00', venueId: f.venue2.id, hostMemberId: host2.id, recorderMemberId: recorder2.id })).json().hearing
    const preview = (id: number, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/hearings/${id}/preview`, headers: t.admin.headers, payload })

    const same = await preview(a.id, { startsAt: '2026-12-10T09:30:00+08:00', endsAt: '2026-12-10T11:30:00+08:00' })
    expect(same.statusCode, same.body).toBe(200)
    expect(same.json().problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([])
    expect(same.json().ruleset.label).toBe(a.rulesetLabel)

    const clash = await preview(a.id, { startsAt: '2026-12-11T10:00:00+08:00', endsAt: '2026-12-11T12:00:00+08:00', venueId: f.venue2.id })
    expect(clash.statusCode, clash.body).toBe(200)
    const types = clash.json().problems.map((p: { type: string, severity: string }) => `${p.type}:${p.severity}`)
    expect(types).toContain('venue_double_booked:error')
    expect(clash.json().problems.find((p: { type: string }) => p.type === 'venue_double_booked').message).toContain(f.matter.number)

    // taking B's host is a double booking of that person
    const person = await preview(a.id, { startsAt: '2026-12-11T10:00:00+08:00', endsAt: '2026-12-11T12:00:00+08:00', hostMemberId: host2.id })
    expect(person.json().problems.map((p: { type: string, subject: { kind: string } }) => `${p.type}:${p.subject.kind}`)).toContain('person_double_booked:host')

    const stored = await t.app.inject({ method: 'GET', url: `/api/v1/hearings/${a.id}`, headers: t.admin.headers })
    expect(stored.json()).toMatchObject({ venueId: f.venue.id, version: a.version, startsAt: a.startsAt })
    const refused = await preview(b.id, { startsAt: '2026-12-11T12:00:00+08:00', endsAt: '2026-12-11T10:00:00+08:00' })
    expect(refused.statusCode).toBe(422)
    const missing = await preview(99999, {})
    expect(missing.statusCode).toBe(404)
  })
})

describe('GET /hearings/:id names what can be done next', () => {
  test('a scheduled hearing offers notify, postpone, terminate and cancel, and the grounds that fit before service', async () => {
    const f = await hearingFixture()
    const created = (await f.create()).json().hearing
    const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${created.id}`, headers: f.t.admin.headers })
    expect(res.statusCode, res.body).toBe(200)
    const detail = res.json()
    expect(detail.editable).toBe(true)
    expect(detail.actions).toEqual([
      { action: 'notify', label: '已送达通知', needsReason: false, needsNewTime: false },
      { action: 'postpone', label: '延期', needsReason: true, needsNewTime: true },
      { action: 'terminate', label: '终结', needsReason: true, needsNewTime: false },
      { action: 'cancel', label: '取消', needsReason: true, needsNewTime: false }
    ])
    expect(detail.terminationGrounds.map((g: { code: string, applies: boolean, needsReason: boolean }) => `${g.code}:${g.applies}:${g.needsReason}`))
      .toEqual(['withdrawal:true:false', 'unexcused_absence:false:false', 'left_without_permission:false:false', 'other:true:true'])
    expect(detail.terminationGrounds[0].name).toBe('信访人撤回听证申请')

    const cancelled = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${created.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: detail.version, reason: '信访人已撤回信访事项' } })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    const after = (await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${created.id}`, headers: f.t.admin.headers })).json()
    expect(after).toMatchObject({ editable: false, actions: [] })
    expect(after.terminationGrounds.every((g: { applies: boolean }) => !g.applies)).toBe(true)
  })
})
