/*
 * 参加人员: a simple hearing with a drawn panel (three seats, one alternate). Through the page: an officer's decline
 * recorded by phone with who answered and the reason (the alternate moves up to the seat), another officer's acceptance, a third
 * party added (one who is double-booked on another hearing refused with the service's title, the dialog keeping the
 * choice), a recusal request filed against an officer and granted by the host: with no alternate left, the page
 * says the hearing waits for a witnessed replacement round.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const DAY = hearingDay(12)
const seeded = { city: 0, hearingId: 0, official: [] as number[], alternates: [] as number[], names: new Map<number, string>() }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  seeded.city = city.id
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const lawFirm = await api('POST', '/organisations', { name: '山东滨海律师事务所', kind: 'law_firm' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  const hall = await api('POST', '/venues', { regionId: county.id, name: '东城区信访局听证大厅', address: '滨海市东城区黄河路 18 号', capacity: 80 })

  let seq = 0
  async function member (name: string, roles: string[], extra: Record<string, unknown> = {}) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(500 + seq, { birth: '19760418' }), mobile: `1390543${String(5000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS, ...extra
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (roles.includes('host')) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    seeded.names.set(created.id, name)
    return created.id as number
  }
  const host = await member('李主持', ['host'])
  const recorder = await member('赵记录', ['recorder'])
  // the officers have mailboxes: the page shows whether each one's invitation has gone out
  for (const [i, name] of ['周听证', '吴听证', '郑听证', '王听证'].entries()) await member(name, ['officer'], { email: `panel${i + 1}@example.cn` })
  await member('钱律师', ['third_party'], { employerOrganisationId: lawFirm.id })
  const busy = await member('孙律师', ['third_party'])
  const otherHost = await member('陈主持', ['host'])
  const otherRecorder = await member('冯记录', ['recorder'])

  async function matter (n: number, title: string) {
    return api('POST', '/matters', {
      number: `滨信〔2026〕5${n}号`,
      title,
      summary: '信访人反映安置补偿款少发，要求重新核定。',
      regionId: town.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '王秀兰', idNumber: anIdNumber(600 + n, { birth: '19680315' }), mobile: `1370543${String(1500 + n)}`, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: respondent.id,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
    })
  }
  const first = await matter(1, '关于渤海社区旧村改造安置补偿的信访事项')
  const created = await api('POST', '/hearings', { matterId: first.id, procedure: 'simple', startsAt: `${DAY}T09:00:00+08:00`, endsAt: `${DAY}T11:30:00+08:00`, venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3 })
  seeded.hearingId = created.hearing.id
  // a witnessed draw as the draw page makes it: the commitment first, then the witness's value
  await api('POST', `/hearings/${seeded.hearingId}/draw-commitments`, { witnessName: '东城区政协委员 韩丽' })
  const drawn = await api('POST', `/hearings/${seeded.hearingId}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '314159' })
  seeded.official = drawn.official
  seeded.alternates = drawn.alternates
  expect(drawn.official).toHaveLength(3)
  expect(drawn.alternates).toHaveLength(1)

  // 孙律师 is a third party on another hearing at the same time: adding him here is a double booking
  const second = await matter(2, '关于新港社区供暖收费的信访事项')
  const other = await api('POST', '/hearings', { matterId: second.id, procedure: 'simple', startsAt: `${DAY}T10:00:00+08:00`, endsAt: `${DAY}T12:00:00+08:00`, venueId: hall.id, hostMemberId: otherHost, recorderMemberId: otherRecorder, panelSize: 3 })
  await api('POST', `/hearings/${other.hearing.id}/participants`, { kind: 'third_party', memberId: busy })
}, 120_000)
afterAll(async () => { await suite?.stop() })

const nameOf = (id: number) => seeded.names.get(id)!
const table = (page: Page) => page.getByTestId('panel-table')
const rowOf = (page: Page, name: string) => table(page).locator('.el-table__body-wrapper tr', { hasText: name })
/** An el-table row's cells sit in the body and again in the fixed column's copy: the row text is read from the body. */
const text = (row: Locator) => row.first().innerText()
const dialog = (page: Page, title: string) => page.getByRole('dialog', { name: title })
/** The hearing's 参加人员 page, signed in as the administrator. The tests below run in order on the one hearing. */
async function openPanel () {
  const opened = await newPage(suite)
  await signIn(opened.page, 'admin', ADMIN_PASSWORD)
  await opened.page.goto(`${suite.url}/hearings/${seeded.hearingId}/panel`)
  return opened
}

describe('参加人员', () => {
  test('a decline by phone, with who answered and why, moves the alternate up; an acceptance', async () => {
    const { page, errors, context } = await openPanel()
    const [seat1, seat2] = seeded.official.map(nameOf) as [string, string, string]
    const alternate = nameOf(seeded.alternates[0]!)
    await poll(() => text(rowOf(page, seat1))).toContain('听证员（第 1 席）')
    expect(await text(rowOf(page, alternate))).toContain('候补（第 1 位）')
    expect(await text(rowOf(page, '李主持'))).toContain('主持人')
    // no mail server in this test: the seated officers' invitations wait in the outbox; the host has no mailbox
    expect(await rowOf(page, seat1).getByTestId('mail-state').textContent()).toContain('待发送')
    expect(await rowOf(page, '李主持').getByTestId('mail-state').count()).toBe(0)
    expect(await page.getByRole('link', { name: '参加人员' }).count()).toBeGreaterThan(0)
    await expect(page.getByTestId('panel-state').innerText()).resolves.toContain('剩余候补 1 人')
    await checkPage(page, 'panel-drawn')

    // the first officer declines by phone, with a reason: the alternate takes the first seat
    await rowOf(page, seat1).getByRole('button', { name: '记录答复' }).first().click()
    const answer = dialog(page, `记录答复：${seat1}`)
    await answer.getByText('谢绝', { exact: true }).click()
    await answer.getByLabel('答复人').fill('本人电话答复')
    await answer.getByLabel('谢绝理由').fill('电话答复：当日另有公务')
    await checkPage(page, 'panel-decline-dialog')
    await answer.getByRole('button', { name: '确定登记答复' }).click()
    await poll(() => text(rowOf(page, alternate))).toContain('听证员（第 1 席）')
    const declined = await text(rowOf(page, seat1))
    expect(declined).toContain('谢绝')
    expect(declined).toContain('电话答复：当日另有公务')
    expect(declined).toContain('已退出')
    expect(declined).toContain('本人电话答复，系统管理员登记')
    await expect(page.getByTestId('panel-state').innerText()).resolves.toContain('剩余候补 0 人')
    await checkPage(page, 'panel-declined')

    // the second officer accepts
    await rowOf(page, seat2).getByRole('button', { name: '记录答复' }).first().click()
    const accept = dialog(page, `记录答复：${seat2}`)
    await accept.getByRole('button', { name: '确定登记答复' }).click()
    await poll(() => text(rowOf(page, seat2))).toContain('接受')
    expect(await rowOf(page, seat2).getByRole('button', { name: '记录答复' }).count()).toBe(0)

    expect(errors).toEqual([])
    await context.close()
  }, 90_000)

  test('a third party double-booked on another hearing is refused with the title, the choice kept; another is added; a representative added and taken off', async () => {
    const { page, errors, context } = await openPanel()
    await poll(() => text(rowOf(page, '李主持'))).toContain('主持人')
    // the picker shows the clash, the addition is refused, the choice stays
    await page.getByRole('button', { name: '添加第三方', exact: true }).click()
    const add = dialog(page, '添加第三方')
    await add.getByLabel('人员', { exact: true }).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '孙律师' }).click()
    await poll(() => add.getByTestId('preview-problems').innerText()).toContain('人员时间冲突')
    await add.getByRole('button', { name: '确定添加第三方' }).click()
    await poll(() => add.getByRole('alert').innerText()).toContain('听证安排存在问题，未能保存')
    expect(await add.locator('.el-select', { hasText: '孙律师' }).count()).toBe(1)
    expect(await table(page).innerText()).not.toContain('孙律师')
    await checkPage(page, 'panel-third-party-refused')

    // another third party, clear of conflicts, is added
    await add.getByLabel('人员', { exact: true }).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '钱律师' }).click()
    await poll(() => add.getByTestId('preview-problems').innerText()).toContain('未发现资格或冲突问题')
    await add.getByRole('button', { name: '确定添加第三方' }).click()
    await poll(() => text(rowOf(page, '钱律师'))).toContain('第三方参与人员')
    expect(await text(rowOf(page, '钱律师'))).toContain('山东滨海律师事务所')

    // a respondent representative by name, then taken off with a reason (the row stays as history)
    await page.getByRole('button', { name: '添加被反映单位代表', exact: true }).click()
    const rep = dialog(page, '添加被反映单位代表')
    await rep.getByLabel('姓名').fill('刘建国')
    await rep.getByLabel('工作单位').fill('滨海市东城区住房和城乡建设局')
    await rep.getByLabel('职务').fill('科长')
    await rep.getByRole('button', { name: '确定添加被反映单位代表' }).click()
    await poll(() => text(rowOf(page, '刘建国'))).toContain('被反映单位代表')
    await rowOf(page, '刘建国').getByRole('button', { name: '撤下' }).first().click()
    const off = dialog(page, '撤下被反映单位代表：刘建国')
    await off.getByLabel('撤下理由').fill('被反映单位改派他人')
    await off.getByRole('button', { name: '确定撤下' }).click()
    await poll(() => text(rowOf(page, '刘建国'))).toContain('已退出')
    expect(await text(rowOf(page, '刘建国'))).toContain('被反映单位改派他人')
    await checkPage(page, 'panel-third-parties')

    expect(errors).toEqual([])
    await context.close()
  }, 90_000)

  test('a recusal request against an officer, granted by the host: with no alternate left, the seat waits for a redraw', async () => {
    const { page, errors, context } = await openPanel()
    const seat3 = nameOf(seeded.official[2]!)
    await poll(() => text(rowOf(page, seat3))).toContain('听证员（第 3 席）')
    await page.getByRole('button', { name: '提出回避申请' }).click()
    const recusal = dialog(page, '提出回避申请')
    await recusal.getByLabel('申请人').fill('信访人王秀兰')
    await recusal.getByLabel('被申请回避人').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: `听证员 ${seat3}` }).click()
    await recusal.getByLabel('申请理由').fill('该听证员与被反映单位负责人系亲属')
    await recusal.getByRole('button', { name: '确定提出申请' }).click()
    const requests = page.getByTestId('recusal-table')
    await poll(() => requests.locator('.el-table__body-wrapper tr').first().innerText()).toContain('待决定')
    await checkPage(page, 'panel-recusal-filed')

    await requests.getByRole('button', { name: '作出决定' }).first().click()
    const decide = dialog(page, `作出决定：对${seat3}的回避申请`)
    await decide.getByText('决定回避', { exact: true }).click()
    await decide.getByLabel('决定人', { exact: true }).fill('李主持')
    await decide.getByLabel('决定人身份').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '主持人' }).click()
    await decide.getByLabel('决定理由').fill('申请理由成立')
    await decide.getByRole('button', { name: '确定作出决定' }).click()
    await poll(() => requests.locator('.el-table__body-wrapper tr').first().innerText()).toContain('决定回避')
    expect(await requests.locator('.el-table__body-wrapper tr').first().innerText()).toContain('李主持：申请理由成立')
    await poll(() => page.getByTestId('replacement-needed').innerText()).toContain('等待经见证的补抽')
    expect(await page.getByTestId('replacement-needed').innerText()).toContain('第 3 席空缺')
    expect(await text(rowOf(page, seat3))).toContain('已退出')
    await checkPage(page, 'panel-replacement-needed')
    expect(errors).toEqual([])
    await context.close()
  }, 90_000)

  test('an auditor reads the page: the people and the recusal requests, without any action', async () => {
    await suite.api('POST', '/users', { username: 'shenji', displayName: '孙审计', password: 'Initial-pass-4471', role: 'auditor', regionId: seeded.city })
    const login = await fetch(`${suite.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'shenji', password: 'Initial-pass-4471' }) })
    const token = ((await login.json()) as { token: string }).token
    await suite.apiAs(token)('POST', '/me/password', { currentPassword: 'Initial-pass-4471', newPassword: 'Auditor-own-pass-8812' }, 204)
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'shenji', 'Auditor-own-pass-8812')
    await page.goto(`${suite.url}/hearings/${seeded.hearingId}/panel`)
    await poll(() => text(rowOf(page, '李主持'))).toContain('主持人')
    expect(await text(rowOf(page, nameOf(seeded.official[0]!)))).toContain('谢绝')
    expect(await page.getByTestId('recusal-table').innerText()).toContain('决定回避')
    for (const name of ['记录答复', '添加第三方', '提出回避申请', '作出决定', '撤下']) expect(await page.getByRole('button', { name }).count()).toBe(0)
    await checkPage(page, 'panel-auditor')
    expect(errors).toEqual([])
    await context.close()
  }, 60_000)
})
