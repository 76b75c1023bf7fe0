/*
 * 听证安排, a busy day in the month view: the day lists its first three hearings and "+2 项" for the other two;
 * that entry opens the day's list with all five, and a hearing there opens its page.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anIdNumber } from '../helpers/factories.js'
import { poll, ATTESTED_CONDITIONS, hearingDay, chinaDate, checkPage, newPage, signIn, startBrowserSuite, ADMIN_PASSWORD, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
/** Two weeks ahead: the simple procedure's notice lead is met. */
const DAY = hearingDay(14)
const TIMES = ['08:00', '10:00', '12:00', '14:00', '16:00']
const hearingIds: number[] = []

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
      name, idNumber: anIdNumber(200 + seq, { birth: '19760412' }), mobile: `1390543${String(3000 + seq)}`, roles, sourceCategory: 'professional', homeRegionId: village.id, conditions: ATTESTED_CONDITIONS
    })
    await api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', letterNumber: '滨信发〔2026〕2号', termEnd: chinaDate(700), version: created.version }, 200)
    if (trained) await api('POST', `/pool/members/${created.id}/trainings`, { course: '听证主持人业务培训', trainedOn: chinaDate(-20), hours: 8, provider: '滨海市信访局' })
    return created.id as number
  }
  const host = await member('李主持', ['host'], true)
  const recorder = await member('赵记录', ['recorder'], false)
  for (const [i, time] of TIMES.entries()) {
    const matter = await api('POST', '/matters', {
      number: `滨信〔2026〕${401 + i}号`,
      title: `关于渤海社区供暖收费的信访事项（${i + 1}）`,
      summary: '信访人反映供暖费收取标准有误，要求退还多收部分。',
      regionId: town.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '王秀兰', idNumber: anIdNumber(400 + i, { birth: '19680315' }), mobile: `1370543${String(1300 + i)}`, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: respondent.id,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-5) }
    })
    const end = `${String(Number(time.slice(0, 2)) + 1).padStart(2, '0')}:00`
    const created = await api('POST', '/hearings', {
      matterId: matter.id, procedure: 'simple', startsAt: `${DAY}T${time}:00+08:00`, endsAt: `${DAY}T${end}:00+08:00`, venueId: venue.id, hostMemberId: host, recorderMemberId: recorder, panelSize: 3
    })
    hearingIds.push(created.hearing.id)
  }
}, 120_000)
afterAll(async () => { await suite?.stop() })

describe('听证安排 month view', () => {
  test('a day of five hearings shows three and "+2 项", which opens the day\'s list of all five', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/hearings?date=${DAY}`)
    const day = page.getByTestId('hearing-calendar').locator(`.fc-daygrid-day[data-date="${DAY}"]`)
    await poll(() => day.locator('.fc-event.more-hearings').count()).toBe(1)
    // the day's first three in time order, then the entry for the rest
    expect(await day.locator('.fc-event:not(.more-hearings)').allTextContents()).toEqual([
      expect.stringContaining('滨信〔2026〕401号'), expect.stringContaining('滨信〔2026〕402号'), expect.stringContaining('滨信〔2026〕403号')
    ])
    const more = day.locator('.fc-event.more-hearings')
    expect(await more.textContent()).toBe('+2 项')
    expect(await more.getAttribute('title')).toBe('当日还有 2 场听证，点击查看当日全部')
    await checkPage(page, 'hearing-calendar-month-busy-day')

    await more.click()
    const list = page.getByTestId('hearing-calendar').locator('.fc-list-event')
    await poll(() => list.count()).toBe(5)
    expect((await list.allTextContents()).join(' ')).toContain('滨信〔2026〕405号')
    await checkPage(page, 'hearing-calendar-day-list')
    await list.filter({ hasText: '滨信〔2026〕405号' }).locator('a, .fc-list-event-title').first().click()
    await poll(() => new URL(page.url()).pathname).toBe(`/hearings/${hearingIds[4]}`)
    expect(errors).toEqual([])
    await context.close()
  })
})
