import { describe, expect, test } from 'vitest'
import {
  answeredWithoutNotice, matterHearability, nextStageProblem, validatePetitioners, type HearabilityInput
} from '../../../server/modules/matters/matters.rules.js'
import { badCheckDigit, validIdNumber } from './matters.fixtures.js'
import { DEFAULT_RULESET } from '../../../server/modules/rulesets/rulesets.config.js'

const NATIONAL = DEFAULT_RULESET.petitioners

const clean: HearabilityInput = {
  involvesPrivacy: false,
  involvesStateSecret: false,
  involvesCommercialSecret: false,
  inLitigation: false,
  inArbitration: false,
  inAdministrativeReconsideration: false,
  stages: [{ stage: 'handling', decidedOn: null }]
}

describe('matterHearability', () => {
  test('a matter with an open stage and no exclusion is hearable', () => {
    expect(matterHearability(clean)).toEqual({ hearable: true, reasons: [], confidentiality: [], openStage: 'handling' })
  })

  test('litigation, arbitration and administrative reconsideration each make a matter unhearable, with a Chinese reason', () => {
    const result = matterHearability({ ...clean, inLitigation: true, inArbitration: true, inAdministrativeReconsideration: true })
    expect(result.hearable).toBe(false)
    expect(result.reasons.map((r) => r.code)).toEqual(['in_litigation', 'in_arbitration', 'in_administrative_reconsideration'])
    expect(result.reasons[0]!.message).toMatch(/诉讼/)
  })

  test('a matter not yet accepted, or with every stage decided, has no stage to hear in', () => {
    expect(matterHearability({ ...clean, stages: [] }).reasons.map((r) => r.code)).toEqual(['not_accepted'])
    const done = matterHearability({ ...clean, stages: [{ stage: 'handling', decidedOn: '2026-10-01' }] })
    expect(done).toMatchObject({ hearable: false, openStage: null })
    expect(done.reasons.map((r) => r.code)).toEqual(['concluded'])
  })

  test('secrets and privacy make the hearing non-public by default, and refuse it under a refusing ruleset', () => {
    const secret = { ...clean, involvesStateSecret: true, involvesPrivacy: true }
    const nonPublic = matterHearability(secret)
    expect(nonPublic.hearable).toBe(true)
    expect(nonPublic.confidentiality.map((r) => r.code)).toEqual(['state_secret', 'privacy'])
    const refused = matterHearability(secret, { privacy: 'refuse' })
    expect(refused.hearable).toBe(false)
    expect(refused.reasons.map((r) => r.code)).toEqual(['state_secret', 'privacy'])
  })

  test('a ruleset that hears only at 复核 makes a handling-stage matter unhearable', () => {
    const result = matterHearability(clean, { hearingStages: ['reReview'] })
    expect(result.reasons.map((r) => r.code)).toEqual(['stage_not_hearable'])
  })
})

describe('answeredWithoutNotice (the seed revokes such answers)', () => {
  test('an open stage is never flagged', () => {
    expect(answeredWithoutNotice({ decidedOn: null }, [])).toBe(false)
  })

  test('a decision without any notification, or with one only after the decision, is flagged', () => {
    expect(answeredWithoutNotice({ decidedOn: '2026-10-10' }, [])).toBe(true)
    expect(answeredWithoutNotice({ decidedOn: '2026-10-10' }, ['2026-10-11'])).toBe(true)
  })

  test('a notification on or before the decision date clears the flag', () => {
    expect(answeredWithoutNotice({ decidedOn: '2026-10-10' }, ['2026-10-10'])).toBe(false)
    expect(answeredWithoutNotice({ decidedOn: '2026-10-10' }, ['2026-11-01', '2026-09-01'])).toBe(false)
  })
})

describe('nextStageProblem', () => {
  test('stages go 办理 → 复查 → 复核 without skipping, repeating or going back', () => {
    expect(nextStageProblem([], 'handling')).toBeNull()
    expect(nextStageProblem([], 'review')).toEqual({ kind: 'out_of_order', expected: 'handling' })
    const handled = [{ stage: 'handling' as const, decidedOn: '2026-10-01' }]
    expect(nextStageProblem(handled, 'handling')).toEqual({ kind: 'out_of_order', expected: 'review' })
    expect(nextStageProblem(handled, 'reReview')).toEqual({ kind: 'out_of_order', expected: 'review' })
    expect(nextStageProblem(handled, 'review')).toBeNull()
    const all = [...handled, { stage: 'review' as const, decidedOn: '2026-11-01' }, { stage: 'reReview' as const, decidedOn: null }]
    expect(nextStageProblem(all, 'reReview')).toEqual({ kind: 'out_of_order', expected: null })
  })

  test('the next stage needs the previous one decided', () => {
    expect(nextStageProblem([{ stage: 'handling', decidedOn: null }], 'review')).toEqual({ kind: 'previous_open', previous: 'handling' })
  })
})

describe('validatePetitioners', () => {
  const person = (seq: number, agents = 0) => ({
    name: `信访人${seq}`,
    idNumber: validIdNumber(seq),
    agents: Array.from({ length: agents }, (_, i) => ({ name: `代理人${i}`, idNumber: validIdNumber(100 + seq * 10 + i), powerOfAttorneyNote: '一般授权', powerOfAttorneyDate: '2026-09-01' }))
  })

  test('a group of five representatives with two agents each is valid; ID numbers are upper-cased', () => {
    const input = [1, 2, 3, 4, 5].map((i) => person(i, 2))
    const result = validatePetitioners('group', input, '2026-11-28', NATIONAL)
    expect(result.value).toHaveLength(5)
    expect(result.value![0]!.agents).toHaveLength(2)
  })

  test('six representatives, three agents, a bad check digit and a bad mobile are each reported under their kind', () => {
    expect(validatePetitioners('group', [1, 2, 3, 4, 5, 6].map((i) => person(i)), '2026-11-28', NATIONAL).problems.representatives).toHaveLength(1)
    expect(validatePetitioners('individual', [person(1, 3)], '2026-11-28', NATIONAL).problems.agents).toEqual([expect.objectContaining({ field: 'petitioners.0.agents' })])
    const bad = validatePetitioners('individual', [{ ...person(1), idNumber: badCheckDigit(validIdNumber(1)) }], '2026-11-28', NATIONAL)
    expect(bad.value).toBeNull()
    expect(bad.problems.idNumbers).toEqual([{ field: 'petitioners.0.idNumber', message: '身份证号校验位不正确' }])
    expect(validatePetitioners('individual', [{ ...person(1), mobile: '12345' }], '2026-11-28', NATIONAL).problems.phones).toHaveLength(1)
  })

  test('the limits are the ruleset\'s: a region allowing three representatives and one agent refuses the fourth and the second', () => {
    const local = { maxRepresentatives: 3, maxAgentsPerPetitioner: 1 }
    expect(validatePetitioners('group', [1, 2, 3].map((i) => person(i, 1)), '2026-11-28', local).value).toHaveLength(3)
    expect(validatePetitioners('group', [1, 2, 3, 4].map((i) => person(i)), '2026-11-28', local).problems.representatives).toEqual([{ field: 'petitioners', message: '集体信访推选的代表不得超过 3 人，现为 4 人' }])
    expect(validatePetitioners('individual', [person(1, 2)], '2026-11-28', local).problems.agents).toEqual([{ field: 'petitioners.0.agents', message: '每名信访人委托的代理人不得超过 1 人，现为 2 人' }])
  })

  test('an individual matter has exactly one petitioner, and the same ID number cannot appear twice', () => {
    expect(validatePetitioners('individual', [person(1), person(2)], '2026-11-28', NATIONAL).problems.other).toHaveLength(1)
    expect(validatePetitioners('group', [person(1), person(1)], '2026-11-28', NATIONAL).problems.idNumbers).toHaveLength(1)
  })
})
