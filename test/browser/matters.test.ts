/*
 * The 信访事项 screens in Chromium against the shipped service: registering a matter through the form (a refused
 * sixth representative first), finding it in the filtered list, its stage timeline with the service's due date,
 * issuing the 听证权利告知书 and previewing it in the page, choosing the handler and recording the decision.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'
import { ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
let county: { id: number }
let unit: { id: number }

/** A valid resident ID number (GB 11643 check character), distinct per `seq`. */
function idNumber (seq: number) {
  const first17 = `371602198001${String((seq % 28) + 1).padStart(2, '0')}${String(seq).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}

beforeAll(async () => {
  suite = await startBrowserSuite()
  const city = await suite.api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  county = await suite.api('POST', '/regions', { name: '东城区', parentId: city.id, code: '371602000000' })
  unit = await suite.api('POST', '/organisations', { name: '东城区人力资源和社会保障局', regionId: county.id, aliases: [{ alias: '东城人社局', kind: 'short' }] })
  await suite.api('POST', '/organisations', { name: '东城区住房和城乡建设局', regionId: county.id })
  await suite.api('POST', '/case-teams', {
    name: '东城区第一办理团队',
    regionId: county.id,
    members: [{ name: '刘组长', role: 'leader' }, { name: '陈承办', role: 'member' }, { name: '周承办', role: 'member' }]
  })
})
afterAll(async () => { await suite?.stop() })

/** Picks a region in a RegionSelect (an el-tree-select) by its input id. */
async function pickRegion (page: Page, id: string, name: string) {
  await page.locator(`#${id}`).click()
  await page.locator('.el-tree-select__popper:visible').getByText(name, { exact: true }).first().click()
}

/** checkPage with the pointer off the buttons (a hovered primary button is lighter than the contrast minimum). */
async function check (page: Page, name: string) {
  await page.mouse.move(0, 0)
  // a toast fading in or out is half transparent: check once it has gone
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 12_000 }).toBe(0)
  await checkPage(page, name)
}

/**
 * Opens a dialog with its button and returns it. A click can land while the page is still settling from the step
 * before (a dialog closing hands focus back to its opener and scrolls to it), so the click is repeated until the
 * dialog is open.
 */
async function openDialog (page: Page, button: string) {
  const dialog = page.locator('.el-dialog:visible')
  for (let attempt = 0; attempt < 5 && await dialog.count() === 0; attempt++) {
    await page.getByRole('button', { name: button, exact: true }).click()
    await expect.poll(() => dialog.count(), { timeout: 3000 }).toBe(1).catch(() => undefined)
  }
  expect(await dialog.count(), `dialog of ${button}`).toBe(1)
  return dialog
}

/** The message of the latest refusal toast. */
const toast = (page: Page) => page.locator('.el-message--error').last().textContent()

describe('信访事项 screens', () => {
  test('register a matter, find it in the list, follow its stages, issue and preview the rights notice, record the decision', { timeout: 240_000 }, async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)

    // --- registration form ---
    await page.goto('/matters')
    await page.getByRole('button', { name: '登记信访事项' }).click()
    await page.waitForURL((url) => url.pathname === '/matters/new')
    await page.getByLabel('信访事项编号').fill('滨信〔2026〕101号')
    await page.getByLabel('事项标题').fill('关于工伤认定的集体信访事项')
    await pickRegion(page, 'm-region', '东城区')
    await expect.poll(() => page.getByTestId('petitioner-limits').textContent()).toContain('不超过 5 人')
    await page.locator('.el-radio', { hasText: '集体信访' }).click()
    await page.getByLabel('群体名称').fill('某厂退休职工')
    for (let i = 0; i < 6; i++) {
      if (i > 0) await page.getByRole('button', { name: '添加代表' }).click()
      await page.getByLabel(`代表${i + 1} 姓名`).fill(`代表${i + 1}`)
      await page.getByLabel(`代表${i + 1} 身份证号码`).fill(idNumber(i + 1))
    }
    await page.getByRole('button', { name: '为代表 1添加代理人' }).click()
    await page.getByLabel('代理人1 姓名').fill('李律师')
    await page.getByLabel('代理人1 身份证号码').fill(idNumber(40))
    await page.getByLabel('代理人1 委托事项和权限').fill('一般授权：代为陈述、举证')
    // the respondent is found by its alias
    await page.locator('#m-respondent').click()
    await page.locator('#m-respondent').fill('东城人社')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '东城区人力资源和社会保障局' }).click()
    await page.locator('.el-checkbox', { hasText: '涉及个人隐私' }).click()
    await page.locator('.el-checkbox', { hasText: '信访人与办理机关对事实认定存在重大分歧的' }).click()
    await page.getByLabel('受理机关').fill('东城区人力资源和社会保障局')
    await check(page, 'matter-form')

    // a sixth representative: the service refuses with its Chinese title, on the petitioners, and keeps the input
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await expect.poll(() => toast(page)).toContain('集体信访推选的代表不得超过 5 人')
    await expect.poll(() => page.locator('.el-form-item__error', { hasText: '现为 6 人' }).count()).toBe(1)
    expect(await page.getByLabel('代表6 身份证号码').inputValue()).toBe(idNumber(6))
    expect(await page.getByLabel('代理人1 姓名').inputValue()).toBe('李律师')
    await check(page, 'matter-form-refused')

    for (let i = 6; i >= 2; i--) await page.getByRole('button', { name: `删除代表 ${i}` }).click()
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.waitForURL((url) => /^\/matters\/\d+$/.test(url.pathname), { timeout: 10_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: '/tmp/tz-matters-fail.png', fullPage: true })
      throw new Error(`${String(e)}: ${await page.locator('.el-message').allTextContents()} ${await page.locator('.el-form-item__error').allTextContents()}`)
    })
    const matterId = Number(new URL(page.url()).pathname.split('/').pop())
    const stored = await suite.api('GET', `/matters/${matterId}`)
    expect(stored).toMatchObject({
      number: '滨信〔2026〕101号',
      petitionerKind: 'group',
      respondent: { id: unit.id },
      flags: { involvesPrivacy: true },
      thirdPartySituations: [{ code: 'fact_dispute' }],
      petitioners: [{ name: '代表1', agents: [{ name: '李律师' }] }]
    })

    // --- the matter page: breadcrumb, timeline with the service's due date ---
    await expect.poll(() => page.locator('.el-breadcrumb').textContent()).toContain('滨信〔2026〕101号')
    const due = stored.stages[0].dueOn as string
    await expect.poll(() => page.getByTestId('stage-due').first().textContent()).toBe(due)
    await expect.poll(() => page.locator('.stage-timeline').textContent()).toContain('60日')
    await check(page, 'matter-page')

    // --- the list: filtered by stage, status and due within N working days (in the URL), the failure shown ---
    await page.goto('/matters?stage=handling&status=open&dueWithin=60')
    await expect.poll(() => page.getByRole('link', { name: '滨信〔2026〕101号' }).count()).toBe(1)
    await expect.poll(() => page.getByTestId('due-by').textContent()).toContain('60 个工作日')
    await check(page, 'matter-list')
    await page.goto('/matters?status=overdue')
    await expect.poll(() => page.getByText('没有符合条件的信访事项').count()).toBe(1)
    await page.locator('#matter-status').click({ force: true })
    await page.locator('.el-select-dropdown__item:visible', { hasText: '办理中' }).click()
    await page.getByRole('button', { name: '查询' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('open')
    await expect.poll(() => page.getByRole('link', { name: '滨信〔2026〕101号' }).count()).toBe(1)
    await page.getByRole('link', { name: '滨信〔2026〕101号' }).click()
    await page.waitForURL((url) => url.pathname === `/matters/${matterId}`)

    // --- an extension without its approver: refused on the field, the reason kept ---
    await openDialog(page, '延长办理期限')
    await page.getByLabel('延期理由').fill('案情复杂，需补充调查')
    await page.getByRole('button', { name: '延长期限', exact: true }).click()
    await expect.poll(() => page.locator('.el-dialog .el-form-item__error').count()).toBeGreaterThan(0)
    expect(await page.getByLabel('延期理由').inputValue()).toBe('案情复杂，需补充调查')
    await page.getByLabel('批准人').fill('王局长')
    await page.getByRole('button', { name: '延长期限', exact: true }).click()
    await expect.poll(() => page.locator('.stage-timeline').textContent()).toContain('经 王局长 批准延长 30日')

    // --- the rights notice: issued, previewed in the page from a blob: URL ---
    await page.getByRole('button', { name: '出具办理阶段听证权利告知书' }).click()
    await expect.poll(() => page.locator('iframe.tz-pdf').getAttribute('src')).toMatch(/^blob:/)
    await expect.poll(() => page.locator('.stage-timeline').textContent()).toContain('出具告知书')

    // --- the handler: the team's rotation ---
    const teamDialog = await openDialog(page, '确定办理阶段承办人')
    await teamDialog.getByRole('button', { name: '确定', exact: true }).click()
    await expect.poll(() => page.locator('section[aria-labelledby="sec-team"]').textContent()).toContain('东城区第一办理团队')
    await check(page, 'matter-page-notice')

    // --- the decision ---
    await expect.poll(() => page.locator('.el-dialog:visible').count()).toBe(0)
    const decision = await openDialog(page, '作出办理意见')
    await decision.getByLabel('处理意见摘要').fill('维持原工伤认定结论')
    await page.getByRole('button', { name: '登记意见' }).click()
    await expect.poll(() => page.locator('.stage-timeline').textContent()).toContain('维持原工伤认定结论')
    expect((await suite.api('GET', `/matters/${matterId}`)).stages[0].decidedOn).not.toBeNull()
    expect(errors).toEqual([])
    await context.close()
  })

  test('a stage counted in working days shows the holidays and make-up working days inside its period', async () => {
    const region = await suite.api('POST', '/regions', { name: '西城县', parentId: (await suite.api('GET', `/regions/${county.id}`)).parentId, code: '371603000000' })
    const ruleset = await suite.api('POST', '/rulesets', { name: '西城县工作日期限', config: { deadlines: { handling: { days: 15, unit: 'working' } } } })
    await suite.api('PUT', `/regions/${region.id}/ruleset`, { rulesetId: ruleset.id })
    // accepted 2026-09-25: the 15 working days run over the National Day holidays
    const matter = await suite.api('POST', '/matters', {
      number: '西信〔2026〕7号',
      title: '关于拆迁补偿的信访事项',
      regionId: region.id,
      petitionerKind: 'individual',
      petitioners: [{ name: '赵信访', idNumber: idNumber(7) }],
      respondentOrganisationId: unit.id,
      handling: { acceptingBody: '西城县人民政府', acceptedOn: '2026-09-25' }
    })
    expect(matter.stages[0]).toMatchObject({ dayUnit: 'working', limitDays: 15 })
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto(`/matters/${matter.id}`)
    await expect.poll(() => page.getByTestId('stage-due').first().textContent()).toBe(matter.stages[0].dueOn)
    await expect.poll(() => page.locator('.stage-timeline').textContent()).toContain('15个工作日')
    // 2026: 中秋 Fri 09-25 and 国庆 Thu 10-01 to Wed 10-07 off (weekdays: 09-25, 10-01, 10-02, 10-05, 10-06, 10-07), 10-10 (Sat) worked
    await expect.poll(() => page.locator('.stage-timeline .holiday').textContent())
      .toContain('法定节假日放假 6 天（09-25、10-01、10-02、10-05、10-06、10-07），不计入期限；调休上班 1 天（10-10），计入期限')
    await check(page, 'matter-page-working-days')
    expect(errors).toEqual([])
    await context.close()
  })

  test('a list query the service refuses is shown with its Chinese title', async () => {
    const { page, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/matters?dueWithin=999')
    await expect.poll(() => toast(page)).toContain('请求参数不正确')
    await context.close()
  })
})
