import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { systemActor } from '../../server/common/actor.js'
import { round, type Figure } from './types.js'

const HEARINGS = Number(process.env.BENCH_HEARINGS ?? 1_000_000)
const MATTERS = HEARINGS
const MEMBERS = 5_000
const VENUES = 500
const PANEL_ROWS_PER_HEARING = 3
const DAYS = 3
/** 2026-11-30 09:00 Shanghai (a Monday), after the default 08:00 scan time. */
const NOW = '2026-11-30T01:00:00.000Z'
const DAY_MS = 24 * 3600_000

/**
 * reminder_scan_1m_ms: the daily scan (claim, the five queries, deliveries, outbox mails, one digest queued) over a
 * million hearings over five years, each with its own matter and handling stage, three panel rows each; the
 * first day (everything new) and two more days (only what became due). The figure is the slowest of the days.
 */
async function scanOverMillion () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-reminders-'))
  try {
    const actor = systemActor()
    // BENCH_REMINDERS_DB=<file>: seed that file once and measure on a copy of it (for repeated measurements)
    const kept = process.env.BENCH_REMINDERS_DB
    const filename = join(dir, 'bench.db')
    let seedS = 0
    if (!kept || !existsSync(kept)) seedS = seed(kept ?? filename)
    if (kept) copyFileSync(kept, filename)
    const { db, sqlite } = createDatabase({ filename })
    const clock = fixedClock(NOW)
    const services = createServices({ db, clock, rng: seededRng(7), config: testConfig() })
    services.reminders.createNotifier(actor, { name: '听证工作群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bench' })

    const times: number[] = []
    const cpu: number[] = []
    const counts: unknown[] = []
    for (let day = 0; day < DAYS; day++) {
      clock.set(new Date(Date.parse(NOW) + day * DAY_MS).toISOString())
      const start = process.hrtime.bigint()
      const startCpu = process.cpuUsage()
      const result = services.reminders.runDue('schedule')
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
      const used = process.cpuUsage(startCpu)
      cpu.push((used.user + used.system) / 1000)
      if (result.status !== 'ran') throw new Error(`day ${day}: ${result.status}`)
      counts.push(result.run.counts)
    }
    sqlite.close()
    return { times, cpu, counts, seedS }
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

/** Builds the database in `filename` with raw inserts; returns the seconds it took. */
function seed (filename: string) {
  const { db, sqlite } = createDatabase({ filename })
  runMigrations(db)
  const services = createServices({ db, clock: fixedClock(NOW), rng: seededRng(7), config: testConfig() })
  const actor = systemActor()
  const city = services.regions.create(actor, { name: '滨海市' })
  const counties = [services.regions.create(actor, { name: '东城区', parentId: city.id }), services.regions.create(actor, { name: '西城县', parentId: city.id })]
  const towns = counties.flatMap((c, k) => [1, 2, 3].map((n) => services.regions.create(actor, { name: `街道${k}-${n}`, parentId: c.id })))
  const t = Date.parse(NOW)
  const seeded = process.hrtime.bigint()
  sqlite.exec('BEGIN')
  sqlite.prepare("insert into organisations (name, name_key, kind, created_at, updated_at, version) values ('东城区住房和城乡建设局', '东城区住房和城乡建设局', 'agency', ?, ?, 1)").run(t, t)
  const townCase = (col: string) => `case ${col} % ${towns.length} ${towns.map((r, k) => `when ${k} then ${r.id}`).join(' ')} end`
  // members with a mailbox (every third without), terms ending over two years
  sqlite.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into members (name, gender, birth_date, id_number, mobile, email, home_region_id, role_officer, role_host, role_recorder, role_third_party,
      source_category, consent_cross_region, remuneration_kind, status, appointment_date, term_end, last_training_on, version, created_at, updated_at)
    select '成员' || i, 'male', '1980-01-01', 'ID' || substr('0000000000000000' || i, -16), '139' || substr('00000000' || i, -8),
      case when i % 3 = 0 then null else 'm' || i || '@example.cn' end, ${townCase('i')}, 1, 1, 1, 0, 'professional', 0, 'public_interest',
      case when i % 37 = 0 then 'suspended' else 'active' end, '2025-01-01', date('2026-01-01', '+' || (i * 7919 % 730) || ' days'), '2026-06-01', 1, ?, ? from n`).run(MEMBERS, t, t)
  // a coordinator per county, linked to a pool member for the mailbox
  for (const [k, c] of counties.entries()) {
    sqlite.prepare("insert into users (username, display_name, password_hash, role, region_id, pool_member_id, disabled, failed_login_count, version, created_at, updated_at) values (?, ?, 'x', 'coordinator', ?, ?, 0, 0, 1, ?, ?)")
      .run(`coord${k}`, `协调员${k}`, c.id, k + 1, t, t)
  }
  sqlite.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into venues (region_id, name, address, capacity, active, version, created_at, updated_at) select ${townCase('i')}, '听证室' || i, '黄河路' || i || '号', 30, 1, 1, ?, ? from n`).run(VENUES, t, t)
  const span = 5 * 365 * 48
  const base = t - 3 * 365 * DAY_MS
  // matter i and its handling stage: due dates over the same five years; those due before today are decided
  sqlite.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into matters (number, title, summary, region_id, petitioner_kind, respondent_organisation_id, third_party_situations, version, created_at, updated_at)
    select '滨信〔2026〕' || i || '号', '征地补偿', '', ${townCase('i')}, 'individual', 1, '[]', 1, ?, ? from n`).run(MATTERS, t, t)
  sqlite.prepare(`insert into matter_stages (matter_id, stage, accepting_body, accepted_on, limit_days, day_unit, exclude_hearing_time, extension_max_days, extension_unit,
    ruleset_label, base_due_on, due_on, decided_on, created_at, updated_at)
    select id, 'handling', '东城区人民政府', d, 60, 'calendar', 0, 30, 'calendar', '全国默认', d, d, case when d < '2026-11-30' and id % 50 <> 0 then d end, ?, ?
    from (select id, date(?, 'unixepoch', '+' || ((id * 7919 % ${span}) / 48) || ' days') as d from matters)`).run(t, t, base / 1000)
  // hearing i of matter i, half-hour starts over five years; future ones scheduled or notified, past ones concluded or cancelled
  sqlite.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into hearings (matter_id, region_id, procedure, is_public, starts_at, ends_at, venue_id, host_member_id, recorder_member_id, panel_size, status, notice_served_on,
      ruleset_label, ruleset_fingerprint, ruleset, uid, sequence, version, created_by_user_id, created_at, updated_at)
    select i, ${townCase('i')}, case i % 4 when 0 then 'simple' else 'general' end, 1, s, s + 7200000, 1 + i * 31 % ${VENUES}, 1 + i * 104729 % ${MEMBERS}, 1 + i * 130363 % ${MEMBERS}, 5,
      case when s >= ? then (case i % 3 when 0 then 'scheduled' else 'notified' end) when i % 5 = 4 then 'cancelled' else 'concluded' end,
      case when s >= ? and i % 3 <> 0 then '2026-11-01' end, '全国默认', 'x', '{}', 'hearing-' || i, 0, 1, 1 + i % 2, ?, ?
    from (select i, ? + (i * 7919 % ${span}) * 1800000 as s from n)`).run(HEARINGS, t, t, t, t, base)
  sqlite.prepare(`with recursive k(p) as (select 1 union all select p + 1 from k where p < ?)
    insert into hearing_participants (hearing_id, kind, member_id, rank, response, active, hearing_starts_at, created_at)
    select h.id, 'officer', 1 + (h.id * 15485863 + k.p * 49979687) % ${MEMBERS}, k.p, 'accepted', 1, h.starts_at, ? from hearings h, k`).run(PANEL_ROWS_PER_HEARING, t)
  // final minutes for nine in ten concluded hearings
  sqlite.prepare(`insert into hearing_records (hearing_id, kind, version, status, content, revision, created_at, updated_at)
    select id, 'minutes', 1, 'final', '{}', 1, ?, ? from hearings where status = 'concluded' and id % 10 <> 0`).run(t, t)
  sqlite.exec('COMMIT')
  sqlite.exec('ANALYZE')
  const seedS = Number(process.hrtime.bigint() - seeded) / 1e9
  sqlite.close()
  return seedS
}

export const figures: Figure[] = [
  {
    name: 'reminder_scan_1m_ms',
    run: async () => {
      const { times, cpu, counts, seedS } = await scanOverMillion()
      const first = counts[0] as { items: Record<string, number>, mails: number }
      return {
        value: round(Math.max(...times), 1),
        unit: 'ms',
        sizes: `${HEARINGS.toLocaleString('en')} hearings over 5 years, each with its matter and handling stage, ${PANEL_ROWS_PER_HEARING} panel rows each, ${MEMBERS} members; ` +
          `file database (seeded in ${round(seedS, 1)} s); slowest of ${DAYS} daily scans (${times.map((x) => round(x, 1)).join(' / ')} ms; CPU ${cpu.map((x) => round(x, 0)).join(' / ')} ms); ` +
          `first day items ${JSON.stringify(first.items)}, ${first.mails} mails; goal <= 2000 ms`
      }
    }
  }
]
