/*
 * What ships is what is tested: `npm start` runs dist/main.mjs, an esbuild bundle in which every module shares one
 * import.meta.url. This file builds that bundle with the project's own build script, starts it with Node in a
 * working directory of its own (as a service manager would), and drives one whole case over HTTP: regions, a pool
 * imported from the .xlsx template, a matter, a hearing, the panel draw, every document kind, the minutes and the
 * deliberation record, calendar feeds and the invitation mail with its ICS (delivered to a local SMTP server).
 * Every file the service reads at run time (templates, fonts, migrations, package data) is thereby read from the
 * bundle's point of view.
 *
 * The child runs the real clock and random source: dates below are relative to today, and nothing asserted
 * depends on which members the draw picks.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { ISSUED_DOCUMENT_KINDS } from '../../db/schema/index.js'
import { DOCUMENT_KINDS } from '../../server/modules/documents/documents.view-models.js'
import { RENDER_KINDS } from '../../server/modules/notices/notices.service.js'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'
import { PROJECT_ROOT } from '../../db/project-root.js'
import { leaves, parseMime } from '../modules/mail/mime.js'
import { startSmtpSink } from '../modules/mail/smtp-sink.js'
import { freePort, startBundle, stopBundle, type Served } from '../shipped/bundle-server.js'

const BUNDLE = join(PROJECT_ROOT, 'dist', 'main.mjs')
const ADMIN_PASSWORD = 'Bundle-Check-4821'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const DAY = 24 * 3600_000

/** A date in China, `days` from today, as YYYY-MM-DD. */
function chinaDate (days: number) {
  return new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10)
}

/** The first Monday-to-Wednesday at least `days` ahead, so the hearing day is a working day with room after it. */
function hearingDay (days: number) {
  for (let d = days; ; d++) {
    const weekday = new Date(`${chinaDate(d)}T00:00:00Z`).getUTCDay()
    if (weekday >= 1 && weekday <= 3) return chinaDate(d)
  }
}

const idNumber = (seq: number, birth: string) => {
  const body = `371602${birth}${String(seq).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}

type Member = { name: string, idNumber: string, mobile: string, email: string, roles: string }
const MEMBERS: Member[] = [
  { name: '李主持', idNumber: idNumber(101, '19700312'), mobile: '13905431001', email: 'host@example.cn', roles: '听证员、主持人' },
  { name: '赵记录', idNumber: idNumber(102, '19850620'), mobile: '13905431002', email: 'recorder@example.cn', roles: '记录员' },
  ...['钱', '孙', '周', '吴', '郑', '冯'].map((surname, i) => ({
    name: `${surname}听证`,
    idNumber: idNumber(111 + i, `19${66 + i}0${1 + i}15`),
    mobile: `1390543${String(1100 + i)}`,
    email: `officer${i + 1}@example.cn`,
    roles: '听证员'
  }))
]
const PETITIONER = { name: '王秀兰', idNumber: idNumber(201, '19680315'), mobile: '13705431201' }
const PERSONAL_NUMBERS = [...MEMBERS.flatMap((m) => [m.idNumber, m.mobile]), PETITIONER.idNumber, PETITIONER.mobile]

let served: Served | undefined
let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined
let workDir: string | undefined
let token = ''
const buildOutput = inject('buildOutput')

beforeAll(async () => {
  sink = await startSmtpSink()
  workDir = mkdtempSync(join(tmpdir(), 'tingzheng-bundle-'))
  served = await startBundle({
    DATABASE_PATH: join(workDir, 'data', 'tingzheng.db'),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'info',
    PASSWORD_HASH_COST: '10',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    MAIL_FROM: '"滨海市信访局听证" <tingzheng@xfj.example.cn>'
  }, workDir)
}, 120_000)

afterAll(async () => {
  await stopBundle(served)
  await sink?.stop()
  if (workDir) rmSync(workDir, { recursive: true, force: true })
}, 30_000)

async function call (method: string, path: string, body?: unknown, expected = method === 'POST' ? 201 : 200) {
  const res = await fetch(`${served!.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text}`)
  return JSON.parse(text) as any
}

/** A binary answer: status, content type and bytes. */
async function download (url: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  const res = await fetch(url.startsWith('http') ? url : `${served!.url}${url}`, { headers })
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** A real PDF: %PDF header, %%EOF trailer, the Chinese font embedded, and the bytes the service registered. */
function expectPdf (file: Awaited<ReturnType<typeof download>>, what: string) {
  expect(file.status, what).toBe(200)
  expect(file.type, what).toBe('application/pdf')
  expect(file.bytes.subarray(0, 5).toString('latin1'), what).toBe('%PDF-')
  expect(file.bytes.subarray(-8).toString('latin1'), what).toContain('%%EOF')
  expect(file.bytes.length, what).toBeGreaterThan(5_000)
  expect(file.bytes.includes(Buffer.from('NotoSerifSC')), `${what}: embeds Noto Serif SC`).toBe(true)
  expect(file.headers.get('x-content-sha256'), what).toBe(createHash('sha256').update(file.bytes).digest('hex'))
}

const state = {
  town: 0,
  villageOfMembers: 0,
  members: new Map<string, { id: number }>(),
  hearingId: 0,
  officers: [] as { participantId: number, name: string }[]
}
const rendered = new Set<string>()

// one server for the whole file; the steps build on each other and run in order
describe('the bundle (dist/main.mjs) serves a whole case over HTTP', { timeout: 60_000 }, () => {
  test('npm run build writes dist/main.mjs quietly, and it starts from another working directory', async () => {
    expect(buildOutput.trim()).toBe('')
    expect(statSync(BUNDLE).size).toBeGreaterThan(100_000)
    expect(served!.output()).toMatch(/username: admin/)
    const health = await download('/healthz', {})
    expect(health.status).toBe(200)
    expect(JSON.parse(health.bytes.toString())).toEqual({ status: 'ok', database: 'ok' })
    const login = await fetch(`${served!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    expect(login.status).toBe(200)
    token = ((await login.json()) as { token: string }).token
    expect(token).not.toBe('')
  })

  test('the web interface ships in the bundle: / and any page outside the API answer index.html to browsers and to curl alike', async () => {
    // curl and fetch send Accept: */*; a browser navigating sends text/html first
    for (const accept of ['*/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']) {
      for (const path of ['/', '/hearings/12']) {
        const page = await download(path, { accept })
        expect(page.status, `${path} with Accept ${accept}`).toBe(200)
        expect(page.type).toBe('text/html; charset=utf-8')
        expect(page.headers.get('cache-control')).toBe('no-cache')
        expect(page.bytes.toString()).toContain('<div id="app">')
      }
    }
    // a client asking for data, and any unknown path under the API, keep the problem+json 404
    const json = await download('/hearings/12', { accept: 'application/json' })
    expect(json.status).toBe(404)
    expect(json.type).toMatch(/^application\/problem\+json/)
    const api = await download('/api/v1/nothing-here', { accept: '*/*' })
    expect(api.status).toBe(404)
    expect(JSON.parse(api.bytes.toString()).code).toBe('route.not_found')
  })

  test('the API explorer and the OpenAPI document load (swagger-ui assets come from node_modules)', async () => {
    const spec = await download('/api/openapi.json', {})
    expect(spec.status).toBe(200)
    expect(JSON.parse(spec.bytes.toString()).openapi).toMatch(/^3\./)
    const page = await download('/api/docs/', {})
    expect(page.status).toBe(200)
    expect(page.type).toMatch(/^text\/html/)
    const css = await download('/api/docs/static/swagger-ui.css', {})
    expect(css.status).toBe(200)
    expect(css.bytes.length).toBeGreaterThan(10_000)
  })

  test('regions, document settings, organisation and venue', async () => {
    const city = await call('POST', '/regions', { name: '滨海市', code: '371600000000' })
    const county = await call('POST', '/regions', { name: '东城区', parentId: city.id })
    const town = await call('POST', '/regions', { name: '渤海街道', parentId: county.id })
    await call('POST', '/regions', { name: '渤海社区', parentId: town.id })
    const other = await call('POST', '/regions', { name: '新港社区', parentId: town.id })
    state.town = town.id
    state.villageOfMembers = other.id
    await call('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
    const respondent = await call('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
    const venue = await call('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
    Object.assign(state, { respondentId: respondent.id, venueId: venue.id })
  })

  test('the pool is imported from the downloaded .xlsx template, then appointed and trained', async () => {
    const template = await download('/api/v1/pool/import-template.xlsx')
    expect(template.status).toBe(200)
    expect(template.type).toBe(XLSX)
    expect(template.bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template.bytes as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('听证员名单')!
    const headers = (sheet.getRow(1).values as string[]).map((h) => String(h ?? '').replace(/\*$/, ''))
    const attest = { 认定人: '滨海市信访局', 认定日期: chinaDate(-60) }
    for (const m of MEMBERS) {
      const row: Record<string, string> = {
        姓名: m.name,
        身份证号: m.idNumber,
        手机号: m.mobile,
        电子邮箱: m.email,
        工作单位: '滨海市明理律师事务所',
        职务职称: '律师',
        常住区划: '滨海市/东城区/渤海街道/新港社区',
        可担任角色: m.roles,
        人员来源: '机关企事业单位退休干部',
        同意跨区域服务: '否',
        报酬方式: '公益服务'
      }
      for (const c of ['政治条件', '法律政策条件', '公道正派条件', '群众威望条件']) {
        row[`${c}认定人`] = attest.认定人
        row[`${c}认定日期`] = attest.认定日期
      }
      sheet.addRow(headers.map((h) => row[h] ?? null))
    }
    const filled = Buffer.from(await wb.xlsx.writeBuffer())
    const form = new FormData()
    form.append('file', new Blob([filled], { type: XLSX }), '听证员名单.xlsx')
    const res = await fetch(`${served!.url}/api/v1/pool/imports?mode=commit`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    const report = await res.json() as { committed: boolean, created: number, errors: unknown[] }
    expect(res.status, JSON.stringify(report)).toBe(200)
    expect(report).toMatchObject({ committed: true, created: MEMBERS.length, errors: [] })

    const list = await call('GET', '/pool/members?pageSize=100')
    await Promise.all(MEMBERS.map(async (m) => {
      const found = list.items.find((i: { name: string }) => i.name === m.name)
      expect(found, m.name).toBeDefined()
      const appointed = await call('POST', `/pool/members/${found.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: found.version }, 200)
      expect(appointed.status).toBe('active')
      await call('POST', `/pool/members/${found.id}/trainings`, { course: '听证主持人、记录员及听证员业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
      state.members.set(m.name, { id: found.id })
    }))
  })

  test('a matter, a hearing and its witnessed panel draw', async () => {
    const s = state as typeof state & { respondentId: number, venueId: number }
    const matter = await call('POST', '/matters', {
      number: '滨信〔2026〕101号',
      title: '关于渤海社区旧村改造安置补偿的信访事项',
      summary: '信访人反映旧村改造中宅基地面积认定有误，安置补偿款少发，要求重新核定。',
      regionId: s.town,
      petitionerKind: 'individual',
      petitioners: [{ name: PETITIONER.name, idNumber: PETITIONER.idNumber, mobile: PETITIONER.mobile, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: s.respondentId,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-10) }
    })
    const day = hearingDay(21)
    const created = await call('POST', '/hearings', {
      matterId: matter.id,
      procedure: 'simple',
      startsAt: `${day}T09:00:00+08:00`,
      endsAt: `${day}T11:30:00+08:00`,
      venueId: s.venueId,
      hostMemberId: state.members.get('李主持')!.id,
      recorderMemberId: state.members.get('赵记录')!.id,
      panelSize: 3
    })
    state.hearingId = created.hearing.id
    const drawn = await call('POST', `/hearings/${state.hearingId}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '271828' })
    expect(drawn.official).toHaveLength(3)
    const verification = await call('GET', `/hearings/${state.hearingId}/draws/verification`)
    expect(verification.valid).toBe(true)
    const detail = await call('GET', `/hearings/${state.hearingId}`)
    const byId = new Map([...state.members].map(([name, m]) => [m.id, name]))
    state.officers = detail.participants
      .filter((p: { kind: string, active: boolean, rank: number | null }) => p.kind === 'officer' && p.active)
      .map((p: { id: number, memberId: number }) => ({ participantId: p.id, name: byId.get(p.memberId)! }))
    expect(state.officers).toHaveLength(3)
    const current = await call('GET', `/hearings/${state.hearingId}`)
    await call('POST', `/hearings/${state.hearingId}/transitions`, { action: 'notify', version: current.version, noticeServedOn: chinaDate(0) }, 200)
  })

  test('every issued document kind is issued and downloads as a real PDF', async () => {
    const h = state.hearingId
    const issue: { kind: typeof ISSUED_DOCUMENT_KINDS[number], recipient?: Record<string, unknown>, mainIssues?: string[] }[] = [
      { kind: 'rights_notice', recipient: { petitioner: true } },
      { kind: 'petitioner_notice', recipient: { petitioner: true } },
      { kind: 'respondent_notice', recipient: { respondent: true }, mainIssues: ['宅基地面积认定的依据', '安置补偿款的计算标准'] },
      { kind: 'member_invitation', recipient: { participantId: state.officers[0]!.participantId } },
      { kind: 'member_invitation', recipient: { host: true } },
      { kind: 'service_receipt', recipient: { petitioner: true } },
      { kind: 'draw_record' }
    ]
    for (const body of issue) {
      const doc = await call('POST', `/hearings/${h}/documents`, body)
      expect(doc.kind).toBe(body.kind)
      const pdf = await download(`/api/v1/hearings/${h}/documents/${doc.id}.pdf`)
      expectPdf(pdf, body.kind)
      expect(pdf.headers.get('x-content-sha256')).toBe(doc.sha256)
      expect(pdf.bytes.length).toBe(doc.byteSize)
      rendered.add(RENDER_KINDS[body.kind])
    }
    expect([...rendered].sort()).toEqual(ISSUED_DOCUMENT_KINDS.map((k) => RENDER_KINDS[k]).sort())
    const listed = await call('GET', `/hearings/${h}/documents`)
    expect(listed.items).toHaveLength(issue.length)
  })

  test('the invitation reaches the SMTP server as mail with an ICS invite (METHOD:REQUEST) and a working link to the invitation page', async () => {
    const officerEmail = MEMBERS.find((m) => m.name === state.officers[1]!.name)!.email
    const deadline = Date.now() + 20_000
    while (!sink!.received.some((r) => r.to.includes(officerEmail)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    const mail = sink!.received.find((r) => r.to.includes(officerEmail))
    expect(mail, `no mail to ${officerEmail} among ${sink!.received.length}`).toBeDefined()
    const parts = leaves(parseMime(mail!.raw))
    const calendar = parts.find((p) => p.type === 'text/calendar')
    expect(calendar).toBeDefined()
    const ics = calendar!.body.toString('utf8')
    expect(ics).toMatch(/^BEGIN:VCALENDAR/)
    expect(ics).toContain('METHOD:REQUEST')
    expect(ics).toContain('BEGIN:VEVENT')

    const text = parts.filter((p) => p.type === 'text/plain').map((p) => p.body.toString('utf8')).join('\n')
    const link = /答复：(https?:\/\/\S+\/invitation\?token=[^\s"<>]+)/.exec(text)?.[1]
    expect(link, text).toBeDefined()
    const { pathname, search } = new URL(link!)
    // the link opens the interface's page, which needs no sign-in; what it shows comes from the public API
    const page = await download(`${pathname}${search}`, { accept: 'text/html' })
    expect(page.status).toBe(200)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.bytes.toString('utf8')).toContain('<div id="app"></div>')
    const shown = await download(`/api/v1/calendar/invitation${search}`, {})
    expect(shown.status).toBe(200)
    expect(JSON.parse(shown.bytes.toString('utf8')).answer).toMatchObject({ response: 'pending', mayRespond: true })
    // a link of the kind earlier mails carried leads there too
    const old = await fetch(`${served!.url}/api/v1/calendar/responses${search}`, { redirect: 'manual' })
    expect([old.status, old.headers.get('location')]).toEqual([303, link])
  })

  test('the minutes and the deliberation record are kept, finalised and printed', async () => {
    const h = state.hearingId
    // A hearing opens only on its day (the child runs the real clock): it is brought forward to start in ten
    // minutes, and the new notice, served today, goes out with the petitioner's recorded consent to the short notice.
    const start = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000)
    const current = await call('GET', `/hearings/${h}`)
    await call('POST', `/hearings/${h}/transitions`, { action: 'postpone', version: current.version, reason: '经各方同意提前举行', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString() }, 200)
    const postponed = await call('GET', `/hearings/${h}`)
    await call('POST', `/hearings/${h}/transitions`, { action: 'notify', version: postponed.version, noticeServedOn: chinaDate(0), noticeWaiver: { date: chinaDate(0), method: 'written', recordedBy: '赵记录' } }, 200)
    const notified = await call('GET', `/hearings/${h}`)
    await call('POST', `/hearings/${h}/transitions`, { action: 'open', version: notified.version }, 200)
    await call('PUT', `/hearings/${h}/minutes/attendance`, { participants: [{ role: 'petitioner', name: PETITIONER.name, attendance: 'present' }] }, 200)
    const entries = [
      { section: 'opening', speaker: { role: 'host', name: '李主持' }, text: '现在开始听证。宣布听证纪律，告知参加人员的权利和义务。' },
      { section: 'recusal', speaker: { role: 'petitioner', name: PETITIONER.name }, text: '不申请回避。' },
      { section: 'statements', speaker: { role: 'petitioner', name: PETITIONER.name }, text: '宅基地面积认定有误，安置补偿款少发约八万元。' },
      { section: 'questions', speaker: { role: 'officer', name: state.officers[0]!.name }, text: '补偿标准依据哪份文件？' },
      { section: 'finalStatements', speaker: { role: 'petitioner', name: PETITIONER.name }, text: '请求重新核定面积。' }
    ]
    for (const e of entries) await call('POST', `/hearings/${h}/minutes/entries`, e, 200)
    await call('POST', `/hearings/${h}/minutes/evidence`, { name: '宅基地使用证', submittedBy: PETITIONER.name, purpose: '证明宅基地面积' }, 200)
    const signatories = [['host', '李主持'], ...state.officers.map((o) => ['officer', o.name]), ['recorder', '赵记录'], ['petitioner', PETITIONER.name]]
    for (const [role, name] of signatories) await call('POST', `/hearings/${h}/minutes/signatures`, { role, name, signed: true }, 200)
    const open = await call('GET', `/hearings/${h}`)
    await call('POST', `/hearings/${h}/transitions`, { action: 'conclude', version: open.version }, 200)
    await call('POST', `/hearings/${h}/minutes/finalise`, undefined, 200)
    expectPdf(await download(`/api/v1/hearings/${h}/minutes.pdf`), 'minutes')
    rendered.add('minutes')

    const day = open.startsAt.slice(0, 10)
    await call('PUT', `/hearings/${h}/deliberation`, {
      startsAt: `${day}T11:40:00+08:00`,
      endsAt: `${day}T12:10:00+08:00`,
      place: '渤海街道听证室合议间',
      proposal: '建议责任单位对宅基地面积差异部分组织复核。',
      opinions: [
        { name: '李主持', role: 'host', opinion: '测绘未书面通知信访人，应当复核。', vote: 'for' },
        ...state.officers.map((o) => ({ name: o.name, role: 'officer', opinion: '同意主持人意见。', vote: 'for' }))
      ],
      conclusion: '经表决，一致同意建议责任单位组织复核并依结果处理。'
    }, 200)
    await call('POST', `/hearings/${h}/deliberation/finalise`, undefined, 200)
    expectPdf(await download(`/api/v1/hearings/${h}/deliberation.pdf`), 'deliberation')
    rendered.add('deliberation-record')
    expect([...rendered].sort()).toEqual([...DOCUMENT_KINDS].sort())
  })

  test('calendar: a member\'s personal feed and the user\'s own feed are iCalendar', async () => {
    const member = state.members.get(state.officers[0]!.name)!
    const feed = await call('GET', `/pool/members/${member.id}/calendar-feed`)
    const ics = await download(feed.url, {})
    expect(ics.status).toBe(200)
    expect(ics.type).toBe('text/calendar; charset=utf-8')
    const text = ics.bytes.toString('utf8')
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text).toContain('BEGIN:VEVENT')
    expect(text).toContain('BEGIN:VTIMEZONE')
    expect(text).toContain('TZID:Asia/Shanghai')
    expect(text).toMatch(/END:VCALENDAR\s*$/)

    const own = await call('GET', '/me/calendar-feed')
    const ownIcs = await download(own.url, {})
    expect(ownIcs.status).toBe(200)
    expect(ownIcs.bytes.toString('utf8')).toMatch(/^BEGIN:VCALENDAR[\s\S]*END:VCALENDAR\s*$/)
  })

  test('the provincial export of the concluded hearing downloads as CSV (UTF-8 with BOM, and GBK) and .xlsx', async () => {
    const period = `from=${chinaDate(-1)}&to=${chinaDate(1)}`
    const utf8 = await download(`/api/v1/exports/provincial?${period}&format=csv-utf8`)
    expect(utf8.status).toBe(200)
    expect(utf8.type).toBe('text/csv; charset=utf-8')
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = utf8.bytes.subarray(3).toString('utf8')
    const [header, row] = text.split('\r\n')
    expect(header!.split(',').slice(0, 3)).toEqual(['事项编号', '事项标题', '所属区县'])
    expect(row).toContain('滨信〔2026〕101号,关于渤海社区旧村改造安置补偿的信访事项,东城区,渤海街道,办理,简易')
    expect(row).toContain('李主持')
    expect(row).toContain('经表决，一致同意建议责任单位组织复核并依结果处理。')
    for (const n of PERSONAL_NUMBERS) expect(text).not.toContain(n)
    const gbk = await download(`/api/v1/exports/provincial?${period}&format=csv-gbk`)
    expect(gbk.status).toBe(200)
    expect(gbk.type).toBe('text/csv; charset=gbk')
    expect(new TextDecoder('gbk').decode(gbk.bytes)).toBe(text)
    const xlsx = await download(`/api/v1/exports/provincial?${period}`)
    expect(xlsx.status).toBe(200)
    expect(xlsx.type).toBe(XLSX)
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK')
  })

  test('a bulletin (通报) with charts is issued and its PDF downloads byte for byte as issued', async () => {
    const issued = await call('POST', '/bulletins', { from: chinaDate(-30), to: chinaDate(0) })
    expect(issued.number).toMatch(/^滨信访〔\d{4}〕1号$/)
    expect(issued.title).toMatch(/^关于.+全市信访事项听证工作情况的通报$/)
    // the matter's handling stage is not answered yet: nothing counts towards the rate
    expect(issued.summary).toContain('全市没有应听证的信访事项')
    const pdf = await download(issued.pdf)
    expectPdf(pdf, 'bulletin')
    expect(pdf.headers.get('x-content-sha256')).toBe(issued.sha256)
    expect((await download(issued.pdf)).bytes.equals(pdf.bytes)).toBe(true)
    const xlsx = await download(issued.xlsx)
    expect(xlsx.status).toBe(200)
    expect(xlsx.type).toBe(XLSX)
    const listed = await call('GET', '/bulletins')
    expect(listed.items.map((b: { id: number }) => b.id)).toEqual([issued.id])
  })

  test('the server log has no errors and no ID or mobile number it was given', () => {
    const lines = served!.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number, msg: string })
    expect(lines.length).toBeGreaterThan(50)
    expect(lines.filter((l) => l.level >= 50)).toEqual([])
    const all = served!.output()
    expect(all).not.toMatch(/ENOENT|template_invalid/)
    for (const n of PERSONAL_NUMBERS) expect(all).not.toContain(n)
  })
})
