import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { completeDraw, conductDraw, prepareDraw } from '../../../server/modules/draw/draw.algorithm.js'
import { DRAW_ALGORITHM_VERSION, canonicalSpec } from '../../../server/modules/draw/draw.commitment.js'
import { hmacDrbg } from '../../../server/modules/draw/draw.random.js'
import { selectPanel } from '../../../server/modules/draw/draw.selection.js'
import { nextRound } from '../../../server/modules/draw/draw.rounds.js'
import { verifyDraw } from '../../../server/modules/draw/draw.verification.js'
import { evaluateEligibility, drawInputFor } from '../../../server/modules/draw/draw.eligibility.js'
import type { DrawCandidate, DrawRecord, DrawRule, EligibilityCandidate, IntSource } from '../../../server/modules/draw/draw.types.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'
import { DomainError } from '../../../server/errors.js'
import { seededRng } from '../../../server/common/random.js'
import { DEPUTY, LAWYER, secret } from './draw.fixtures.js'

const RUNS = { numRuns: 150, seed: 20261128 }

const candidateArb = (id: number) => fc.record({
  local: fc.boolean(),
  lawyer: fc.boolean(),
  deputy: fc.boolean()
}).map(({ local, lawyer, deputy }): DrawCandidate => ({ id, local, attributes: { profession: lawyer ? ['lawyer'] : ['scholar'], source: deputy ? ['npc_deputy'] : [] } }))

const poolArb = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidateArb(i * 3 + 1))))

const rulesArb = fc.subarray([LAWYER, DEPUTY, { ...LAWYER, label: '两名律师', min: 2 }] as DrawRule[])

const matches = (c: DrawCandidate, rule: DrawRule) => (c.attributes?.[rule.match.field] ?? []).some((v) => rule.match.anyOf.includes(v))

/** Brute force: does some set of `seats` candidates meet every rule? */
function feasible (pool: readonly DrawCandidate[], rules: readonly DrawRule[], seats: number): boolean {
  if (pool.length < seats) return false
  const pick = (start: number, chosen: DrawCandidate[]): boolean => {
    if (chosen.length === seats) return rules.every((r) => chosen.filter((c) => matches(c, r)).length >= r.min)
    for (let i = start; i < pool.length; i++) if (pick(i + 1, [...chosen, pool[i]!])) return true
    return false
  }
  return pick(0, [])
}

function drawOrError (input: Parameters<typeof conductDraw>[0], label: string): DrawRecord | DomainError {
  try {
    return conductDraw(input, { serverSecret: secret(label), witnessValue: label })
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
}

describe('draw properties (fast-check)', () => {
  test('picks are distinct eligible candidates, seats are filled exactly, composition is met exactly when it can be', () => {
    fc.assert(fc.property(poolArb(11), rulesArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.string(), (candidates, rules, seats, alternates, label) => {
      const result = drawOrError({ candidates, rules, seats, alternates }, label)
      if (result instanceof DomainError) {
        expect(result.code).toBe('scheduling.pool_too_small')
        expect(feasible(candidates, rules, seats)).toBe(false)
        return
      }
      expect(feasible(candidates, rules, seats)).toBe(true)
      const { official, alternates: alts } = result.panel
      const all = [...official, ...alts]
      expect(new Set(all).size).toBe(all.length)
      const byId = new Map(candidates.map((c) => [c.id, c]))
      expect(all.every((id) => byId.has(id))).toBe(true)
      expect(official).toHaveLength(seats)
      expect(alts).toHaveLength(Math.min(alternates, candidates.length - seats))
      for (const rule of rules) expect(official.filter((id) => matches(byId.get(id)!, rule)).length).toBeGreaterThanOrEqual(rule.min)
    }), RUNS)
  })

  test('local first: a cross-region member is only drawn for an open seat or as alternate once every local one is taken', () => {
    fc.assert(fc.property(poolArb(14), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.string(), (candidates, seats, alternates, label) => {
      const result = drawOrError({ candidates, rules: [], seats, alternates }, label)
      if (result instanceof DomainError) return
      const locals = candidates.filter((c) => c.local).map((c) => c.id)
      const steps = result.rounds[0]!.draw!.steps
      steps.forEach((step, k) => {
        if (step.tier !== 0) expect(locals.every((id) => steps.slice(0, k).some((s) => s.id === id))).toBe(true)
      })
    }), RUNS)
  })

  test('tiers (v2): a member of the county is drawn for an open seat only once the township is used up, one of the city only once the county is', () => {
    const tiered = fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { minLength: 1, maxLength: 14 }).map((tiers) => tiers.map((tier, i) => ({ id: i + 1, tier, attributes: {} })))
    fc.assert(fc.property(tiered, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.string(), (candidates, seats, alternates, label) => {
      const result = drawOrError({ candidates, rules: [], seats, alternates }, label)
      if (result instanceof DomainError) return
      const steps = result.rounds[0]!.draw!.steps
      steps.forEach((step, k) => {
        expect(step.tier).toBe(candidates.find((c) => c.id === step.id)!.tier)
        const nearer = candidates.filter((c) => c.tier < step.tier!).map((c) => c.id)
        expect(nearer.every((id) => steps.slice(0, k).some((s) => s.id === id))).toBe(true)
      })
      expect(verifyDraw(JSON.parse(JSON.stringify(result))).valid).toBe(true)
    }), RUNS)
  })

  test('replaying a stored draw reproduces it, also after JSON storage, and through replacement rounds', () => {
    fc.assert(fc.property(poolArb(16), rulesArb, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { maxLength: 3 }), fc.string(), (candidates, rules, seats, removals, label) => {
      let record = drawOrError({ candidates, rules, seats, alternates: 2 }, label)
      if (record instanceof DomainError) return
      for (const [k, r] of removals.entries()) {
        const members = [...record.panel.official, ...record.panel.alternates]
        try {
          record = nextRound(record, { exclude: [members[r % members.length]!], reason: '谢绝', entropy: { serverSecret: secret(`${label}-${k}`) } })
        } catch (error) {
          if (error instanceof DomainError && error.code === 'scheduling.pool_too_small') break
          throw error
        }
        const everyone = [...record.panel.official, ...record.panel.alternates]
        expect(new Set(everyone).size).toBe(everyone.length)
        const removed = record.rounds.flatMap((round) => round.exclude)
        expect(everyone.some((id) => removed.includes(id))).toBe(false)
        const byId = new Map(candidates.map((c) => [c.id, c]))
        for (const rule of rules) expect(record.panel.official.filter((id) => matches(byId.get(id)!, rule)).length).toBeGreaterThanOrEqual(rule.min)
      }
      const stored = JSON.parse(JSON.stringify(record)) as DrawRecord
      expect(verifyDraw(stored)).toMatchObject({ valid: true })
    }), { ...RUNS, numRuns: 100 })
  })

  test('members excluded at reveal are never seated; the rest form the panel exactly when they can, and the record replays', () => {
    fc.assert(fc.property(poolArb(11), rulesArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }), fc.string(), (candidates, rules, seats, alternates, excludeFlags, label) => {
      let prepared
      try {
        prepared = prepareDraw({ candidates, rules, seats, alternates }, secret(label))
      } catch (error) {
        if (error instanceof DomainError && error.code === 'scheduling.pool_too_small') return
        throw error
      }
      const excluded = candidates.filter((_, i) => excludeFlags[i]).map((c) => c.id)
      const rest = candidates.filter((c) => !excluded.includes(c.id))
      const groups = excluded.length > 0 ? [{ reasons: [{ code: 'double_booked', message: '已有其他听证安排' }], memberIds: excluded }] : []
      let draw
      try {
        draw = completeDraw(prepared, { serverSecret: secret(label), witnessValue: label }, groups)
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        expect(error.code).toBe('scheduling.pool_too_small')
        expect(feasible(rest, rules, seats)).toBe(false)
        return
      }
      expect(feasible(rest, rules, seats)).toBe(true)
      const all = [...draw.official, ...draw.alternates]
      expect(new Set(all).size).toBe(all.length)
      expect(all.some((id) => excluded.includes(id))).toBe(false)
      expect(draw.official).toHaveLength(seats)
      expect(draw.alternates).toHaveLength(Math.min(alternates, rest.length - seats))
      const byId = new Map(candidates.map((c) => [c.id, c]))
      for (const rule of rules) expect(draw.official.filter((id) => matches(byId.get(id)!, rule)).length).toBeGreaterThanOrEqual(rule.min)
      for (const step of draw.steps) expect(step.skipped !== undefined).toBe(excluded.includes(step.id))
      const record: DrawRecord = { algorithmVersion: DRAW_ALGORITHM_VERSION, rounds: [{ round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: { official: draw.official, alternates: draw.alternates } }], panel: { official: draw.official, alternates: draw.alternates } }
      expect(verifyDraw(JSON.parse(JSON.stringify(record)))).toMatchObject({ valid: true })
    }), RUNS)
  })

  test('a draw over an eligibility result never returns an excluded member', () => {
    const memberArb = (id: number) => fc.record({
      active: fc.boolean(),
      officer: fc.boolean(),
      booked: fc.boolean(),
      respondent: fc.boolean(),
      lawyer: fc.boolean(),
      deputy: fc.boolean(),
      local: fc.boolean(),
      consent: fc.boolean()
    }).map((f): EligibilityCandidate => ({
      id,
      status: f.active ? 'active' : 'suspended',
      termStart: null,
      termEnd: null,
      roles: f.officer ? ['officer'] : ['host'],
      employerOrgIds: f.respondent ? [7] : [8],
      homeVillageRegionId: null,
      bookings: f.booked ? [{ start: START, end: START + 3_600_000, venueId: 1 }] : [],
      local: f.local,
      crossRegionConsent: f.consent,
      attributes: { profession: f.lawyer ? ['lawyer'] : [], source: f.deputy ? ['npc_deputy'] : [] }
    }))
    const START = Date.parse('2026-03-10T01:00:00Z')
    const hearing = { start: START, end: START + 7_200_000, venueId: 1, matterId: 1, hostId: null, recorderId: null, petitionerIds: [], petitionerIdNumbers: [], petitionerVillageIds: [], respondentOrgIds: [7] }
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1)))), fc.string(), (members, label) => {
      const { eligible, excluded } = evaluateEligibility({ candidates: members, hearing, rules: DEFAULT_RULESET })
      expect(eligible.length + excluded.length).toBe(members.length)
      const input = drawInputFor({ eligible, ruleset: DEFAULT_RULESET, procedure: 'general' })
      const result = drawOrError(input, label)
      if (result instanceof DomainError) return
      const ok = new Set(eligible.map((m) => m.id))
      expect([...result.panel.official, ...result.panel.alternates].every((id) => ok.has(id))).toBe(true)
    }), RUNS)
  })
})

// ------------------------------------------------------------------ fairness

/** Wilson–Hilferty approximation of the chi-square quantile; z = 3.0902 is the one-sided 0.999 normal quantile. */
function chiSquareCritical (df: number, z = 3.0902) {
  const a = 2 / (9 * df)
  return df * (1 - a + z * Math.sqrt(a)) ** 3
}

function chiSquare (counts: readonly number[]) {
  const total = counts.reduce((a, b) => a + b, 0)
  const expected = total / counts.length
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
}

const N = 100
const DRAWS = 10_000
const uniformSpec = canonicalSpec({ candidates: Array.from({ length: N }, (_, i) => ({ id: i + 1, local: true })), rules: [], seats: 1, alternates: 0 })

/** How often each of the 100 members takes the single seat over 10,000 draws with the given integer source. */
function frequencies (source: (draw: number) => IntSource) {
  const counts = new Array<number>(N).fill(0)
  for (let d = 0; d < DRAWS; d++) counts[selectPanel(uniformSpec, source(d)).official[0]! - 1]!++
  return counts
}

/** The check, at significance 0.001: true when the counts are consistent with equal frequency. */
function passesUniformity (counts: readonly number[]) {
  return chiSquare(counts) <= chiSquareCritical(counts.length - 1)
}

/** A byte stream from the real DRBG, for the deliberately broken variants below. */
function bytes (draw: number) {
  const drbg = hmacDrbg(secret(`bias-${draw}`))
  let word = 0
  let left = 0
  return () => {
    if (left === 0) { word = drbg.nextUint32(); left = 4 }
    left--
    return (word >>> (left * 8)) & 0xff
  }
}

describe('fairness: every eligible member is drawn with equal frequency', () => {
  test('tz-draw-v1 passes a chi-square test at significance 0.001 (100 members, 10,000 seeded draws)', () => {
    const counts = frequencies((d) => hmacDrbg(secret(`fair-${d}`)))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(DRAWS)
    expect(chiSquare(counts)).toBeLessThan(chiSquareCritical(N - 1))
  })

  test('with three seats each member sits in a quarter of 4,000 draws of 12 (chi-square on seat counts)', () => {
    const spec = canonicalSpec({ candidates: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, local: true })), rules: [], seats: 3, alternates: 0 })
    const counts = new Array<number>(12).fill(0)
    const firstSeat = new Array<number>(12).fill(0)
    for (let d = 0; d < 4000; d++) {
      const { official } = selectPanel(spec, hmacDrbg(secret(`three-${d}`)))
      for (const id of official) counts[id - 1]!++
      firstSeat[official[0]! - 1]!++
    }
    expect(passesUniformity(counts)).toBe(true)
    expect(passesUniformity(firstSeat)).toBe(true)
  })

  test('the same check catches a biased variant: floor(byte / 256 × n) over single bytes', () => {
    const counts = frequencies((d) => {
      const next = bytes(d)
      return { nextInt: (n) => Math.floor((next() / 256) * n) }
    })
    expect(passesUniformity(counts)).toBe(false)
  })

  test('the same check catches modulo bias: byte mod n', () => {
    const counts = frequencies((d) => {
      const next = bytes(d)
      return { nextInt: (n) => next() % n }
    })
    expect(passesUniformity(counts)).toBe(false)
  })

  test('the same check catches a sort-by-random shuffle (12 members, 4,000 draws, first place)', () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1)
    const counts = new Array<number>(12).fill(0)
    for (let d = 0; d < 4000; d++) {
      const rng = seededRng(d)
      const shuffled = [...ids].sort(() => rng.next() - 0.5)
      counts[shuffled[0]! - 1]!++
    }
    expect(passesUniformity(counts)).toBe(false)
  })
})
