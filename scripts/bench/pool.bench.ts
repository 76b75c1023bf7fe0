/**
 * Pool figures:
 * - pool_import_10k_s: a generated 10,000-row .xlsx in the template's format, dry run + commit through the import
 *   service (parse, validate every row, one transaction, one audit row per member). Goal ≤ 5 s.
 * - pool_search_100k_median_ms: filtered searches through the pool service (filters, count, page, masking inputs)
 *   over 100,000 members in a file database; median over a mix of typical queries. Goal ≤ 10 ms.
 */
import ExcelJS from 'exceljs'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '../../db/client.js'
import { runMigrations } from '../../db/migrate.js'
import { testConfig } from '../../server/config.js'
import { fixedClock } from '../../server/common/clock.js'
import { seededRng, type Rng } from '../../server/common/random.js'
import { createServices } from '../../server/services.js'
import { systemActor, type Actor } from '../../server/common/actor.js'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'
import { COLUMNS } from '../../server/modules/pool/pool.spreadsheet.js'
import type { MemberQuery } from '../../server/modules/pool/pool.types.js'
import { median, round, type Figure } from './types.js'

const NOW = '2026-11-28T01:00:00.000Z'
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤']
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文辉力建华红志国庆春梅玉凤晓东海波宁斌鹏飞雪琳晨阳光亮成林峰宇浩然子涵欣怡思雨佳琪']
const ORG_SUFFIXES = ['律师事务所', '人民调解委员会', '司法所', '信访局', '人力资源和社会保障局', '自然资源和规划局', '住房和城乡建设局', '街道办事处', '村民委员会', '社区居民委员会', '心理咨询中心', '社会工作服务中心', '中学', '人民医院', '有限公司']

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!

/** A valid, unique ID number for the `seq`-th person: the birth date advances every 1000 people, the sequence code is seq mod 1000. */
function idNumber (seq: number) {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(seq / 1000) * 97 * 86400_000)
  const iso = birth.toISOString().slice(0, 10)
  const area = `37${String(1 + (seq % 16)).padStart(2, '0')}02`
  const first17 = `${area}${iso.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`
  return { value: first17 + idCheckCharacter(first17), birth: iso }
}

function personName (rng: Rng) {
  return pick(rng, SURNAMES) + pick(rng, GIVEN) + (rng.next() < 0.6 ? pick(rng, GIVEN) : '')
}

async function setup (filename: string) {
  const { db, sqlite } = createDatabase({ filename })
  runMigrations(db)
  const clock = fixedClock(NOW)
  const services = createServices({ config: testConfig({ databasePath: filename }), db, clock, rng: seededRng(7) })
  return { db, sqlite, clock, services }
}

/** 1 city, 8 counties, 10 townships each, 10 villages each: 889 regions, 800 villages. */
function seedRegions (services: Awaited<ReturnType<typeof setup>>['services']) {
  const actor = systemActor()
  const city = services.regions.create(actor, { name: '滨海市' })
  const counties = []
  const townships = []
  const villages = []
  for (let c = 0; c < 8; c++) {
    const county = services.regions.create(actor, { name: `第${c + 1}区`, parentId: city.id })
    counties.push(county)
    for (let s = 0; s < 10; s++) {
      const town = services.regions.create(actor, { name: `${county.name}第${s + 1}街道`, parentId: county.id })
      townships.push(town)
      for (let v = 0; v < 10; v++) villages.push(services.regions.create(actor, { name: `${town.name}第${v + 1}社区`, parentId: town.id }))
    }
  }
  return { city, counties, townships, villages }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Builds the 100,000-member database the search figure runs on (also used to study query plans); other benches
 * pass a smaller `members` (and `organisations`) for a county-sized pool.
 */
export async function seedSearchDatabase (file: string, { members: MEMBERS = 100_000, organisations: ORGS = 2_000 } = {}) {
  const { sqlite, services } = await setup(file)
  const rng = seededRng(2026)
  const regions = seedRegions(services)
  const terms = sqlite.prepare('select id, kind, code from pool_vocabulary').all() as { id: number, kind: string, code: string }[]
  sqlite.transaction(() => {
    const insOrg = sqlite.prepare('insert into organisations (name, name_key, created_at, updated_at) values (?, ?, 0, 0)')
    const insAlias = sqlite.prepare("insert into organisation_aliases (organisation_id, alias, alias_key, kind) values (?, ?, ?, 'short')")
    for (let i = 0; i < ORGS; i++) {
      const name = `${pick(rng, regions.townships).name}${pick(rng, SURNAMES)}${pick(rng, GIVEN)}${pick(rng, ORG_SUFFIXES)}${i}`
      const id = Number(insOrg.run(name, name.toLowerCase()).lastInsertRowid)
      if (i % 3 === 0) insAlias.run(id, `简称${i}`, `简称${i}`)
    }
    const insMember = sqlite.prepare(`insert into members (name, gender, birth_date, id_number, mobile, employer_organisation_id, home_region_id,
      role_officer, role_host, role_recorder, role_third_party, source_category, consent_cross_region, remuneration_kind, status,
      appointment_date, term_end, suspended_until, last_training_on, version, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'public_interest', ?, ?, ?, ?, ?, 1, ?, ?)`)
    const insTerm = sqlite.prepare('insert or ignore into member_vocabulary (member_id, term_id) values (?, ?)')
    const sources = ['deputy', 'retired_cadre', 'village_head', 'notable', 'familiar_with_matter', 'professional']
    for (let i = 0; i < MEMBERS; i++) {
      const id = idNumber(i)
      const village = pick(rng, regions.villages)
      const r = rng.next()
      const status = r < 0.7 ? 'active' : r < 0.8 ? 'candidate' : r < 0.88 ? 'suspended' : r < 0.93 ? 'removed' : 'active'
      const expired = r >= 0.93
      const start = `202${4 + Math.floor(rng.next() * 3)}-${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}-01`
      const termEnd = status === 'candidate' ? null : expired ? '2026-06-30' : `202${7 + Math.floor(rng.next() * 2)}-${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}-28`
      const host = rng.next() < 0.3
      const memberId = Number(insMember.run(
        personName(rng), Number(id.value[16]) % 2 === 1 ? 'male' : 'female', id.birth, id.value, `13${String(100000000 + i).slice(-9)}`,
        rng.next() < 0.8 ? 1 + Math.floor(rng.next() * ORGS) : null, village.id,
        rng.next() < 0.7 ? 1 : 0, host ? 1 : 0, rng.next() < 0.2 ? 1 : 0, rng.next() < 0.3 ? 1 : 0,
        pick(rng, sources), rng.next() < 0.3 ? 1 : 0, status, status === 'candidate' ? null : start, termEnd,
        status === 'suspended' ? '2027-01-31' : null, host && rng.next() < 0.7 ? `202${3 + Math.floor(rng.next() * 4)}-05-10` : null,
        Date.now(), Date.now()
      ).lastInsertRowid)
      const n = Math.floor(rng.next() * 4)
      for (let k = 0; k < n; k++) insTerm.run(memberId, pick(rng, terms).id)
    }
  })()
  return { sqlite, services, regions, members: MEMBERS, organisations: ORGS }
}

async function searchFigure () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-pool-search-'))
  const file = join(dir, 'pool.db')
  try {
    const { sqlite, services, regions, organisations: ORGS } = await seedSearchDatabase(file)
    const county = regions.counties[2]!
    const coordinator: Actor = { userId: 2, username: 'coord', displayName: '协调员', role: 'coordinator', regionId: county.id, scopePath: county.path, requestId: null, tokenId: null }
    const admin: Actor = { userId: 1, username: 'admin', displayName: '管理员', role: 'admin', regionId: null, scopePath: null, requestId: null, tokenId: null }
    const queries: { label: string, actor: Actor, query: MemberQuery }[] = [
      { label: 'county coordinator: active officers by name', actor: coordinator, query: { status: 'active', role: 'officer' } },
      { label: '2-char name (LIKE)', actor: admin, query: { q: '张伟' } },
      { label: 'organisation substring (FTS)', actor: admin, query: { q: '律师事务所' } },
      { label: '3-char name (FTS)', actor: admin, query: { q: '王晓东' } },
      { label: 'specialty + trained host', actor: admin, query: { specialty: 'land_demolition', trainedHost: true } },
      { label: 'county coordinator: term ending within 60 days', actor: coordinator, query: { termEndingWithinDays: 60, sort: 'termEnd' } },
      { label: 'township + source + profession', actor: admin, query: { regionId: regions.townships[17]!.id, sourceCategory: 'professional', profession: 'lawyer' } },
      { label: 'whole city, no filter, page 3', actor: admin, query: {} }
    ]
    const perQuery = new Map<string, number[]>()
    const all: number[] = []
    for (let round_ = 0; round_ < 25; round_++) {
      for (const { label, actor, query } of queries) {
        const started = process.hrtime.bigint()
        const page = label.includes('page 3') ? 3 : 1
        services.pool.search(actor, { ...query, page, pageSize: 20 })
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        if (round_ < 3) continue
        all.push(ms)
        perQuery.set(label, [...(perQuery.get(label) ?? []), ms])
      }
    }
    const memberCount = (sqlite.prepare('select count(*) n from members').get() as { n: number }).n
    sqlite.close()
    const size = statSync(file).size
    const breakdown = [...perQuery.entries()].map(([label, times]) => `${label} ${round(median(times))}`).join('; ')
    return {
      value: round(median(all)),
      unit: 'ms',
      sizes: `${memberCount} members, 889 regions (800 villages), ${ORGS} organisations, file db ${round(size / 1024 / 1024, 1)} MB, page size 20, ${all.length} timed searches; per query median ms: ${breakdown}`
    }
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

// ---------------------------------------------------------------------------------------------------------------

async function importFigure () {
  const dir = mkdtempSync(join(tmpdir(), 'tz-pool-import-'))
  const file = join(dir, 'pool.db')
  try {
    const { sqlite, services } = await setup(file)
    const rng = seededRng(11)
    const regions = seedRegions(services)
    const ROWS = 10_000
    const workbook = new ExcelJS.Workbook()
    const ws = workbook.addWorksheet('听证员名单')
    ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key }))
    const roles = ['听证员', '主持人', '记录员', '第三方参与人员']
    const sources = ['人大代表', '退休干部', '村（社区）干部', '当地德高望重的社会人士', '律师、心理咨询师等专业人士']
    const employers = Array.from({ length: 300 }, (_, i) => `滨海市${pick(rng, SURNAMES)}${pick(rng, GIVEN)}${pick(rng, ORG_SUFFIXES)}${i}`)
    for (let i = 0; i < ROWS; i++) {
      const id = idNumber(i)
      const village = pick(rng, regions.villages)
      const paid = rng.next() < 0.3
      ws.addRow({
        name: personName(rng),
        idNumber: id.value,
        mobile: `13${String(200000000 + i).slice(-9)}`,
        employer: pick(rng, employers),
        title: rng.next() < 0.5 ? '律师' : null,
        homeRegion: `滨海市/${village.name.replace(/第\d+街道.*/, '')}/${village.name.replace(/第\d+社区$/, '')}/${village.name}`,
        roles: rng.next() < 0.3 ? `${pick(rng, roles)}、主持人` : pick(rng, roles),
        sourceCategory: pick(rng, sources),
        professions: rng.next() < 0.5 ? '律师、人民调解员' : null,
        specialties: rng.next() < 0.5 ? '土地征收与房屋拆迁' : '劳动和社会保障',
        consentCrossRegion: rng.next() < 0.3 ? '是' : '否',
        remunerationKind: paid ? '按半天计酬' : '公益服务',
        fee: paid ? 150 : null,
        politicalBy: '滨海市信访局',
        politicalAt: '2026-10-01'
      })
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
    const admin = systemActor('管理员')
    const started = process.hrtime.bigint()
    const cpu = process.cpuUsage()
    const dry = await services.poolTransfer.importMembers(admin, { buffer, fileName: 'bench.xlsx', mimetype: '', mode: 'dry-run' })
    const dryCpu = process.cpuUsage(cpu)
    const drySeconds = Number(process.hrtime.bigint() - started) / 1e9
    const commit = await services.poolTransfer.importMembers(admin, { buffer, fileName: 'bench.xlsx', mimetype: '', mode: 'commit' })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const cpuUsed = process.cpuUsage(cpu)
    const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6
    if (dry.errorRows > 0 || commit.created !== ROWS) throw new Error(`import bench: ${dry.errorRows} bad rows (${JSON.stringify(dry.errors.slice(0, 3))}), ${commit.created} created`)
    const audit = (sqlite.prepare('select count(*) n from audit_log').get() as { n: number }).n
    sqlite.close()
    return {
      value: round(seconds, 2),
      unit: 's',
      sizes: `${ROWS} rows x ${COLUMNS.length} columns, .xlsx ${round(buffer.length / 1024)} KB, ${commit.organisationsCreated.length} organisations created, ${audit} audit rows, file db, dry run ${round(drySeconds, 2)} s (the commit reuses its parse of the same bytes), process CPU ${round(cpuSeconds, 2)} s (dry run ${round((dryCpu.user + dryCpu.system) / 1e6, 2)} s) (wall time includes waiting for the CPU on a busy machine)`
    }
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

export const figures: Figure[] = [
  { name: 'pool_import_10k_s', run: importFigure },
  { name: 'pool_search_100k_median_ms', run: searchFigure }
]
