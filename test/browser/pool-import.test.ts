/*
 * The pool import wizard (导入听证员): the template downloaded through the page and filled with exceljs, a file with
 * errors (report with row, column and message; no commit), a file that is not the template (the service's refusal),
 * then a correct file: dry run, commit, the job's progress to 100 % and the result's links.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { idCheckCharacter } from '../../server/modules/pool/pool.rules.js'
import { ADMIN_PASSWORD, checkPage, newPage, signIn, startBrowserSuite, type BrowserSuite } from './harness.js'

let suite: BrowserSuite
let template: Buffer

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function idNumber (seq: number) {
  const first17 = `370102197903${String(10 + (seq % 18)).padStart(2, '0')}${String(seq * 2 + 1).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}

const PEOPLE = [
  { 姓名: '韩立新', 身份证号: idNumber(1), 手机号: '13900001001', 可担任角色: '听证员', 人员来源: '人大代表' },
  { 姓名: '庞晓雯', 身份证号: idNumber(2), 手机号: '13900001002', 可担任角色: '听证员、主持人', 人员来源: '政协委员' },
  { 姓名: '邵志刚', 身份证号: idNumber(3), 手机号: '13900001003', 可担任角色: '第三方参与人员', 人员来源: '律师、心理咨询师等专业人士' }
]

/** The downloaded template with rows added under its own header row. */
async function filled (rows: Record<string, string>[]) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(template as unknown as ArrayBuffer)
  const sheet = wb.getWorksheet('听证员名单')!
  const headers = (sheet.getRow(1).values as unknown[]).map((h) => String(h ?? '').replace(/\*$/, ''))
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const withRegion = (p: Record<string, string>) => ({ ...p, 常住区划: '滨海市/东城区/渤海街道/渤海社区' })

async function choose (page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer })
  await expect.poll(() => page.locator('.chosen-file').textContent()).toContain(name)
}

/** checkPage with the pointer out of the way (a hovered button is drawn lighter than at rest). */
async function check (page: Page, name: string) {
  await page.mouse.move(0, 0)
  await checkPage(page, name)
}

beforeAll(async () => {
  suite = await startBrowserSuite()
  const city = await suite.api('POST', '/regions', { name: '滨海市', code: '371600000000' })
  const county = await suite.api('POST', '/regions', { name: '东城区', parentId: city.id })
  const town = await suite.api('POST', '/regions', { name: '渤海街道', parentId: county.id })
  await suite.api('POST', '/regions', { name: '渤海社区', parentId: town.id })
})
afterAll(async () => { await suite?.stop() })

describe('pool import wizard', () => {
  test('template, a file with errors (report, no commit), a file that is not the template (refused, kept), a correct file to the result', async () => {
    const { page, errors, context } = await newPage(suite)
    await signIn(page, 'admin', ADMIN_PASSWORD)
    await page.goto('/pool/import')
    await expect.poll(() => page.getByRole('heading', { name: '第一步：下载导入模板' }).count()).toBe(1)
    await check(page, 'pool-import-template')

    // 1 the template, through the page's own download
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载导入模板' }).click()])
    expect(download.suggestedFilename()).toBe('听证员库导入模板.xlsx')
    template = await readFile((await download.path())!)
    expect(template.subarray(0, 2).toString('latin1')).toBe('PK')
    await page.getByRole('button', { name: '已有填好的文件，下一步' }).click()
    await expect.poll(() => page.getByRole('heading', { name: '第二步：上传填好的文件' }).count()).toBe(1)
    await expect.poll(() => page.getByText('只能上传 .xlsx 文件').textContent()).toContain('10 MB')
    await check(page, 'pool-import-upload')

    // a file that is not an .xlsx is refused in the page, before any upload
    await page.locator('input[type=file]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名\r\n韩立新\r\n') })
    await expect.poll(() => page.locator('.el-alert--error').textContent()).toContain('“名单.csv”不是 .xlsx 文件')
    expect(await page.getByRole('button', { name: '检查文件' }).isDisabled()).toBe(true)

    // 2 a file whose second person has a wrong ID number: the report names row 3, the column and the problem
    const bad = await filled([withRegion(PEOPLE[0]!), withRegion({ ...PEOPLE[1]!, 身份证号: '370102197903110000' })])
    await choose(page, '有错误的名单.xlsx', bad)
    await page.getByRole('button', { name: '检查文件' }).click()
    await expect.poll(() => page.getByRole('heading', { name: /第三步：检查结果/ }).count()).toBe(1)
    const errorTable = page.getByRole('table').filter({ hasText: '问题' })
    await expect.poll(() => page.locator('.el-table__body tr').count()).toBeGreaterThan(0)
    const firstError = page.locator('.el-table__body tr').first()
    expect(await firstError.locator('td').nth(0).textContent()).toBe('3')
    expect(await firstError.locator('td').nth(1).textContent()).toBe('身份证号')
    expect(await firstError.locator('td').nth(2).textContent()).toMatch(/身份证号/)
    expect(await errorTable.count()).toBeGreaterThan(0)
    expect(await page.locator('.el-descriptions').textContent()).toMatch(/总行数\s*2.*正确行\s*1.*错误行\s*1/)
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true)
    await check(page, 'pool-import-report-errors')

    // a workbook that is not the template: the service's refusal with its Chinese title, the chosen file kept
    await page.getByRole('button', { name: '重新上传' }).click()
    const other = new ExcelJS.Workbook()
    other.addWorksheet('Sheet1').addRow(['编号', '名字'])
    await choose(page, '别的表格.xlsx', Buffer.from(await other.xlsx.writeBuffer()))
    await page.getByRole('button', { name: '检查文件' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '表头不正确' }).count()).toBeGreaterThan(0)
    expect(await page.locator('.chosen-file').textContent()).toContain('别的表格.xlsx')
    expect(await page.locator('.el-alert--error').textContent()).toMatch(/表头不正确.*缺少必填列/)
    expect(await page.getByRole('heading', { name: '第二步：上传填好的文件' }).count()).toBe(1)
    await expect.poll(() => page.locator('.is-loading').count()).toBe(0)
    await check(page, 'pool-import-refused')

    // 3 the correct file: dry run clean, commit enabled
    await choose(page, '听证员名单.xlsx', await filled(PEOPLE.map(withRegion)))
    await page.getByRole('button', { name: '检查文件' }).click()
    await expect.poll(() => page.getByText('所有行都通过了检查，可以导入').count()).toBe(1)
    expect(await page.locator('.el-descriptions').textContent()).toMatch(/总行数\s*3.*正确行\s*3.*错误行\s*0.*将新增\s*3/)
    expect(await page.getByRole('button', { name: '确认导入' }).isEnabled()).toBe(true)
    await check(page, 'pool-import-report-ok')

    // 4 commit: the job's progress reaches 100 %, 5 the result with links to the members and to the pool
    await page.getByRole('button', { name: '确认导入' }).click()
    await expect.poll(() => page.getByRole('progressbar', { name: '导入进度' }).getAttribute('aria-valuenow'), { timeout: 15_000 }).toBe('100')
    await expect.poll(() => page.getByRole('heading', { name: /第五步：导入完成/ }).count()).toBe(1)
    expect(await page.getByText('已导入 3 / 3 行').count()).toBe(1)
    expect(new URL(page.url()).searchParams.get('job')).toMatch(/^\d+$/)
    const members = await suite.api<{ items: { id: number, name: string }[] }>('GET', '/pool/members?pageSize=50')
    for (const p of PEOPLE) {
      const link = page.getByRole('link', { name: p.姓名 })
      const stored = members.items.find((m) => m.name === p.姓名)
      expect(stored, p.姓名).toBeDefined()
      expect(await link.getAttribute('href')).toBe(`/pool/members/${stored!.id}`)
    }
    expect(await page.getByRole('link', { name: '查看听证员库' }).getAttribute('href')).toBe('/pool')
    await check(page, 'pool-import-result')

    // a reload comes back to the job's result
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { name: /第五步：导入完成/ }).count()).toBe(1)
    expect(await page.getByRole('link', { name: '韩立新' }).count()).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
