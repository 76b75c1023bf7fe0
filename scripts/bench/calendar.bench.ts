import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { buildApp } from '../../server/app.js'
import { testConfig } from '../../server/config.js'
import { systemClock } from '../../server/common/clock.js'
import { cryptoRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { systemActor } from '../../server/common/actor.js'
import { createCalendarService } from '../../server/modules/calendar/calendar.service.js'
import type { CalendarAttendee, CalendarFeedEntry } from '../../server/modules/calendar/calendar.ics.js'
import { buildFeed } from '../../server/modules/calendar/calendar.feed-writer.js'
import { medianMs, round, type Figure } from './types.js'

const HEARINGS = 1000
const BASE_URL = 'https://tz.binzhou.example.gov.cn'

/** A year of hearings for one busy officer: 7-person panels, host, recorder, a respondent, every 7th cancelled. */
function entries (): CalendarFeedEntry[] {
  const start = Date.parse('2026-01-05T01:30:00Z')
  return Array.from({ length: HEARINGS }, (_, i) => {
    const attendees: CalendarAttendee[] = [
      { ref: { kind: 'member', id: 1 }, name: '张主持', email: 'host@example.cn', role: 'host', response: 'accepted' },
      { ref: { kind: 'member', id: 2 }, name: '李记录', email: 'rec@example.cn', role: 'recorder', response: 'accepted' },
      ...Array.from({ length: 7 }, (_, k): CalendarAttendee => ({
        ref: { kind: 'member', id: 10 + k }, name: `听证员${k + 1}`, email: `m${k}@example.cn`, role: 'panel', response: k % 3 === 0 ? 'needs-action' : 'accepted'
      })),
      { ref: { kind: 'participant', id: 100 + i }, name: '孙承办', email: 'sun@dept.example.cn', role: 'respondent', response: 'needs-action' }
    ]
    const begins = start + Math.floor(i / 4) * 86_400_000 + (i % 4) * 2 * 3_600_000
    return {
      hearing: {
        id: i + 1,
        uid: `hearing-${i + 1}@tz.binzhou.example.gov.cn`,
        sequence: i % 5,
        status: i % 7 === 0 ? 'cancelled' : 'confirmed',
        start: new Date(begins),
        end: new Date(begins + 90 * 60_000),
        venue: { name: `第${(i % 5) + 1}听证室`, address: '滨海市渤海路1号信访局三楼' },
        title: `第${i + 1}号信访事项听证会`,
        summary: '信访人要求退还2025年度供暖费，责任单位已作出不予退还的答复。',
        matterNumber: `滨信听〔2026〕${i + 1}号`,
        procedure: i % 2 === 0 ? 'general' : 'simple',
        url: `${BASE_URL}/hearings/${i + 1}`,
        attendees,
        updatedAt: new Date(begins - 7 * 86_400_000)
      }
    }
  })
}

async function feed1000 () {
  const fixtures = entries()
  const { db, sqlite } = createDatabase({ filename: ':memory:' })
  try {
    runMigrations(db)
    const config = testConfig({ publicBaseUrl: BASE_URL })
    const deps = { config, db, sqlite, clock: systemClock, rng: cryptoRng }
    const calendar = createCalendarService({ db, clock: systemClock, rng: cryptoRng, config, feedEntries: () => fixtures })
    const app = await buildApp({ ...deps, services: { ...createServices(deps), calendar } })
    const path = new URL(calendar.getFeed(systemActor(), { kind: 'member', id: 11 }).url).pathname
    let bytes = 0
    const ms = await medianMs(async () => {
      const res = await app.inject({ method: 'GET', url: path })
      if (res.statusCode !== 200) throw new Error(`feed answered ${res.statusCode}`)
      bytes = res.rawPayload.length
    }, { runs: 40, warmup: 10 })
    const buildOnly = await medianMs(() => buildFeed({ owner: { ref: { kind: 'member', id: 11 } }, entries: fixtures, now: new Date(), baseUrl: BASE_URL }), { runs: 30, warmup: 3 })
    await app.close()
    return {
      value: round(ms),
      unit: 'ms',
      sizes: `${HEARINGS} hearings × 11 attendees, GET /api/v1/calendar/feeds/:token.ics, ${Math.round(bytes / 1024)} KiB; buildFeed alone ${round(buildOnly)} ms; goal ≤ 50 ms`
    }
  } finally {
    sqlite.close()
  }
}

/**
 * The same figure through the real data path: a member who sat on 1,000 stored hearings (7-person panels,
 * host, recorder, a respondent representative, every 7th cancelled), read from the database by the feed route.
 */
async function feed1000FromDatabase () {
  const { db, sqlite } = createDatabase({ filename: ':memory:' })
  try {
    runMigrations(db)
    const config = testConfig({ publicBaseUrl: BASE_URL })
    const deps = { config, db, sqlite, clock: systemClock, rng: cryptoRng }
    const services = createServices(deps)
    const actor = systemActor()
    const city = services.regions.create(actor, { name: '滨海市' })
    const county = services.regions.create(actor, { name: '东城区', parentId: city.id })
    const t = Date.parse('2026-01-01T00:00:00Z')
    sqlite.exec('BEGIN')
    sqlite.prepare("insert into organisations (name, name_key, kind, created_at, updated_at, version) values ('东城区住房和城乡建设局', '东城区住房和城乡建设局', 'agency', ?, ?, 1)").run(t, t)
    const member = sqlite.prepare(`insert into members (name, gender, birth_date, id_number, mobile, email, home_region_id, role_officer, role_host, role_recorder, role_third_party,
      source_category, consent_cross_region, remuneration_kind, status, appointment_date, term_end, version, created_at, updated_at)
      values (?, 'male', '1980-01-01', ?, ?, ?, ?, 1, 1, 1, 0, 'professional', 0, 'public_interest', 'active', '2026-01-01', '2027-12-31', 1, ?, ?)`)
    for (let i = 1; i <= 20; i++) member.run(`成员${i}`, `ID${String(i).padStart(16, '0')}`, `139${String(i).padStart(8, '0')}`, `m${i}@example.cn`, county.id, t, t)
    sqlite.prepare("insert into venues (region_id, name, address, capacity, active, version, created_at, updated_at) values (?, '第一听证室', '滨海市渤海路1号信访局三楼', 30, 1, 1, ?, ?)").run(county.id, t, t)
    sqlite.prepare(`insert into matters (number, title, summary, region_id, petitioner_kind, respondent_organisation_id, third_party_situations, version, created_at, updated_at)
      values ('滨信〔2026〕1号', '供暖费退还', '信访人要求退还2025年度供暖费。', ?, 'individual', 1, '[]', 1, ?, ?)`).run(county.id, t, t)
    const hearing = sqlite.prepare(`insert into hearings (matter_id, region_id, procedure, is_public, starts_at, ends_at, venue_id, host_member_id, recorder_member_id, panel_size, status,
      ruleset_label, ruleset_fingerprint, ruleset, uid, sequence, version, created_at, updated_at)
      values (1, ?, 'general', 1, ?, ?, 1, 1, 2, 7, ?, '全国默认', 'x', '{}', ?, ?, 1, ?, ?)`)
    const participant = sqlite.prepare('insert into hearing_participants (hearing_id, kind, member_id, name, organisation, response, active, hearing_starts_at, created_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?)')
    for (let i = 1; i <= HEARINGS; i++) {
      const begins = t + Math.floor(i / 4) * 86_400_000 + (i % 4) * 2 * 3_600_000
      hearing.run(county.id, begins, begins + 90 * 60_000, i % 7 === 0 ? 'cancelled' : 'scheduled', `hearing-${i}`, i % 5, t, t)
      for (let k = 0; k < 7; k++) participant.run(i, 'officer', 10 + k, null, null, k % 3 === 0 ? 'pending' : 'accepted', begins, t)
      participant.run(i, 'respondent_rep', null, '孙承办', '东城区住房和城乡建设局', 'accepted', begins, t)
    }
    sqlite.exec('COMMIT')
    const app = await buildApp({ ...deps, services })
    const path = new URL(services.calendar.getFeed(actor, { kind: 'member', id: 11 }).url).pathname
    let bytes = 0
    const ms = await medianMs(async () => {
      const res = await app.inject({ method: 'GET', url: path })
      if (res.statusCode !== 200) throw new Error(`feed answered ${res.statusCode}`)
      bytes = res.rawPayload.length
    }, { runs: 40, warmup: 10 })
    await app.close()
    return { value: round(ms), unit: 'ms', sizes: `member on ${HEARINGS} stored hearings × 10 attendees read from the database, GET /api/v1/calendar/feeds/:token.ics, ${Math.round(bytes / 1024)} KiB; goal ≤ 50 ms` }
  } finally {
    sqlite.close()
  }
}

export const figures: Figure[] = [
  { name: 'feed_1000_median_ms', run: feed1000FromDatabase },
  { name: 'feed_1000_fixture_median_ms', run: feed1000 }
]
