/*
 * The 统计考核 screens: hearing rate and scores per county with a chart and a table whose figures open the cases
 * behind them, a refused period, bulletins issued and downloaded, the provincial export.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import type { Page } from 'playwright-core'
import { anIdNumber } from '../helpers/factories.js'
import { poll, chinaDate, ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
const seeded = { reviewed: 0, county: 0 }

beforeAll(async () => {
  suite = await startBrowserSuite()
  const api = suite.api
  const city = await api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const west = await api('POST', '/regions', { name: '西城区', parentId: city.id })
  await api('POST', '/regions', { name: '新华街道', parentId: west.id })
  seeded.county = county.id
  await api('PUT', `/regions/${city.id}/document-settings`, { issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听' }, 200)
  const respondent = await api('POST', '/organisations', { name: '滨海市东城区住房和城乡建设局', kind: 'agency' })
  let seq = 0
  const step = async (m: { id: number, version: number }, path: string, body: object, expected = 200) => api('POST', `/matters/${m.id}${path}`, { ...body, version: m.version }, expected)
  // two matters whose 办理 and 复查 were decided in the last 100 days: the county's 复查 denominator is 2
  for (const [number, title] of [['滨信〔2026〕301号', '关于渤海社区安置补偿的信访事项'], ['滨信〔2026〕302号', '关于渤海街道道路维修的信访事项']] as const) {
    let m = await api('POST', '/matters', {
      number,
      title,
      summary: '信访人反映旧村改造中宅基地面积认定有误，要求重新核定。',
      regionId: town.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '王秀兰', idNumber: anIdNumber(300 + ++seq, { birth: '19680315' }), mobile: `1370543${String(1200 + seq)}`, address: '滨海市东城区渤海街道 12 号' }],
      respondentOrganisationId: respondent.id,
      handling: { acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-90) }
    })
    m = await step(m, '/hearing-notifications', { notifiedOn: chinaDate(-89), method: 'post', notifiedBy: '王科员' }, 201)
    m = await step(m, '/stages/handling/decision', { decidedOn: chinaDate(-60) })
    m = await step(m, '/stages', { stage: 'review', acceptingBody: '滨海市东城区人民政府', acceptedOn: chinaDate(-50) }, 201)
    m = await step(m, '/hearing-notifications', { notifiedOn: chinaDate(-49), method: 'in_person', notifiedBy: '赵科员' }, 201)
    m = await step(m, '/stages/review/decision', { decidedOn: chinaDate(-20), conclusionType: 'upheld' })
    seeded.reviewed++
  }
}, 120_000)
afterAll(async () => { await suite?.stop() })

/** Signs the administrator in, once the sign-in page has loaded (slow on a busy machine). */
async function signInAdmin (page: Page) {
  // the built interface in dist/web can be rebuilt under the running service by another test run on this machine:
  // a page whose chunks changed meanwhile does not start, and loading it again does
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.goto('/login')
    if (await page.getByLabel('用户名').waitFor({ timeout: 10_000 }).then(() => true, () => false)) break
  }
  await signIn(page, 'admin', ADMIN_PASSWORD)
}

/** Polls for up to 15 s: the machine is shared, and a bulletin renders its charts and fonts into a PDF. */

/** Waits until no button shows it is busy (a query or submission answered). */
async function settled (page: Page) {
  await poll(() => page.locator('.el-button.is-loading').count()).toBe(0)
  // the pointer off the button just clicked (a hovered button is lighter)
  await page.mouse.move(1, 300)
}

/** checkPage once the page is still: nothing busy, nothing hovered. */
async function check (page: Page, name: string) {
  await settled(page)
  await poll(() => page.locator('.el-message--success').count()).toBe(0)
  await checkPage(page, name)
}

/** Chooses a custom period in the page's period picker. */
async function customPeriod (page: Page, from: string, to: string) {
  await page.locator('label.el-radio-button').filter({ hasText: '自定义' }).click()
  for (const [label, value] of [['开始日期', from], ['结束日期', to]] as const) {
    const input = page.getByLabel(label, { exact: true })
    await input.fill(value)
    await input.press('Enter')
  }
}

describe('听证率与得分', () => {
  test('a county\'s figures are charted and tabled, a figure opens its cases, and a period ending before it starts is refused', async () => {
    const { page, errors, context } = await newPage(suite)
    onTestFinished(() => context.close())
    await signInAdmin(page)
    await page.getByRole('menuitem', { name: '统计考核' }).click()
    await page.waitForURL((url) => url.pathname === '/statistics')
    await customPeriod(page, chinaDate(-100), chinaDate(0))
    await page.getByRole('button', { name: '查询' }).click()
    await settled(page)
    const table = page.getByRole('table').first()
    const denominator = page.getByRole('button', { name: /^东城区 分母 2 件/ })
    await poll(() => denominator.count()).toBe(1)
    expect(await page.locator('.el-table').first().textContent()).toContain('西城区')
    // the chart is drawn (SVG) inside its labelled container
    const chart = page.getByRole('img', { name: /各县（市、区）听证率/ })
    await poll(() => chart.locator('svg').count()).toBe(1)
    expect(await chart.locator('svg path').count()).toBeGreaterThan(3)
    expect(await table.isVisible()).toBe(true)
    await check(page, 'statistics-rate')

    await denominator.click()
    const drawer = page.getByRole('dialog')
    await poll(() => drawer.getByRole('link', { name: '滨信〔2026〕301号' }).count()).toBe(1)
    expect(await drawer.textContent()).toContain('共 2 件')
    expect(await drawer.getByRole('link', { name: '滨信〔2026〕302号' }).getAttribute('href')).toMatch(/^\/matters\/\d+$/)
    await check(page, 'statistics-rate-cases')
    await page.keyboard.press('Escape')
    await poll(() => drawer.isVisible()).toBe(false)

    // a bar opens the same cases: the tallest path in the denominator's colour is 东城区's bar (the legend's is small)
    const bars = chart.locator('path[fill="#8fafda"]')
    const boxes = await Promise.all((await bars.all()).map((b) => b.boundingBox()))
    const tallest = boxes.reduce((best, box, i) => ((box?.height ?? 0) > (boxes[best]?.height ?? 0) ? i : best), 0)
    const bar = boxes[tallest]!
    await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2)
    await poll(() => drawer.getByRole('link', { name: '滨信〔2026〕302号' }).count()).toBe(1)
    expect(await drawer.textContent()).toContain('作出意见的阶段（分母）')
    await page.keyboard.press('Escape')
    await poll(() => drawer.isVisible()).toBe(false)

    // the 复查 score tab and its deductions; the outcomes tab; the trend by month
    await settled(page)
    await page.getByRole('tab', { name: '复查得分' }).click()
    await poll(() => page.getByRole('img', { name: /复查工作考核得分/ }).locator('svg').count()).toBe(1)
    await check(page, 'statistics-review')
    await page.getByRole('tab', { name: '办理结果与用时' }).click()
    const reviewDecided = page.getByRole('button', { name: /^东城区 复查阶段作出意见 2 件/ })
    await poll(() => reviewDecided.count()).toBe(1)
    await check(page, 'statistics-outcomes')
    await reviewDecided.click()
    await poll(() => drawer.getByRole('link', { name: '滨信〔2026〕301号' }).count()).toBe(1)
    await page.keyboard.press('Escape')
    await page.getByRole('tab', { name: '月度走势' }).click()
    const trend = page.getByRole('table', { name: '听证率月度走势' })
    await poll(() => page.getByRole('img', { name: /听证率月度走势/ }).locator('svg').count()).toBe(1)
    await poll(async () => (await page.locator('.el-tab-pane:visible .el-table__body tr').count())).toBeGreaterThanOrEqual(4)
    expect(trend).toBeDefined()
    await check(page, 'statistics-trend')

    // a period that ends before it starts: the service's refusal, on the field, the typed dates kept
    await customPeriod(page, chinaDate(0), chinaDate(-10))
    await page.getByRole('button', { name: '查询' }).click()
    await poll(() => page.locator('.el-message--error').textContent()).toContain('统计期间不正确')
    await poll(() => page.locator('.el-form-item__error').first().textContent()).toContain('结束日期不能早于开始日期')
    expect(await page.getByLabel('开始日期', { exact: true }).inputValue()).toBe(chinaDate(0))
    expect(await page.getByLabel('结束日期', { exact: true }).inputValue()).toBe(chinaDate(-10))
    expect(errors).toEqual([])
  })
})

describe('通报 and 省级系统导出', () => {
  test('a bulletin is issued for a period with a title, listed, previewed and downloaded as PDF and xlsx', async () => {
    const { page, errors, context } = await newPage(suite)
    onTestFinished(() => context.close())
    await signInAdmin(page)
    await page.goto('/statistics/bulletins')
    await poll(() => page.getByText('尚未印发通报').count()).toBe(1)
    await check(page, 'statistics-bulletins-empty')
    await customPeriod(page, chinaDate(-100), chinaDate(0))
    await page.getByLabel('标题', { exact: true }).fill('关于近期全市信访事项听证工作情况的通报')
    await page.getByRole('button', { name: '生成并印发通报' }).click()
    const row = page.locator('.el-table__body tr').filter({ hasText: '关于近期全市信访事项听证工作情况的通报' })
    await poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toMatch(/滨信听〔\d{4}〕\d+号|〔\d{4}〕\d+号/)
    await poll(() => page.locator('iframe.tz-pdf').count()).toBe(1)
    await settled(page)
    await check(page, 'statistics-bulletins')

    const [pdf] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /PDF$/ }).click()])
    const bytes = await readFile((await pdf.path())!)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.suggestedFilename()).toMatch(/关于近期全市信访事项听证工作情况的通报\.pdf$/)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /Excel$/ }).click()])
    expect((await readFile((await xlsx.path())!)).subarray(0, 2).toString('latin1')).toBe('PK')
    expect(errors).toEqual([])
  })

  test('the provincial export downloads the period as .xlsx and GBK CSV; a reversed period is refused and the dates stay', async () => {
    const { page, errors, context } = await newPage(suite)
    onTestFinished(() => context.close())
    await signInAdmin(page)
    await page.goto('/statistics/provincial-export')
    await customPeriod(page, chinaDate(-100), chinaDate(0))
    await settled(page)
    await check(page, 'statistics-export')
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出' }).click()])
    expect((await readFile((await xlsx.path())!)).subarray(0, 2).toString('latin1')).toBe('PK')
    await page.locator('label.el-radio').filter({ hasText: 'GBK' }).click()
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出' }).click()])
    expect(csv.suggestedFilename()).toMatch(/\.csv$/)
    await customPeriod(page, chinaDate(0), chinaDate(-5))
    await page.getByRole('button', { name: '导出' }).click()
    await poll(() => page.locator('.el-message--error').textContent()).toContain('导出期间不正确')
    expect(await page.getByLabel('结束日期', { exact: true }).inputValue()).toBe(chinaDate(-5))
    expect(errors).toEqual([])
  })
})

describe('报酬台账, 考核 and 提醒设置', () => {
  test('the ledger, the assessments and the reminder settings open from the tabs; a wrong daily time is refused on its field and kept', async () => {
    const { page, errors, context } = await newPage(suite)
    onTestFinished(() => context.close())
    await signInAdmin(page)
    await page.goto('/statistics')
    await page.getByRole('navigation', { name: '统计考核' }).getByRole('link', { name: '报酬台账' }).click()
    await page.waitForURL((url) => url.pathname === '/statistics/remuneration')
    await poll(() => page.getByText('没有符合条件的报酬明细').count()).toBe(1)
    await check(page, 'statistics-remuneration')
    await page.getByRole('tab', { name: '按支付单位合计' }).click()
    await poll(() => page.getByText('本年度没有报酬明细').count()).toBe(1)

    await page.getByRole('navigation', { name: '统计考核' }).getByRole('link', { name: '考核' }).click()
    await page.waitForURL((url) => url.pathname === '/statistics/assessments')
    await poll(() => page.getByText('没有已结束的听证').count()).toBe(1)
    await check(page, 'statistics-assessments')

    await page.getByRole('navigation', { name: '统计考核' }).getByRole('link', { name: '提醒设置' }).click()
    await page.waitForURL((url) => url.pathname === '/statistics/reminders')
    await poll(() => page.getByText('尚未保存过，正在使用默认设置').count()).toBe(1)
    await check(page, 'statistics-reminders')
    await page.getByLabel('每日提醒时间').fill('25:00')
    await page.getByRole('button', { name: '保存设置' }).click()
    await poll(() => page.locator('.el-message--error').textContent()).toContain('请求参数不正确')
    expect(await page.getByLabel('每日提醒时间').inputValue()).toBe('25:00')
    await page.getByLabel('每日提醒时间').fill('07:45')
    await page.getByRole('button', { name: '保存设置' }).click()
    await poll(() => page.getByText(/最近由 .+ 修改/).count()).toBe(1)
    expect((await suite.api('GET', '/reminders/settings')).dailyTime).toBe('07:45')
    expect(errors).toEqual([])
  })
})
