import { createHash, createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { completeDraw, conductDraw, prepareDraw } from '../../../server/modules/draw/draw.algorithm.js'
import { DRAW_ALGORITHM_V1, DRAW_ALGORITHM_VERSION, canonicalSpec, commitmentPayload, computeCommitment, hashServerSecret } from '../../../server/modules/draw/draw.commitment.js'
import { deriveSeed, hmacDrbg } from '../../../server/modules/draw/draw.random.js'
import { selectPanel } from '../../../server/modules/draw/draw.selection.js'
import { completeNextRound, nextRound, planNextRound, prepareRedraw, completeRedraw } from '../../../server/modules/draw/draw.rounds.js'
import { verifyDraw } from '../../../server/modules/draw/draw.verification.js'
import type { DrawRecord } from '../../../server/modules/draw/draw.types.js'
import { canonicalJson } from '../../../server/common/canonical-json.js'
import { sha256Hex } from '../../../server/common/hash.js'
import { DomainError } from '../../../server/errors.js'
import { DEPUTY, LAWYER, member, pool, secret } from './draw.fixtures.js'

function errorOf (fn: () => unknown): DomainError {
  try { fn() } catch (error) { if (error instanceof DomainError) return error; throw error }
  throw new Error('expected a DomainError')
}

const tamper = (record: DrawRecord, edit: (copy: DrawRecord) => void) => {
  const copy = structuredClone(record)
  edit(copy)
  return verifyDraw(copy)
}

describe('tz-draw-v1 building blocks', () => {
  test('seed = SHA-256(secret bytes || UTF-8 witness value); the secret is committed by its hash', () => {
    const s = secret(1)
    expect(deriveSeed(s, '见证人 12345')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from(s, 'hex'), Buffer.from('见证人 12345', 'utf8')])).digest('hex'))
    expect(hashServerSecret(s)).toBe(sha256Hex(Buffer.from(s, 'hex')))
    expect(() => deriveSeed('xyz', '')).toThrow(DomainError)
  })

  test('the random stream is HMAC-SHA256(seed, 8-byte big-endian counter), read as 32-bit big-endian words', () => {
    const seed = secret('seed')
    const drbg = hmacDrbg(seed)
    const block0 = createHmac('sha256', Buffer.from(seed, 'hex')).update(Buffer.alloc(8)).digest()
    const counter1 = Buffer.alloc(8)
    counter1.writeBigUInt64BE(1n)
    const block1 = createHmac('sha256', Buffer.from(seed, 'hex')).update(counter1).digest()
    const words = Array.from({ length: 10 }, () => drbg.nextUint32())
    expect(words.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => block0.readUInt32BE(i * 4)))
    expect(words.slice(8)).toEqual([block1.readUInt32BE(0), block1.readUInt32BE(4)])
  })

  test('integers below n reject words at or above the largest multiple of n (no modulo bias)', () => {
    const words = [2 ** 32 - 1, 2 ** 32 - 2, 7]
    const fake = { nextUint32: () => words.shift()! }
    const nextInt = (n: number) => {
      const limit = 2 ** 32 - (2 ** 32 % n)
      for (;;) { const u = fake.nextUint32(); if (u < limit) return u % n }
    }
    expect(nextInt(3)).toBe((2 ** 32 - 2) % 3)
    const drbg = hmacDrbg(secret('range'))
    for (let i = 0; i < 1000; i++) {
      const v = drbg.nextInt(7)
      expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true)
    }
    expect(() => drbg.nextInt(0)).toThrow(RangeError)
  })

  test('the commitment is SHA-256 of canonical JSON (sorted keys, candidates as id-ordered columns)', () => {
    const spec = canonicalSpec({ candidates: [member(9, { profession: ['lawyer'] }), member(3, { local: false, source: ['cppcc_member'] })], rules: [LAWYER, DEPUTY], seats: 1, alternates: 0, algorithmVersion: DRAW_ALGORITHM_V1 })
    const payload = commitmentPayload(spec, 'h')
    expect(payload).toBe(canonicalJson(JSON.parse(payload)))
    expect(JSON.parse(payload)).toEqual({
      algorithmVersion: DRAW_ALGORITHM_V1,
      alternates: 0,
      candidates: { ids: [3, 9], local: [0, 1], matches: [2, 1] },
      localFirst: true,
      rules: [
        { label: '律师', match: { anyOf: ['lawyer', 'public_lawyer'], field: 'profession' }, min: 1 },
        { label: '人大代表或政协委员', match: { anyOf: ['cppcc_member', 'npc_deputy'], field: 'source' }, min: 1 }
      ],
      seats: 1,
      serverSecretHash: 'h'
    })
    expect(computeCommitment(spec, 'h')).toBe(sha256Hex(payload))
  })

  test('candidate order and duplicate attribute values do not change the commitment; duplicate ids are refused', () => {
    const a = canonicalSpec({ candidates: [member(1, { profession: ['lawyer', 'lawyer'] }), member(2)], rules: [LAWYER], seats: 1, alternates: 0 })
    const b = canonicalSpec({ candidates: [member(2), member(1, { profession: ['lawyer'] })], rules: [{ ...LAWYER, match: { ...LAWYER.match, anyOf: ['public_lawyer', 'lawyer'] } }], seats: 1, alternates: 0 })
    expect(computeCommitment(a, 'h')).toBe(computeCommitment(b, 'h'))
    expect(errorOf(() => canonicalSpec({ candidates: [member(1), member(1)], rules: [], seats: 1, alternates: 0 })).code).toBe('scheduling.draw_invalid_input')
  })

  test('large ids are written exactly as JSON.stringify writes them', () => {
    const spec = canonicalSpec({ candidates: [member(0), member(2 ** 31), member(2 ** 40 + 7)], rules: [], seats: 1, alternates: 0 })
    expect(JSON.parse(commitmentPayload(spec, 'h')).candidates.ids).toEqual([0, 2 ** 31, 2 ** 40 + 7])
  })
})

describe('drawing a panel', () => {
  test('golden vector: this input, secret and witness value always give this panel (locks tz-draw-v1)', () => {
    const record = conductDraw({ candidates: pool(20), rules: [LAWYER, DEPUTY], seats: 5, alternates: 2, algorithmVersion: DRAW_ALGORITHM_V1 }, { serverSecret: secret('golden'), witnessValue: '20261128' })
    const draw = record.rounds[0]!.draw!
    expect(draw.commitment).toBe('a9b12fac2128c14ed25aebfe279d4dcee45efaa98940e788a1ca6d09585d4a8d')
    expect(draw.seed).toBe('9013e55c7ae7980509aa7348460abb4eb16e75372f185d1a0c45129f8a77c356')
    expect(record.panel).toEqual({ official: [16, 10, 13, 17, 11], alternates: [6, 5] })
    expect(draw.steps.map((s) => [s.phase, s.rule, s.poolSize, s.index, s.id])).toEqual([
      ['composition', '律师', 5, 3, 16],
      ['composition', '人大代表或政协委员', 4, 1, 10],
      ['open', null, 18, 11, 13],
      ['open', null, 17, 13, 17],
      ['open', null, 16, 9, 11],
      ['alternate', null, 15, 5, 6],
      ['alternate', null, 14, 4, 5]
    ])
    expect(verifyDraw(record)).toMatchObject({ valid: true, issues: [] })
  })

  test('candidates given as columns (from an eligibility pool) draw, commit and store exactly as the same list of objects', () => {
    const list = pool(30).reverse()
    const columns = {
      ids: Float64Array.from(list, (c) => c.id),
      tier: Uint8Array.from(list, (c) => (c.local ? 0 : 1)),
      profile: Uint32Array.from(list, (_, i) => i),
      profiles: list.map((c) => c.attributes!)
    }
    const entropy = { serverSecret: secret('columns'), witnessValue: '7' }
    const fromList = conductDraw({ candidates: list, rules: [LAWYER, DEPUTY], seats: 5, alternates: 2 }, entropy)
    const fromColumns = conductDraw({ candidates: columns, rules: [LAWYER, DEPUTY], seats: 5, alternates: 2 }, entropy)
    expect(fromColumns.rounds[0]!.draw!.commitment).toBe(fromList.rounds[0]!.draw!.commitment)
    expect(fromColumns.panel).toEqual(fromList.panel)
    expect(JSON.stringify(fromColumns)).toBe(JSON.stringify(fromList))
    // what is stored (JSON) verifies, and so does a record whose stored list was tampered with after the draw
    expect(verifyDraw(JSON.parse(JSON.stringify(fromColumns)))).toMatchObject({ valid: true })
    fromColumns.rounds[0]!.draw!.spec.candidates.pop()
    expect(verifyDraw(fromColumns)).toMatchObject({ valid: false, rounds: [expect.objectContaining({ commitmentOk: false })] })
  })

  test('a different witness value gives a different seed and (here) a different panel', () => {
    const input = { candidates: pool(50), rules: [LAWYER], seats: 5, alternates: 2 }
    const a = conductDraw(input, { serverSecret: secret('w'), witnessValue: '1' })
    const b = conductDraw(input, { serverSecret: secret('w'), witnessValue: '2' })
    expect(a.rounds[0]!.draw!.commitment).toBe(b.rounds[0]!.draw!.commitment)
    expect(a.rounds[0]!.draw!.seed).not.toBe(b.rounds[0]!.draw!.seed)
    expect(a.panel).not.toEqual(b.panel)
  })

  test('the commitment can be published before the witness speaks; completing with another secret is refused', () => {
    const prepared = prepareDraw({ candidates: pool(10), rules: [], seats: 3, alternates: 1 }, secret('two-step'))
    expect(prepared.commitment).toMatch(/^[0-9a-f]{64}$/)
    const done = completeDraw(prepared, { serverSecret: secret('two-step'), witnessValue: '监督员：李四 0427' })
    expect(done.official).toHaveLength(3)
    expect(errorOf(() => completeDraw(prepared, { serverSecret: secret('other') })).code).toBe('scheduling.draw_invalid_input')
  })

  test('too few eligible members: scheduling.pool_too_small with eligible and required counts', () => {
    const e = errorOf(() => conductDraw({ candidates: pool(3), rules: [], seats: 5, alternates: 0 }, { serverSecret: secret(1) }))
    expect(e.code).toBe('scheduling.pool_too_small')
    expect(e.status).toBe(409)
    expect(e.extra).toEqual({ eligible: 3, required: 5, rule: null })
  })

  test('a composition rule nobody eligible meets is named, with its minimum and what is available', () => {
    const e = errorOf(() => conductDraw({ candidates: pool(30, () => ({ source: [] })), rules: [LAWYER, DEPUTY], seats: 5, alternates: 0 }, { serverSecret: secret(1) }))
    expect(e.extra).toEqual({ eligible: 30, required: 5, rule: { label: '人大代表或政协委员', min: 1, available: 0 } })
    expect(e.detail).toMatch(/人大代表或政协委员/)
  })

  test('rules each satisfiable but not together within the seats are refused before drawing', () => {
    const candidates = [member(1, { profession: ['lawyer'] }), member(2, { source: ['npc_deputy'] }), member(3)]
    const e = errorOf(() => conductDraw({ candidates, rules: [LAWYER, DEPUTY], seats: 1, alternates: 0 }, { serverSecret: secret(1) }))
    expect(e.extra).toMatchObject({ rule: null, eligible: 3, required: 1 })
  })

  test('one seat, two rules: only the member who meets both can be drawn (look-ahead keeps the rules satisfiable)', () => {
    const candidates = [...pool(40, () => ({ source: [] })), member(99, { profession: ['lawyer'], source: ['cppcc_member'] })]
    for (let i = 0; i < 30; i++) {
      const record = conductDraw({ candidates, rules: [LAWYER, DEPUTY], seats: 1, alternates: 1 }, { serverSecret: secret(i) })
      expect(record.panel.official).toEqual([99])
    }
  })

  test('local first: cross-region members are drawn only when no local one is left', () => {
    const candidates = [...pool(3), ...Array.from({ length: 20 }, (_, i) => member(100 + i, { local: false }))]
    for (let i = 0; i < 20; i++) {
      const three = conductDraw({ candidates, rules: [], seats: 3, alternates: 0 }, { serverSecret: secret(i) })
      expect([...three.panel.official].sort()).toEqual([1, 2, 3])
      const five = conductDraw({ candidates, rules: [], seats: 5, alternates: 2 }, { serverSecret: secret(i) })
      expect(five.panel.official.filter((id) => id <= 3)).toHaveLength(3)
      expect([...five.panel.official, ...five.panel.alternates].filter((id) => id >= 100)).toHaveLength(4)
    }
  })

  test('a composition seat goes cross-region when no local member meets the rule', () => {
    const candidates = [...pool(10, () => ({ profession: ['scholar'] })), member(200, { local: false, profession: ['lawyer'] }), member(201, { local: false })]
    const record = conductDraw({ candidates, rules: [LAWYER], seats: 3, alternates: 0 }, { serverSecret: secret('x') })
    expect(record.panel.official[0]).toBe(200)
    expect(record.panel.official.slice(1).every((id) => id <= 10)).toBe(true)
  })

  test('without local-first, cross-region members compete equally', () => {
    const candidates = [...pool(5), ...Array.from({ length: 45 }, (_, i) => member(100 + i, { local: false }))]
    let cross = 0
    for (let i = 0; i < 20; i++) {
      const record = conductDraw({ candidates, rules: [], seats: 3, alternates: 0, localFirst: false }, { serverSecret: secret(i) })
      cross += record.panel.official.filter((id) => id >= 100).length
    }
    expect(cross).toBeGreaterThan(30)
  })

  test('alternates are filled as far as the pool allows', () => {
    const record = conductDraw({ candidates: pool(6), rules: [], seats: 5, alternates: 3 }, { serverSecret: secret(1) })
    expect(record.panel.official).toHaveLength(5)
    expect(record.panel.alternates).toHaveLength(1)
  })
})

describe('reveal-time exclusions (committed members who no longer qualify when the draw is revealed)', () => {
  const golden = { candidates: pool(20), rules: [LAWYER, DEPUTY], seats: 5, alternates: 2, algorithmVersion: DRAW_ALGORITHM_V1 }
  const goldenEntropy = { serverSecret: secret('golden'), witnessValue: '20261128' }
  const booked = { reasons: [{ code: 'double_booked', message: '2026-12-10 09:00–11:00 已有其他听证安排' }], memberIds: [16] }
  const suspended = { reasons: [{ code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }], memberIds: [13] }

  test('golden vector: a pick landing on an excluded member is skipped and the same seat takes the next number', () => {
    const draw = completeDraw(prepareDraw(golden, goldenEntropy.serverSecret), goldenEntropy, [booked, suspended])
    expect(draw.commitment).toBe('a9b12fac2128c14ed25aebfe279d4dcee45efaa98940e788a1ca6d09585d4a8d')
    expect(draw.seed).toBe('9013e55c7ae7980509aa7348460abb4eb16e75372f185d1a0c45129f8a77c356')
    expect(draw.steps.map((s) => [s.phase, s.rule, s.poolSize, s.index, s.id, s.skipped ?? null])).toEqual([
      ['composition', '律师', 5, 3, 16, ['double_booked']],
      ['composition', '律师', 4, 1, 8, null],
      ['composition', '人大代表或政协委员', 4, 3, 20, null],
      ['open', null, 17, 13, 15, null],
      ['open', null, 16, 9, 11, null],
      ['open', null, 15, 5, 6, null],
      ['alternate', null, 14, 4, 5, null],
      ['alternate', null, 13, 4, 7, null]
    ])
    expect({ official: draw.official, alternates: draw.alternates }).toEqual({ official: [8, 20, 15, 11, 6], alternates: [5, 7] })
    expect(draw.excludedAtReveal).toEqual([booked, suspended])
    const record: DrawRecord = { algorithmVersion: DRAW_ALGORITHM_VERSION, rounds: [{ round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: { official: draw.official, alternates: draw.alternates } }], panel: { official: draw.official, alternates: draw.alternates } }
    expect(verifyDraw(JSON.parse(JSON.stringify(record)))).toMatchObject({ valid: true, issues: [] })
    // the record must name the exclusions: without them, or with another member, the replay differs
    expect(tamper(record, (r) => { delete r.rounds[0]!.draw!.excludedAtReveal })).toMatchObject({ valid: false, rounds: [expect.objectContaining({ picksOk: false })] })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.excludedAtReveal![0]!.memberIds = [12] })).toMatchObject({ valid: false })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.steps[0]!.skipped = ['not_active'] })).toMatchObject({ valid: false })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.excludedAtReveal![0]!.memberIds = [99] }).issues.join()).toMatch(/不在承诺的名单中/)
  })

  test('with nobody excluded the stored JSON is byte for byte what tz-draw-v1 has always written (no new fields)', () => {
    const record = conductDraw(golden, goldenEntropy)
    const json = JSON.stringify(record)
    expect(sha256Hex(Buffer.from(json))).toBe('20426e145390d4c7a502ab49beaaaa4e2f37b817ed0f6361a9bba5867c29c38f')
    expect(JSON.stringify(completeDraw(prepareDraw(golden, goldenEntropy.serverSecret), goldenEntropy, []))).toBe(JSON.stringify(record.rounds[0]!.draw))
    expect(json).not.toMatch(/excludedAtReveal|skipped/)
  })

  test('excluding members the draw would not have picked changes nothing', () => {
    const plain = conductDraw({ candidates: pool(30), rules: [], seats: 5, alternates: 2 }, { serverSecret: secret('untouched'), witnessValue: '1' }).rounds[0]!.draw!
    const drawn = new Set([...plain.official, ...plain.alternates])
    const others = pool(30).map((c) => c.id).filter((id) => !drawn.has(id)).slice(0, 10)
    const again = completeDraw(prepareDraw({ candidates: pool(30), rules: [], seats: 5, alternates: 2 }, secret('untouched')), { serverSecret: secret('untouched'), witnessValue: '1' }, [{ ...suspended, memberIds: others }])
    expect(again.official).toEqual(plain.official)
    expect(again.alternates).toEqual(plain.alternates)
    expect(again.steps.some((s) => s.skipped)).toBe(false)
  })

  test('the composition look-ahead counts only members still eligible, so the panel is formed whenever the rest can form it', () => {
    const EXPERT = { label: '专家学者', min: 1, match: { field: 'profession' as const, anyOf: ['expert_scholar'] } }
    // Two seats, three rules. Member 2 (deputy and expert) is excluded at reveal; a look-ahead that still
    // counted them would let member 1 (lawyer only) take the first seat and leave no one for the other two.
    const candidates = [
      { id: 1, local: true, attributes: { profession: ['lawyer'] } },
      { id: 2, local: true, attributes: { profession: ['expert_scholar'], source: ['npc_deputy'] } },
      { id: 3, local: true, attributes: { profession: ['lawyer'], source: ['npc_deputy'] } },
      { id: 4, local: true, attributes: { profession: ['expert_scholar'] } },
      { id: 5, local: true, attributes: { profession: ['lawyer', 'expert_scholar'] } }
    ]
    const input = { candidates, rules: [LAWYER, DEPUTY, EXPERT], seats: 2, alternates: 1 }
    for (let i = 0; i < 40; i++) {
      const entropy = { serverSecret: secret(`lookahead-${i}`), witnessValue: String(i) }
      const draw = completeDraw(prepareDraw(input, entropy.serverSecret), entropy, [{ ...booked, memberIds: [2] }])
      expect(draw.official).not.toContain(2)
      expect(draw.alternates).not.toContain(2)
      expect(draw.official).toContain(3)
      expect([4, 5]).toContain(draw.official.find((id) => id !== 3))
    }
  })

  test('when the members still eligible cannot form the panel, the reveal is refused with pool_too_small', () => {
    const prepared = prepareDraw({ candidates: pool(6), rules: [], seats: 5, alternates: 1 }, secret('short'))
    const e = errorOf(() => completeDraw(prepared, { serverSecret: secret('short') }, [{ ...suspended, memberIds: [1, 2] }]))
    expect(e.code).toBe('scheduling.pool_too_small')
    expect(e.extra).toMatchObject({ eligible: 4, required: 5 })
  })

  test('an exclusion must name a committed member once, with a reason', () => {
    const prepared = prepareDraw({ candidates: pool(10), rules: [], seats: 3, alternates: 0 }, secret('strict'))
    const entropy = { serverSecret: secret('strict') }
    expect(errorOf(() => completeDraw(prepared, entropy, [{ ...suspended, memberIds: [42] }])).extra).toEqual({ memberId: 42 })
    expect(errorOf(() => completeDraw(prepared, entropy, [{ ...suspended, memberIds: [3] }, { ...booked, memberIds: [3] }])).code).toBe('scheduling.draw_invalid_input')
    expect(errorOf(() => completeDraw(prepared, entropy, [{ reasons: [], memberIds: [3] }])).code).toBe('scheduling.draw_invalid_input')
  })
})

describe('verifying a stored draw', () => {
  const record = conductDraw({ candidates: pool(30), rules: [LAWYER, DEPUTY], seats: 5, alternates: 2 }, { serverSecret: secret('v'), witnessValue: '8848' })

  test('a stored record replays to the same result, also after a JSON round trip', () => {
    expect(verifyDraw(record).valid).toBe(true)
    expect(verifyDraw(JSON.parse(JSON.stringify(record))).valid).toBe(true)
  })

  test('editing the picks, the witness value, the secret or the eligible list is detected', () => {
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.official[0] = 999; r.rounds[0]!.panel.official[0] = 999; r.panel.official[0] = 999 })).toMatchObject({ valid: false, rounds: [expect.objectContaining({ picksOk: false })] })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.witnessValue = '8849' })).toMatchObject({ valid: false, rounds: [expect.objectContaining({ seedOk: false })] })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.serverSecret = secret('forged') })).toMatchObject({ valid: false })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.spec.candidates.pop() })).toMatchObject({ valid: false, rounds: [expect.objectContaining({ commitmentOk: false })] })
    expect(tamper(record, (r) => { r.rounds[0]!.draw!.spec.candidates[0]!.attributes = { profession: ['lawyer'] } })).toMatchObject({ valid: false, rounds: [expect.objectContaining({ commitmentOk: false })] })
    expect(tamper(record, (r) => { r.panel.alternates.reverse() }).issues).toContain('当前名单与最后一轮不符')
  })

  test('selectPanel on the stored spec and seed gives the stored picks', () => {
    const draw = record.rounds[0]!.draw!
    expect(selectPanel(draw.spec, hmacDrbg(draw.seed)).official).toEqual(draw.official)
  })
})

describe('replacement rounds', () => {
  const base = () => conductDraw({ candidates: pool(40), rules: [LAWYER, DEPUTY], seats: 5, alternates: 3 }, { serverSecret: secret('rounds'), witnessValue: '1' })

  test('a decline promotes the first alternate into the same seat, without new randomness', () => {
    const r1 = base()
    const open = r1.rounds[0]!.draw!.steps.find((s) => s.phase === 'open')!.id
    const seat = r1.panel.official.indexOf(open)
    const r2 = nextRound(r1, { exclude: [open], reason: '本人谢绝参加', entropy: { serverSecret: secret('unused') } })
    const first = r1.panel.alternates[0]!
    expect(r2.panel.official[seat]).toBe(first)
    expect(r2.panel.alternates).toEqual(r1.panel.alternates.slice(1))
    expect(r2.rounds[1]).toMatchObject({ round: 2, kind: 'replacement', reason: '本人谢绝参加', exclude: [open], draw: null, promotions: [{ seat: seat + 1, vacated: open, promoted: first }] })
    expect(r1.rounds).toHaveLength(1)
    expect(verifyDraw(r2).valid).toBe(true)
  })

  test('when the only lawyer leaves, the first alternate who is a lawyer is promoted, skipping others', () => {
    const candidates = [member(1, { profession: ['lawyer'] }), member(2), member(3), member(4), member(5, { profession: ['lawyer'] }), member(6)]
    let found = false
    for (let i = 0; i < 200 && !found; i++) {
      const r1 = conductDraw({ candidates, rules: [LAWYER], seats: 2, alternates: 4 }, { serverSecret: secret(`lawyer-${i}`) })
      const lawyerSeat = r1.panel.official.findIndex((id) => id === 1 || id === 5)
      const otherLawyer = r1.panel.official[lawyerSeat] === 1 ? 5 : 1
      if (r1.panel.alternates[0] === otherLawyer || r1.panel.official.includes(otherLawyer)) continue
      found = true
      const r2 = nextRound(r1, { exclude: [r1.panel.official[lawyerSeat]!], reason: '申请回避', entropy: { serverSecret: secret('unused') } })
      expect(r2.panel.official[lawyerSeat]).toBe(otherLawyer)
      expect(r2.panel.alternates).toEqual(r1.panel.alternates.filter((id) => id !== otherLawyer))
      expect(verifyDraw(r2).valid).toBe(true)
    }
    expect(found).toBe(true)
  })

  test('an alternate who declines just leaves the queue', () => {
    const r1 = base()
    const r2 = nextRound(r1, { exclude: [r1.panel.alternates[1]!], reason: '候补人员谢绝', entropy: { serverSecret: secret('u') } })
    expect(r2.panel.official).toEqual(r1.panel.official)
    expect(r2.panel.alternates).toEqual([r1.panel.alternates[0], r1.panel.alternates[2]])
  })

  test('with the alternates used up, a new draw fills the seats from members never picked, with the rules reduced', () => {
    const r1 = base()
    const seated = r1.panel.official
    const r2 = nextRound(r1, { exclude: [...r1.panel.alternates, seated[0]!, seated[1]!], reason: '多人回避', entropy: { serverSecret: secret('redraw'), witnessValue: '77' } })
    const round = r2.rounds[1]!
    expect(round.draw).not.toBeNull()
    expect(round.draw!.spec.seats).toBe(2)
    const earlier = new Set([...r1.panel.official, ...r1.panel.alternates])
    expect(round.draw!.spec.candidates.some((c) => earlier.has(c.id))).toBe(false)
    expect([...r2.panel.official, ...r2.panel.alternates].filter((id) => earlier.has(id))).toEqual(seated.slice(2))
    expect(r2.panel.official.slice(2)).toEqual(seated.slice(2))
    const lawyers = r2.panel.official.filter((id) => id % 4 === 0).length
    const deputies = r2.panel.official.filter((id) => id % 5 === 0).length
    expect(lawyers >= 1 && deputies >= 1).toBe(true)
    expect(verifyDraw(r2).valid).toBe(true)
  })

  test('the redraw can be committed before the witness value is known (plan, then complete)', () => {
    const r1 = base()
    const planned = planNextRound(r1, { exclude: [...r1.panel.official, ...r1.panel.alternates], reason: '全部谢绝' }, secret('plan'))
    expect(planned.redraw?.commitment).toMatch(/^[0-9a-f]{64}$/)
    expect(planned.vacantSeats).toEqual([0, 1, 2, 3, 4])
    const r2 = completeNextRound(r1, planned, { serverSecret: secret('plan'), witnessValue: '现场掷骰 3-5-2' })
    expect(r2.rounds[1]!.draw!.commitment).toBe(planned.redraw!.commitment)
    expect(verifyDraw(r2).valid).toBe(true)
    expect(errorOf(() => completeNextRound(r1, planned, null)).code).toBe('scheduling.draw_round_invalid')
  })

  test('a fresh eligible list can be given for a redraw; earlier picks are still removed', () => {
    const r1 = base()
    const fresh = pool(60)
    const r2 = nextRound(r1, { exclude: [...r1.panel.official, ...r1.panel.alternates], reason: '全部谢绝', candidates: fresh, entropy: { serverSecret: secret('fresh') } })
    const spec = r2.rounds[1]!.draw!.spec
    expect(spec.candidates).toHaveLength(60 - 8)
    expect(verifyDraw(r2).valid).toBe(true)
  })

  test('rounds chain and every round verifies; tampering with a later round is detected', () => {
    let r = base()
    for (let i = 0; i < 4; i++) r = nextRound(r, { exclude: [r.panel.official[i]!], reason: `第${i + 1}次谢绝`, entropy: { serverSecret: secret(`chain-${i}`) } })
    expect(r.rounds).toHaveLength(5)
    expect(verifyDraw(r).valid).toBe(true)
    expect(tamper(r, (c) => { c.rounds[2]!.promotions[0]!.promoted = 12345 }).valid).toBe(false)
    expect(tamper(r, (c) => { c.rounds[3]!.exclude = [] }).valid).toBe(false)
  })

  test('a reason is required, someone must leave, and only current members can', () => {
    const r1 = base()
    const entropy = { serverSecret: secret('x') }
    expect(errorOf(() => nextRound(r1, { exclude: [r1.panel.official[0]!], reason: '  ', entropy })).code).toBe('scheduling.draw_round_invalid')
    expect(errorOf(() => nextRound(r1, { exclude: [], reason: '谢绝', entropy })).code).toBe('scheduling.draw_round_invalid')
    expect(errorOf(() => nextRound(r1, { exclude: [9999], reason: '谢绝', entropy })).extra).toEqual({ memberId: 9999 })
  })

  test('when even the remaining pool cannot restore the composition, the round is refused with pool_too_small', () => {
    const candidates = [member(1, { profession: ['lawyer'] }), member(2), member(3), member(4)]
    const r1 = conductDraw({ candidates, rules: [LAWYER], seats: 3, alternates: 1 }, { serverSecret: secret(1) })
    expect(errorOf(() => nextRound(r1, { exclude: [1], reason: '回避', entropy: { serverSecret: secret(2) } })).code).toBe('scheduling.pool_too_small')
  })
})

describe('versions and open seats', () => {
  test('a v1 record keeps verifying by v1 rules, also through a replacement drawn inside the round and a later witnessed redraw', () => {
    const v1 = conductDraw({ candidates: pool(20), rules: [LAWYER, DEPUTY], seats: 5, alternates: 1, algorithmVersion: DRAW_ALGORITHM_V1 }, { serverSecret: secret('v1'), witnessValue: '1' })
    expect(v1.algorithmVersion).toBe(DRAW_ALGORITHM_V1)
    expect(v1.rounds[0]!.draw!.spec.candidates[0]).toEqual({ attributes: { profession: ['scholar'], source: [] }, id: 1, local: true })
    // the v1 way: a decline with no alternate left drew inside the round
    let record = nextRound(v1, { exclude: [v1.panel.official[0]!], reason: '谢绝' })
    record = nextRound(record, { exclude: [record.panel.official[1]!], reason: '谢绝', entropy: { serverSecret: secret('v1-in-round'), witnessValue: '' } })
    expect(record.rounds[2]!.draw!.spec.algorithmVersion).toBe(DRAW_ALGORITHM_V1)
    expect(verifyDraw(JSON.parse(JSON.stringify(record)))).toMatchObject({ valid: true, issues: [] })
    // since v2 the seat stays open; the redraw of a v1 record keeps v1
    const open = nextRound(record, { exclude: [record.panel.official[2]!], reason: '回避' })
    expect(open.panel.vacant).toHaveLength(1)
    const prepared = prepareRedraw(open, pool(30), secret('redraw'))
    expect(prepared.spec.algorithmVersion).toBe(DRAW_ALGORITHM_V1)
    const filled = completeRedraw(open, completeDraw(prepared, { serverSecret: secret('redraw'), witnessValue: '见证' }), '补抽')
    expect(filled.panel.vacant).toBeUndefined()
    const checked = verifyDraw(JSON.parse(JSON.stringify(filled)))
    expect(checked).toMatchObject({ valid: true, issues: [] })
    expect(checked.rounds.map((r) => [r.kind, r.witnessValue])).toEqual([['initial', '1'], ['replacement', null], ['replacement', ''], ['replacement', null], ['redraw', '见证']])
    // a redraw that seats someone already picked, or fills the wrong seat count, does not verify
    expect(tamper(filled, (r) => { r.rounds[4]!.panel.official[r.rounds[3]!.panel.vacant![0]! - 1] = r.rounds[0]!.panel.official[0]! })).toMatchObject({ valid: false })
    expect(tamper(filled, (r) => { r.rounds[3]!.panel.vacant = [] })).toMatchObject({ valid: false })
  })

  test('v2 commits to the tier of each candidate (0 township, 1 county, 2 city) instead of the local flag', () => {
    const spec = canonicalSpec({ candidates: [{ id: 2, tier: 2 }, { id: 1, tier: 0 }, { id: 3, tier: 1 }], rules: [], seats: 1, alternates: 0 })
    expect(spec.algorithmVersion).toBe(DRAW_ALGORITHM_VERSION)
    expect(JSON.parse(commitmentPayload(spec, 'h')).candidates).toEqual({ ids: [1, 2, 3], matches: [0, 0, 0], tier: [0, 2, 1] })
    expect(JSON.parse(JSON.stringify(spec.candidates))).toEqual([{ attributes: {}, id: 1, tier: 0 }, { attributes: {}, id: 2, tier: 2 }, { attributes: {}, id: 3, tier: 1 }])
  })
})
