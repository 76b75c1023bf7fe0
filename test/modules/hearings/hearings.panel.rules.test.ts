import { describe, expect, test } from 'vitest'
import { completeDraw, prepareDraw } from '../../../server/modules/draw/draw.algorithm.js'
import { verifyDraw } from '../../../server/modules/draw/draw.verification.js'
import type { DrawCandidate } from '../../../server/modules/draw/draw.types.js'
import { drawRecordOfStored, packStoredDraw, unpackStoredDraw, type StoredCommitment, type StoredRound } from '../../../server/modules/hearings/hearings.panel.rules.js'

const LAWYER = { label: '律师', min: 1, match: { field: 'profession' as const, anyOf: ['lawyer'] } }
const lawyer = { profession: ['lawyer'] }
const deputy = { source: ['deputy'] }
const candidates: DrawCandidate[] = Array.from({ length: 40 }, (_, i) => ({ id: 3 * i + 1, tier: (i % 3) as 0 | 1 | 2, attributes: i % 4 === 0 ? lawyer : deputy }))

describe('the draws table stores a spec\'s candidates packed, and gives them back unchanged', () => {
  const prepared = prepareDraw({ candidates, rules: [LAWYER], seats: 5, alternates: 2 }, 'a'.repeat(64))
  const commitment: StoredCommitment = { kind: 'commitment', prepared, serverSecret: 'a'.repeat(64), eligibleCount: 40, excluded: [] }

  test('a commitment round-trips through JSON: same candidates in the same order, the same commitment, and far less text', () => {
    const stored = JSON.parse(JSON.stringify(packStoredDraw(commitment))) as Record<string, unknown>
    expect(unpackStoredDraw(stored)).toEqual(commitment)
    // 40 candidates with two attribute sets and three tiers: six shapes
    const packed = (stored.prepared as { spec: { packedCandidates: { ids: number[], shape: number[], shapes: unknown[] } } }).spec.packedCandidates
    expect(packed.ids).toEqual(candidates.map((c) => c.id))
    expect(packed.shapes).toHaveLength(6)
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(commitment).length / 2)
  })

  test('a drawn round round-trips and still verifies; a record stored before packing reads as it was', () => {
    const draw = completeDraw(prepared, { serverSecret: 'a'.repeat(64), witnessValue: '20261207' })
    const round: StoredRound = { kind: 'round', round: { round: 1, kind: 'initial', reason: null, exclude: [], promotions: [], draw, panel: { official: draw.official, alternates: draw.alternates } }, eligibleCount: 40, excluded: [] }
    const back = unpackStoredDraw(JSON.parse(JSON.stringify(packStoredDraw(round))) as Record<string, unknown>)
    expect(back).toEqual(round)
    expect(verifyDraw(drawRecordOfStored([back])!).valid).toBe(true)
    const unpacked = JSON.parse(JSON.stringify(round)) as Record<string, unknown>
    expect(unpackStoredDraw(unpacked)).toEqual(round)
  })
})
