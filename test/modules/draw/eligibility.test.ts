import { describe, expect, test } from 'vitest'
import { EXCLUSION_CODES, drawInputFor, evaluateEligibility, evaluatePool, storedExclusions } from '../../../server/modules/draw/draw.eligibility.js'
import type { EligibilityCandidate, EligibilityHearing } from '../../../server/modules/draw/draw.types.js'
import { candidatePool } from '../../../server/modules/draw/draw.candidate-pool.js'
import { DEFAULT_RULESET, resolveRuleset } from '../../../server/modules/rulesets/rulesets.config.js'

const H = 3_600_000
const at = (iso: string) => Date.parse(iso)
/** Tuesday 2026-03-10, 09:00–11:00 Shanghai, at venue 1. */
const START = at('2026-03-10T09:00:00+08:00')

const hearing: EligibilityHearing = {
  hearingId: 500,
  start: START,
  end: START + 2 * H,
  venueId: 1,
  matterId: 42,
  hostId: 900,
  recorderId: 901,
  petitionerIds: [7001, 7002],
  petitionerIdNumbers: ['37160219800101123x'],
  petitionerVillageIds: [31],
  respondentOrgIds: [60, 61]
}

function candidate (overrides: Partial<EligibilityCandidate> = {}): EligibilityCandidate {
  return {
    id: 1,
    status: 'active',
    termStart: '2025-01-01',
    termEnd: '2026-12-31',
    roles: ['officer'],
    employerOrgIds: [10],
    homeVillageRegionId: 30,
    local: true,
    crossRegionConsent: false,
    ...overrides
  }
}

function reasonsFor (overrides: Partial<EligibilityCandidate>, rules = DEFAULT_RULESET, h = hearing) {
  const { eligible, excluded } = evaluateEligibility({ candidates: [candidate(overrides)], hearing: h, rules })
  return eligible.length === 1 ? [] : excluded[0]!.reasons.map((r) => r.code)
}

describe('eligibility over a pool', () => {
  const members = [
    candidate({ id: 1 }),
    candidate({ id: 2, status: 'suspended' }),
    candidate({ id: 3, local: false }),
    candidate({ id: 4, status: 'suspended' }),
    candidate({ id: 5, status: 'suspended', local: false }),
    candidate({ id: 6, local: false }),
    candidate({ id: 7, status: 'removed' })
  ]

  test('excluded members are grouped by exactly the same reasons, groups in order of their first member; one outside the region without consent by that reason alone', () => {
    const result = evaluatePool({ pool: candidatePool(members), hearing, rules: DEFAULT_RULESET })
    expect(Array.from(result.eligible)).toEqual([0])
    // member 5 is suspended too, but that is another region's pool data: the record lists the locality reason only
    expect(result.exclusionGroups().map((g) => [g.reasons.map((r) => r.code), g.memberIds])).toEqual([
      [['not_active'], [2, 4]],
      [['cross_region_no_consent'], [3, 5, 6]],
      [['not_active'], [7]]
    ])
    expect(result.exclusionGroups()[2]!.reasons[0]!.message).toBe('状态为“已除名”，不在可抽取之列')
    // the per-member view (the checks of people chosen by hand) keeps every reason, in pool order
    expect(result.exclusions().map((e) => [e.memberId, e.reasons.map((r) => r.code)])).toEqual([
      [2, ['not_active']], [3, ['cross_region_no_consent']], [4, ['not_active']], [5, ['not_active', 'cross_region_no_consent']], [6, ['cross_region_no_consent']], [7, ['not_active']]
    ])
    expect(result.exclusions()).toEqual(evaluateEligibility({ candidates: members, hearing, rules: DEFAULT_RULESET }).excluded)
  })

  test('the hearing\'s own host or recorder from elsewhere keeps every reason in the record', () => {
    const pool = candidatePool([candidate({ id: 900, status: 'suspended', local: false }), candidate({ id: 901, local: false }), candidate({ id: 902, status: 'suspended', local: false })])
    const groups = evaluatePool({ pool, hearing, rules: DEFAULT_RULESET }).exclusionGroups()
    expect(groups.map((g) => [g.reasons.map((r) => r.code), g.memberIds])).toEqual([
      [['not_active', 'is_host', 'cross_region_no_consent'], [900]],
      [['is_recorder', 'cross_region_no_consent'], [901]],
      [['cross_region_no_consent'], [902]]
    ])
  })

  test('the draw input holds the eligible members only, with their local flags and attributes', () => {
    const pool = candidatePool([candidate({ id: 9, attributes: { profession: ['lawyer'] } }), candidate({ id: 2, status: 'suspended' }), candidate({ id: 4, local: false, crossRegionConsent: true })])
    const columns = evaluatePool({ pool, hearing, rules: DEFAULT_RULESET }).drawCandidates()
    expect(Array.from(columns.ids)).toEqual([9, 4])
    expect(Array.from(columns.tier)).toEqual([0, 1])
    expect(Array.from(columns.profile, (p) => columns.profiles[p])).toEqual([{ profession: ['lawyer'] }, {}])
  })

  test('draw rows stored before grouping (one entry per member) are read back grouped', () => {
    const reason = { code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }
    expect(storedExclusions({ excluded: [{ memberId: 2, reasons: [reason] }, { memberId: 4, reasons: [reason] }] })).toEqual([{ reasons: [reason], memberIds: [2, 4] }])
    expect(storedExclusions({ excluded: [{ reasons: [reason], memberIds: [2] }] })).toEqual([{ reasons: [reason], memberIds: [2] }])
    expect(storedExclusions({})).toEqual([])
  })

  test('rows stored with every reason of a member from elsewhere are read with the locality reason alone, merged into its group', () => {
    const suspended = { code: 'not_active', message: '状态为“暂停”，不在可抽取之列' }
    const noConsent = { code: 'cross_region_no_consent', message: '属其他区域，未同意跨区域参加听证' }
    const host = { code: 'is_host', message: '是本场听证的主持人' }
    const stored = {
      excluded: [
        { reasons: [suspended], memberIds: [2] },
        { reasons: [noConsent], memberIds: [3, 8] },
        { reasons: [suspended, noConsent], memberIds: [5] },
        { reasons: [suspended, host, noConsent], memberIds: [900] }
      ]
    }
    expect(storedExclusions(stored)).toEqual([
      { reasons: [suspended], memberIds: [2] },
      { reasons: [noConsent], memberIds: [3, 5, 8] },
      { reasons: [suspended, host, noConsent], memberIds: [900] }
    ])
    // what is stored now reads back as it is
    const current = evaluatePool({ pool: candidatePool(members), hearing, rules: DEFAULT_RULESET }).exclusionGroups()
    expect(storedExclusions({ excluded: current })).toBe(current)
  })
})

describe('eligibility', () => {
  test('an active officer in term, free and unrelated, is eligible', () => {
    const result = evaluateEligibility({ candidates: [candidate()], hearing, rules: DEFAULT_RULESET })
    expect(result.eligible.map((c) => c.id)).toEqual([1])
    expect(result.excluded).toEqual([])
  })

  test.each([
    ['not_active', { status: 'suspended' }],
    ['out_of_term', { termEnd: '2026-03-09' }],
    ['out_of_term', { termStart: '2026-03-11' }],
    ['no_officer_role', { roles: ['host'] }],
    ['is_host', { id: 900 }],
    ['is_recorder', { id: 901 }],
    ['unavailable', { unavailable: [{ start: START + H, end: START + 5 * H }] }],
    ['employed_by_respondent', { employerOrgIds: [61] }],
    ['employed_by_respondent', { declaredEmployerOrgIds: [60] }],
    ['same_home_community', { homeVillageRegionId: 31 }],
    ['declared_relative', { declaredRelativeIdNumbers: ['37160219800101123X'] }],
    ['served_on_matter', { servedMatterIds: [41, 42] }],
    ['cross_region_no_consent', { local: false }],
    ['cooling_off', { lastServedByPetitioner: { 7002: '2026-01-01' } }]
  ] as [string, Partial<EligibilityCandidate>][])('%s: %j', (code, overrides) => {
    expect(reasonsFor(overrides)).toEqual([code])
  })

  test('term boundaries are inclusive (Shanghai date of the hearing)', () => {
    expect(reasonsFor({ termStart: '2026-03-10', termEnd: '2026-03-10' })).toEqual([])
    const lateEvening = { ...hearing, start: at('2026-03-10T23:30:00+08:00'), end: at('2026-03-10T23:50:00+08:00') }
    expect(reasonsFor({ termEnd: '2026-03-10' }, DEFAULT_RULESET, lateEvening)).toEqual([])
  })

  test('every reason is collected, not only the first, and messages are Chinese without ID numbers', () => {
    const { excluded } = evaluateEligibility({
      candidates: [candidate({ status: 'removed', roles: [], homeVillageRegionId: 31, declaredRelativeIdNumbers: ['37160219800101123X'], local: false })],
      hearing,
      rules: DEFAULT_RULESET
    })
    expect(excluded[0]!.reasons.map((r) => r.code)).toEqual(['not_active', 'no_officer_role', 'cross_region_no_consent', 'same_home_community', 'declared_relative'])
    expect(excluded[0]!.reasons[0]!.message).toBe('状态为“已除名”，不在可抽取之列')
    expect(JSON.stringify(excluded)).not.toMatch(/3716021980/)
    for (const r of excluded[0]!.reasons) expect(EXCLUSION_CODES).toContain(r.code)
  })

  test('double booking: overlap at the same venue; back-to-back at the same venue is fine', () => {
    expect(reasonsFor({ bookings: [{ start: START - 2 * H, end: START, venueId: 1 }] })).toEqual([])
    expect(reasonsFor({ bookings: [{ start: START + 2 * H, end: START + 3 * H, venueId: 1 }] })).toEqual([])
    expect(reasonsFor({ bookings: [{ start: START + H, end: START + 3 * H, venueId: 1 }] })).toEqual(['double_booked'])
  })

  test('at another venue the travel buffer applies: 29 minutes apart clashes, 30 minutes does not', () => {
    const min = 60_000
    expect(reasonsFor({ bookings: [{ start: START - 2 * H, end: START - 29 * min, venueId: 2 }] })).toEqual(['double_booked'])
    expect(reasonsFor({ bookings: [{ start: START - 2 * H, end: START - 30 * min, venueId: 2 }] })).toEqual([])
    expect(reasonsFor({ bookings: [{ start: START + 2 * H + 29 * min, end: START + 4 * H, venueId: null }] })).toEqual(['double_booked'])
    const noBuffer = resolveRuleset([{ label: 'x', config: { travelBufferMinutes: 0 } }])
    expect(reasonsFor({ bookings: [{ start: START - 2 * H, end: START - min, venueId: 2 }] }, noBuffer)).toEqual([])
  })

  test('the double-booking message names the other hearing by its case number and time in Shanghai, and the buffer', () => {
    const { excluded } = evaluateEligibility({ candidates: [candidate({ bookings: [{ start: START + H, end: START + 3 * H, venueId: 2, hearingId: 7, caseNumber: '滨信〔2026〕12号' }] })], hearing, rules: DEFAULT_RULESET })
    expect(excluded[0]!.reasons[0]!.message).toBe('2026年3月10日 10:00–12:00 已安排滨信〔2026〕12号的听证（不同场所需留出 30 分钟路途时间）')
  })

  test('a long booking that began days before still clashes; bookings in any order; the first clash in time is named', () => {
    expect(reasonsFor({ bookings: [{ start: START - 72 * H, end: START + H, venueId: 1 }] })).toEqual(['double_booked'])
    const { excluded } = evaluateEligibility({
      candidates: [candidate({ bookings: [{ start: START + H, end: START + 3 * H, venueId: 1 }, { start: START - H, end: START + H, venueId: 1 }] })],
      hearing,
      rules: DEFAULT_RULESET
    })
    // (two bookings that week also reach the weekly cap)
    expect(excluded[0]!.reasons.map((r) => r.message)).toEqual(['2026年3月10日 08:00–10:00 已安排其他听证', '本周已安排 2 场，达到每周上限 2 场'])
  })

  test("the hearing's own booking is ignored, so the check can re-run inside the write", () => {
    expect(reasonsFor({ bookings: [{ start: START, end: START + 2 * H, venueId: 1, hearingId: 500 }] })).toEqual([])
  })

  test('caps: 2 a week and 4 a month by default, this hearing included; given counts or counted from bookings', () => {
    expect(reasonsFor({ bookedThisWeek: 1, bookedThisMonth: 3 })).toEqual([])
    expect(reasonsFor({ bookedThisWeek: 2, bookedThisMonth: 2 })).toEqual(['cap_week_exceeded'])
    expect(reasonsFor({ bookedThisWeek: 0, bookedThisMonth: 4 })).toEqual(['cap_month_exceeded'])
    const monday = at('2026-03-09T14:00:00+08:00')
    const sundayBefore = at('2026-03-08T14:00:00+08:00')
    const bookings = [
      { start: monday, end: monday + H, venueId: 1 },
      { start: sundayBefore, end: sundayBefore + H, venueId: 1 },
      { start: at('2026-03-12T14:00:00+08:00'), end: at('2026-03-12T15:00:00+08:00'), venueId: 1 }
    ]
    expect(reasonsFor({ bookings })).toEqual(['cap_week_exceeded'])
    expect(reasonsFor({ bookings: bookings.slice(0, 2) })).toEqual([])
    const unlimited = resolveRuleset([{ label: 'x', config: { caps: { perWeek: null, perMonth: null } } }])
    expect(reasonsFor({ bookings }, unlimited)).toEqual([])
  })

  test('cooling-off of 90 days: 89 days after the last hearing of the same petitioner is too soon, 90 is fine', () => {
    expect(reasonsFor({ lastServedByPetitioner: { 7001: '2025-12-11' } })).toEqual(['cooling_off'])
    expect(reasonsFor({ lastServedByPetitioner: { 7001: '2025-12-10' } })).toEqual([])
    expect(reasonsFor({ lastServedByPetitioner: { 9999: '2026-03-01' } })).toEqual([])
    const none = resolveRuleset([{ label: 'x', config: { coolingOffDays: 0 } }])
    expect(reasonsFor({ lastServedByPetitioner: { 7001: '2026-03-09' } }, none)).toEqual([])
  })

  test('cross-region members need consent, and none are drawn when the ruleset forbids it', () => {
    expect(reasonsFor({ local: false, crossRegionConsent: true })).toEqual([])
    const localOnly = resolveRuleset([{ label: 'x', config: { crossRegion: { allowed: false } } }])
    expect(reasonsFor({ local: false, crossRegionConsent: true }, localOnly)).toEqual(['cross_region_not_allowed'])
  })

  test('drawInputFor takes seats, alternates, composition and local-first from the ruleset', () => {
    const eligible = [candidate({ attributes: { profession: ['lawyer'] } })]
    const general = drawInputFor({ eligible, ruleset: DEFAULT_RULESET, procedure: 'general' })
    expect(general).toMatchObject({ seats: 5, alternates: 2, localFirst: true })
    expect(general.rules.map((r) => r.label)).toEqual(['律师或法律工作者', '党代表、人大代表或政协委员'])
    expect(drawInputFor({ eligible, ruleset: DEFAULT_RULESET, procedure: 'simple', seats: 1 })).toMatchObject({ seats: 1, alternates: 1, rules: [] })
  })
})
