import { describe, expect, test } from 'vitest'
import { hearingParticipantsTable, panelDrawsTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

async function simpleHearingWithPool (poolSize = 8) {
  const f = await hearingFixture()
  const pool = Array.from({ length: poolSize }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false }))
  const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
  const url = `/api/v1/hearings/${hearing.id}`
  return { ...f, pool, hearing, url }
}

describe('the panel draw', () => {
  test('commit first (eligible list and commitment, nothing drawn), then reveal with the witness value; the draw verifies', async () => {
    const f = await simpleHearingWithPool()
    const insider = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, employerOrganisationId: f.respondent.id, name: '住建局干部' })
    const committed = await f.t.app.inject({ method: 'POST', url: `${f.url}/draw-commitments`, headers: f.t.admin.headers, payload: { witnessName: '王见证' } })
    expect(committed.statusCode).toBe(201)
    const c = committed.json()
    expect(c.commitment).toMatch(/^[0-9a-f]{64}$/)
    expect(c).toMatchObject({ eligibleCount: 8, seats: 3, alternates: 1 })
    // exclusions come grouped by their reasons
    type Group = { reasons: { code: string }[], memberIds: number[] }
    const excludedIds = c.excluded.flatMap((g: Group) => g.memberIds)
    expect(excludedIds).toEqual(expect.arrayContaining([f.host.id, f.recorder.id, insider.id]))
    expect(new Set(excludedIds).size).toBe(excludedIds.length)
    expect(c.excluded.find((g: Group) => g.memberIds.includes(insider.id)).reasons.map((r: { code: string }) => r.code)).toEqual(['employed_by_respondent'])
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(0)
    const pendingRecord = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(JSON.stringify(pendingRecord)).not.toContain('serverSecret"')

    const drawn = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: '8241', witnessName: '王见证' } })
    expect(drawn.statusCode).toBe(201)
    const d = drawn.json()
    expect(d.commitment).toBe(c.commitment)
    expect(d.official).toHaveLength(3)
    expect(d.alternates).toHaveLength(1)
    const poolIds = f.pool.map((m) => m.id)
    for (const id of [...d.official, ...d.alternates]) expect(poolIds).toContain(id)
    expect(new Set([...d.official, ...d.alternates]).size).toBe(4)
    expect(d.hearing.sequence).toBe(1)
    const seats = f.t.db.select().from(hearingParticipantsTable).all()
    expect(seats.filter((p) => p.kind === 'officer').map((p) => p.memberId)).toEqual(d.official)

    const verification = await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })
    expect(verification.json()).toMatchObject({ valid: true, issues: [] })
  })

  test('a general hearing seats at least one lawyer and one deputy, drawn first from the pool\'s own codes', async () => {
    const f = await hearingFixture()
    const others = Array.from({ length: 10 }, () => aMember(f.t.db, { homeRegionId: f.regions.townA2.id, roleHost: false, roleRecorder: false }))
    const lawyer = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, professions: ['lawyer'], roleHost: false })
    const deputy = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, sourceCategory: 'deputy', roleHost: false })
    const { hearing } = (await f.create()).json()
    const d = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/draws`, headers: f.t.admin.headers, payload: { witnessValue: '42' } })
    expect(d.statusCode).toBe(201)
    const official = d.json().official as number[]
    expect(official).toHaveLength(5)
    expect(official).toContain(lawyer.id)
    expect(official).toContain(deputy.id)
    expect(others.length).toBe(10)
    const detail = await f.t.app.inject({ method: 'GET', url: `/api/v1/hearings/${hearing.id}`, headers: f.t.admin.headers })
    expect(detail.json().problems).toEqual([])
  })

  test('a tampered stored draw fails verification', async () => {
    const f = await simpleHearingWithPool()
    await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: '1' } })
    const row = f.t.db.select().from(panelDrawsTable).get()!
    const record = row.record as { round: { draw: { official: number[] } } }
    record.round.draw.official = [...record.round.draw.official].reverse()
    f.t.sqlite.prepare('update panel_draws set record = ? where id = ?').run(JSON.stringify(record), row.id)
    const verification = await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })
    expect(verification.json().valid).toBe(false)
  })

  test('a decline promotes the alternate, bumps the sequence, and a second draw is refused', async () => {
    const f = await simpleHearingWithPool()
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: 'x' } })).json()
    const again = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: {} })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('hearings.panel_already_drawn')
    const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === d.official[0])!
    const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined', reason: '出差' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().hearing.sequence).toBe(2)
    const officers = f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer').map((p) => p.memberId)
    expect(officers).toHaveLength(3)
    expect(officers).toContain(d.alternates[0])
    expect(officers).not.toContain(d.official[0])
    const declined = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.id === seat.id)!
    expect(declined).toMatchObject({ active: false, response: 'declined', responseReason: '出差' })
    const twice = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'accepted' } })
    expect(twice.statusCode).toBe(404)
    const record = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(record.rounds.map((r: { round: number, reason: string | null }) => [r.round, r.reason])).toEqual([[1, null], [2, '拒绝参加：出差']])
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json().valid).toBe(true)
  })

  test('when no alternate is left a new round is drawn from members never picked before', async () => {
    const f = await simpleHearingWithPool(6)
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: 'y' } })).json()
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      return f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined' } })
    }
    expect((await decline(d.official[0])).statusCode).toBe(200)
    expect((await decline(d.official[1])).statusCode).toBe(200)
    const officers = f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer').map((p) => p.memberId!)
    expect(officers).toHaveLength(3)
    for (const id of [d.official[0], d.official[1]]) expect(officers).not.toContain(id)
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json().valid).toBe(true)
  })

  test('too few eligible members: the draw is refused with scheduling.pool_too_small and nothing is stored', async () => {
    const f = await simpleHearingWithPool(2)
    const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: {} })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('scheduling.pool_too_small')
    expect(f.t.db.select().from(panelDrawsTable).all()).toHaveLength(0)
  })

  test('recusal: an officer recused by the host is replaced; a request against the host must be decided by the agency head', async () => {
    const f = await simpleHearingWithPool()
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: 'z' } })).json()
    const req = await f.t.app.inject({ method: 'POST', url: `${f.url}/recusal-requests`, headers: f.t.admin.headers, payload: { targetKind: 'officer', targetMemberId: d.official[1], requestedBy: '信访人王信访', reason: '该听证员与被反映单位负责人系同学' } })
    expect(req.statusCode).toBe(201)
    const wrong = await f.t.app.inject({ method: 'POST', url: `${f.url}/recusal-requests/${req.json().id}/decision`, headers: f.t.admin.headers, payload: { decision: 'granted', decidedBy: '局长', deciderRole: 'agency_head', reason: '理由成立' } })
    expect(wrong.json().code).toBe('hearings.recusal_wrong_decider')
    const ok = await f.t.app.inject({ method: 'POST', url: `${f.url}/recusal-requests/${req.json().id}/decision`, headers: f.t.admin.headers, payload: { decision: 'granted', decidedBy: '李主持', deciderRole: 'host', reason: '理由成立' } })
    expect(ok.statusCode).toBe(200)
    const officers = f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer').map((p) => p.memberId)
    expect(officers).not.toContain(d.official[1])
    expect(officers).toHaveLength(3)

    const hostReq = (await f.t.app.inject({ method: 'POST', url: `${f.url}/recusal-requests`, headers: f.t.admin.headers, payload: { targetKind: 'host', targetMemberId: f.host.id, requestedBy: '信访人', reason: '主持人曾参与调查' } })).json()
    const granted = await f.t.app.inject({ method: 'POST', url: `${f.url}/recusal-requests/${hostReq.id}/decision`, headers: f.t.admin.headers, payload: { decision: 'granted', decidedBy: '张局长', deciderRole: 'agency_head', reason: '曾参与调查' } })
    expect(granted.json().problems).toEqual([expect.objectContaining({ type: 'recusal', code: 'recusal_granted', subject: expect.objectContaining({ kind: 'host' }) })])
  })
})

describe('other participants', () => {
  test('a respondent representative is added by name and bumps the sequence; an unknown pool member is 404 and nothing is added', async () => {
    const f = await simpleHearingWithPool(3)
    const rep = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants`, headers: f.t.admin.headers, payload: { kind: 'respondent_rep', name: '孙承办', organisation: '东城区住房和城乡建设局' } })
    expect(rep.statusCode).toBe(201)
    expect(rep.json()).toMatchObject({ participant: { kind: 'respondent_rep', name: '孙承办' }, hearing: { sequence: 1 } })
    const volunteer = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, roleOfficer: false, roleThirdParty: true })
    const third = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants`, headers: f.t.admin.headers, payload: { kind: 'third_party', memberId: volunteer.id } })
    expect(third.statusCode).toBe(201)
    const unknown = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants`, headers: f.t.admin.headers, payload: { kind: 'third_party', memberId: 99999 } })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('hearings.member_not_found')
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(2)
  })
})
