/*
 * The 听证员库 screens in Chromium against the shipped service: the list (filters and sort in the URL, search by ID
 * number shown masked, Excel export), the member page and each of its tabs (a lifecycle action with its reason and
 * a refusal shown with its Chinese title, a training, an unavailable period on the calendar), and the registration
 * form (the service's field error on the field, the typed values kept, then saved).
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'
import { chinaDate, ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite

/** Polls like expect.poll, with room for a machine shared by several test runs (its default gives up after 1 s). */
const eventually = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

/** A day in China counted from today, YYYY-MM-DD. */

/** A valid resident ID number for sequence `seq` (GB 11643 check digit). */
function idNumber (seq: number) {
  const body = `371602198${seq % 10}0${1 + (seq % 9)}1${seq % 10}${String(seq).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴']
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '文华', '国栋', '丽娟', '德胜', '玉梅', '永年', '春生', '红梅', '立新', '少华']
const ALL_CONDITIONS = Object.fromEntries(['political', 'legal_knowledge', 'integrity', 'local_standing'].map((c) => [c, { attestedBy: '渤海街道党工委', attestedAt: chinaDate(-60) }]))
const SOURCES = ['deputy', 'retired_cadre', 'village_head', 'notable', 'familiar_with_matter', 'professional']

type Seeded = { id: number, name: string, idNumber: string, termEnd: string | null, version: number }
const members: Seeded[] = []
let villageName = ''

/**
 * 30 members: every third one also a host (10), the first 20 with their four conditions attested, the first 15
 * appointed with terms ending 100 + 30·i days from now; the last 10 are candidates without conditions.
 */
async function seed () {
  const city = await suite.api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await suite.api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await suite.api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  const v1 = await suite.api('POST', '/regions', { name: '渤海社区', parentId: town.id })
  const v2 = await suite.api('POST', '/regions', { name: '新港社区', parentId: town.id })
  villageName = v1.name
  const org = await suite.api('POST', '/organisations', { name: '滨海市明理律师事务所' })
  for (let i = 0; i < 30; i++) {
    const name = `${SURNAMES[i % 10]}${GIVEN[i % 15]}${i >= 15 ? '甲' : ''}`
    const created = await suite.api('POST', '/pool/members', {
      name,
      idNumber: idNumber(i + 1),
      mobile: `139${String(10_000_000 + i).slice(0, 8)}`,
      homeRegionId: i % 2 === 0 ? v1.id : v2.id,
      roles: i % 3 === 0 ? ['officer', 'host'] : ['officer'],
      sourceCategory: SOURCES[i % SOURCES.length],
      professions: i % 4 === 0 ? ['lawyer'] : [],
      ...(i % 5 === 0 ? { employerOrganisationId: org.id } : {}),
      ...(i < 20 ? { conditions: ALL_CONDITIONS } : {})
    })
    let member = created
    if (i < 15) {
      member = await suite.api('POST', `/pool/members/${created.id}/appoint`, { appointmentDate: chinaDate(-30), appointingBody: '滨海市信访局', termEnd: chinaDate(100 + 30 * i), version: created.version }, 200)
    }
    members.push({ id: member.id, name, idNumber: member.idNumber, termEnd: member.termEnd, version: member.version })
  }
}

beforeAll(async () => {
  suite = await startBrowserSuite()
  await seed()
})
afterAll(async () => { await suite?.stop() })

const rows = (page: Page) => page.locator('[data-testid="pool-table"] .el-table__body-wrapper tbody tr')
const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams)

async function choose (page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** The short success messages fade in and out; the page is checked once they have gone. */
async function settled (page: Page) {
  // and the pointer is moved off the button just clicked, whose hover colour is not what the page shows at rest
  await page.mouse.move(0, 0)
  await eventually(() => page.locator('.el-message').count(), { timeout: 10_000 }).toBe(0)
}

async function openPool (page: Page, path = '/pool') {
  await page.goto(path)
  await rows(page).first().waitFor()
}

describe('听证员库 list', () => {
  test('20 rows of 30; filters and sort go into the URL and refetch; a reload keeps them; search is debounced', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.getByRole('menuitem', { name: '听证员库' }).click()
    await eventually(() => rows(page).count()).toBe(20)
    await eventually(() => page.getByText('共 30 人').count()).toBe(1)
    await checkPage(page, 'pool-list')

    await choose(page, '角色', '主持人')
    await eventually(() => query(page).role).toBe('host')
    await eventually(() => rows(page).count()).toBe(10)
    await choose(page, '状态', '在聘')
    await eventually(() => query(page)).toMatchObject({ role: 'host', status: 'active' })
    // hosts among the 15 appointed: 0, 3, 6, 9, 12
    await eventually(() => rows(page).count()).toBe(5)

    await page.locator('[data-testid="pool-table"] th', { hasText: '任期届满' }).click()
    await eventually(() => query(page)).toMatchObject({ sort: 'termEnd', order: 'asc' })
    await eventually(() => rows(page).first().locator('td').first().textContent()).toBe(members[0]!.name)
    await page.locator('[data-testid="pool-table"] th', { hasText: '任期届满' }).click()
    await eventually(() => query(page)).toMatchObject({ sort: 'termEnd', order: 'desc' })
    await eventually(() => rows(page).first().locator('td').first().textContent()).toBe(members[12]!.name)

    await page.reload()
    await eventually(() => rows(page).count()).toBe(5)
    expect(query(page)).toMatchObject({ role: 'host', status: 'active', sort: 'termEnd', order: 'desc' })
    await eventually(() => rows(page).first().locator('td').first().textContent()).toBe(members[12]!.name)

    await page.getByRole('button', { name: '清除筛选' }).click()
    await eventually(() => rows(page).count()).toBe(20)
    await page.getByLabel('搜索', { exact: true }).fill(members[7]!.name)
    await eventually(() => query(page).q).toBe(members[7]!.name)
    await eventually(() => rows(page).count()).toBe(1)
    expect(await rows(page).first().locator('td').first().textContent()).toBe(members[7]!.name)

    // a filter the API refuses nothing for but matches nobody: the table says so
    await page.goto('/pool?sharedFromOtherRegion=true')
    await eventually(() => page.getByText('没有符合条件的人员').count()).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })

  test('an auditor finds a member by the full ID number and sees it masked', async () => {
    const city = (await suite.api<{ items: { id: number, name: string }[] }>('GET', '/regions')).items.find((r) => r.name === '滨海市')!
    await suite.api('POST', '/users', { username: 'shenji', displayName: '孙审计', password: 'Initial-pass-4471', role: 'auditor', regionId: city.id })
    const login = await fetch(`${suite.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'shenji', password: 'Initial-pass-4471' }) })
    const token = ((await login.json()) as { token: string }).token
    await suite.apiAs(token)('POST', '/me/password', { currentPassword: 'Initial-pass-4471', newPassword: 'Auditor-own-pass-8812' }, 204)

    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'shenji', 'Auditor-own-pass-8812')
    await openPool(page)
    expect(await page.getByRole('button', { name: '登记人员' }).count()).toBe(0)
    const target = members[5]!
    await page.getByLabel('搜索', { exact: true }).fill(target.idNumber)
    await eventually(() => rows(page).count()).toBe(1)
    const shown = await rows(page).first().locator('td').nth(1).textContent()
    expect(shown).not.toBe(target.idNumber)
    expect(shown).toBe(`${target.idNumber.slice(0, 6)}********${target.idNumber.slice(14)}`)
    expect(await rows(page).first().locator('td').first().textContent()).toBe(target.name)
    await checkPage(page, 'pool-list-auditor-search')
    expect(errors).toEqual([])
    await context.close()
  })

  test('the Excel export downloads the filtered list as an .xlsx', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await openPool(page, '/pool?role=host')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
    expect(download.suggestedFilename()).toMatch(/^听证员名单-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const bytes = readFileSync((await download.path())!)
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304')
    expect(bytes.includes(Buffer.from('xl/worksheets/'))).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('member page', () => {
  test('each tab; suspension with its reason; a refused appointment shows the service\'s title and keeps the input; a training and an unavailable day', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    const active = members[1]!
    await openPool(page, `/pool?q=${encodeURIComponent(active.name)}`)
    await page.getByRole('link', { name: active.name, exact: true }).click()
    await page.waitForURL((url) => url.pathname === `/pool/members/${active.id}`)
    await page.getByRole('heading', { name: active.name }).waitFor()
    await eventually(() => page.locator('.crumbs').textContent()).toContain(active.name)
    await eventually(() => page.getByText(active.idNumber).count()).toBe(1)
    await checkPage(page, 'pool-member-basic')

    await page.getByRole('tab', { name: '聘任与状态' }).click()
    await eventually(() => query(page).tab).toBe('status')
    await eventually(() => page.locator('.crumbs').textContent()).toContain(active.name)
    await checkPage(page, 'pool-member-status')
    await page.getByRole('button', { name: '暂停', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('暂停原因').fill('本人长期外出学习')
    await dialog.getByRole('button', { name: '确定暂停' }).click()
    await eventually(() => dialog.isVisible()).toBe(false)
    await eventually(() => page.locator('.tz-toolbar .el-tag').first().textContent()).toBe('暂停')
    await eventually(() => page.locator('.el-table', { hasText: '本人长期外出学习' }).count()).toBe(1)
    await eventually(() => page.getByRole('button', { name: '恢复' }).count()).toBe(1)

    await page.getByRole('tab', { name: '培训记录' }).click()
    await page.getByLabel('培训课程').fill('听证员业务培训（第二期）')
    await page.getByRole('button', { name: '登记培训' }).click()
    await eventually(() => page.locator('.el-table', { hasText: '听证员业务培训（第二期）' }).count()).toBe(1)
    await settled(page)
    await checkPage(page, 'pool-member-training')

    await page.getByRole('tab', { name: '不可参加时段' }).click()
    await page.getByLabel('备注').fill('外出开会')
    await page.getByRole('button', { name: '登记时段' }).click()
    await eventually(() => page.locator('.el-table', { hasText: '外出开会' }).count()).toBe(1)
    await eventually(() => page.locator('.el-calendar .cell.busy').count()).toBe(1)
    await settled(page)
    await checkPage(page, 'pool-member-unavailability')

    for (const [tab, name] of [['任职单位与近亲属', 'declarations'], ['报酬', 'remuneration'], ['参加听证', 'hearings'], ['基本信息', 'basic']] as const) {
      await page.getByRole('tab', { name: tab }).click()
      await page.waitForLoadState('networkidle')
      await settled(page)
      await checkPage(page, `pool-member-${name}`)
    }

    // a candidate whose conditions are not attested cannot be appointed: the dialog shows why and keeps the input
    const candidate = members[25]!
    await page.goto(`/pool/members/${candidate.id}?tab=status`)
    await page.getByRole('button', { name: '聘任', exact: true }).click()
    await dialog.getByLabel('聘任机关').fill('滨海市信访局')
    await dialog.getByRole('button', { name: '确定聘任' }).click()
    await eventually(() => dialog.getByRole('alert').textContent()).toContain('四项基本条件尚未全部认定，不能聘任')
    expect(await dialog.getByLabel('聘任机关').inputValue()).toBe('滨海市信访局')
    await settled(page)
    await checkPage(page, 'pool-member-refused-appointment')
    expect(errors).toEqual([])
    await context.close()
  }, 180_000)
})

describe('registration form', () => {
  test('an invalid ID number is refused on its field and the typed values stay; corrected, the member is registered', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await openPool(page)
    await page.getByRole('button', { name: '登记人员' }).click()
    await page.waitForURL((url) => url.pathname === '/pool/members/new')
    await checkPage(page, 'pool-member-form')

    const good = idNumber(88)
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    await page.getByLabel('姓名').fill('欧阳明远')
    await page.getByLabel('身份证号码').fill(bad)
    await page.getByLabel('手机号码').fill('13812345678')
    await page.getByLabel('常住区划').click()
    await page.getByRole('treeitem', { name: villageName, exact: true }).locator('.el-tree-node__content').first().click()
    await choose(page, '人员来源', '律师、心理咨询师等专业人士')
    await page.locator('.el-checkbox', { hasText: /^听证员$/ }).click()
    await page.getByRole('button', { name: '登记', exact: true }).click()

    const idItem = page.locator('.el-form-item', { has: page.locator('#m-id') })
    await eventually(() => idItem.locator('.el-form-item__error').textContent()).toContain('校验位')
    expect(await page.getByLabel('姓名').inputValue()).toBe('欧阳明远')
    expect(await page.getByLabel('身份证号码').inputValue()).toBe(bad)
    expect(await page.getByLabel('手机号码').inputValue()).toBe('13812345678')
    await settled(page)
    await checkPage(page, 'pool-member-form-refused')

    await page.getByLabel('身份证号码').fill(good)
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.waitForURL((url) => /^\/pool\/members\/\d+$/.test(url.pathname))
    await eventually(() => page.locator('h1').textContent()).toBe('欧阳明远')
    await eventually(() => page.locator('.tz-toolbar .el-tag').first().textContent()).toBe('候选')

    // the edit form: a refused mobile number on its field, the rest kept; corrected, saved
    await page.getByRole('button', { name: '修改信息' }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/edit'))
    await eventually(() => page.getByLabel('姓名').inputValue()).toBe('欧阳明远')
    await settled(page)
    await checkPage(page, 'pool-member-edit')
    await page.getByLabel('手机号码').fill('1381234')
    await page.getByLabel('职务或职称').fill('律师')
    await page.getByRole('button', { name: '保存修改' }).click()
    const mobileItem = page.locator('.el-form-item', { has: page.locator('#m-mobile') })
    await eventually(() => mobileItem.locator('.el-form-item__error').textContent()).toContain('11位')
    expect(await page.getByLabel('职务或职称').inputValue()).toBe('律师')
    await page.getByLabel('手机号码').fill('13812345679')
    await page.getByRole('button', { name: '保存修改' }).click()
    await page.waitForURL((url) => /^\/pool\/members\/\d+$/.test(url.pathname))
    await eventually(() => page.getByText('13812345679').count()).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
