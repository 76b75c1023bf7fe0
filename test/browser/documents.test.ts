/*
 * 文书: a simple hearing with a drawn panel. Through the page: the petitioner's 听证通知书 issued and previewed in
 * the page, downloaded as a PDF, its service refused for a date still to come (the dialog keeping what was typed)
 * and then recorded; an invitation issued to a drawn officer; the stored PDF checked against its SHA-256; an
 * auditor reads the register without any button that changes it.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const DAY = hearingDay(12)
const AUDITOR_PASSWORD = 'Audit-Docs-5519'
const seeded = { hearingId: 0, officer: '' }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  let seq = 0
  const names = new Map<number, string>()
  async function member (name: string, roles: string[]) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(700 + seq, { birth: '19770512' }), mobile: `1390543${String(7000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: town.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (roles.includes('host')) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    names.set(created.id, name)
    return created.id as number
  }
  const host = await member('李主持', ['host'])
  const recorder = await member('赵记录', ['recorder'])
  for (const name of ['周听证', '吴听证', '郑听证', '王听证']) await member(name, ['officer'])
  const matter = await api('POST', '/matters', {
    number: '滨信〔2026〕701号',
    title: '关于渤海社区旧村改造安置补偿的信访事项',
    summary: '信访人反映安置补偿款少发，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: '王秀兰', idNumber: anIdNumber(801, { birth: '19680315' }), mobile: '13705431801', address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
  })
  const created = await api('POST', '/hearings', { matterId: matter.id, procedure: 'simple', startsAt: `${DAY}T09:00:00+08:00`, endsAt: `${DAY}T11:30:00+08:00`, venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3 })
  seeded.hearingId = created.hearing.id
  await api('POST', `/hearings/${seeded.hearingId}/draw-commitments`, { witnessName: '东城区政协委员 韩丽' })
  const drawn = await api('POST', `/hearings/${seeded.hearingId}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '271828' })
  seeded.officer = names.get(drawn.official[0])!
  await api('POST', '/users', { username: 'shenji', displayName: '沈审计', password: AUDITOR_PASSWORD, role: 'auditor', regionId: city.id })
}, 120_000)
afterAll(async () => { await suite?.stop() })

const table = (page: Page) => page.getByTestId('documents-table')
const bodyRows = (page: Page) => table(page).locator('.el-table__body-wrapper > .el-scrollbar tr.el-table__row, .el-table__body-wrapper tbody > tr.el-table__row')
const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog', { name: title })

describe('文书', () => {
  test('issue the petitioner\'s notice, preview and download it, record its service (a date to come refused, input kept), issue an invitation, check the stored PDF', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`${suite.url}/hearings/${seeded.hearingId}/documents`)
    await poll(() => table(page).innerText()).toContain('尚未签发文书')
    await checkPage(page, 'documents-empty')

    // the petitioner's notice: the dialog opens on it, addressed to the petitioner
    await page.getByRole('button', { name: '签发文书' }).click()
    const issue = dialog(page, '签发文书')
    await poll(() => issue.locator('.el-form-item', { hasText: '送达对象' }).innerText()).toContain('信访人')
    await checkPage(page, 'documents-issue-dialog')
    await issue.getByRole('button', { name: '确定签发' }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    await poll(() => table(page).innerText()).toContain('滨信听〔')
    const register = await table(page).innerText()
    expect(register).toContain('听证通知书')
    expect(register).toContain('王秀兰')
    expect(register).toContain('未送达')
    await expect.poll(() => page.locator('iframe.tz-pdf').getAttribute('src'), { timeout: 15_000 }).toMatch(/^blob:/)
    await checkPage(page, 'documents-issued')

    // downloaded through the page: a PDF
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 PDF' }).click()])
    const path = await download.path()
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // its service: a date still to come is refused with the service's title, the typed signer and note kept
    await page.getByRole('button', { name: /^登记送达 听证通知书/ }).click()
    const service = dialog(page, /^登记送达/)
    await service.getByLabel('送达日期').fill(chinaDate(3))
    await service.getByLabel('送达日期').press('Enter')
    await service.getByLabel('签收人').fill('王秀兰（本人）')
    await service.getByLabel('备注').fill('在渤海街道信访办当面签收')
    await service.getByRole('button', { name: '确定登记' }).click()
    await poll(() => service.locator('.failure').count()).toBe(1)
    const refusal = await service.locator('.failure').innerText()
    expect(refusal.length).toBeGreaterThan(4)
    expect(await service.getByLabel('签收人').inputValue()).toBe('王秀兰（本人）')
    expect(await service.getByLabel('备注').inputValue()).toBe('在渤海街道信访办当面签收')
    await checkPage(page, 'documents-service-refused')
    await service.getByLabel('送达日期').fill(chinaDate(0))
    await service.getByLabel('送达日期').press('Enter')
    await service.getByRole('button', { name: '确定登记' }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    await poll(() => table(page).innerText()).toContain('直接送达')
    await poll(() => table(page).innerText()).not.toContain('未送达')

    // an invitation to the first drawn officer
    await page.getByRole('button', { name: '签发文书' }).click()
    await issue.getByLabel('文书种类').click()
    await page.getByRole('option', { name: '听证员邀请函' }).click()
    await issue.getByLabel('送达对象').click()
    await page.getByRole('option', { name: new RegExp(`^听证员 ${seeded.officer}`) }).click()
    await issue.getByRole('button', { name: '确定签发' }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    await poll(() => table(page).innerText()).toContain(seeded.officer)

    // the stored notice is what was issued
    await page.getByRole('button', { name: /^核验 听证通知书/ }).click()
    await poll(() => table(page).innerText()).toContain('一致')
    await checkPage(page, 'documents-register')

    const docs = await suite.api('GET', `/hearings/${seeded.hearingId}/documents`)
    expect(docs.items.map((d: { kind: string }) => d.kind)).toEqual(['petitioner_notice', 'member_invitation'])
    expect(docs.items[0].services).toMatchObject([{ method: 'in_person', servedOn: chinaDate(0), signedBy: '王秀兰（本人）', note: '在渤海街道信访办当面签收' }])
    expect(errors).toEqual([])
    await context.close()
  })

  test('an auditor reads the register and previews a document, with nothing to change', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'shenji', AUDITOR_PASSWORD)
    // an account an administrator created changes its password first
    await page.getByLabel('当前密码').fill(AUDITOR_PASSWORD)
    await page.getByLabel('新密码', { exact: true }).fill('Audit-Docs-own-8842')
    await page.getByLabel('再次输入新密码').fill('Audit-Docs-own-8842')
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.goto(`${suite.url}/hearings/${seeded.hearingId}/documents`)
    await poll(() => table(page).innerText()).toContain('听证员邀请函')
    expect(await page.getByRole('button', { name: '签发文书' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^登记送达/ }).count()).toBe(0)
    expect(await bodyRows(page).count()).toBeGreaterThan(0)
    // the staff's calendar and hearing page above this one are named in the breadcrumb, not linked (an auditor
    // may not open them)
    const crumbs = page.getByRole('navigation', { name: '当前位置' })
    expect(await crumbs.textContent()).toContain('听证安排')
    expect(await crumbs.locator('.el-breadcrumb__inner.is-link').allTextContents()).toEqual(['首页'])
    await checkPage(page, 'documents-auditor')
    expect(errors).toEqual([])
    await context.close()
  })
})
