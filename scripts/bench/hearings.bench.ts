import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { systemActor } from '../../server/common/actor.js'
import { medianMs, round, type Figure } from './types.js'

const HEARINGS = Number(process.env.BENCH_HEARINGS ?? 1_000_000)
const MEMBERS = 5_000
const VENUES = 500
const MATTERS = 2_000
const PANEL_ROWS_PER_HEARING = 3

/** preview_1m_median_ms: one hearing's full check with a million hearings (and their panels) already stored. */
async function previewOverMillion () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-hearings-'))
  try {
    const { db, sqlite } = createDatabase({ filename: join(dir, 'bench.db') })
    runMigrations(db)
    const now = '2026-11-28T01:00:00.000Z'
    const services = createServices({ db, clock: fixedClock(now), rng: seededRng(7), config: testConfig() })
    const actor = systemActor()
    const city = services.regions.create(actor, { name: '滨海市' })
    const county = services.regions.create(actor, { name: '东城区', parentId: city.id })
    const town = services.regions.create(actor, { name: '渤海街道', parentId: county.id })
    const village = services.regions.create(actor, { name: '渤海社区', parentId: town.id })
    const t = Date.parse(now)
    sqlite.exec('BEGIN')
    sqlite.prepare("insert into organisations (name, name_key, kind, created_at, updated_at, version) values ('东城区住房和城乡建设局', '东城区住房和城乡建设局', 'agency', ?, ?, 1)").run(t, t)
    const member = sqlite.prepare(`insert into members (name, gender, birth_date, id_number, mobile, home_region_id, role_officer, role_host, role_recorder, role_third_party,
      source_category, consent_cross_region, remuneration_kind, status, appointment_date, term_end, last_training_on, version, created_at, updated_at)
      values (?, 'male', '1980-01-01', ?, ?, ?, 1, 1, 1, 0, 'professional', 0, 'public_interest', 'active', '2026-01-01', '2027-12-31', '2026-06-01', 1, ?, ?)`)
    for (let i = 1; i <= MEMBERS; i++) member.run(`成员${i}`, `ID${String(i).padStart(16, '0')}`, `139${String(i).padStart(8, '0')}`, town.id, t, t)
    const venue = sqlite.prepare('insert into venues (region_id, name, address, capacity, active, version, created_at, updated_at) values (?, ?, ?, 30, 1, 1, ?, ?)')
    for (let i = 1; i <= VENUES; i++) venue.run(town.id, `听证室${i}`, `黄河路${i}号`, t, t)
    const matter = sqlite.prepare(`insert into matters (number, title, summary, region_id, petitioner_kind, respondent_organisation_id, third_party_situations, version, created_at, updated_at)
      values (?, '征地补偿', '', ?, 'individual', 1, '[]', 1, ?, ?)`)
    const petitioner = sqlite.prepare("insert into matter_petitioners (matter_id, position, name, id_number, home_village_region_id) values (?, 1, '王信访', ?, ?)")
    const stage = sqlite.prepare(`insert into matter_stages (matter_id, stage, accepting_body, accepted_on, limit_days, day_unit, exclude_hearing_time, extension_max_days, extension_unit,
      ruleset_label, base_due_on, due_on, created_at, updated_at) values (?, 'handling', '东城区人民政府', '2026-11-02', 60, 'calendar', 0, 30, 'calendar', '全国默认', '2027-01-01', '2027-01-01', ?, ?)`)
    for (let i = 1; i <= MATTERS; i++) {
      matter.run(`滨信〔2026〕${i}号`, town.id, t, t)
      petitioner.run(i, `P${String(i).padStart(17, '0')}`, village.id)
      stage.run(i, t, t)
    }
    const hearing = sqlite.prepare(`insert into hearings (matter_id, region_id, procedure, is_public, starts_at, ends_at, venue_id, host_member_id, recorder_member_id, panel_size, status,
      ruleset_label, ruleset_fingerprint, ruleset, uid, sequence, version, created_at, updated_at)
      values (?, ?, 'general', 1, ?, ?, ?, ?, ?, 5, ?, '全国默认', 'x', '{}', ?, 0, 1, ?, ?)`)
    const participant = sqlite.prepare("insert into hearing_participants (hearing_id, kind, member_id, response, active, hearing_starts_at, created_at) values (?, 'officer', ?, 'accepted', 1, ?, ?)")
    const rng = seededRng(11)
    const span = 5 * 365 * 24 * 3600_000
    const base = t - 3 * 365 * 24 * 3600_000
    const statuses = ['concluded', 'concluded', 'concluded', 'scheduled', 'cancelled']
    for (let i = 1; i <= HEARINGS; i++) {
      const start = base + Math.floor(rng.next() * span / 1800_000) * 1800_000
      const m = () => 1 + Math.floor(rng.next() * MEMBERS)
      hearing.run(1 + (i % MATTERS), town.id, start, start + 7200_000, 1 + Math.floor(rng.next() * VENUES), m(), m(), statuses[i % statuses.length], `hearing-${i}`, t, t)
      for (let p = 0; p < PANEL_ROWS_PER_HEARING; p++) participant.run(i, m(), start, t)
    }
    sqlite.exec('COMMIT')
    sqlite.exec('ANALYZE')
    const proposal = { matterId: 1, procedure: 'general' as const, startsAt: new Date('2026-12-10T01:00:00Z'), endsAt: new Date('2026-12-10T03:00:00Z'), venueId: 3, hostMemberId: 10, recorderMemberId: 11 }
    const ms = await medianMs(() => services.hearings.preview(actor, proposal), { runs: 100, warmup: 10 })
    sqlite.close()
    return ms
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

export const figures: Figure[] = [
  {
    name: 'preview_1m_median_ms',
    run: async () => ({
      value: round(await previewOverMillion(), 3),
      unit: 'ms',
      sizes: `${HEARINGS.toLocaleString('en')} hearings over 5 years with ${PANEL_ROWS_PER_HEARING} panel rows each, ${MEMBERS} members, ${VENUES} venues, ${MATTERS} matters; file database; median of 100; goal <= 5 ms`
    })
  }
]
