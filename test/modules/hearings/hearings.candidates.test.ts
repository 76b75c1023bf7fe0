import { describe, expect, test } from 'vitest'
import { loadCandidates } from '../../../server/modules/hearings/hearings.repository.js'
import { hearingFixture } from './hearings.fixture.js'

describe('candidate loading', () => {
  test('earlier service on the matter is found for host and recorder alike, and only looked up for the officers asked for', async () => {
    const f = await hearingFixture()
    const created = await f.create()
    expect(created.statusCode).toBe(201)
    const hearingId = created.json().hearing.id as number
    const start = Date.parse('2026-12-20T09:00:00+08:00')
    const load = (extra: { officerIds?: number[], excludeHearingId?: number | null }) => {
      const rows = loadCandidates(f.t.db, {
        memberIds: [f.host.id, f.recorder.id],
        localPath: '/',
        hearing: { start, end: start + 7_200_000, monthStart: start - 20 * 86_400_000, monthEnd: start + 11 * 86_400_000 },
        matterId: f.matter.id,
        petitionerIdNumbers: [],
        handlingRoles: new Map(),
        ...extra
      })
      return Object.fromEntries(rows.map((r) => [r.id, r.servedMatterIds]))
    }
    expect(load({})).toEqual({ [f.host.id]: [f.matter.id], [f.recorder.id]: [f.matter.id] })
    expect(load({ officerIds: [f.recorder.id] })).toEqual({ [f.host.id]: [], [f.recorder.id]: [f.matter.id] })
    expect(load({ officerIds: [] })).toEqual({ [f.host.id]: [], [f.recorder.id]: [] })
    expect(load({ excludeHearingId: hearingId })).toEqual({ [f.host.id]: [], [f.recorder.id]: [] })
  })
})
