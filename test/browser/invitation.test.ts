/*
 * The invitation page a mail's link opens, on a phone (360×740): an officer without an account opens the link from
 * their real mail in the outbox and accepts; a second officer, signed in as their pool member, declines (an empty
 * and a blank reason refused, what was typed kept), and is offered 我的听证; an expired and a tampered link show the
 * service's Chinese error page, never a blank one. The service runs with a known LINK_SIGNING_SECRET so that the
 * expired link can be signed the way the service signs them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { startShippedService } from '../shipped/bundle-server.js'
import { launchChromium } from '../../scripts/bench/chromium.js'
import { deriveKey, signResponseToken } from '../../server/modules/calendar/signed-links.js'
import { ADMIN_PASSWORD, apiClient, ATTESTED_CONDITIONS, chinaDate, checkPage, hearingDay, newPage, PHONE, poll, type BrowserSuite } from './harness.js'

const LINK_SECRET = 'invitation-browser-test-secret-0123456789'
const DAY = hearingDay(12)
const PASSWORD = 'Initial-pass-8841'
let suite: BrowserSuite
const seeded = { hearingId: 0, officers: [] as { id: number, email: string }[] }

beforeAll(async () => {
  // startBrowserSuite, with the signing secret set
  const service = await startShippedService({ adminPassword: ADMIN_PASSWORD, env: { LINK_SIGNING_SECRET: LINK_SECRET } })
  const browser = await launchChromium()
  const login = await fetch(`${service.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  const adminToken = ((await login.json()) as { token: string }).token
  suite = {
    url: service.url,
    browser,
    api: apiClient(service.url, adminToken),
    apiAs: (token: string) => apiClient(service.url, token),
    output: service.output,
    async stop () { await browser.close(); await service.stop() }
  }
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  await api('PUT', `/regions/${town.id}/document-settings`, { issuerName: '滨海市东城区渤海街道办事处', contactPerson: '刘协调', contactPhone: '0543-3216688', numberPrefix: '渤信听' }, 200)
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const email = `inv${seq}@example.cn`
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(300 + seq, { birth: '19720818' }), mobile: `1390543${String(4000 + seq)}`, email, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕2号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return { id: created.id as number, email }
  }
  const host = await member('李主持', ['host'], true)
  const recorder = await member('赵记录', ['recorder'], false)
  // exactly three officers: the draw seats all of them
  seeded.officers = [await member('孙律师', ['officer'], false), await member('钱代表', ['officer'], false), await member('冯干部', ['officer'], false)]
  const matter = await api('POST', '/matters', {
    number: '滨信〔2026〕518号',
    title: '关于渤海社区旧村改造安置补偿的信访事项',
    summary: '信访人反映安置补偿款少发，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: '王秀兰', idNumber: anIdNumber(610, { birth: '19680315' }), mobile: '13705431300', address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
  })
  const created = await api('POST', '/hearings', {
    matterId: matter.id, procedure: 'simple', startsAt: `${DAY}T09:00:00+08:00`, endsAt: `${DAY}T11:30:00+08:00`, venueId: venue.id, hostMemberId: host.id, recorderMemberId: recorder.id, panelSize: 3
  })
  seeded.hearingId = created.hearing.id
  const drawn = await api('POST', `/hearings/${seeded.hearingId}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: '314159' })
  expect([...drawn.official].sort()).toEqual(seeded.officers.map((o) => o.id).sort())
  // the second officer, a deputy, has an account linked to their pool member; the first, a lawyer, has none
  await api('POST', '/users', { username: 'qiandaibiao', displayName: '钱代表', password: PASSWORD, role: 'officer', regionId: town.id, poolMemberId: seeded.officers[1]!.id })
}, 120_000)
afterAll(async () => { await suite?.stop() })

/** The invitation link in the officer's mail, read from the service's outbox as sent. */
async function linkInMail (email: string) {
  const mails = await suite.api('GET', '/outbox?pageSize=100')
  const invitation = (mails.items as { id: number, toAddress: string, subject: string }[]).find((m) => m.toAddress === email && m.subject.startsWith('听证邀请'))
  expect(invitation, `no invitation to ${email}`).toBeDefined()
  const detail = await suite.api('GET', `/outbox/${invitation!.id}`)
  const link = /答复：(\S+)/.exec(detail.textBody as string)?.[1]
  expect(link).toMatch(/\/invitation\?token=v1\./)
  return link!.replace(/^https?:\/\/[^/]+/, suite.url)
}

const seatOf = async (memberId: number) => {
  const hearing = await suite.api('GET', `/hearings/${seeded.hearingId}`)
  return (hearing.participants as { memberId: number, response: string, responseReason: string | null }[]).filter((p) => p.memberId === memberId).at(-1)
}
const answerSection = (page: Page) => page.getByRole('region', { name: '我的答复' })

describe('the invitation page of a mail\'s link, on a phone', () => {
  test('an officer without an account opens the link from their mail, sees the hearing and accepts', async () => {
    const { page, errors, context } = await newPage(suite, PHONE)
    await page.goto(await linkInMail(seeded.officers[0]!.email))
    await poll(() => page.getByRole('heading', { level: 1, name: '关于渤海社区旧村改造安置补偿的信访事项' }).count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/invitation')
    expect(await page.getByText('孙律师：').count()).toBe(1)
    const facts = page.getByRole('region', { name: '听证信息' })
    const [y, m, d] = DAY.split('-').map(Number) as [number, number, number]
    expect(await facts.textContent()).toContain(`${y}年${m}月${d}日`)
    expect(await facts.textContent()).toContain('09:00—11:30（北京时间）')
    expect(await facts.textContent()).toContain('滨海市东城区渤海七路 520 号三楼')
    expect(await facts.textContent()).toContain('李主持')
    expect(await page.getByRole('region', { name: '联系方式' }).textContent()).toContain('刘协调')
    expect(await page.getByRole('link', { name: '0543-3216688' }).getAttribute('href')).toBe('tel:0543-3216688')
    expect(await page.getByRole('region', { name: '请携带' }).textContent()).toContain('居民身份证')
    expect(await answerSection(page).textContent()).toContain('待答复')
    // the petitioner is nowhere on the page
    expect(await page.locator('body').textContent()).not.toContain('王秀兰')
    // signed out: no link into the interface
    expect(await page.getByRole('link', { name: /我的听证/ }).count()).toBe(0)
    // the calendar file downloads without signing in
    const href = await page.getByRole('link', { name: /加入日历/ }).getAttribute('href')
    const ics = await context.request.get(href!)
    expect([ics.status(), (await ics.text()).includes('METHOD:PUBLISH')]).toEqual([200, true])
    await checkPage(page, 'invitation')

    await answerSection(page).getByRole('button', { name: '接受邀请' }).click()
    await page.getByRole('dialog', { name: '接受听证邀请' }).getByRole('button', { name: '确认参加' }).click()
    await poll(() => answerSection(page).textContent()).toContain('已接受')
    expect(await answerSection(page).getByRole('button', { name: '接受邀请' }).count()).toBe(0)
    expect(await answerSection(page).textContent()).toContain('感谢您的答复')
    await checkPage(page, 'invitation-accepted')
    expect(await seatOf(seeded.officers[0]!.id)).toMatchObject({ response: 'accepted' })

    // opened again later, the link shows the answer given
    await page.reload()
    await poll(() => answerSection(page).textContent()).toContain('已接受')
    expect(errors).toEqual([])
    await context.close()
  })

  test('a signed-in officer declines: the reason is required (refused, what was typed kept), then the decline shows, with 我的听证 offered', async () => {
    const { page, errors, context } = await newPage(suite, PHONE)
    // signed in (as the interface does, the session cookie) as the account linked to the invited member
    const login = await context.request.post('/api/v1/auth/login', { data: { username: 'qiandaibiao', password: PASSWORD } })
    expect(login.status()).toBe(200)
    await page.goto(await linkInMail(seeded.officers[1]!.email))
    await poll(() => answerSection(page).textContent()).toContain('待答复')
    const mine = page.getByRole('link', { name: /我的听证/ })
    await poll(() => mine.count()).toBe(1)
    expect(await mine.getAttribute('href')).toBe(`/me/hearings/${seeded.hearingId}`)

    await answerSection(page).getByRole('button', { name: '谢绝' }).click()
    const dialog = page.getByRole('dialog', { name: '谢绝听证邀请' })
    await poll(() => dialog.isVisible()).toBe(true)
    const reason = dialog.getByLabel('谢绝理由（将告知协调员）')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => page.getByRole('alert').filter({ hasText: '请填写谢绝的理由' }).count()).toBeGreaterThan(0)
    await poll(() => dialog.locator('.el-form-item__error').textContent()).toContain('请填写')
    await reason.fill('   ')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => dialog.locator('.el-form-item__error').textContent()).toContain('请填写')
    expect(await reason.inputValue()).toBe('   ')
    expect(await dialog.isVisible()).toBe(true)
    await checkPage(page, 'invitation-decline-refused')
    expect(await seatOf(seeded.officers[1]!.id)).toMatchObject({ response: 'pending' })

    await reason.fill('当天需参加人大代表视察活动')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => dialog.isVisible()).toBe(false)
    await poll(() => answerSection(page).textContent()).toContain('已谢绝')
    expect(await answerSection(page).textContent()).toContain('谢绝理由：当天需参加人大代表视察活动')
    expect(await answerSection(page).getByRole('button', { name: '谢绝' }).count()).toBe(0)
    await checkPage(page, 'invitation-declined')
    expect(await seatOf(seeded.officers[1]!.id)).toMatchObject({ response: 'declined', responseReason: '当天需参加人大代表视察活动' })
    expect(errors).toEqual([])
    await context.close()
  })

  test('an expired or a tampered link shows the service\'s Chinese error page', async () => {
    const { page, errors, context } = await newPage(suite, PHONE)
    // signed as the service signs, for the third officer, but run out a minute ago
    const expired = signResponseToken({ key: deriveKey(LINK_SECRET, 'response links'), hearingId: seeded.hearingId, subject: { kind: 'member', id: seeded.officers[2]!.id }, action: 'answer', expiresAt: new Date(Date.now() - 60_000) })
    await page.goto(`/invitation?token=${expired}`)
    await poll(() => page.getByRole('heading', { level: 1, name: '邀请链接已过期' }).count()).toBe(1)
    expect(await page.getByText('如有疑问，请联系听证协调员').count()).toBe(1)
    await checkPage(page, 'invitation-expired')

    const link = await linkInMail(seeded.officers[2]!.email)
    const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    await page.goto(tampered)
    await poll(() => page.getByRole('heading', { level: 1, name: '邀请链接无效' }).count()).toBe(1)
    expect(await page.getByText('请确认完整复制了邮件中的链接').count()).toBe(1)
    expect(await page.getByRole('button', { name: '接受邀请' }).count()).toBe(0)
    await checkPage(page, 'invitation-invalid')
    // nothing was answered for the third officer
    expect(await seatOf(seeded.officers[2]!.id)).toMatchObject({ response: 'pending' })
    expect(errors).toEqual([])
    await context.close()
  })
})
