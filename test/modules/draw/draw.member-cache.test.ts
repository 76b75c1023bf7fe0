import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { membersTable, memberVocabularyTable, poolVocabularyTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'

type Group = { reasons: { code: string }[], memberIds: number[] }
const officer = { roleHost: false, roleRecorder: false }
const excludedFor = (groups: Group[], code: string) => groups.filter((g) => g.reasons.some((r) => r.code === code)).flatMap((g) => g.memberIds)

/** The draw keeps the city's member columns between draws; any change to the pool, by any path, must show in the next draw. */
describe('the draw\'s member columns are current at every draw', () => {
  async function twoHearings () {
    const f = await hearingFixture()
    const members = Array.from({ length: 6 }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `渤海听证员${i + 1}`, ...officer }))
    const first = (await f.create({ procedure: 'simple', panelSize: 3 })).json().hearing
    const second = (await f.create({ procedure: 'simple', panelSize: 3, startsAt: '2026-12-17T09:00:00+08:00', endsAt: '2026-12-17T11:00:00+08:00' })).json().hearing
    const commit = (id: number) => f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${id}/draw-commitments`, headers: f.t.admin.headers, payload: {} })
    return { f, members, first, second, commit }
  }

  test('a member changed by plain SQL after a draw (status, region, consent) is judged anew by the next one', async () => {
    const { f, members, first, second, commit } = await twoHearings()
    const before = await commit(first.id)
    expect(before.statusCode).toBe(201)
    expect(before.json().eligibleCount).toBe(6)

    // writes that bypass every service: the pool revision trigger is what tells the draw
    f.t.db.update(membersTable).set({ status: 'suspended' }).where(eq(membersTable.id, members[0]!.id)).run()
    f.t.db.update(membersTable).set({ homeRegionId: f.regions.townB.id }).where(eq(membersTable.id, members[1]!.id)).run()
    const after = await commit(second.id)
    expect(after.statusCode).toBe(201)
    expect(after.json().eligibleCount).toBe(4)
    expect(excludedFor(after.json().excluded, 'not_active')).toContain(members[0]!.id)
    expect(excludedFor(after.json().excluded, 'cross_region_no_consent')).toContain(members[1]!.id)
  })

  test('a vocabulary change reaches the composition attributes of the next draw; a rolled-back one does not', async () => {
    const f = await hearingFixture()
    const members = Array.from({ length: 8 }, (_, i) => aMember(f.t.db, {
      homeRegionId: f.regions.townA.id, ...officer, ...(i < 2 ? { sourceCategory: 'deputy' } : {}), ...(i === 2 ? { professions: ['lawyer'] } : {})
    }))
    const first = (await f.create({ procedure: 'general', panelSize: 5 })).json().hearing
    const second = (await f.create({ procedure: 'general', panelSize: 5, startsAt: '2026-12-17T09:00:00+08:00', endsAt: '2026-12-17T11:00:00+08:00' })).json().hearing
    const commit = (id: number) => f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${id}/draw-commitments`, headers: f.t.admin.headers, payload: {} })
    const attributesOn = (hearingId: number) => {
      const pending = f.t.services.panel.record(f.t.admin.actor, hearingId).rows.find((r) => r.record.kind === 'commitment')!.record
      if (pending.kind !== 'commitment') throw new Error('no commitment')
      return new Map(pending.prepared.spec.candidates.map((c) => [c.id, c.attributes]))
    }
    expect((await commit(first.id)).statusCode).toBe(201)
    expect(attributesOn(first.id).get(members[2]!.id)!.profession).toEqual(['lawyer'])
    expect(attributesOn(first.id).get(members[4]!.id)!.profession).toBeUndefined()

    const lawyer = f.t.db.select().from(poolVocabularyTable).where(eq(poolVocabularyTable.code, 'lawyer')).get()!
    expect(() => f.t.db.transaction((tx) => {
      tx.insert(memberVocabularyTable).values({ memberId: members[5]!.id, termId: lawyer.id }).run()
      throw new Error('rolled back')
    })).toThrow('rolled back')
    f.t.db.insert(memberVocabularyTable).values({ memberId: members[4]!.id, termId: lawyer.id }).run()
    expect((await commit(second.id)).statusCode).toBe(201)
    const after = attributesOn(second.id)
    expect(after.get(members[4]!.id)!.profession).toEqual(['lawyer'])
    expect(after.get(members[5]!.id)!.profession).toBeUndefined()
    expect(after.get(members[0]!.id)!.source).toEqual(['deputy'])
  })
})
