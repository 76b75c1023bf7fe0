import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { hearingEventsTable, hearingParticipantsTable, panelDrawsTable } from '../../../db/schema/index.js'
import { completeDraw } from '../../../server/modules/draw/draw.algorithm.js'
import type { RevealExclusion, DrawStep } from '../../../server/modules/draw/draw.types.js'
import { unpackStoredDraw } from '../../../server/modules/hearings/hearings.panel.rules.js'
import { aMatter, aMember, aVenue } from '../../helpers/factories.js'
import { hearingFixture } from './hearings.fixture.js'

type Fixture = Awaited<ReturnType<typeof hearingFixture>>
type Drawn = { official: number[], alternates: number[], excludedAtReveal: RevealExclusion[] }
type StoredDraw = { official: number[], steps: DrawStep[], excludedAtReveal?: RevealExclusion[] }

/** A township hearing fixture with `size` members of the township who can only sit as officers. */
async function withPool (size: number) {
  const f = await hearingFixture()
  const pool = Array.from({ length: size }, (_, i) => aMember(f.t.db, { homeRegionId: f.regions.townA.id, name: `听证员${i + 1}`, roleHost: false, roleRecorder: false }))
  return { ...f, pool }
}

/** A simple hearing with a panel of three; a second one at the same time needs its own matter, venue, host and recorder. */
async function simpleHearing (f: Fixture, overrides: Record<string, unknown> = {}) {
  const res = await f.create({ procedure: 'simple', panelSize: 3, ...overrides })
  expect(res.statusCode).toBe(201)
  return res.json().hearing as { id: number, version: number }
}

async function overlappingHearing (f: Fixture) {
  const matter = aMatter(f.t.db, { regionId: f.regions.townA.id, respondentOrganisationId: f.respondent.id })
  const host = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '钱主持', roleOfficer: false })
  const recorder = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '孙记录', roleOfficer: false })
  const venue = aVenue(f.t.db, f.regions.townA.id, '渤海街道第二听证室')
  return simpleHearing(f, { matterId: matter.id, hostMemberId: host.id, recorderMemberId: recorder.id, venueId: venue.id, startsAt: '2026-12-10T10:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' })
}

const post = (f: Fixture, url: string, payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: f.t.admin.headers, payload })
const get = (f: Fixture, url: string) => f.t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: f.t.admin.headers })

/** The draw a pending commitment would give for a witness value if nothing had changed since (read from the stored secret). */
function plainOutcome (f: Fixture, hearingId: number, witnessValue: string) {
  const row = f.t.db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearingId)).get()!
  const pending = unpackStoredDraw(row.record)
  if (pending.kind !== 'commitment') throw new Error(`expected a commitment, found ${pending.kind}`)
  return completeDraw(pending.prepared, { serverSecret: pending.serverSecret, witnessValue })
}

function storedDraw (f: Fixture, hearingId: number): StoredDraw {
  const row = f.t.db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearingId)).get()!
  const stored = unpackStoredDraw(row.record)
  if (stored.kind !== 'round' || !stored.round.draw) throw new Error('expected a drawn round')
  return stored.round.draw
}

function activeOfficers (f: Fixture, hearingId: number) {
  return f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, hearingId)).all()
    .filter((p) => p.active && p.kind === 'officer').map((p) => p.memberId!)
}

async function verification (f: Fixture, hearingId: number) {
  return (await get(f, `/hearings/${hearingId}/draws/verification`)).json()
}

describe('revealing a committed draw re-checks the committed list against the current state', () => {
  test('two overlapping hearings committed, then revealed: no member is seated on both; the second reveal skips the first one\'s officers, says why, and verifies', async () => {
    const f = await withPool(8)
    const first = await simpleHearing(f)
    const second = await overlappingHearing(f)
    for (const h of [first, second]) expect((await post(f, `/hearings/${h.id}/draw-commitments`, { witnessName: '王见证' })).json().eligibleCount).toBe(8)

    const a = await post(f, `/hearings/${first.id}/draws`, { witnessValue: '3141' })
    expect(a.statusCode).toBe(201)
    const seatedOnFirst = (a.json() as Drawn).official
    // a witness value for which the list as committed would seat one of them again
    const value = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((v) => plainOutcome(f, second.id, v).official.some((id) => seatedOnFirst.includes(id)))!
    expect(value).toBeDefined()

    const b = await post(f, `/hearings/${second.id}/draws`, { witnessValue: value })
    expect(b.statusCode).toBe(201)
    const drawn = b.json() as Drawn
    expect(drawn.official).toHaveLength(3)
    expect(drawn.official.filter((id) => seatedOnFirst.includes(id))).toEqual([])
    expect(drawn.excludedAtReveal).toEqual([{ reasons: [{ code: 'double_booked', message: `2026年12月10日 09:00–11:00 已安排${f.matter.number}的听证（不同场所需留出 30 分钟路途时间）` }], memberIds: [...seatedOnFirst].sort((x, y) => x - y) }])

    const stored = storedDraw(f, second.id)
    expect(stored.excludedAtReveal).toEqual(drawn.excludedAtReveal)
    const skipped = stored.steps.filter((s) => s.skipped)
    expect(skipped.length).toBeGreaterThan(0)
    for (const s of skipped) {
      expect(seatedOnFirst).toContain(s.id)
      expect(s.skipped).toEqual(['double_booked'])
    }
    expect(activeOfficers(f, second.id)).toEqual(drawn.official)
    expect(activeOfficers(f, first.id).filter((id) => activeOfficers(f, second.id).includes(id))).toEqual([])

    const record = (await get(f, `/hearings/${second.id}/draws`)).json()
    expect(record.rounds[0].detail.draw.excludedAtReveal).toEqual(drawn.excludedAtReveal)
    for (const h of [first, second]) expect(await verification(f, h.id)).toMatchObject({ valid: true, issues: [] })
    expect((await get(f, `/hearings/${second.id}`)).json().problems).toEqual([])
  })

  test('a member suspended between commitment and reveal is not seated; the record says so and verifies', async () => {
    const f = await withPool(8)
    const hearing = await simpleHearing(f)
    expect((await post(f, `/hearings/${hearing.id}/draw-commitments`, {})).statusCode).toBe(201)
    const wouldSit = plainOutcome(f, hearing.id, '2718').official[0]!
    const member = f.pool.find((m) => m.id === wouldSit)!
    const suspended = await post(f, `/pool/members/${member.id}/suspend`, { reason: '涉嫌违纪，暂停听证员资格', version: member.version })
    expect(suspended.statusCode).toBe(200)

    const res = await post(f, `/hearings/${hearing.id}/draws`, { witnessValue: '2718', witnessName: '王见证' })
    expect(res.statusCode).toBe(201)
    const drawn = res.json() as Drawn
    expect([...drawn.official, ...drawn.alternates]).not.toContain(member.id)
    expect(drawn.official).toHaveLength(3)
    expect(drawn.excludedAtReveal).toEqual([{ reasons: [{ code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }], memberIds: [member.id] }])
    const stored = storedDraw(f, hearing.id)
    expect(stored.steps[0]).toMatchObject({ id: member.id, skipped: ['not_active'] })
    expect(activeOfficers(f, hearing.id)).not.toContain(member.id)
    expect(await verification(f, hearing.id)).toMatchObject({ valid: true, issues: [] })
    const event = f.t.db.select().from(hearingEventsTable).where(eq(hearingEventsTable.hearingId, hearing.id)).all().find((e) => e.action === 'panel_drawn')!
    expect(event.details).toMatchObject({ skipped: [member.id], excludedAtReveal: drawn.excludedAtReveal })
  })

  test('when too few of the committed list still qualify, the reveal is refused with pool_too_small; the commitment stays pending and nobody is seated', async () => {
    const f = await withPool(4)
    const hearing = await simpleHearing(f)
    expect((await post(f, `/hearings/${hearing.id}/draw-commitments`, {})).statusCode).toBe(201)
    for (const m of f.pool.slice(0, 2)) expect((await post(f, `/pool/members/${m.id}/suspend`, { reason: '暂停', version: m.version })).statusCode).toBe(200)
    const res = await post(f, `/hearings/${hearing.id}/draws`, { witnessName: '钱见证', witnessValue: '1' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'scheduling.pool_too_small', eligible: 2, required: 3, excludedAtReveal: 2 })
    const rows = f.t.db.select().from(panelDrawsTable).all()
    expect(rows.map((r) => (r.record as { kind: string }).kind)).toEqual(['commitment'])
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(0)
  })

  test('a hearing cancelled after its commitment cannot be drawn', async () => {
    const f = await withPool(6)
    const hearing = await simpleHearing(f)
    expect((await post(f, `/hearings/${hearing.id}/draw-commitments`, {})).statusCode).toBe(201)
    expect((await post(f, `/hearings/${hearing.id}/transitions`, { action: 'cancel', version: hearing.version, reason: '信访人撤回听证申请' })).statusCode).toBe(200)
    const res = await post(f, `/hearings/${hearing.id}/draws`, { witnessName: '钱见证', witnessValue: '1' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('hearings.not_editable')
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(0)
  })
})

describe('every round is witnessed', () => {
  test('a reveal without a witness is refused on the field and stores nothing; a witness named with the commitment witnesses its reveal', async () => {
    const f = await withPool(6)
    const hearing = await simpleHearing(f)
    const bare = await post(f, `/hearings/${hearing.id}/draws`, { witnessValue: '1' })
    expect(bare.statusCode).toBe(422)
    expect(bare.json()).toMatchObject({ code: 'hearings.draw_witness_required', errors: [{ field: 'witnessName' }] })
    expect(bare.json().title).toBe('抽取须有见证人：请填写见证人姓名')
    expect((await post(f, `/hearings/${hearing.id}/draws`, { witnessName: '   ', witnessValue: '1' })).statusCode).toBe(400)
    expect(f.t.db.select().from(panelDrawsTable).all()).toHaveLength(0)

    expect((await post(f, `/hearings/${hearing.id}/draw-commitments`, { witnessName: '东城区政协委员 韩丽' })).statusCode).toBe(201)
    expect((await post(f, `/hearings/${hearing.id}/draws`, { witnessValue: '20261210' })).statusCode).toBe(201)
    const verification = (await get(f, `/hearings/${hearing.id}/draws/verification`)).json()
    expect(verification.rounds.map((r: { witnessName: string | null }) => r.witnessName)).toEqual(['东城区政协委员 韩丽'])
  })
})

describe('drawing without a prior commitment is one transaction', () => {
  test('a draw refused for a stale version leaves no commitment behind', async () => {
    const f = await withPool(6)
    const hearing = await simpleHearing(f)
    const res = await post(f, `/hearings/${hearing.id}/draws`, { witnessName: '钱见证', witnessValue: '1', version: hearing.version + 1 })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('request.version_conflict')
    expect(f.t.db.select().from(panelDrawsTable).all()).toHaveLength(0)
    expect(f.t.db.select().from(hearingParticipantsTable).all()).toHaveLength(0)
  })

  test('commit and reveal at once store one drawn round with the witness, and it verifies', async () => {
    const f = await withPool(6)
    const hearing = await simpleHearing(f)
    const res = await post(f, `/hearings/${hearing.id}/draws`, { witnessValue: '20261210', witnessName: '王见证', version: hearing.version })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ excludedAtReveal: [], hearing: { sequence: 1 } })
    const rows = f.t.db.select().from(panelDrawsTable).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ round: 1, witnessName: '王见证', commitment: res.json().commitment })
    expect((rows[0]!.record as { kind: string }).kind).toBe('round')
    expect(JSON.stringify(rows[0]!.record)).not.toMatch(/excludedAtReveal|skipped/)
    expect(activeOfficers(f, hearing.id)).toEqual(res.json().official)
    expect(await verification(f, hearing.id)).toMatchObject({ valid: true })
  })
})
