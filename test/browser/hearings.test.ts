/*
 * 听证安排: a general hearing scheduled through the wizard (a venue clash shown by the preview, gone when the time
 * is changed), the calendar by month and week, and the hearing page: a termination without a ground refused with
 * the service's title and the typed reason kept, a postponement with its reason, the notice with its service record,
 * and the timeline.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
/** The day of the wizard's hearing (two weeks ahead: the general procedure's 7-day notice lead is met) and of its postponement. */
const DAY_1 = hearingDay(14)
const DAY_2 = hearingDay(21)
const seeded = { matter: 0, hearingId: 0, city: 0 }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  seeded.city = city.id
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const village = await api('POST', '/regions', { name: '新港社区', parentId: town.id })
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  const venue = await api('POST', '/venues', { regionId: town.id, name: '渤海街道听证室', address: '滨海市东城区渤海七路 520 号三楼', capacity: 40 })
  await api('POST', '/venues', { regionId: county.id, name: '东城区信访局听证大厅', address: '滨海市东城区黄河路 18 号', capacity: 80 })

  let seq = 0
  async function member (name: string, roles: string[], trained: boolean) {
    seq++
    const created = await api('POST', '/pool/members', {
      name, idNumber: anIdNumber(100 + seq, { birth: '19750310' }), mobile: `1390543${String(2000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕1号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  await member('李主持', ['officer', 'host'], true)
  await member('赵记录', ['recorder'], false)
  const otherHost = await member('钱主持', ['host'], true)
  const otherRecorder = await member('孙记录', ['recorder'], false)
  for (const name of ['周听证', '吴听证', '郑听证', '王听证', '冯听证']) await member(name, ['officer'], false)

  const matter = (number: string, title: string) => api('POST', '/matters', {
    number,
    title,
    summary: '信访人反映旧村改造中宅基地面积认定有误，要求重新核定。',
    regionId: town.id,
    petitionerKind: 'individual',
    petitioners: [{ name: '王秀兰', idNumber: anIdNumber(300 + ++seq, { birth: '19680315' }), mobile: `1370543${String(1200 + seq)}`, address: '滨海市东城区渤海街道 12 号' }],
    respondentOrganisationId: respondent.id,
    handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
  })
  seeded.matter = (await matter('滨信〔2026〕301号', '关于渤海社区安置补偿的信访事项')).id
  // the venue is taken on the morning of DAY_1 by another matter's hearing, with other people
  const busy = await matter('滨信〔2026〕302号', '关于新港社区供暖收费的信访事项')
  await api('POST', '/hearings', {
    matterId: busy.id, procedure: 'simple', startsAt: `${DAY_1}T09:00:00+08:00`, endsAt: `${DAY_1}T11:30:00+08:00`, venueId: venue.id, hostMemberId: otherHost, recorderMemberId: otherRecorder, panelSize: 3
  })
}, 120_000)
afterAll(async () => { await suite?.stop() })

/** Opens an Element Plus select by its input's id and clicks the option with this text. */
async function choose (page: Page, id: string, option: string | RegExp, typed?: string) {
  const input = page.locator(`#${id}`)
  await input.click()
  if (typed !== undefined) await input.fill(typed)
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).first().click()
}

describe('听证安排', () => {
  test('the wizard schedules a general hearing: the preview shows the venue clash, it goes when the time changes, and the hearing is committed', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/hearings/new')
    await poll(() => page.getByRole('heading', { name: '安排听证' }).count()).toBe(1)
    await choose(page, 'w-matter', /滨信〔2026〕301号/, '301')
    await poll(() => page.getByText('听证所在阶段').count()).toBe(1)
    expect(await page.locator('.facts').first().textContent()).toContain('办理')
    await checkPage(page, 'hearing-wizard-matter')
    await page.getByRole('button', { name: '下一步' }).click()

    // the procedure step shows what the region's ruleset sets for the general procedure
    await poll(() => page.getByText('通知提前期').count()).toBe(1)
    expect(await page.getByRole('region', { name: '听证程序' }).textContent()).toMatch(/至少 7 日/)
    await checkPage(page, 'hearing-wizard-procedure')
    await page.getByRole('button', { name: '下一步' }).click()

    await page.locator('#w-date').fill(DAY_1)
    await page.locator('#w-date').press('Enter')
    await choose(page, 'w-venue', /^渤海街道听证室/)
    // the venue's bookings that day: the other matter's hearing
    await poll(() => page.getByLabel('该场所当日安排').textContent()).toContain('滨信〔2026〕302号')
    await checkPage(page, 'hearing-wizard-time')
    await page.getByRole('button', { name: '下一步' }).click()

    await choose(page, 'w-host', /^李主持/)
    await choose(page, 'w-recorder', /^赵记录/)
    const problems = page.getByTestId('preview-problems')
    // 09:00–11:00 overlaps the booking: the service's venue clash, with the other matter's number
    await poll(() => problems.locator('[data-severity="error"] li[data-type="venue_double_booked"]').count()).toBe(1)
    expect(await problems.textContent()).toContain('滨信〔2026〕302号')
    await checkPage(page, 'hearing-wizard-people')

    await page.getByRole('button', { name: '上一步' }).click()
    await choose(page, 'w-end', '16:00')
    await choose(page, 'w-start', '14:00')
    await poll(() => problems.locator('li[data-type="venue_double_booked"]').count()).toBe(0)
    await poll(() => problems.textContent()).not.toContain('正在检查')
    await poll(() => problems.locator('[data-severity="error"]').count()).toBe(0)
    await page.getByRole('button', { name: '下一步' }).click()
    await page.getByRole('button', { name: '下一步' }).click()
    await poll(() => page.getByRole('button', { name: '提交安排' }).isEnabled()).toBe(true)
    expect(await page.getByRole('region', { name: '预检与提交' }).textContent()).toContain(`${DAY_1} 14:00–16:00`)
    await checkPage(page, 'hearing-wizard-commit')
    await page.getByRole('button', { name: '提交安排' }).click()
    await poll(() => /^\/hearings\/\d+$/.test(new URL(page.url()).pathname)).toBe(true)
    seeded.hearingId = Number(new URL(page.url()).pathname.split('/').pop())

    const stored = await suite.api('GET', `/hearings/${seeded.hearingId}`)
    expect(stored).toMatchObject({ matterId: seeded.matter, procedure: 'general', status: 'scheduled' })
    expect([Date.parse(stored.startsAt), Date.parse(stored.endsAt)]).toEqual([Date.parse(`${DAY_1}T14:00:00+08:00`), Date.parse(`${DAY_1}T16:00:00+08:00`)])
    await poll(() => page.getByRole('heading', { name: '滨信〔2026〕301号 听证' }).count()).toBe(1)
    expect(await page.locator('.timeline').textContent()).toContain('安排听证')
    // the shell's passing success message is gone before the page is checked
    await poll(() => page.locator('.el-message').count()).toBe(0)
    await checkPage(page, 'hearing-page')
    expect(errors).toEqual([])
    await context.close()
  })

  test('the calendar shows the hearing in its month and week, filtered by venue and by person', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings?date=${DAY_1}`)
    const calendar = page.getByTestId('hearing-calendar')
    await poll(() => calendar.getByText('滨信〔2026〕301号', { exact: false }).count()).toBe(1)
    expect(await calendar.textContent()).toContain('滨信〔2026〕302号')
    await checkPage(page, 'hearing-calendar-month')

    await choose(page, 'cal-venue', /^东城区信访局听证大厅/)
    await poll(() => calendar.locator('.fc-event').count()).toBe(0)
    await page.locator('#cal-venue').click()
    await choose(page, 'cal-venue', /^渤海街道听证室/)
    await poll(() => calendar.locator('.fc-event').count()).toBe(2)
    await choose(page, 'cal-member', /^李主持/, '李主持')
    await poll(() => calendar.locator('.fc-event').count()).toBe(1)

    await calendar.getByRole('button', { name: '周', exact: true }).click()
    await poll(() => calendar.locator('.fc-timegrid-event').count()).toBe(1)
    expect(await calendar.locator('.fc-timegrid-event').textContent()).toContain('14:00')
    await checkPage(page, 'hearing-calendar-week')
    await calendar.locator('.fc-timegrid-event').click()
    await poll(() => new URL(page.url()).pathname).toBe(`/hearings/${seeded.hearingId}`)
    expect(errors).toEqual([])
    await context.close()
  })

  test('the hearing page refuses a termination without a ground, keeping the reason, then postpones with a reason, records the service of the notice and shows both in the timeline', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.hearingId}`)
    await poll(() => page.getByRole('button', { name: '终结' }).count()).toBe(1)

    await page.getByRole('button', { name: '终结' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('具体说明').fill('信访人来电表示考虑撤回申请')
    await dialog.getByRole('button', { name: '确定终结' }).click()
    await poll(() => dialog.locator('.failure').textContent()).toContain('终结听证须选择终结理由')
    expect(await dialog.getByLabel('具体说明').inputValue()).toBe('信访人来电表示考虑撤回申请')
    await poll(() => page.locator('.el-message').count()).toBe(0)
    await checkPage(page, 'hearing-terminate-refused')
    await dialog.getByRole('button', { name: '关闭', exact: true }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    expect((await suite.api('GET', `/hearings/${seeded.hearingId}`)).status).toBe('scheduled')

    await page.getByRole('button', { name: '延期' }).click()
    const postpone = page.getByRole('dialog')
    await postpone.getByLabel('新的日期').fill(DAY_2)
    await postpone.getByLabel('新的日期').press('Enter')
    await postpone.getByLabel('理由', { exact: true }).fill('信访人因病住院，申请延期举行')
    await poll(() => postpone.getByTestId('preview-problems').textContent()).not.toContain('正在检查')
    await checkPage(page, 'hearing-postpone')
    await postpone.getByRole('button', { name: '确定延期' }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    const timeline = page.locator('.timeline')
    await poll(() => timeline.textContent()).toContain('信访人因病住院，申请延期举行')
    expect(await timeline.textContent()).toContain('延期')
    expect(await timeline.textContent()).toContain(`新的时间 ${DAY_2} 14:00`)
    const stored = await suite.api('GET', `/hearings/${seeded.hearingId}`)
    expect(stored).toMatchObject({ status: 'scheduled', statusReason: '信访人因病住院，申请延期举行' })
    expect(Date.parse(stored.startsAt)).toBe(Date.parse(`${DAY_2}T14:00:00+08:00`))
    expect(stored.events.map((e: { action: string }) => e.action)).toEqual(['create', 'postpone'])
    await poll(() => page.locator('.el-message').count()).toBe(0)
    await checkPage(page, 'hearing-page-postponed')

    // the notice for the new time is issued; the notify dialog records its service to the petitioner, then the notice
    await suite.api('POST', `/hearings/${seeded.hearingId}/documents`, { kind: 'petitioner_notice', recipient: { petitioner: true } })
    await page.reload()
    await page.getByRole('button', { name: '已送达通知' }).click()
    const notify = page.getByRole('dialog')
    await poll(() => notify.locator('.service-row').count()).toBe(1)
    expect(await notify.locator('.service-row').textContent()).toContain('王秀兰')
    expect(await notify.getByLabel('签收人').inputValue()).toBe('王秀兰')
    await checkPage(page, 'hearing-notify')
    await notify.getByRole('button', { name: '确定已送达通知' }).click()
    await poll(() => page.getByRole('dialog').count()).toBe(0)
    await poll(() => timeline.textContent()).toContain(`送达日期 ${chinaDate(0)}`)
    const notified = await suite.api('GET', `/hearings/${seeded.hearingId}`)
    expect(notified).toMatchObject({ status: 'notified', noticeServedOn: chinaDate(0) })
    const docs = await suite.api('GET', `/hearings/${seeded.hearingId}/documents`)
    expect(docs.items[0].services).toMatchObject([{ method: 'in_person', servedOn: chinaDate(0), signedBy: '王秀兰' }])
    expect(errors).toEqual([])
    await context.close()
  })

  test('rescheduling goes through the wizard steps with the stored values and its preview, and saves with the version', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings/${seeded.hearingId}`)
    await poll(() => page.getByRole('button', { name: '修改安排' }).count()).toBe(1)

    await page.getByRole('button', { name: '修改安排' }).click()
    await poll(() => new URL(page.url()).pathname).toBe(`/hearings/${seeded.hearingId}/reschedule`)
    await poll(() => page.locator('#w-date').inputValue()).toBe(DAY_2)
    await poll(() => page.getByTestId('preview-problems').locator('.all-clear').count()).toBe(1)
    await poll(() => page.locator('.el-message').count()).toBe(0)
    await checkPage(page, 'hearing-reschedule')
    await choose(page, 'w-end', '16:30')
    await page.getByRole('button', { name: '下一步' }).click()
    expect(await page.getByRole('region', { name: '主持人与记录员' }).textContent()).toContain('李主持')
    await page.getByRole('button', { name: '下一步' }).click()
    await poll(() => page.getByRole('button', { name: '保存修改' }).isEnabled()).toBe(true)
    await page.getByRole('button', { name: '保存修改' }).click()
    await poll(() => new URL(page.url()).pathname).toBe(`/hearings/${seeded.hearingId}`)
    await poll(() => page.locator('.timeline').textContent()).toContain('修改听证安排')
    expect(Date.parse((await suite.api('GET', `/hearings/${seeded.hearingId}`)).endsAt)).toBe(Date.parse(`${DAY_2}T16:30:00+08:00`))
    expect(errors).toEqual([])
    await context.close()
  })
})
