/*
 * The deliberation page (评议) of a hearing that has been held: the hearing staff enter each panel member's opinion
 * and vote, watch the service's tally (a tie first: the host and three officers vote two against two, which the
 * national rules refer to the hearing organ; then a majority), write the conclusion, save, finalise (a confirmation,
 * then the frozen PDF in the page with its SHA-256 and a verification), and correct the final version with a reason.
 * One failure path: an opinion typed without a vote is refused with the service's title, and what was typed stays.
 *
 * The hearing is seeded through the API as test/browser/whole-case.test.ts explains: it starts at the first quarter
 * hour at least 20 minutes from now (China time; tomorrow 07:00 late in the evening) and the township's ruleset opens
 * hearings up to 12 hours before their start, so it can be opened and concluded now, on the real clock.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, ADMIN_PASSWORD, chinaDate, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const seeded = { hearing: 0, officers: [] as string[] }
const PROPOSAL = '建议责任单位按现行安置补偿标准为信访人补足安置补偿款。'
const CONCLUSION = '以多数意见建议责任单位在三十日内按现行标准补足安置补偿款，并书面答复信访人。'

const QUARTER = 15 * 60_000
function hearingSlot () {
  const china = Date.now() + 8 * 3600_000
  const minuteOfDay = Math.floor((china % (24 * 3600_000)) / 60_000)
  const earliest = Math.ceil((minuteOfDay * 60_000 + 20 * 60_000) / QUARTER) * 15
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  if (earliest <= 20 * 60 + 45) {
    const start = Math.max(earliest, 7 * 60)
    return { day: chinaDate(0), start: hhmm(start), end: hhmm(Math.min(start + 120, 21 * 60)) }
  }
  return { day: chinaDate(1), start: '07:00', end: '09:00' }
}

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  const ruleset = await api('POST', '/rulesets', { name: '渤海街道听证开始时间', config: { openingWindow: { minutesBeforeStart: 720 } } })
  await api('PUT', `/regions/${town.id}/ruleset`, { rulesetId: ruleset.id }, 200)
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })

  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(600 + seq, { birth: '19740512' }), mobile: `1390543${String(5000 + seq)}`, email: `d${seq}@example.cn`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  const host = await member('李主持', ['host'], true)
  const recorder = await member('赵记录', ['recorder'], false)
  // exactly three officers, all seated by the draw: with the host, four voters, so two against two is a tie
  for (const name of ['周听证', '吴听证', '郑听证']) await member(name, ['officer'], false)

  const matter = await api('POST', '/matters', {
    number: '滨信〔2026〕611号',
    title: '关于渤海社区旧村改造安置补偿的信访事项',
    summary: '信访人反映安置补偿款少发，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: '王秀兰', idNumber: anIdNumber(701, { birth: '19680315' }), mobile: '13705431701', address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
  })
  const slot = hearingSlot()
  const created = await api('POST', '/hearings', {
    matterId: matter.id, procedure: 'simple', isPublic: false, nonPublicReason: '涉及个人隐私', startsAt: `${slot.day}T${slot.start}:00+08:00`, endsAt: `${slot.day}T${slot.end}:00+08:00`, venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3
  })
  const id = created.hearing.id as number
  await api('POST', `/hearings/${id}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '314159' })
  const step = async (action: string, extra: Record<string, unknown> = {}) => {
    const current = await api('GET', `/hearings/${id}`)
    return api('POST', `/hearings/${id}/transitions`, { action, version: current.version, ...extra }, 200)
  }
  await step('notify', { noticeServedOn: chinaDate(0), noticeWaiver: { date: chinaDate(0), method: 'phone_record', recordedBy: '刘协调' } })
  await step('open')
  await step('conclude')
  const detail = await api('GET', `/hearings/${id}`)
  seeded.hearing = id
  seeded.officers = detail.participants.filter((p: { kind: string, active: boolean }) => p.kind === 'officer' && p.active)
    .sort((a: { rank: number }, b: { rank: number }) => a.rank - b.rank).map((p: { name: string }) => p.name)
  expect(seeded.officers).toHaveLength(3)
}, 120_000)
afterAll(async () => { await suite?.stop() })

const voter = (page: Page, who: string) => page.getByRole('group', { name: who })
const tally = (page: Page) => page.getByTestId('deliberation-tally')
async function vote (page: Page, who: string, choice: '同意' | '不同意' | '弃权') {
  await voter(page, who).getByRole('radio', { name: choice, exact: true }).check({ force: true })
}
const toast = (page: Page, text: string) => poll(() => page.locator('.el-message').filter({ hasText: text }).count()).toBeGreaterThan(0)

describe('the deliberation page (评议)', () => {
  test('opinions and votes, the service\'s tally (a tie, then a majority), conclusion, save, finalise with the PDF; an opinion without a vote refused', { timeout: 180_000 }, async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.hearing}/deliberation`)
    const form = page.getByTestId('deliberation-form')
    await poll(() => form.getByRole('group').count()).toBe(4)
    const [o1, o2, o3] = seeded.officers.map((n) => `听证员 ${n}`) as [string, string, string]
    await expect(voter(page, '主持人 李主持').isVisible()).resolves.toBe(true)
    await poll(() => page.getByText('尚未制作评议记录').count()).toBe(1)
    await poll(() => tally(page).textContent()).toContain('参加表决 0 人')
    // the rules and their sources are the ruleset's (national defaults: everyone votes, a tie is referred)
    expect(await tally(page).textContent()).toContain('主持人和听证员均参加表决')
    expect(await tally(page).textContent()).toContain('来源：推定')
    expect(await page.getByLabel('评议地点').inputValue()).toBe('渤海街道听证室')
    await checkPage(page, 'deliberation-empty')

    // the failure path: an officer's opinion without a vote; the service refuses, the typed opinion stays
    await page.getByLabel('评议事项').fill(PROPOSAL)
    const firstOpinion = '补偿标准低于省定最低标准，应当补足。'
    await voter(page, o1).getByLabel('评议意见').fill(firstOpinion)
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await toast(page, '参加表决的人员须表明同意、不同意或弃权')
    expect(await voter(page, o1).getByLabel('评议意见').inputValue()).toBe(firstOpinion)
    expect(await page.getByLabel('评议事项').inputValue()).toBe(PROPOSAL)
    await checkPage(page, 'deliberation-refused')

    // two for, two against: the service says it is a tie, which these rules refer to the hearing organ
    await voter(page, '主持人 李主持').getByLabel('评议意见').fill('事实清楚，证据充分，应予补足。')
    await voter(page, o2).getByLabel('评议意见').fill('现有证据不足以认定少发。')
    await voter(page, o3).getByLabel('评议意见').fill('补偿已按当时标准发放，不同意。')
    await vote(page, '主持人 李主持', '同意')
    await vote(page, o1, '同意')
    await vote(page, o2, '不同意')
    await vote(page, o3, '不同意')
    await poll(() => tally(page).textContent()).toContain('参加表决 4 人：同意 2 票、不同意 2 票、弃权 0 票')
    expect(await tally(page).textContent()).toContain('未形成多数意见')
    expect(await tally(page).textContent()).toContain('同意票与不同意票相等（各2票），未形成多数意见，各方意见如实记录，提请滨海市信访局研究决定')
    await checkPage(page, 'deliberation-tie')

    // one officer changes his vote: three for, one against, a majority; the one against is the dissent
    await voter(page, o2).getByLabel('评议意见').fill('经合议，同意补足。')
    await vote(page, o2, '同意')
    await poll(() => tally(page).textContent()).toContain('同意 3 票、不同意 1 票')
    expect(await tally(page).textContent()).toContain('按照少数服从多数的原则，评议事项以同意3票获得通过')
    await poll(() => voter(page, o3).getByText('不同意见').count()).toBe(1)
    await page.getByLabel('评议结论').fill(CONCLUSION)
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await toast(page, '评议记录第 1 版草稿已保存')
    await poll(() => page.getByText('评议记录（第 1 版，草稿）').count()).toBe(1)
    await checkPage(page, 'deliberation-saved')

    // finalise after a confirmation: frozen, the PDF in the page, its SHA-256 verified
    await page.getByRole('button', { name: '定稿', exact: true }).click()
    await page.getByRole('button', { name: '确认定稿' }).click()
    await toast(page, '评议记录第 1 版已定稿')
    await poll(() => page.getByText(/第 1 版已于 .+ 定稿，内容已锁定/).count()).toBe(1)
    expect(await voter(page, o1).getByLabel('评议意见').isDisabled()).toBe(true)
    expect(await page.getByLabel('评议结论').isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: '保存', exact: true }).count()).toBe(0)
    await poll(() => page.locator('iframe[title="听证评议记录 第 1 版（定稿）"]').count()).toBe(1)
    const record = await suite.api('GET', `/hearings/${seeded.hearing}/deliberation`)
    expect(record.status).toBe('final')
    expect(record.content.opinions).toHaveLength(4)
    expect(record.content.conclusion).toBe(CONCLUSION)
    expect(record.content.outcome).toMatchObject({ result: 'adopted', basis: 'majority' })
    await poll(() => page.getByText(record.pdfSha256).count()).toBeGreaterThan(0)
    await page.getByRole('button', { name: '核验第 1 版' }).click()
    await poll(() => page.getByText('第 1 版核验一致').count()).toBe(1)
    await checkPage(page, 'deliberation-final')
    expect(errors).toEqual([])
  })

  test('a final record is corrected with a reason: a new draft version, the first still listed', { timeout: 120_000 }, async () => {
    const { page, errors } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.hearing}/deliberation`)
    await page.getByRole('button', { name: '提出更正' }).click()
    const dialog = page.getByRole('dialog', { name: '更正已定稿的评议记录' })
    await dialog.getByLabel('更正理由').fill('评议结论中答复期限笔误，应为十五日。')
    await checkPage(page, 'deliberation-correction-dialog')
    await dialog.getByRole('button', { name: '生成更正版本' }).click()
    await toast(page, '已生成第 2 版（更正稿）')
    await poll(() => page.getByText('第 2 版是对第 1 版的更正（理由：评议结论中答复期限笔误，应为十五日。）').count()).toBe(1)
    const conclusion = page.getByLabel('评议结论')
    expect(await conclusion.isDisabled()).toBe(false)
    expect(await conclusion.inputValue()).toBe(CONCLUSION)
    await conclusion.fill(CONCLUSION.replace('三十日', '十五日'))
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await toast(page, '评议记录第 2 版草稿已保存')
    await poll(() => page.getByRole('button', { name: '核验第 1 版' }).count()).toBe(1)
    await checkPage(page, 'deliberation-corrected-draft')
    expect(errors).toEqual([])
  })
})
