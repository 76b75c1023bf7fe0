/*
 * 系统设置: the region tree, users with roles and scope, the effective ruleset with its sources and the presets,
 * holiday overrides on the calendar, document settings; each with a refusal shown on its field and the input kept.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { poll, ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite

beforeAll(async () => { suite = await startBrowserSuite() })
afterAll(async () => { await suite?.stop() })

const dialog = (page: Page) => page.getByRole('dialog')
/** The table rows (el-table's cells carry no ARIA roles) holding a text. */
const tableRow = (page: Page, text: string) => page.locator('.el-table__row', { hasText: text })
const fieldError = (page: Page, label: string) => page.locator('.el-form-item', { has: page.getByLabel(label, { exact: true }) }).locator('.el-form-item__error')

/** Waits for the confirmation messages to go (they fade in and out, which axe would measure mid-way). */
async function settled (page: Page) {
  // nothing hovered either: a hovered button is drawn lighter
  await page.mouse.move(0, 0)
  await poll(() => page.locator('.el-message').count()).toBe(0)
}

/** Opens an el-select (or el-tree-select) by its input's id: the click goes to its box, where the placeholder lies over the input. */
async function openSelect (page: Page, id: string) {
  await page.locator('.el-select', { has: page.locator(`#${id}`) }).click()
}

/** Picks a region in a RegionSelect (an el-tree-select) by its input id. */
async function pickRegion (page: Page, id: string, name: string) {
  await openSelect(page, id)
  await page.locator('.el-tree-select__popper:visible').getByText(name, { exact: true }).first().click()
}

describe('系统设置', () => {
  test('regions: the administrator builds the tree with dialogs; a bad code is refused on its field and the input is kept', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.getByRole('menuitem', { name: '系统设置' }).click()
    await poll(() => new URL(page.url()).pathname).toBe('/settings/regions')
    await poll(() => page.getByText('还没有区划').count()).toBe(1)
    await checkPage(page, 'settings-regions-empty')

    await page.getByRole('button', { name: '新增顶级区划' }).click()
    await dialog(page).getByLabel('区划名称').fill('滨海市')
    await dialog(page).getByLabel('区划代码（12 位，可不填）').fill('3716')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => fieldError(page, '区划代码（12 位，可不填）').textContent()).toBeTruthy()
    expect(await dialog(page).getByLabel('区划名称').inputValue()).toBe('滨海市')
    await dialog(page).getByLabel('区划代码（12 位，可不填）').fill('371600000000')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => page.locator('.regions-tree').getByText('滨海市', { exact: true }).count()).toBe(1)

    // the new region is selected: add a county under it, then a township under the county
    await poll(() => page.locator('.regions-detail').textContent()).toContain('371600000000')
    for (const name of ['东城区', '渤海街道']) {
      await page.getByRole('button', { name: '新增下级区划' }).click()
      await dialog(page).getByLabel('区划名称').fill(name)
      await dialog(page).getByRole('button', { name: '保存' }).click()
      await poll(() => page.locator('.regions-tree').getByText(name, { exact: true }).count()).toBe(1)
    }
    await page.locator('.regions-tree').getByText('东城区', { exact: true }).click()
    await page.getByRole('button', { name: '改名' }).click()
    await dialog(page).getByLabel('区划名称').fill('东城区（新）')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => page.locator('.regions-tree').getByText('东城区（新）', { exact: true }).count()).toBe(1)
    await settled(page)
    await checkPage(page, 'settings-regions')
    const regions = await suite.api<{ items: { name: string, level: string }[] }>('GET', '/regions')
    expect(regions.items.map((r) => [r.name, r.level])).toEqual([['滨海市', 'city'], ['东城区（新）', 'county'], ['渤海街道', 'township']])
    expect(errors).toEqual([])
    await context.close()
  })

  test('users: a weak password is refused on its field with everything typed kept; the created user appears in the table and must change the password', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/settings/users')
    await poll(() => tableRow(page, 'admin').count()).toBe(1)
    await poll(() => page.locator('.el-loading-mask:visible').count()).toBe(0)
    await checkPage(page, 'settings-users')

    await page.getByRole('button', { name: '新建用户' }).click()
    await dialog(page).getByLabel('用户名').fill('wangxt')
    await dialog(page).getByLabel('姓名').fill('王协调')
    await openSelect(page, 'user-role')
    await page.getByRole('option', { name: '协调员' }).click()
    await pickRegion(page, 'user-region', '东城区（新）')
    await dialog(page).getByLabel('初始密码').fill('short')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => fieldError(page, '初始密码').textContent()).toMatch(/密码/)
    expect(await dialog(page).getByLabel('用户名').inputValue()).toBe('wangxt')
    expect(await dialog(page).getByLabel('姓名').inputValue()).toBe('王协调')
    await settled(page)
    await checkPage(page, 'settings-users-refused')

    await dialog(page).getByLabel('初始密码').fill('Initial-pass-6620')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => tableRow(page, 'wangxt').count()).toBe(1)
    const row = tableRow(page, 'wangxt')
    expect(await row.textContent()).toContain('协调员')
    expect(await row.textContent()).toContain('东城区（新）')
    expect(await row.textContent()).toContain('待改密码')

    // a second user with the same name is refused, and the dialog keeps what was typed
    await page.getByRole('button', { name: '新建用户' }).click()
    await dialog(page).getByLabel('用户名').fill('wangxt')
    await dialog(page).getByLabel('姓名').fill('王重名')
    await pickRegion(page, 'user-region', '渤海街道')
    await dialog(page).getByLabel('初始密码').fill('Initial-pass-6621')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => fieldError(page, '用户名').textContent()).toBe('登录名已被使用')
    expect(await dialog(page).getByLabel('用户名').inputValue()).toBe('wangxt')
    expect(await dialog(page).getByLabel('姓名').inputValue()).toBe('王重名')
    await dialog(page).getByRole('button', { name: '取消' }).click()

    // the role filter asks the service for coordinators only
    await openSelect(page, 'users-role')
    await page.getByRole('option', { name: '协调员' }).click()
    await page.getByRole('button', { name: '查询' }).click()
    await poll(() => tableRow(page, 'admin').count()).toBe(0)
    expect(await tableRow(page, 'wangxt').count()).toBe(1)

    // disable, then the user is shown disabled
    await tableRow(page, 'wangxt').getByRole('button', { name: '停用' }).click()
    await poll(() => tableRow(page, 'wangxt').textContent()).toContain('已停用')
    const users = await suite.api<{ items: { username: string, mustChangePassword: boolean, disabled: boolean }[] }>('GET', '/users?q=wangxt')
    expect(users.items).toEqual([expect.objectContaining({ username: 'wangxt', mustChangePassword: true, disabled: true })])
    expect(errors).toEqual([])
    await context.close()
  })

  test('rulesets: the effective ruleset lists every value with its source, the presets are listed, and a ruleset made from a preset is assigned', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/settings/rulesets')
    const values = page.getByRole('table').first()
    await poll(() => tableRow(page, 'noticeLeadTime.general.days').count()).toBe(1)
    const row = tableRow(page, 'noticeLeadTime.general.days')
    expect(await row.textContent()).toMatch(/INFER/)
    expect(await values.isVisible()).toBe(true)
    expect(await page.getByText('未选用任何规则：适用全国默认规则').count()).toBe(1)
    await checkPage(page, 'settings-rulesets')

    const presets = await suite.api<{ items: { id: string, name: string }[] }>('GET', '/ruleset-presets')
    expect(presets.items.length).toBeGreaterThan(0)
    expect(await page.locator('.el-collapse-item').count()).toBe(presets.items.length)

    await page.getByRole('button', { name: '按预设新建规则' }).click()
    await dialog(page).getByLabel('规则名称').fill('滨海市听证规则')
    await openSelect(page, 'new-ruleset-preset')
    await page.getByRole('option', { name: presets.items[0]!.name }).click()
    await dialog(page).getByRole('button', { name: '新建' }).click()
    await poll(() => dialog(page).isVisible()).toBe(false)
    await page.getByRole('button', { name: '选用' }).click()
    await poll(() => page.locator('.summary').textContent()).toContain('滨海市听证规则（第 1 版）')
    expect(await page.getByRole('button', { name: '取消自选规则（沿用上级）' }).count()).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })

  test('holidays: a day is marked as a holiday with its reason on the calendar and deleted again; a year not entered says so', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/settings/holidays')
    await poll(() => tableRow(page, '已完整').count()).toBeGreaterThan(0)
    await checkPage(page, 'settings-holidays')

    // the eleventh working day of the month shown
    const day = page.locator('.calendar button.day:not(.other):not(.off)').nth(10)
    const date = await day.getAttribute('data-date')
    await day.click()
    await poll(() => dialog(page).isVisible()).toBe(true)
    await dialog(page).getByLabel('原因').fill('')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    // an empty reason is refused on its field
    await poll(() => fieldError(page, '原因').textContent()).toBeTruthy()
    await dialog(page).getByLabel('原因').fill('测试放假')
    await dialog(page).getByRole('button', { name: '保存' }).click()
    await poll(() => tableRow(page, '测试放假').count()).toBe(1)
    expect(await page.locator(`.calendar button.day[data-date="${date}"]`).textContent()).toContain('放假·测试放假')
    const overrides = await suite.api<{ items: { date: string, kind: string, note: string }[] }>('GET', `/holiday-overrides?year=${date!.slice(0, 4)}`)
    expect(overrides.items).toEqual([expect.objectContaining({ date, kind: 'holiday', note: '测试放假' })])
    await settled(page)
    await checkPage(page, 'settings-holidays-override')

    await tableRow(page, '测试放假').getByRole('button', { name: '删除' }).click()
    await page.getByRole('dialog').getByRole('button', { name: '删除' }).click()
    await poll(() => tableRow(page, '测试放假').count()).toBe(0)

    // months ahead into a year the calendar package does not know: the page says so
    for (let i = 0; i < 24 && await page.getByText(/年的放假和调休安排尚未录入/).count() === 0; i++) {
      await page.getByRole('button', { name: '下个月' }).click()
      await page.waitForTimeout(150)
    }
    expect(await page.getByText(/年的放假和调休安排尚未录入/).count()).toBe(1)
    expect(await page.getByRole('button', { name: /已全部录入/ }).count()).toBe(1)
    await settled(page)
    await checkPage(page, 'settings-holidays-unknown-year')
    expect(errors).toEqual([])
    await context.close()
  })

  test('document settings: a region without its own uses the defaults; a bad phone number is refused on its field; saved settings are the region\'s own', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/settings/documents')
    await poll(() => page.getByText('本区划及上级均未设置，当前适用默认值').count()).toBe(1)
    await checkPage(page, 'settings-documents')
    await page.getByLabel('出具机关').fill('滨海市信访局')
    await page.getByLabel('联系人').fill('孙文华')
    await page.getByLabel('联系电话').fill('call me')
    await page.getByLabel('机关地址').fill('滨海市黄河五路 386 号')
    await page.getByLabel('文号机关代字').fill('滨信听')
    await page.getByRole('button', { name: '保存' }).click()
    await poll(() => fieldError(page, '联系电话').textContent()).toBeTruthy()
    expect(await page.getByLabel('出具机关').inputValue()).toBe('滨海市信访局')
    expect(await page.getByLabel('联系电话').inputValue()).toBe('call me')
    await page.getByLabel('联系电话').fill('0543-3161234')
    await page.getByRole('button', { name: '保存' }).click()
    await poll(() => page.getByText('本区划已有自己的设置').count()).toBe(1)
    const regions = await suite.api<{ items: { id: number, name: string }[] }>('GET', '/regions')
    const city = regions.items.find((r) => r.name === '滨海市')!
    const settings = await suite.api('GET', `/regions/${city.id}/document-settings`)
    expect(settings.own).toMatchObject({ issuerName: '滨海市信访局', contactPerson: '孙文华', contactPhone: '0543-3161234', address: '滨海市黄河五路 386 号', numberPrefix: '滨信听', version: 1 })

    // a township without its own settings shows where they come from
    await pickRegion(page, 'doc-region', '渤海街道')
    await poll(() => page.getByText('本区划未设置，当前沿用 滨海市 的设置').count()).toBe(1)
    expect(await page.getByLabel('出具机关').inputValue()).toBe('滨海市信访局')
    expect(errors).toEqual([])
    await context.close()
  })

  test('a coordinator sees the region tree read-only and reaches every settings page', async () => {
    const { page, errors, context } = await newPage(suite)
    const users = await suite.api<{ items: { id: number, version: number }[] }>('GET', '/users?q=wangxt')
    const u = users.items[0]!
    await suite.api('PATCH', `/users/${u.id}`, { disabled: false, version: u.version }, 200)
    const login = await fetch(`${suite.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wangxt', password: 'Initial-pass-6620' }) })
    const token = ((await login.json()) as { token: string }).token
    await suite.apiAs(token)('POST', '/me/password', { currentPassword: 'Initial-pass-6620', newPassword: 'Own-pass-6620x' }, 204)
    await signIn(page, 'wangxt', 'Own-pass-6620x')
    await page.getByRole('menuitem', { name: '系统设置' }).click()
    await poll(() => page.locator('.regions-tree').getByText('渤海街道', { exact: true }).count()).toBe(1)
    expect(await page.getByRole('button', { name: '新增顶级区划' }).count()).toBe(0)
    await page.locator('.regions-tree').getByText('渤海街道', { exact: true }).click()
    await poll(() => page.getByText('区划由市局管理员维护').count()).toBe(1)
    await checkPage(page, 'settings-regions-coordinator')
    for (const [tab, name] of [['用户', 'settings-users-coordinator'], ['听证规则', 'settings-rulesets-coordinator'], ['节假日', 'settings-holidays-coordinator'], ['文书设置', 'settings-documents-coordinator']] as const) {
      await page.getByRole('navigation', { name: '系统设置' }).getByRole('link', { name: tab }).click()
      await page.waitForLoadState('networkidle')
      await checkPage(page, name)
    }
    expect(errors).toEqual([])
    await context.close()
  })
})
