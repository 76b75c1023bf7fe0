import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { membersTable, panelDrawsTable, hearingParticipantsTable } from '../../../db/schema/index.js'
import { completeDraw, conductDraw, prepareDraw } from '../../../server/modules/draw/draw.algorithm.js'
import { nextRound } from '../../../server/modules/draw/draw.rounds.js'
import { DRAW_ALGORITHM_V1 } from '../../../server/modules/draw/draw.commitment.js'
import { unpackStoredDraw } from '../../../server/modules/hearings/hearings.panel.rules.js'
import type { DrawRecord } from '../../../server/modules/draw/draw.types.js'
import { recomputeCommitment, recomputeRecord, type PublishedCommitment, type PublishedRound } from '../../../web/src/views/hearings/draw/recompute.js'
import { aMember } from '../../helpers/factories.js'
import { hearingFixture } from '../hearings/hearings.fixture.js'
import { DEPUTY, LAWYER, pool, secret } from './draw.fixtures.js'

/*
 * The browser's own recomputation (web/src/views/hearings/draw/recompute.ts, written from docs/draw-algorithm.md)
 * against draws the server really makes: through the API for the published record as a witness reads it, and
 * through the draw kernel for the v1 records still verified. It must agree with every commitment, seed and pick,
 * and say where a tampered record stops agreeing.
 */

type Fixture = Awaited<ReturnType<typeof hearingFixture>>
type ApiRound = { round: number, pending: boolean, commitment: string, detail: unknown }
const officer = { roleHost: false, roleRecorder: false }

function client (f: Fixture, hearingId: number) {
  const url = `/api/v1/hearings/${hearingId}`
  return {
    post: (path: string, payload: Record<string, unknown>) => f.t.app.inject({ method: 'POST', url: `${url}${path}`, headers: f.t.admin.headers, payload }),
    get: (path: string) => f.t.app.inject({ method: 'GET', url: `${url}${path}`, headers: f.t.admin.headers })
  }
}

/** What GET …/draws publishes: the revealed rounds' records, and the commitment waiting for its reveal. */
async function published (c: ReturnType<typeof client>) {
  const res = await c.get('/draws')
  expect(res.statusCode).toBe(200)
  const rounds = res.json().rounds as ApiRound[]
  return {
    revealed: rounds.filter((r) => !r.pending).map((r) => r.detail as PublishedRound),
    pending: rounds.filter((r) => r.pending).map((r) => r.detail as PublishedCommitment)[0] ?? null,
    commitments: rounds.map((r) => r.commitment)
  }
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** A record as a witness would read it from JSON, with one change made to it. */
function tampered (rounds: readonly PublishedRound[], change: (r: PublishedRound[]) => void) {
  const r = copy(rounds) as PublishedRound[]
  change(r)
  return r
}

describe('recompute.ts agrees with the server on real draws', () => {
  test('composition rules and the three tiers: the commitment checks before the reveal; after it every step is reproduced', async () => {
    const f = await hearingFixture()
    // the township has plain officers and one lawyer; the only deputy is in the county's other township, one more lawyer in another county
    const own = Array.from({ length: 6 }, () => aMember(f.t.db, { homeRegionId: f.regions.townA.id, ...officer }))
    const lawyer = aMember(f.t.db, { homeRegionId: f.regions.townA.id, professions: ['lawyer'], ...officer })
    const deputy = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, sourceCategory: 'deputy', consentCrossRegion: true, ...officer })
    const county = Array.from({ length: 2 }, () => aMember(f.t.db, { homeRegionId: f.regions.villageA2.id, consentCrossRegion: true, ...officer }))
    const city = [aMember(f.t.db, { homeRegionId: f.regions.townB.id, consentCrossRegion: true, professions: ['lawyer'], ...officer })]
    const { hearing } = (await f.create()).json()
    const c = client(f, hearing.id)

    const committed = await c.post('/draw-commitments', { witnessName: '王见证' })
    expect(committed.statusCode).toBe(201)
    expect(committed.json()).toMatchObject({ eligibleCount: own.length + 2 + county.length + city.length, seats: 5 })
    const before = await published(c)
    expect(before.revealed).toEqual([])
    // before the reveal the secret is hidden, yet the commitment already follows from the published list and rules
    expect(await recomputeCommitment(before.pending!)).toMatchObject({ ok: true })
    expect(before.pending!.commitment).toBe(committed.json().commitment)
    expect(await recomputeCommitment({ ...before.pending!, spec: { ...before.pending!.spec, seats: 4 } })).toMatchObject({ ok: false })

    const drawn = await c.post('/draws', { witnessValue: '20261128', witnessName: '王见证' })
    expect(drawn.statusCode).toBe(201)
    const { revealed } = await published(c)
    const result = await recomputeRecord(revealed)
    expect(result).toMatchObject({ ok: true, issues: [] })
    const draw = revealed[0]!.draw!
    expect(draw.commitment).toBe(committed.json().commitment)
    expect(draw.official).toEqual(drawn.json().official)
    expect(draw.official).toContain(deputy.id)
    expect(draw.official.some((id) => id === lawyer.id || id === city[0]!.id)).toBe(true)
    // the steps: the lawyer seat from the township (tier 0), the deputy seat from the county (tier 1), the rest from the township
    expect(result.rounds[0]!.steps.map((s) => [s.phase, s.tier, s.ok])).toEqual([
      ['composition', 0, true], ['composition', 1, true], ['open', 0, true], ['open', 0, true], ['open', 0, true], ['alternate', 0, true], ['alternate', 0, true]
    ])
    expect(result.rounds[0]!.steps.map((s) => s.id)).toEqual(draw.steps.map((s) => s.id))
    // the commitment recomputed here, for the witness to compare with the one signed on paper
    expect(result.rounds[0]!.commitment).toBe(committed.json().commitment)
    expect((await c.get('/draws/verification')).json()).toMatchObject({ valid: true })

    // tampered records: another witness value, a changed pick, a list with one more member, another secret
    const witness = await recomputeRecord(tampered(revealed, (r) => { r[0]!.draw!.witnessValue = '20261129' }))
    expect(witness.ok).toBe(false)
    expect(witness.issues.join()).toMatch(/种子/)
    const pick = await recomputeRecord(tampered(revealed, (r) => { r[0]!.draw!.steps[2]!.index += 1 }))
    expect(pick).toMatchObject({ ok: false, rounds: [expect.objectContaining({ ok: false, firstBadStep: 3 })] })
    expect(pick.issues).toContain('第 1 轮：第 3 步与公布的不同')
    const added = await recomputeRecord(tampered(revealed, (r) => { r[0]!.draw!.spec.candidates!.push({ id: 99999, attributes: {}, tier: 0 }) }))
    expect(added.issues.join()).toMatch(/承诺值与抽取条件不符/)
    const other = await recomputeRecord(tampered(revealed, (r) => { r[0]!.draw!.serverSecret = secret('other') }))
    expect(other.issues.join()).toMatch(/服务器随机数与其哈希不符/)
  })

  test('a member suspended between commitment and reveal is skipped; the skip is reproduced and removing it shows the difference', async () => {
    const f = await hearingFixture()
    const members = Array.from({ length: 8 }, () => aMember(f.t.db, { homeRegionId: f.regions.townA.id, ...officer }))
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const c = client(f, hearing.id)
    expect((await c.post('/draw-commitments', {})).statusCode).toBe(201)
    // a witness value for which the list as committed would seat the member suspended next
    const row = f.t.db.select().from(panelDrawsTable).where(eq(panelDrawsTable.hearingId, hearing.id)).get()!
    const pending = unpackStoredDraw(row.record)
    if (pending.kind !== 'commitment') throw new Error('expected a commitment')
    const suspended = members[2]!
    const value = Array.from({ length: 50 }, (_, i) => String(i)).find((v) => completeDraw(pending.prepared, { serverSecret: pending.serverSecret, witnessValue: v }).official.includes(suspended.id))!
    expect(value).toBeDefined()
    f.t.db.update(membersTable).set({ status: 'suspended' }).where(eq(membersTable.id, suspended.id)).run()

    const drawn = await c.post('/draws', { witnessName: '钱见证', witnessValue: value })
    expect(drawn.statusCode).toBe(201)
    expect(drawn.json().official).not.toContain(suspended.id)
    const { revealed } = await published(c)
    const draw = revealed[0]!.draw!
    expect(draw.excludedAtReveal!.flatMap((g) => g.memberIds)).toEqual([suspended.id])
    const result = await recomputeRecord(revealed)
    expect(result.ok).toBe(true)
    const skipped = result.rounds[0]!.steps.filter((s) => s.skipped)
    expect(skipped.map((s) => s.id)).toEqual([suspended.id])
    expect(skipped[0]!.skipped).toEqual(['not_active'])

    const removed = await recomputeRecord(tampered(revealed, (r) => { delete r[0]!.draw!.excludedAtReveal }))
    expect(removed.ok).toBe(false)
    expect(removed.rounds[0]!.firstBadStep).toBe(draw.steps.findIndex((s) => s.skipped) + 1)
    const stranger = await recomputeRecord(tampered(revealed, (r) => { r[0]!.draw!.excludedAtReveal![0]!.memberIds = [suspended.id, 99999] }))
    expect(stranger.issues.join()).toMatch(/揭示时排除的人员记录不合规则/)
  })

  test('declines use up the alternates; the witnessed replacement round is recomputed with the promotions and the seat it fills', async () => {
    const f = await hearingFixture()
    Array.from({ length: 6 }, () => aMember(f.t.db, { homeRegionId: f.regions.townA.id, ...officer }))
    const { hearing } = (await f.create({ procedure: 'simple', panelSize: 3 })).json()
    const c = client(f, hearing.id)
    // the first round in one step with an empty witness value
    const first = await c.post('/draws', { witnessName: '钱见证' })
    expect(first.statusCode).toBe(201)
    const d = first.json() as { official: number[], alternates: number[] }
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      expect((await c.post(`/participants/${seat.id}/response`, { response: 'declined', reason: '出差' })).statusCode).toBe(200)
    }
    await decline(d.official[0]!)
    await decline(d.official[1]!)
    const committed = await c.post('/draw-commitments', { witnessName: '赵见证' })
    expect(committed.json()).toMatchObject({ round: 4, seats: 1 })
    const waiting = await published(c)
    expect(await recomputeCommitment(waiting.pending!)).toMatchObject({ ok: true })
    expect((await recomputeRecord(waiting.revealed)).ok).toBe(true)
    expect((await c.post('/draws', { witnessValue: '20261201' })).statusCode).toBe(201)

    const { revealed } = await published(c)
    expect(revealed.map((r) => [r.round, r.draw === null, r.fillsSeats ?? null])).toEqual([[1, false, null], [2, true, null], [3, true, null], [4, false, [2]]])
    expect(revealed[0]!.draw!.witnessValue).toBe('')
    const result = await recomputeRecord(revealed)
    expect(result).toMatchObject({ ok: true, issues: [] })
    expect(result.rounds.map((r) => [r.round, r.kind, r.ok])).toEqual([[1, 'initial', true], [2, 'replacement', true], [3, 'replacement', true], [4, 'redraw', true]])
    expect(revealed[1]!.promotions).toEqual([{ seat: 1, vacated: d.official[0], promoted: d.alternates[0] }])

    const promotions = await recomputeRecord(tampered(revealed, (r) => { r[1]!.promotions = [] }))
    expect(promotions.issues).toContain('第 2 轮：递补顺序与规则不符')
    const fills = await recomputeRecord(tampered(revealed, (r) => { r[3]!.fillsSeats = [3] }))
    expect(fills.issues).toContain('第 4 轮：补抽的席位与空缺席位不符')
    const reused = await recomputeRecord(tampered(revealed, (r) => { r[3]!.draw!.spec.seats = 2 }))
    expect(reused.issues.join()).toMatch(/补抽的席位数或组成要求与规则不符/)
  })

  test('v1 records: the worked example of docs/draw-algorithm.md, its skipped variant, and a redraw inside a decline', async () => {
    const golden = conductDraw({ candidates: pool(20), rules: [LAWYER, DEPUTY], seats: 5, alternates: 2, algorithmVersion: DRAW_ALGORITHM_V1 }, { serverSecret: secret('golden'), witnessValue: '20261128' })
    const rounds = copy(golden.rounds) as unknown as PublishedRound[]
    const result = await recomputeRecord(rounds)
    expect(result).toMatchObject({ ok: true, issues: [] })
    expect(rounds[0]!.draw!.commitment).toBe('a9b12fac2128c14ed25aebfe279d4dcee45efaa98940e788a1ca6d09585d4a8d')
    expect(result.rounds[0]!.steps.map((s) => [s.poolSize, s.index, s.id])).toEqual([[5, 3, 16], [4, 1, 10], [18, 11, 13], [17, 13, 17], [16, 9, 11], [15, 5, 6], [14, 4, 5]])

    const booked = { reasons: [{ code: 'double_booked', message: '已有其他听证安排' }], memberIds: [16] }
    const suspended = { reasons: [{ code: 'not_active', message: '状态为“暂停”' }], memberIds: [13] }
    const entropy = { serverSecret: secret('golden'), witnessValue: '20261128' }
    const skippedDraw = completeDraw(prepareDraw({ candidates: pool(20), rules: [LAWYER, DEPUTY], seats: 5, alternates: 2, algorithmVersion: DRAW_ALGORITHM_V1 }, entropy.serverSecret), entropy, [booked, suspended])
    const panel = { official: skippedDraw.official, alternates: skippedDraw.alternates }
    const skipped = copy([{ round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw: skippedDraw, panel }]) as unknown as PublishedRound[]
    const again = await recomputeRecord(skipped)
    expect(again.ok).toBe(true)
    expect(again.rounds[0]!.steps.map((s) => [s.index, s.id, s.skipped ?? null])).toEqual([[3, 16, ['double_booked']], [1, 8, null], [3, 20, null], [13, 15, null], [9, 11, null], [5, 6, null], [4, 5, null], [4, 7, null]])

    // v1: when the alternates run out the seat is drawn inside the decline (empty witness value)
    let record: DrawRecord = conductDraw({ candidates: pool(12), rules: [LAWYER], seats: 3, alternates: 1, algorithmVersion: DRAW_ALGORITHM_V1 }, { serverSecret: secret('v1-first'), witnessValue: '7' })
    record = nextRound(record, { exclude: [record.panel.official[0]!], reason: '谢绝' })
    record = nextRound(record, { exclude: [record.panel.official[1]!], reason: '谢绝', entropy: { serverSecret: secret('v1-redraw') } })
    expect(record.rounds[2]!.draw).not.toBeNull()
    const v1Rounds = copy(record.rounds) as unknown as PublishedRound[]
    expect(await recomputeRecord(v1Rounds)).toMatchObject({ ok: true, issues: [] })
    const wrongSeat = await recomputeRecord(tampered(v1Rounds, (r) => { r[2]!.panel.official.reverse() }))
    expect(wrongSeat.issues).toContain('第 3 轮：名单与重算结果不符')
  })

  test('without local-first every tier is drawn together, exactly as the server draws', async () => {
    const candidates = pool(30, (id) => ({ local: id % 3 === 0 }))
    const record = conductDraw({ candidates, rules: [LAWYER, DEPUTY], seats: 5, alternates: 3, localFirst: false }, { serverSecret: secret('spread'), witnessValue: '见证值 ✓' })
    const rounds = copy(record.rounds) as unknown as PublishedRound[]
    const result = await recomputeRecord(rounds)
    expect(result.ok).toBe(true)
    expect(result.rounds[0]!.steps.filter((s) => s.phase === 'open')[0]!.poolSize).toBe(28)
  })
})
