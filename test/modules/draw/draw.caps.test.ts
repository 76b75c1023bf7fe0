import { describe, expect, test } from 'vitest'
import { aMatter, aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'

type Group = { reasons: { code: string, message: string }[], memberIds: number[] }
const officer = { roleHost: true, roleRecorder: true }

/** The caps (national defaults: 2 a week, 4 a month) counted by the draw from the stored hearings of the week and month. */
describe('the draw counts each member\'s other hearings in the hearing\'s week and month', () => {
  test('two seats this week or four this month keep a member out, with the count in the reason; the hearing itself is not counted', async () => {
    const f = await hearingFixture()
    const weekly = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '周满听证员', ...officer })
    const monthly = aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: '月满听证员', ...officer })
    const free = Array.from({ length: 4 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `渤海听证员${i + 1}`, ...officer }))
    const other = () => aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id, villageId: f.regions.villageA.id }).id
    const book = async (day: string, seat: Record<string, number>) => {
      const res = await f.create({ matterId: other(), procedure: 'simple', startsAt: `${day}T14:00:00+08:00`, endsAt: `${day}T16:00:00+08:00`, ...seat })
      expect(res.statusCode, res.body).toBe(201)
    }
    // the hearing is on Thursday 2026-12-10: Monday 7th to Sunday 13th is its week
    await book('2026-12-08', { hostMemberId: weekly.id })
    await book('2026-12-09', { recorderMemberId: weekly.id })
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-22', '2026-12-23']) await book(day, { hostMemberId: monthly.id })
    // a cancelled hearing is no booking
    const cancelledDay = (await f.create({ matterId: other(), procedure: 'simple', startsAt: '2026-12-11T14:00:00+08:00', endsAt: '2026-12-11T16:00:00+08:00', hostMemberId: free[0]!.id })).json().hearing
    const cancel = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${cancelledDay.id}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', reason: '信访人撤回', version: cancelledDay.version } })
    expect(cancel.statusCode, cancel.body).toBe(200)
    await book('2026-12-11', { hostMemberId: free[0]!.id, recorderMemberId: free[1]!.id })

    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const committed = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/draw-commitments`, headers: f.t.admin.headers, payload: {} })
    expect(committed.statusCode, committed.body).toBe(201)
    const groups: Group[] = committed.json().excluded
    const groupOf = (id: number) => groups.find((g) => g.memberIds.includes(id))
    expect(groupOf(weekly.id)?.reasons).toEqual([{ code: 'cap_week_exceeded', message: '本周已安排 2 场，达到每周上限 2 场' }])
    expect(groupOf(monthly.id)?.reasons).toEqual([{ code: 'cap_month_exceeded', message: '本月已安排 4 场，达到每月上限 4 场' }])
    // one hearing this week (the cancelled one does not count): below both caps
    expect(groupOf(free[0]!.id)).toBeUndefined()
    expect(committed.json().eligibleCount).toBe(4)
  })
})
