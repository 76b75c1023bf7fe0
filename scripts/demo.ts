/*
 * npm run demo -- --out <folder>
 *
 * Builds a fresh database in a temporary directory with a fictional city (滨海市: 3 districts/counties, their
 * townships and villages), about 200 pool members, organisations, matters and hearings in several states, all
 * through the services with a fixed clock and a seeded random source, and writes every document kind as PDF
 * (plus calendar files) into the folder. Run twice, it writes the same bytes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createDatabase } from '../db/client.js'
import { runMigrations } from '../db/migrate.js'
import { testConfig } from '../server/config.js'
import { fixedClock } from '../server/common/clock.js'
import { seededRng } from '../server/common/random.js'
import { systemActor } from '../server/common/actor.js'
import { createServices } from '../server/services.js'
import { prepareDocuments } from '../server/modules/documents/documents.render.js'
import { calendarDemoFiles } from '../server/modules/calendar/calendar.demo.js'
import { calendarHearingFor, calendarOrganizer } from '../server/modules/calendar/calendar.hearings.js'

const { values } = parseArgs({ options: { out: { type: 'string' } } })
if (!values.out) {
  console.error('用法：npm run demo -- --out <输出目录>')
  process.exit(2)
}
const out = resolve(values.out)
mkdirSync(out, { recursive: true })

const work = mkdtempSync(join(tmpdir(), 'tingzheng-demo-'))
const { db, sqlite } = createDatabase({ filename: join(work, 'demo.sqlite') })
runMigrations(db)
const clock = fixedClock('2026-11-16T01:00:00.000Z')
const rng = seededRng(20261116)
const config = testConfig({ publicBaseUrl: 'https://tingzheng.example.cn' })
const services = createServices({ db, clock, rng, config })
const actor = { ...systemActor('演示管理员'), role: 'admin' as const }
prepareDocuments()

const written: string[] = []
function write (name: string, bytes: Buffer | string) {
  const path = join(out, name)
  writeFileSync(path, bytes)
  written.push(path)
}

// ---------------------------------------------------------------- regions
const r = services.regions
const city = r.create(actor, { name: '滨海市', code: '371600000000' })
const tree = [
  { name: '东城区', towns: [['渤海街道', ['渤海社区', '新港社区']], ['黄河街道', ['新立社区', '黄河社区']], ['沾化镇', ['沾化村', '富源村']]] },
  { name: '西城县', towns: [['杨柳镇', ['杨柳村', '前进村']], ['河口镇', ['河口村', '孤岛村']]] },
  { name: '南湖区', towns: [['南湖街道', ['湖滨社区', '南苑社区']], ['梁才乡', ['梁才村', '北李村']]] }
] as const
const counties = tree.map((c) => {
  const county = r.create(actor, { name: c.name, parentId: city.id })
  const towns = c.towns.map(([t, villages]) => {
    const town = r.create(actor, { name: t, parentId: county.id })
    return { town, villages: villages.map((v) => r.create(actor, { name: v, parentId: town.id })) }
  })
  return { county, towns }
})
const [east, west, south] = counties as [typeof counties[number], typeof counties[number], typeof counties[number]]
services.notices.setSettings(actor, city.id, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' })
services.notices.setSettings(actor, east.county.id, { issuerName: '滨海市东城区信访局', contactPerson: '刘晓燕', contactPhone: '0543-3289001', address: '滨海市东城区渤海七路 520 号', numberPrefix: '东信听' })

// ---------------------------------------------------------------- organisations
const orgs = ['滨海市东城区住房和城乡建设局', '滨海市东城区人力资源和社会保障局', '西城县自然资源局', '南湖区城市管理局', '滨海市律师协会', '滨海学院', '滨海市人民医院', '东城区人民调解委员会']
  .map((name, i) => services.organisations.create(actor, { name, kind: i < 4 ? 'agency' : i === 4 ? 'law_firm' : 'institution' }).org)
const [housing, labour, land, urban] = orgs as [typeof orgs[number], typeof orgs[number], typeof orgs[number], typeof orgs[number]]

// ---------------------------------------------------------------- members
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
function idNumber (seq: number, birth: string, female: boolean) {
  const order = (seq % 500) * 2 + (female ? 0 : 1)
  const body = `371602${birth}${String(order).padStart(3, '0')}`
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0)
  return body + '10X98765432'[sum % 11]
}
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '伟', '静', '明', '桂兰', '国庆', '晓东', '红梅', '立新', '玉兰', '文博', '春生', '淑珍', '振华', '雪梅', '德胜', '佳怡', '子涵', '宏伟', '凤英']
const PROFESSIONS = ['lawyer', 'social_worker', 'volunteer', 'psychological_counsellor', 'expert_scholar', 'people_mediator', 'grassroots_legal_worker']
const SOURCES = ['deputy', 'retired_cadre', 'village_head', 'notable', 'familiar_with_matter', 'professional'] as const
const TITLES = ['律师', '社会工作师', '退休干部', '村委会主任', '副教授', '人民调解员', '主治医师', '基层法律服务工作者']
const villages = counties.flatMap((c) => c.towns.flatMap((t) => t.villages))
const attest = { attestedBy: '滨海市信访局', attestedAt: '2025-12-20' }
const members: { id: number, name: string, homeCountyId: number }[] = []
for (let i = 0; i < 200; i++) {
  const female = i % 3 === 1
  const name = `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 5 + 3) % GIVEN.length]}`
  const birth = `19${60 + (i % 30)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 27) + 1).padStart(2, '0')}`
  const county = counties[i % 3]!
  const village = villages[(i * 11) % villages.length]!
  // hosts and recorders live at township level here, so that no demo matter makes them recuse
  const home = i < 20 ? county.towns[county.towns.length - 1]!.town : county.towns.some((t) => t.villages.some((v) => v.id === village.id)) ? village : county.towns[0]!.villages[0]!
  const roles = i < 12 ? ['officer', 'host'] as const : i < 20 ? ['officer', 'recorder'] as const : i % 9 === 0 ? ['officer', 'third_party'] as const : ['officer'] as const
  const created = services.pool.create(actor, {
    name,
    idNumber: idNumber(i + 1, birth, female),
    mobile: `13${String(500000000 + i * 7919).slice(0, 9)}`,
    employerOrganisationId: orgs[4 + (i % 4)]!.id,
    title: TITLES[i % TITLES.length]!,
    homeRegionId: home.id,
    roles: [...roles],
    sourceCategory: SOURCES[i % SOURCES.length]!,
    professions: [PROFESSIONS[i % PROFESSIONS.length]!],
    conditions: { political: attest, legal_knowledge: attest, integrity: attest, local_standing: attest },
    consentCrossRegion: i % 4 === 0
  })
  services.pool.transition(actor, created.row.member.id, { action: 'appoint', appointmentDate: '2026-01-01', appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: '2028-12-31', version: created.row.member.version })
  services.pool.addTraining(actor, created.row.member.id, { course: i < 20 ? '听证主持人、记录员业务培训' : '听证员岗前培训', trainedOn: '2026-03-15', hours: i < 20 ? 16 : 8, provider: '滨海市信访局' })
  members.push({ id: created.row.member.id, name, homeCountyId: county.county.id })
}
const hostsOf = (countyId: number) => members.filter((m, i) => i < 12 && m.homeCountyId === countyId)
const recordersOf = (countyId: number) => members.filter((m, i) => i >= 12 && i < 20 && m.homeCountyId === countyId)

// ---------------------------------------------------------------- matters, venues, hearings
const venueEast = services.venues.create(actor, { regionId: east.county.id, name: '东城区信访局听证室', address: '滨海市东城区渤海七路520号三楼', capacity: 40 })
const venueWest = services.venues.create(actor, { regionId: west.county.id, name: '西城县信访局听证室', address: '西城县府前街18号', capacity: 30 })
const venueSouth = services.venues.create(actor, { regionId: south.county.id, name: '南湖区群众工作中心听证室', address: '滨海市南湖区湖滨路66号', capacity: 30 })

let matterSeq = 0
function matter (county: typeof east, respondentId: number, title: string, summary: string, petitioner: { name: string, village: { id: number } }, withAgent = false) {
  matterSeq++
  return services.matters.create(actor, {
    number: `滨信〔2026〕${100 + matterSeq}号`,
    title,
    summary,
    regionId: county.towns[0]!.town.id,
    petitionerKind: 'individual',
    petitioners: [{
      name: petitioner.name,
      idNumber: idNumber(900 + matterSeq, '19680315', matterSeq % 2 === 0),
      mobile: `1370543${String(1000 + matterSeq).padStart(4, '0')}`,
      address: `滨海市${county.county.name}${county.towns[0]!.town.name}${matterSeq}号`,
      homeVillageRegionId: petitioner.village.id,
      ...(withAgent ? { agents: [{ name: '高律言', idNumber: idNumber(950 + matterSeq, '19820707', false), phone: '13605431234', powerOfAttorneyNote: '代为陈述、质证、辩论，代为签收文书', powerOfAttorneyDate: '2026-11-10' }] } : {})
    }],
    respondentOrganisationId: respondentId,
    handling: { acceptingBody: `滨海市${county.county.name}人民政府`, acceptedOn: '2026-11-02' }
  }).matter
}

const m1 = matter(east, housing.id, '关于渤海社区旧村改造安置补偿的信访事项', '信访人反映旧村改造中宅基地面积认定有误，安置补偿款少发约八万元，要求重新核定。', { name: '王秀兰', village: east.towns[0]!.villages[0]! }, true)
const m2 = matter(east, labour.id, '关于拖欠农民工工资的信访事项', '信访人反映在某工地务工期间被拖欠工资四万二千元，要求督促支付。', { name: '张国栋', village: east.towns[1]!.villages[0]! })
const m3 = matter(west, land.id, '关于土地承包经营权确权的信访事项', '信访人反映承包地确权面积与实际不符。', { name: '李长河', village: west.towns[0]!.villages[1]! })
const m4 = matter(south, urban.id, '关于占道经营处罚的信访事项', '信访人对占道经营的处罚决定不服。', { name: '赵美华', village: south.towns[0]!.villages[0]! })
const m5 = matter(east, housing.id, '关于物业维修资金使用的信访事项', '信访人反映小区维修资金使用不公开。', { name: '陈立新', village: east.towns[0]!.villages[1]! })

// most hearings are held at 复查: m1 and m3 were answered at 办理 and the petitioners asked for a review; four more
// review matters are answered without a hearing by the end of November (the hearing rate's denominator)
const versionOf = (id: number) => services.matters.get(actor, id).matter.version
function toReview (m: { id: number }, county: typeof east, answeredOn: string, acceptedOn: string) {
  services.matters.decideStage(actor, m.id, 'handling', { decidedOn: answeredOn, summary: '维持原处理意见。', answerReceivedOn: answeredOn, conclusionType: 'upheld', version: versionOf(m.id) })
  services.matters.openStage(actor, m.id, { stage: 'review', acceptingBody: `滨海市${county.county.name}人民政府`, acceptedOn, requestedOn: acceptedOn, version: versionOf(m.id) })
}
toReview(m1, east, '2026-11-04', '2026-11-09')
toReview(m3, west, '2026-11-04', '2026-11-10')
const answeredWithoutHearing = [
  matter(east, labour.id, '关于社会保险缴费年限认定的信访事项', '信访人对社会保险缴费年限的认定不服。', { name: '孙德胜', village: east.towns[1]!.villages[1]! }),
  matter(west, land.id, '关于林地补偿款分配的信访事项', '信访人反映林地补偿款分配不均。', { name: '周玉兰', village: west.towns[0]!.villages[0]! }),
  matter(south, urban.id, '关于违建拆除程序的信访事项', '信访人认为违建拆除未履行告知程序。', { name: '吴振华', village: south.towns[0]!.villages[1]! }),
  matter(south, urban.id, '关于门头牌匾整治的信访事项', '信访人对门头牌匾整治决定有异议。', { name: '郑雪梅', village: south.towns[0]!.villages[0]! })
]
answeredWithoutHearing.forEach((m, i) => toReview(m, [east, west, south, south][i]!, '2026-11-03', '2026-11-06'))

const at = (iso: string) => new Date(iso)
function hearing (m: { id: number }, county: typeof east, venueId: number, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) {
  return services.hearings.create(actor, {
    matterId: m.id,
    procedure: 'simple',
    startsAt: at(startsAt),
    endsAt: at(endsAt),
    venueId,
    hostMemberId: hostsOf(county.county.id)[0]!.id,
    recorderMemberId: recordersOf(county.county.id)[0]!.id,
    panelSize: 3,
    ...extra
  }).hearing
}
const step = (id: number, action: string, extra: Record<string, unknown> = {}) => {
  const h = services.hearings.get(actor, id).hearing
  return services.hearings.transition(actor, id, { action: action as never, version: h.version, ...extra }).hearing
}

const hConcluded = hearing(m1, east, venueEast.id, '2026-11-27T09:00:00+08:00', '2026-11-27T11:30:00+08:00')
const hNotified = hearing(m2, east, venueEast.id, '2026-12-08T09:30:00+08:00', '2026-12-08T11:30:00+08:00')
const hScheduled = hearing(m3, west, venueWest.id, '2026-12-10T14:30:00+08:00', '2026-12-10T16:30:00+08:00')
const hPostponed = hearing(m4, south, venueSouth.id, '2026-12-03T09:00:00+08:00', '2026-12-03T11:00:00+08:00')
const hCancelled = hearing(m5, east, venueEast.id, '2026-12-15T09:00:00+08:00', '2026-12-15T11:00:00+08:00')

for (const [h, witness] of [[hConcluded, '滨海市人大代表 马建军'], [hNotified, '东城区政协委员 韩丽'], [hScheduled, '西城县公证处 公证员 曹宁']] as const) {
  services.panel.draw(actor, h.id, { witnessName: witness, witnessValue: String(h.id * 7919) })
}
step(hPostponed.id, 'postpone', { reason: '信访人因病住院，申请延期', startsAt: at('2026-12-17T09:00:00+08:00'), endsAt: at('2026-12-17T11:00:00+08:00') })
step(hCancelled.id, 'cancel', { reason: '信访人撤回听证申请' })

// A member declines on the notified hearing: an alternate is promoted (shown in the draw record).
const notifiedOfficers = services.hearings.get(actor, hNotified.id).participants.filter((p) => p.kind === 'officer' && p.active)
services.panel.respond(actor, hNotified.id, notifiedOfficers[0]!.id, { response: 'declined', reason: '当日需出庭代理案件' })
// A second decline finds no alternate left: the seat stays open until a witnessed replacement round (commitment, then reveal).
const stillSeated = services.hearings.get(actor, hNotified.id).participants.filter((p) => p.kind === 'officer' && p.active)
services.panel.respond(actor, hNotified.id, stillSeated[stillSeated.length - 1]!.id, { response: 'declined', reason: '身体原因不能参加' })
services.panel.commit(actor, hNotified.id, { witnessName: '东城区政协委员 韩丽' })
services.panel.draw(actor, hNotified.id, { witnessName: '东城区政协委员 韩丽', witnessValue: '20261120' })
step(hNotified.id, 'notify', { noticeServedOn: '2026-11-16' })
step(hConcluded.id, 'notify', { noticeServedOn: '2026-11-16' })

// ---------------------------------------------------------------- documents
async function issueAndWrite (hearingId: number, kind: Parameters<typeof services.notices.issue>[2]['kind'], recipient: Parameters<typeof services.notices.issue>[2]['recipient'], file: string) {
  const doc = await services.notices.issue(actor, hearingId, { kind, recipient })
  write(file, services.notices.download(actor, hearingId, doc.id).pdf)
  return doc
}

await issueAndWrite(hNotified.id, 'rights_notice', { petitioner: true }, '01-听证权利告知书.pdf')
const petitionerNotice = await issueAndWrite(hNotified.id, 'petitioner_notice', { petitioner: true }, '02-听证通知书-信访人.pdf')
await issueAndWrite(hNotified.id, 'respondent_notice', { respondent: true }, '03-听证通知书-责任单位.pdf')
const notifiedPanel = services.hearings.get(actor, hNotified.id).participants.filter((p) => p.kind === 'officer' && p.active)
await issueAndWrite(hNotified.id, 'member_invitation', { participantId: notifiedPanel[0]!.id }, '04-听证员邀请函.pdf')
await issueAndWrite(hNotified.id, 'member_invitation', { host: true }, '04b-听证员邀请函-主持人.pdf')
await issueAndWrite(hNotified.id, 'service_receipt', { petitioner: true }, '05-送达回证.pdf')
services.notices.recordService(actor, hNotified.id, petitionerNotice.id, { method: 'in_person', servedOn: '2026-11-16', signedBy: '张国栋' })
await issueAndWrite(hNotified.id, 'draw_record', undefined, '06-听证员抽取记录表.pdf')
await issueAndWrite(hScheduled.id, 'draw_record', undefined, '06b-听证员抽取记录表-西城县.pdf')

// ---------------------------------------------------------------- the concluded hearing: minutes and deliberation
clock.set('2026-11-27T01:00:00.000Z')
step(hConcluded.id, 'open')
const detail = services.hearings.get(actor, hConcluded.id)
const host = members.find((m) => m.id === detail.hearing.hostMemberId)!.name
const recorder = members.find((m) => m.id === detail.hearing.recorderMemberId)!.name
const officers = detail.participants.filter((p) => p.kind === 'officer' && p.active).map((p) => members.find((m) => m.id === p.memberId)!.name)
const min = services.minutes
min.setAttendance(actor, hConcluded.id, {
  participants: [
    { role: 'petitioner', name: '王秀兰', attendance: 'present' },
    { role: 'agent', name: '高律言', unit: '王秀兰的委托代理人', attendance: 'present' },
    { role: 'handler', name: '彭志远', unit: '东城区住房和城乡建设局征收科', attendance: 'present' },
    { role: 'respondent', name: '蒋海涛', unit: '东城区住房和城乡建设局副局长', attendance: 'present' },
    { role: 'witness', name: '吕𪚥', unit: '渤海社区居民委员会', attendance: 'absent', note: '经通知未到场' }
  ]
})
const say = (section: Parameters<typeof min.addEntry>[2]['section'], role: Parameters<typeof min.addEntry>[2]['speaker']['role'], name: string, text: string) => {
  clock.advance(60_000)
  min.addEntry(actor, hConcluded.id, { section, speaker: { role, name }, text })
}
say('opening', 'recorder', recorder, '报告主持人：信访人及其委托代理人、责任单位代表、承办人已到庭，证人吕𪚥未到场。')
say('opening', 'host', host, `现在开始听证。本次听证由${host}主持，听证员${officers.join('、')}，记录员${recorder}。宣布听证纪律：参加人员应当如实陈述，服从主持人指挥，未经许可不得录音录像。`)
say('opening', 'host', host, '告知参加人员的权利和义务：有申请回避、委托代理人、提供证据、进行陈述和最后陈述、核对笔录的权利；有按时到场、遵守纪律、如实回答询问的义务。')
say('recusal', 'host', host, '信访人、责任单位对主持人、听证员、记录员是否申请回避？')
say('recusal', 'petitioner', '王秀兰', '不申请回避。')
say('recusal', 'respondent', '蒋海涛', '不申请回避。')
say('statements', 'petitioner', '王秀兰', '我家宅基地原有面积二百一十平方米，有一九八八年的宅基地使用证为证，旧村改造时只认定了一百六十平方米，安置补偿款少发八万元左右，请求重新核定。')
say('statements', 'agent', '高律言', '补充一点：测绘报告未经信访人签字确认，程序上存在瑕疵。')
say('statements', 'handler', '彭志远', '面积认定依据是二〇一九年的不动产测绘成果，按照《东城区旧村改造补偿安置办法》第十二条执行。')
min.addEvidence(actor, hConcluded.id, { name: '宅基地使用证（1988年）复印件', submittedBy: '王秀兰', purpose: '证明原宅基地面积为二百一十平方米', crossExamination: '责任单位对真实性无异议，对证明目的有异议。' })
min.addEvidence(actor, hConcluded.id, { name: '不动产测绘报告（2019年）', submittedBy: '东城区住房和城乡建设局', purpose: '证明认定面积为一百六十平方米', crossExamination: '信访人代理人认为测绘报告未经本人确认。' })
min.addEvidence(actor, hConcluded.id, { name: '安置补偿协议及发放凭证', submittedBy: '东城区住房和城乡建设局', purpose: '证明已按认定面积足额发放' })
say('questions', 'officer', officers[0]!, '请问测绘时是否通知信访人到场？')
say('questions', 'handler', '彭志远', '当时通过社区口头通知，没有书面记录。')
say('questions', 'host', host, '信访人的宅基地使用证与测绘成果差异的原因是否核实过？')
clock.advance(10 * 60_000)
min.addEvent(actor, hConcluded.id, { at: clock.now(), kind: 'recess', reason: '信访人身体不适，休会十分钟', decision: '十分钟后继续' })
say('debate', 'agent', '高律言', '宅基地使用证是有效的权属证明，测绘成果与之冲突时应当重新核实。')
say('debate', 'respondent', '蒋海涛', '测绘成果是统一委托专业机构作出的，但同意对差异部分进行复核。')
say('finalStatements', 'petitioner', '王秀兰', '请求按宅基地使用证记载面积重新核定补偿。')
say('finalStatements', 'handler', '彭志远', '同意复核，依复核结果处理。')
say('closing', 'host', host, '听证参加人员退席，听证员进行评议。本次听证到此结束，请参加人员核对笔录后签名。')
step(hConcluded.id, 'conclude')
for (const [role, name] of [['host', host], ...officers.map((n) => ['officer', n]), ['recorder', recorder], ['petitioner', '王秀兰'], ['handler', '彭志远'], ['respondent', '蒋海涛']] as const) {
  min.sign(actor, hConcluded.id, { role: role as 'host', name, signed: true })
}
min.sign(actor, hConcluded.id, { role: 'agent', name: '高律言', signed: false, hostNote: '委托代理人认为笔录未完整记录其关于测绘程序的意见，拒绝签名。经当场宣读笔录，其余参加人员无异议。' })
await min.finalise(actor, hConcluded.id, 'minutes')
write('07-听证笔录.pdf', (await min.pdf(actor, hConcluded.id, 'minutes')).bytes)

min.setDeliberation(actor, hConcluded.id, {
  startsAt: at('2026-11-27T11:40:00+08:00'),
  endsAt: at('2026-11-27T12:10:00+08:00'),
  place: '东城区信访局听证室合议间',
  proposal: '建议责任单位对信访人宅基地面积差异部分组织复核，依复核结果补发安置补偿款。',
  opinions: [
    { name: host, role: 'host', opinion: '宅基地使用证记载与测绘成果不一致，测绘未书面通知信访人，应当复核。', vote: 'for' },
    { name: officers[0]!, role: 'officer', opinion: '同意复核，并建议责任单位书面告知复核结果。', vote: 'for' },
    { name: officers[1]!, role: 'officer', opinion: '安置补偿已按统一测绘成果发放，个案复核将影响全村，不同意复核。', vote: 'against' },
    { name: officers[2]!, role: 'officer', opinion: '测绘成果由专业机构作出，程序瑕疵不影响结果，不同意复核。', vote: 'against' }
  ],
  // a 2:2 tie: under the national default rules no majority is formed and both opinions go to the hearing organ
  conclusion: '双方意见均有依据，建议组织机关结合宅基地档案调阅情况研究决定。'
})
await min.finalise(actor, hConcluded.id, 'deliberation')
write('08-听证评议记录.pdf', (await min.pdf(actor, hConcluded.id, 'deliberation')).bytes)
await issueAndWrite(hConcluded.id, 'draw_record', undefined, '06c-听证员抽取记录表-已结束听证.pdf')

// A correction after finalisation: version 2 points to version 1 (which stays downloadable), the wording is fixed
// and everyone signs again; the agent, no longer present, confirms in writing.
const corrected = min.correct(actor, hConcluded.id, 'minutes', { reason: '更正承办人陈述中引用的条款序号' })
const handlerEntry = (corrected.content as { entries: { seq: number, speaker: { role: string } }[] }).entries.find((e) => e.speaker.role === 'handler')!
min.editEntry(actor, hConcluded.id, handlerEntry.seq, { section: 'statements', speaker: { role: 'handler', name: '彭志远' }, text: '面积认定依据是二〇一九年的不动产测绘成果，按照《东城区旧村改造补偿安置办法》第十三条执行。' })
for (const [role, name] of [['host', host], ...officers.map((n) => ['officer', n]), ['recorder', recorder], ['petitioner', '王秀兰'], ['handler', '彭志远'], ['respondent', '蒋海涛']] as const) {
  min.sign(actor, hConcluded.id, { role: role as 'host', name, signed: true })
}
min.sign(actor, hConcluded.id, { role: 'agent', name: '高律言', signed: true, confirmation: '2026年11月30日书面确认更正内容' })
await min.finalise(actor, hConcluded.id, 'minutes')
write('07b-听证笔录-更正第2版.pdf', (await min.pdf(actor, hConcluded.id, 'minutes')).bytes)

// ---------------------------------------------------------------- assessment: bulletin, provincial export, pay ledger
// the concluded hearing is entered in the provincial system the next working day; the ledger lines were made when it concluded
clock.set('2026-11-30T02:00:00.000Z')
services.provincialEntry.recordProvincialEntry(actor, hConcluded.id, { enteredOn: '2026-11-30', ref: 'SD-XF-2026-118734' })
clock.set('2026-11-30T06:00:00.000Z')
services.matters.decideStage(actor, m1.id, 'review', { decidedOn: '2026-11-30', summary: '撤销原处理意见，责令对宅基地面积差异部分重新核定。', answerReceivedOn: '2026-11-30', conclusionType: 'revoked_redo', version: versionOf(m1.id) })
const reviewConclusions = ['upheld', 'upheld', 'varied', 'upheld'] as const
answeredWithoutHearing.forEach((m, i) => services.matters.decideStage(actor, m.id, 'review', { decidedOn: '2026-11-27', summary: '复查意见。', answerReceivedOn: '2026-11-27', conclusionType: reviewConclusions[i]!, version: versionOf(m.id) }))
const bulletin = await services.bulletins.issue(actor, { from: '2026-01-01', to: '2026-11-30' })
write('09-听证工作情况通报.pdf', services.bulletins.pdf(bulletin.id).bytes)
write('09b-听证工作情况通报-数据.xlsx', (await services.bulletins.xlsx(bulletin.id)).bytes)
write('10-听证基本要件-省信访信息系统.xlsx', (await services.exports.provincial(actor, { from: '2026-01-01', to: '2026-11-30', format: 'xlsx' })).bytes)
write('10b-听证基本要件-省信访信息系统-GBK.csv', (await services.exports.provincial(actor, { from: '2026-01-01', to: '2026-11-30', format: 'csv-gbk' })).bytes)
write('11-听证报酬台账-2026.xlsx', await services.remuneration.ledgerXlsx(actor, { year: 2026 }))

// ---------------------------------------------------------------- calendar files
const calendarHearing = calendarHearingFor(db, hScheduled.id, { baseUrl: config.publicBaseUrl })
if (calendarHearing) {
  const officer = services.hearings.get(actor, hScheduled.id).participants.find((p) => p.kind === 'officer' && p.active)!
  const person = members.find((m) => m.id === officer.memberId)!
  const files = calendarDemoFiles({
    hearing: calendarHearing,
    recipient: { ref: { kind: 'member', id: person.id }, name: person.name, email: `member${person.id}@example.cn` },
    organizer: calendarOrganizer(config),
    baseUrl: config.publicBaseUrl,
    now: clock.now()
  })
  for (const [name, content] of Object.entries(files)) write(name, content)
}

sqlite.close()
rmSync(work, { recursive: true, force: true })
console.log(`已写入 ${written.length} 个文件：`)
for (const path of written) console.log(path)
