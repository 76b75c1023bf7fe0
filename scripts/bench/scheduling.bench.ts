/**
 * Scheduling figures:
 * - draw_100k_median_ms: eligibility over a 100,000-member pool with every exclusion rule active
 *   (status, term, role, host/recorder, cross-region consent, unavailability, double booking with the
 *   travel buffer, week/month caps, cooling-off, employer = respondent or alias, home village, declared
 *   relative, served on the matter) with every excluded member's reasons written and grouped as the draw
 *   record keeps them, then the verifiable draw of the eligible members: canonical input, SHA-256
 *   commitment, seed and selection of 5 seats with 2 composition rules plus 2 alternates.
 *   Median over 30 runs. The members are built once and turned into the column pool once (as a draw
 *   does after loading them); neither is timed, nor is writing the record to the database. Goal ≤ 20 ms.
 */
import { evaluatePool, drawInputFor } from '../../server/modules/draw/draw.eligibility.js'
import type { EligibilityCandidate, EligibilityHearing } from '../../server/modules/draw/draw.types.js'
import { candidatePool } from '../../server/modules/draw/draw.candidate-pool.js'
import { conductDraw } from '../../server/modules/draw/draw.algorithm.js'
import { DEFAULT_RULESET } from '../../server/modules/rulesets/rulesets.config.js'
import { seededRng, type Rng } from '../../server/common/random.js'
import { medianMs, round, type Figure } from './types.js'

const MEMBERS = 100_000
const H = 3_600_000
const START = Date.parse('2026-03-10T09:00:00+08:00')

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!
const chance = (rng: Rng, p: number) => rng.next() < p

export function buildPool (rng: Rng): EligibilityCandidate[] {
  const professions = ['lawyer', 'expert_scholar', 'people_mediator', 'grassroots_legal_worker', 'psychological_counsellor', 'social_worker']
  const sources = ['deputy', 'retired_cadre', 'village_head', 'notable', 'familiar_with_matter', 'professional']
  const members: EligibilityCandidate[] = []
  for (let id = 1; id <= MEMBERS; id++) {
    const bookings = []
    const n = Math.floor(rng.next() * 4)
    for (let b = 0; b < n; b++) {
      const start = START + Math.floor((rng.next() - 0.5) * 40 * 24) * H
      bookings.push({ start, end: start + 2 * H, venueId: 1 + Math.floor(rng.next() * 20), hearingId: 10_000 + id * 4 + b })
    }
    members.push({
      id,
      status: chance(rng, 0.03) ? 'suspended' : 'active',
      termStart: chance(rng, 0.02) ? '2026-04-01' : '2025-01-01',
      termEnd: chance(rng, 0.02) ? '2026-03-01' : '2026-12-31',
      roles: chance(rng, 0.02) ? ['host'] : ['officer'],
      employerOrgIds: [1 + Math.floor(rng.next() * 5000)],
      declaredEmployerOrgIds: chance(rng, 0.1) ? [1 + Math.floor(rng.next() * 5000)] : [],
      homeVillageRegionId: 1 + Math.floor(rng.next() * 3000),
      declaredRelativeIdNumbers: chance(rng, 0.2) ? [`3716021980${String(Math.floor(rng.next() * 1e8)).padStart(8, '0')}`] : [],
      servedMatterIds: chance(rng, 0.05) ? [42, 1 + Math.floor(rng.next() * 1000)] : [1 + Math.floor(rng.next() * 1000)],
      unavailable: chance(rng, 0.05) ? [{ start: START - 24 * H, end: START + 24 * H }] : [],
      bookings,
      lastServedByPetitioner: chance(rng, 0.02) ? { 7001: '2026-02-01' } : {},
      local: chance(rng, 0.8),
      crossRegionConsent: chance(rng, 0.5),
      attributes: { profession: [pick(rng, professions)], source: chance(rng, 0.6) ? [pick(rng, sources)] : [] }
    })
  }
  return members
}

export const figures: Figure[] = [
  {
    name: 'draw_100k_median_ms',
    run: async () => {
      const rng = seededRng(2026)
      const members = buildPool(rng)
      const built = process.hrtime.bigint()
      const pool = candidatePool(members)
      const buildMs = Number(process.hrtime.bigint() - built) / 1e6
      const hearing: EligibilityHearing = {
        hearingId: 1,
        start: START,
        end: START + 2 * H,
        venueId: 1,
        matterId: 42,
        hostId: 17,
        recorderId: 18,
        petitionerIds: [7001],
        petitionerIdNumbers: ['371602198001011234'],
        petitionerVillageIds: [31, 32],
        respondentOrgIds: [60, 61, 62]
      }
      const secret = 'ab'.repeat(32)
      let last: { eligible: number, excluded: number, groups: number, seats: number, alternates: number } | null = null
      let run = 0
      const value = await medianMs(() => {
        const result = evaluatePool({ pool, hearing, rules: DEFAULT_RULESET })
        const excluded = result.exclusionGroups()
        const eligible = result.drawCandidates()
        const record = conductDraw(drawInputFor({ eligible, ruleset: DEFAULT_RULESET, procedure: 'general' }), { serverSecret: secret, witnessValue: String(run++) })
        last = { eligible: eligible.ids.length, excluded: result.excluded.length, groups: excluded.length, seats: record.panel.official.length, alternates: record.panel.alternates.length }
      }, { runs: 30, warmup: 5 })
      const bookings = members.reduce((n, m) => n + (m.bookings?.length ?? 0), 0)
      const sizes = `members=${members.length} eligible=${last!.eligible} excluded=${last!.excluded} (reason groups=${last!.groups}) bookings=${bookings} seats=${last!.seats} alternates=${last!.alternates} rules=2 column_pool_build_ms=${round(buildMs)} (once, untimed)`
      return { value: round(value), unit: 'ms', sizes }
    }
  }
]
