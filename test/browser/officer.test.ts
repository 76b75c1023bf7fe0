/*
 * The officers' own pages on a phone (360×740): an officer whose account is linked to a pool member signs in (and
 * changes the forced password), sees their hearings, declines one invitation with a reason (an empty reason refused,
 * the dialog kept), accepts another, opens the calendar subscription (QR code, links) and their remuneration and
 * assessments. Also the mail's signed link, which opens the invitation page on the phone without signing in
 * (test/browser/invitation.test.ts has its flows).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, DESKTOP, newPage, PHONE, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const FIRST_DAY = hearingDay(10)
const SECOND_DAY = hearingDay(40)
const PASSWORD = 'Initial-pass-4417'
const OWN_PASSWORD = 'Zhou-own-pass-6672'
/** Waits for the toasts (a success message fades after 2.5 s) to go, so the page is checked as it stays. */
const settled = (page: Page) => poll(() => page.locator('.el-message').count()).toBe(0)
const seeded = { officer: 0, hearings: [] as number[] }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })

  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(200 + seq, { birth: '19740512' }), mobile: `1390543${String(3000 + seq)}`, email: `m${seq}@example.cn`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  const host = await member('李主持', ['host'], true)
  const recorder = await member('赵记录', ['recorder'], false)
  // exactly three officers: every draw seats all of them, so the officer below is on both hearings
  const officers = [await member('周听证', ['officer'], false), await member('吴听证', ['officer'], false), await member('郑听证', ['officer'], false)]
  seeded.officer = officers[0]!

  for (const [i, day] of [FIRST_DAY, SECOND_DAY].entries()) {
    const matter = await api('POST', '/matters', {
      number: `滨信〔2026〕40${i + 1}号`,
      title: i === 0 ? '关于渤海社区旧村改造安置补偿的信访事项' : '关于新港社区供暖收费的信访事项',
      summary: '信访人反映安置补偿款少发，要求重新核定。',
      regionId: town.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '王秀兰', idNumber: anIdNumber(400 + i, { birth: '19680315' }), mobile: `1370543${String(1300 + i)}`, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: respondent.id,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
    })
    const created = await api('POST', '/hearings', {
      matterId: matter.id, procedure: 'simple', startsAt: `${day}T09:00:00+08:00`, endsAt: `${day}T11:30:00+08:00`, venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3
    })
    const drawn = await api('POST', `/hearings/${created.hearing.id}/draws`, { witnessName: '东城区政协委员 韩丽', witnessValue: `27182${i}` })
    expect(drawn.official).toContain(seeded.officer)
    seeded.hearings.push(created.hearing.id)
  }
  await api('POST', '/users', { username: 'zhoutingzheng', displayName: '周听证', password: PASSWORD, role: 'officer', regionId: town.id, poolMemberId: seeded.officer })
}, 120_000)
afterAll(async () => { await suite?.stop() })

describe('the officers\' pages on a phone', () => {
  test('an officer signs in, sees their hearings, declines one with a reason (an empty one refused), accepts the other', async () => {
    const { page, errors, context } = await newPage(suite, PHONE)
    await signIn(page, 'zhoutingzheng', PASSWORD)
    expect(new URL(page.url()).pathname).toBe('/password')
    await page.getByLabel('当前密码').fill(PASSWORD)
    await page.getByLabel('新密码', { exact: true }).fill(OWN_PASSWORD)
    await page.getByLabel('再次输入新密码').fill(OWN_PASSWORD)
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL((url) => url.pathname === '/')

    // the side menu is a drawer on the phone, with the officer's own entries
    await page.getByRole('button', { name: '打开菜单' }).click()
    const menu = page.getByRole('navigation', { name: '主菜单' })
    await poll(() => menu.getByRole('menuitem', { name: '我的听证' }).isVisible()).toBe(true)
    expect(await menu.getByRole('menuitem', { name: '日历订阅' }).count()).toBe(1)
    expect(await menu.getByRole('menuitem', { name: '我的报酬与考核' }).count()).toBe(1)
    await settled(page)
    await checkPage(page, 'officer-menu-drawer')
    await menu.getByRole('menuitem', { name: '我的听证' }).click()
    await page.waitForURL((url) => url.pathname === '/me/hearings')

    const cards = page.locator('article.hearing-card')
    await poll(() => cards.count()).toBe(2)
    // upcoming first: the nearer hearing on top, both awaiting my answer
    expect(await cards.nth(0).textContent()).toContain('关于渤海社区旧村改造安置补偿的信访事项')
    expect(await cards.nth(0).textContent()).toContain(FIRST_DAY)
    expect(await cards.nth(0).textContent()).toContain('待答复')
    expect(await cards.nth(0).textContent()).toContain('渤海街道听证室')
    await checkPage(page, 'officer-hearings')

    // decline the second: an empty reason is refused, the dialog stays open with the field's error
    await cards.nth(1).getByRole('button', { name: '谢绝' }).click()
    const dialog = page.getByRole('dialog', { name: '谢绝听证邀请' })
    await poll(() => dialog.isVisible()).toBe(true)
    // the dialog fades in: checked once it is fully shown
    await poll(() => page.evaluate<string>('[...document.querySelectorAll(".el-overlay-dialog")].map((e) => getComputedStyle(e.parentElement).opacity + getComputedStyle(e.querySelector(".el-dialog")).opacity).join()')).toBe('11')
    await checkPage(page, 'officer-decline-dialog')
    const reason = dialog.getByLabel('谢绝理由（将告知协调员）')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => page.getByRole('alert').filter({ hasText: '请填写谢绝的理由' }).count()).toBeGreaterThan(0)
    await poll(() => dialog.locator('.el-form-item__error').textContent()).toContain('请填写')
    expect(await dialog.isVisible()).toBe(true)
    // only blanks is empty too: refused again, and what was typed stays in the field
    await reason.fill('   ')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => page.getByRole('alert').filter({ hasText: '请填写谢绝的理由' }).count()).toBeGreaterThan(0)
    expect(await reason.inputValue()).toBe('   ')
    await reason.fill('当天需出差，无法参加')
    await dialog.getByRole('button', { name: '确认谢绝' }).click()
    await poll(() => dialog.isVisible()).toBe(false)
    await poll(() => cards.nth(1).textContent()).toContain('不再参加')
    expect(await cards.nth(1).textContent()).toContain('当天需出差，无法参加')
    expect(await cards.nth(1).getByRole('button', { name: '谢绝' }).count()).toBe(0)

    // accept the first, after the confirmation
    await cards.nth(0).getByRole('button', { name: '接受邀请' }).click()
    await page.getByRole('dialog', { name: '接受听证邀请' }).getByRole('button', { name: '确认参加' }).click()
    await poll(() => cards.nth(0).textContent()).toContain('已接受')
    await settled(page)
    await checkPage(page, 'officer-hearings-answered')

    // the service recorded both, as the officer's answers
    const first = await suite.api('GET', `/hearings/${seeded.hearings[0]}`)
    expect(first.participants.find((p: { memberId: number, active: boolean }) => p.memberId === seeded.officer && p.active)).toMatchObject({ response: 'accepted' })
    const second = await suite.api('GET', `/hearings/${seeded.hearings[1]}`)
    expect(second.participants.find((p: { memberId: number }) => p.memberId === seeded.officer)).toMatchObject({ response: 'declined', responseReason: '当天需出差，无法参加', active: false })

    // the hearing's page for me
    await cards.nth(0).getByRole('link', { name: '关于渤海社区旧村改造安置补偿的信访事项' }).click()
    await page.waitForURL((url) => url.pathname === `/me/hearings/${seeded.hearings[0]}`)
    await poll(() => page.getByText('李主持').count()).toBeGreaterThan(0)
    expect(await page.getByRole('region', { name: '听证信息' }).textContent()).toContain('赵记录')
    await settled(page)
    await checkPage(page, 'officer-hearing')
    expect(errors).toEqual([])
    await context.close()
  })

  test('the calendar subscription shows the https and webcal links and a QR code; remuneration and assessments open', async () => {
    const { page, errors, context } = await newPage(suite, PHONE)
    await signIn(page, 'zhoutingzheng', OWN_PASSWORD)
    await page.goto('/me/calendar')
    await poll(() => page.getByRole('img', { name: /二维码/ }).count()).toBe(1)
    const webcal = await page.locator('#feed-webcal').inputValue()
    const https = await page.locator('#feed-https').inputValue()
    expect(webcal).toMatch(/^webcal:\/\/.+\/api\/v1\/calendar\/feeds\/.+\.ics$/)
    expect(https).toMatch(/^http.+\/api\/v1\/calendar\/feeds\/.+\.ics$/)
    expect(await page.getByRole('img', { name: /二维码/ }).getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await checkPage(page, 'officer-calendar')
    // the feed holds the officer's hearing they still sit on
    const ics = await (await fetch(https.replace(/^https?:\/\/[^/]+/, suite.url))).text()
    expect(ics).toContain('BEGIN:VEVENT')

    // resetting asks first, then shows a new address
    await page.getByRole('button', { name: '重置订阅地址' }).click()
    await page.getByRole('dialog', { name: '重置订阅地址' }).getByRole('button', { name: '重置' }).click()
    await poll(() => page.locator('#feed-https').inputValue()).not.toBe(https)

    await page.goto('/me/remuneration')
    await poll(() => page.getByRole('region', { name: '合计' }).count()).toBe(1)
    expect(await page.getByRole('region', { name: '合计' }).textContent()).toContain('0.00')
    await checkPage(page, 'officer-remuneration')
    await page.getByRole('link', { name: '我的考核' }).click()
    await page.waitForURL((url) => url.pathname === '/me/assessments')
    await poll(() => page.getByText('共 0 次考核').count()).toBe(1)
    await checkPage(page, 'officer-assessments')
    expect(errors).toEqual([])
    await context.close()
  })

  test('at the office PC\'s width the same pages keep the side menu and fit 1366 px', async () => {
    const { page, errors, context } = await newPage(suite, DESKTOP)
    await signIn(page, 'zhoutingzheng', OWN_PASSWORD)
    expect(await page.getByRole('button', { name: '打开菜单' }).count()).toBe(0)
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name: '我的听证' }).click()
    await poll(() => page.locator('article.hearing-card').count()).toBe(2)
    await checkPage(page, 'officer-hearings-desktop')
    await page.goto('/me/calendar')
    await poll(() => page.getByRole('img', { name: /二维码/ }).count()).toBe(1)
    await checkPage(page, 'officer-calendar-desktop')
    expect(errors).toEqual([])
    await context.close()
  })

  test('the mail\'s signed link opens the interface\'s invitation page, which fits the phone without signing in', async () => {
    // the invitation another officer (吴听证, who has no account) got for the first hearing, still unanswered
    const mails = await suite.api('GET', '/outbox?pageSize=100')
    const invitation = (mails.items as { id: number, toAddress: string, subject: string }[]).find((m) => m.toAddress === 'm4@example.cn' && m.subject.startsWith('听证邀请'))
    expect(invitation).toBeDefined()
    const detail = await suite.api('GET', `/outbox/${invitation!.id}`)
    const link = /答复：(\S+)/.exec(detail.textBody as string)![1]!
    const { page, context } = await newPage(suite, PHONE)
    await page.goto(link.replace(/^https?:\/\/[^/]+/, suite.url))
    // the first of the officer's invitations the outbox lists (both hearings drew all three officers)
    await poll(() => page.getByRole('region', { name: '我的答复' }).count()).toBe(1)
    expect(['关于渤海社区旧村改造安置补偿的信访事项', '关于新港社区供暖收费的信访事项']).toContain(await page.getByRole('heading', { level: 1 }).textContent())
    expect(new URL(page.url()).pathname).toBe('/invitation')
    expect(await page.getByRole('button', { name: '接受邀请' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: '谢绝' }).count()).toBe(1)
    await checkPage(page, 'officer-signed-link')
    await context.close()
  })
})
