import { describe, expect, test } from 'vitest'
import { hearingParticipantsTable, panelDrawsTable } from '../../../db/schema/index.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

async function simpleHearingWithPool (poolSize = 8) {
  const f = await hearingFixture()
  const pool = Array.from({ length: poolSize }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false }))
  const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
  const url = `/api/v1/hearings/${hearing.id}`
  return { ...f, pool, hearing, url }
}

describe('the panel draw', () => {
  test('commit first (eligible list and commitment, nothing drawn), then reveal with the witness value; the draw verifies', async () => {
    const f = await simpleHearingWithPool()
    const insider = aMember(f.t.db, { homeRegionId: f.regions.townA.id, employerOrganisationId: f.respondent.id, name: '住建局干部' })
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
    const others = Array.from({ length: 10 }, () => aMember(f.t.db, { homeRegionId: f.regions.townA.id, roleHost: false, roleRecorder: false }))
    const lawyer = aMember(f.t.db, { homeRegionId: f.regions.townA.id, professions: ['lawyer'], roleHost: false })
    const deputy = aMember(f.t.db, { homeRegionId: f.regions.townA.id, sourceCategory: 'deputy', roleHost: false })
    const { hearing } = (await f.create()).json()
    const d = await f.t.app.inject({ method: 'POST', url: `/api/v1/hearings/${hearing.id}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '42' } })
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
    await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '1' } })
    const row = f.t.db.select().from(panelDrawsTable).get()!
    const record = row.record as { round: { draw: { official: number[] } } }
    record.round.draw.official = [...record.round.draw.official].reverse()
    f.t.sqlite.prepare('update panel_draws set record = ? where id = ?').run(JSON.stringify(record), row.id)
    const verification = await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })
    expect(verification.json().valid).toBe(false)
  })

  test('a decline promotes the alternate, bumps the sequence, and a second draw is refused', async () => {
    const f = await simpleHearingWithPool()
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: 'x' } })).json()
    const again = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证' } })
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

  test('when no alternate is left the seat stays open until a witnessed redraw round (commitment, then reveal) fills it; verification shows every round\'s witness', async () => {
    const f = await simpleHearingWithPool(6)
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: 'y', witnessName: '王见证' } })).json()
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      return f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined', reason: '出差' } })
    }
    const activeOfficers = () => f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer')
    expect((await decline(d.official[0])).statusCode).toBe(200)
    const drawsBefore = f.t.db.select().from(panelDrawsTable).all().length
    const second = await decline(d.official[1])
    expect(second.statusCode).toBe(200)
    // nothing is drawn inside the decline: the seat is open and the panel view says a replacement round is needed
    expect(second.json().problems).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'panel_size', message: expect.stringContaining('听证员尚缺 1 人') })]))
    expect(activeOfficers()).toHaveLength(2)
    const view = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(view.state).toEqual({ drawn: true, seats: 3, filledSeats: 2, openSeats: [2], alternatesLeft: 0, replacementRoundNeeded: true, nextRound: 4, pendingCommitment: null })
    expect(view.rounds.at(-1)).toMatchObject({ round: 3, reason: '拒绝参加：出差', detail: { kind: 'replacement', draw: null, panel: { vacant: [2] } } })
    expect(f.t.db.select().from(panelDrawsTable).all()).toHaveLength(drawsBefore + 1)
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json().valid).toBe(true)

    // the replacement round goes through the same routes as the first: commitment, then reveal with a witness
    const committed = await f.t.app.inject({ method: 'POST', url: `${f.url}/draw-commitments`, headers: f.t.admin.headers, payload: { witnessName: '赵见证' } })
    expect(committed.statusCode).toBe(201)
    expect(committed.json()).toMatchObject({ round: 4, seats: 1, alternates: 1 })
    const pendingView = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(pendingView.state.pendingCommitment).toEqual({ round: 4, commitment: committed.json().commitment })
    const redrawn = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessValue: '20261201' } })
    expect(redrawn.statusCode).toBe(201)
    const r = redrawn.json()
    expect(r).toMatchObject({ round: 4, commitment: committed.json().commitment })
    expect(r.official).toHaveLength(1)
    for (const id of [...d.official, ...d.alternates]) expect(r.official).not.toContain(id)
    const seated = activeOfficers()
    expect(seated).toHaveLength(3)
    expect(seated.find((p) => p.memberId === r.official[0])).toMatchObject({ rank: 2 })
    const after = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(after.state).toMatchObject({ openSeats: [], replacementRoundNeeded: false, nextRound: null, pendingCommitment: null })
    expect(after.rounds.at(-1)).toMatchObject({ round: 4, witnessName: '赵见证', reason: '补抽空缺席位（第 2 席）', detail: { kind: 'replacement', fillsSeats: [2] } })
    const verification = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json()
    expect(verification).toMatchObject({ valid: true, issues: [], algorithmVersion: 'tz-draw-v2' })
    expect(verification.rounds.map((x: { round: number, kind: string, witnessValue: string | null, witnessName: string | null }) => [x.round, x.kind, x.witnessValue, x.witnessName])).toEqual([
      [1, 'initial', 'y', '王见证'], [2, 'replacement', null, null], [3, 'replacement', null, null], [4, 'redraw', '20261201', '赵见证']
    ])
    // no further draw once every seat is filled
    expect((await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证' } })).json().code).toBe('hearings.panel_already_drawn')
  })

  test('a decline while a redraw commitment is pending voids it (the open seats changed); the new commitment covers both seats', async () => {
    const f = await simpleHearingWithPool(8)
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: 'q' } })).json()
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      return f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined' } })
    }
    await decline(d.official[0])
    await decline(d.official[1])
    const first = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draw-commitments`, headers: f.t.admin.headers, payload: {} })).json()
    expect(first).toMatchObject({ round: 4, seats: 1 })
    expect((await decline(d.official[2])).statusCode).toBe(200)
    const view = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(view.state).toMatchObject({ openSeats: [2, 3], nextRound: 5, pendingCommitment: null })
    expect(view.rounds.map((x: { pending: boolean }) => x.pending)).not.toContain(true)
    const second = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draw-commitments`, headers: f.t.admin.headers, payload: {} })).json()
    expect(second).toMatchObject({ round: 5, seats: 2 })
    expect((await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '7' } })).statusCode).toBe(201)
    expect(f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer')).toHaveLength(3)
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json()).toMatchObject({ valid: true, issues: [] })
  })

  test('an alternate suspended since the draw is not promoted: the round says why, the seat stays open for a witnessed redraw', async () => {
    const f = await simpleHearingWithPool(6)
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: 'x' } })).json()
    const alternate = f.pool.find((m) => m.id === d.alternates[0])!
    expect((await f.t.app.inject({ method: 'POST', url: `/api/v1/pool/members/${alternate.id}/suspend`, headers: f.t.admin.headers, payload: { reason: '涉嫌违纪，暂停听证员资格', version: alternate.version } })).statusCode).toBe(200)
    const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === d.official[0] && p.active)!
    const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined', reason: '出差' } })
    expect(res.statusCode).toBe(200)
    const officers = f.t.db.select().from(hearingParticipantsTable).all().filter((p) => p.active && p.kind === 'officer').map((p) => p.memberId)
    expect(officers).not.toContain(alternate.id)
    expect(officers).toHaveLength(2)
    const row = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === alternate.id)!
    expect(row).toMatchObject({ active: false, kind: 'alternate', endedReason: '候补不再符合条件：状态为“暂停”，不在可抽取之列' })
    const view = (await f.t.app.inject({ method: 'GET', url: `${f.url}/draws`, headers: f.t.admin.headers })).json()
    expect(view.rounds[1].detail).toMatchObject({
      promotions: [],
      alternatesExcluded: [{ reasons: [{ code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }], memberIds: [alternate.id] }],
      panel: { alternates: [], vacant: [1] }
    })
    expect(view.state).toMatchObject({ openSeats: [1], replacementRoundNeeded: true })
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json()).toMatchObject({ valid: true, issues: [] })
    // the redraw never draws the suspended alternate again
    const redrawn = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '5' } })).json()
    expect([...redrawn.official, ...redrawn.alternates]).not.toContain(alternate.id)
    expect((await f.t.app.inject({ method: 'GET', url: `${f.url}/draws/verification`, headers: f.t.admin.headers })).json()).toMatchObject({ valid: true })
  })

  test('too few eligible members: the draw is refused with scheduling.pool_too_small and nothing is stored', async () => {
    const f = await simpleHearingWithPool(2)
    const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证' } })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('scheduling.pool_too_small')
    expect(f.t.db.select().from(panelDrawsTable).all()).toHaveLength(0)
  })

  test('recusal: an officer recused by the host is replaced; a request against the host must be decided by the agency head', async () => {
    const f = await simpleHearingWithPool()
    const d = (await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: 'z' } })).json()
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
