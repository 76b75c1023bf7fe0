import { describe, expect, test } from 'vitest'
import {
  correctionPlan, halfDaysOfSession, payerOf, rateOf, servedMembers, serviceOf, sessionsOf
} from '../../../server/modules/remuneration/remuneration.rules.js'

/** An instant on 10 December 2026 (or another day), Shanghai wall clock. */
const at = (hhmm: string, day = '2026-12-10') => Date.parse(`${day}T${hhmm}:00+08:00`)
const halfDays = (from: string, to: string, toDay?: string) => halfDaysOfSession({ start: at(from), end: at(to, toDay) })

describe('half-days of a session', () => {
  test('up to 4 hours is one half-day; each further 4 hours begun is one more', () => {
    expect(halfDays('09:00', '11:00')).toBe(1)
    expect(halfDays('14:00', '18:00')).toBe(1) // exactly 240 minutes
    expect(halfDays('14:00', '18:01')).toBe(2) // 241 minutes: a second half-day begun
    expect(halfDays('08:00', '17:00')).toBe(3) // 540 minutes: ceil(540 / 240) = 3
    expect(halfDays('10:00', '10:00')).toBe(1) // opened and concluded at once: the member still came
  })

  test('across noon: more than 30 minutes of both the morning and the afternoon is two half-days', () => {
    expect(halfDays('09:00', '13:00')).toBe(2) // 240 minutes, but 180 before noon and 60 after
    expect(halfDays('10:00', '14:00')).toBe(2)
    expect(halfDays('09:00', '12:30')).toBe(1) // 30 minutes after noon is within the grace
    expect(halfDays('09:00', '12:31')).toBe(2) // 31 minutes after noon is not
    expect(halfDays('11:45', '15:45')).toBe(1) // 15 minutes before noon is within the grace
  })

  test('across midnight: the evening and the next morning are two half-days', () => {
    expect(halfDays('22:00', '02:00', '2026-12-11')).toBe(2)
  })
})

describe('sessions from the timeline', () => {
  test('each open up to the next suspend, postpone, conclude or terminate; half-days and minutes add up', () => {
    const events = [
      { action: 'create', at: at('08:00', '2026-11-28') },
      { action: 'notify', at: at('09:00', '2026-11-28') },
      { action: 'open', at: at('09:00') },
      { action: 'suspend', at: at('10:00') },
      { action: 'resume', at: at('10:05') },
      { action: 'notify', at: at('10:06') },
      { action: 'open', at: at('14:00', '2026-12-15') },
      { action: 'participant_added', at: at('14:10', '2026-12-15') },
      { action: 'conclude', at: at('15:30', '2026-12-15') }
    ]
    const sessions = sessionsOf(events)
    expect(sessions).toEqual([{ start: at('09:00'), end: at('10:00') }, { start: at('14:00', '2026-12-15'), end: at('15:30', '2026-12-15') }])
    expect(serviceOf(sessions)).toEqual({ halfDays: 2, minutes: 150 })
  })

  test('an open without an end yet is no session', () => {
    expect(sessionsOf([{ action: 'open', at: at('09:00') }])).toEqual([])
  })
})

describe('rate per half-day', () => {
  const settings = { feeCapYuan: 200, seniorFeeCapYuan: 300 }
  test('a fee member gets the fee of the pool record, in fen', () => {
    expect(rateOf({ remunerationKind: 'fee_per_half_day', feePerHalfDayYuan: 180, seniorTitle: false }, settings)).toEqual({ rateFen: 18000, capped: false, capYuan: 200 })
    expect(rateOf({ remunerationKind: 'fee_per_half_day', feePerHalfDayYuan: 300, seniorTitle: true }, settings)).toEqual({ rateFen: 30000, capped: false, capYuan: 300 })
  })

  test('never more than the cap in force: a fee above it (set before the cap was lowered) is paid at the cap', () => {
    expect(rateOf({ remunerationKind: 'fee_per_half_day', feePerHalfDayYuan: 250, seniorTitle: false }, settings)).toEqual({ rateFen: 20000, capped: true, capYuan: 200 })
    expect(rateOf({ remunerationKind: 'fee_per_half_day', feePerHalfDayYuan: 350, seniorTitle: true }, settings)).toEqual({ rateFen: 30000, capped: true, capYuan: 300 })
  })

  test('a public-interest member is paid nothing', () => {
    expect(rateOf({ remunerationKind: 'public_interest', feePerHalfDayYuan: null, seniorTitle: true }, settings).rateFen).toBe(0)
  })
})

describe('who serves and who pays', () => {
  test('host, the officers still seated, the pool third parties and the recorder, each once', () => {
    const served = servedMembers({ hostMemberId: 1, recorderMemberId: 2 }, [
      { kind: 'officer', memberId: 3, active: true },
      { kind: 'officer', memberId: 4, active: false }, // declined
      { kind: 'alternate', memberId: 5, active: true }, // never sat
      { kind: 'third_party', memberId: 6, active: true },
      { kind: 'respondent_rep', memberId: null, active: true },
      { kind: 'officer', memberId: 1, active: true } // cannot happen, but is paid once
    ])
    expect(served).toEqual([{ memberId: 1, role: 'host' }, { memberId: 3, role: 'officer' }, { memberId: 6, role: 'third_party' }, { memberId: 2, role: 'recorder' }])
  })

  test('the township the hearing is in pays; above township level the hearing\'s own region', () => {
    const city = { id: 1, level: 'city' }
    const county = { id: 2, level: 'county' }
    const town = { id: 3, level: 'township' }
    const village = { id: 4, level: 'village' }
    expect(payerOf([city, county, town, village], village)).toBe(town)
    expect(payerOf([city, county, town], town)).toBe(town)
    expect(payerOf([city, county], county)).toBe(county)
  })
})

describe('corrections', () => {
  test('an unpaid line and its reversal are both cancelled; new figures make a replacement', () => {
    expect(correctionPlan({ status: 'unpaid', halfDays: 2, rateFen: 20000, amountFen: 40000 }, { halfDays: 1 })).toEqual({
      originalStatus: 'cancelled',
      reversal: { halfDays: -2, rateFen: 20000, amountFen: -40000, status: 'cancelled' },
      replacement: { halfDays: 1, rateFen: 20000, amountFen: 20000, status: 'unpaid' }
    })
  })

  test('a paid line stays paid; its reversal is owed back in the next batch', () => {
    expect(correctionPlan({ status: 'paid', halfDays: 2, rateFen: 15000, amountFen: 30000 }, {})).toEqual({
      originalStatus: 'paid',
      reversal: { halfDays: -2, rateFen: 15000, amountFen: -30000, status: 'unpaid' },
      replacement: null
    })
  })

  test('a replacement with nothing to pay is not payable', () => {
    expect(correctionPlan({ status: 'paid', halfDays: 1, rateFen: 15000, amountFen: 15000 }, { rateFen: 0 }).replacement).toEqual({ halfDays: 1, rateFen: 0, amountFen: 0, status: 'not_payable' })
  })
})
