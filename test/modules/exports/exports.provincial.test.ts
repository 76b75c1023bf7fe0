import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { eq } from 'drizzle-orm'
import { matterPetitionersTable, membersTable } from '../../../db/schema/index.js'
import { PROJECT_ROOT } from '../../../db/project-root.js'
import { PROVINCIAL_COLUMNS, guardFormula, provincialCsv } from '../../../server/modules/exports/exports.provincial.rules.js'
import { createTestApp } from '../../helpers/app.js'
import { seedProvincialHearings } from './exports.fixture.js'

const HEADER = '事项编号,事项标题,所属区县,乡镇街道,办理阶段,听证程序,听证日期,开始时间,结束时间,听证地点,主持人,听证员,记录员,是否公开,评议结果,听证结论,结论类型,是否息诉罢访,省系统录入日期,省系统录入编号,本系统听证编号'

async function setup () {
  const t = await createTestApp()
  const f = seedProvincialHearings(t)
  const get = (query: string, headers = t.admin.headers) => t.app.inject({ method: 'GET', url: `/api/v1/exports/provincial?${query}`, headers })
  return { t, f, get }
}

/** The two rows of November, by hand: the second hearing started at the period's first instant. */
function expectedRows (f: ReturnType<typeof seedProvincialHearings>) {
  return [
    ['XF-2026-0002', '\'=1+2 "引号",逗号', '西城县', '杨柳镇', '复查', '简易', '2026-11-01', '00:00', '00:45', '杨柳镇听证室（滨海市东城区黄河路' + '', '李主持', '孙二', '赵记录', '否', '', '', '维持', '是', '', '', String(f.second.id)],
    ['XF-2026-0001', '关于征地补偿的信访事项', '东城区', '渤海街道', '办理', '一般', '2026-11-10', '09:30', '11:00', '渤海街道听证室（滨海市东城区黄河路', '李主持', '钱一、孙二、周三', '赵记录', '是', '通过', '建议维持原处理意见', '', '', '2026-11-12', 'SD-2026-0001', String(f.first.id)]
  ]
}

/** Venue addresses carry a counter from the factories: compared by prefix. */
function expectRowsMatch (actual: string[][], expected: string[][]) {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((row, r) => {
    expect(row).toHaveLength(PROVINCIAL_COLUMNS.length)
    row.forEach((cell, c) => {
      if (c === 9) expect(cell.startsWith(expected[r]![c]!) && cell.endsWith('号）')).toBe(true)
      else expect(cell, `row ${r} column ${PROVINCIAL_COLUMNS[c]!.header}`).toBe(expected[r]![c])
    })
  })
}

/** A minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv (text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { record.push(field); field = '' } else if (ch === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++ } else field += ch
  }
  return records
}

describe('provincial export (听证基本要件)', () => {
  test('CSV in UTF-8 with BOM: header, the concluded hearings of the period in start order, RFC 4180 quoting, formulas guarded', async () => {
    const { t, f, get } = await setup()
    const res = await get('from=2026-11-01&to=2026-11-30&format=csv-utf8')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''" + encodeURIComponent('听证基本要件_2026-11-01_2026-11-30.csv'))
    expect(res.headers['x-row-count']).toBe('2')
    const bytes = res.rawPayload
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith(HEADER + '\r\n')).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
    // the title with a quote and a comma is quoted, its quotes doubled, and the formula is defused
    expect(text).toContain(',"\'=1+2 ""引号"",逗号",')
    const [header, ...rows] = parseCsv(text)
    expect(header!.join(',')).toBe(HEADER)
    expectRowsMatch(rows, expectedRows(f))
    // no personal ID or phone number of anyone in the data
    const numbers = [...t.db.select().from(matterPetitionersTable).all().flatMap((p) => [p.idNumber, p.mobile]), ...t.db.select().from(membersTable).all().flatMap((m) => [m.idNumber, m.mobile])]
    for (const n of numbers.filter(Boolean)) expect(text).not.toContain(n!)
  })

  test('CSV in GBK decodes with iconv-lite to the same text as the UTF-8 file; a character outside GBK is refused, not replaced', async () => {
    const { t, f, get } = await setup()
    const utf8 = (await get('from=2026-11-01&to=2026-11-30&format=csv-utf8')).rawPayload.subarray(3).toString('utf8')
    const gbk = await get('from=2026-11-01&to=2026-11-30&format=csv-gbk')
    expect(gbk.statusCode).toBe(200)
    expect(gbk.headers['content-type']).toBe('text/csv; charset=gbk')
    expect(gbk.rawPayload[0]).not.toBe(0xef) // no BOM in GBK
    expect(iconv.decode(gbk.rawPayload, 'gbk')).toBe(utf8)
    // 渤 is two bytes in GBK (0xB2 0xB3), not three as in UTF-8
    expect(gbk.rawPayload.includes(Buffer.from([0xb2, 0xb3]))).toBe(true)

    t.db.update(membersTable).set({ name: '𠀀主持' }).where(eq(membersTable.name, '李主持')).run()
    const refused = await get('from=2026-11-01&to=2026-11-30&format=csv-gbk')
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toMatchObject({ code: 'exports.not_gbk_encodable', characters: [{ character: '𠀀', codePoint: 'U+20000' }] })
    const stillUtf8 = await get('from=2026-11-01&to=2026-11-30&format=csv-utf8')
    expect(stillUtf8.rawPayload.toString('utf8')).toContain('𠀀主持')
    expect(f.first.id).toBeGreaterThan(0)
  })

  test('.xlsx reads back with exceljs: one sheet, the same header and cells as the CSV, all text', async () => {
    const { f, get } = await setup()
    const res = await get('from=2026-11-01&to=2026-11-30')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['听证基本要件'])
    const sheet = workbook.worksheets[0]!
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: false }, (row) => {
      rows.push(PROVINCIAL_COLUMNS.map((_, i) => {
        const v = row.getCell(i + 1).value
        return v === null || v === undefined ? '' : String(v)
      }))
    })
    expect(rows[0]!.join(',')).toBe(HEADER)
    expectRowsMatch(rows.slice(1), expectedRows(f))
  })

  test('region scope: a county coordinator gets only the hearings of the county; other periods and bad periods', async () => {
    const { t, f, get } = await setup()
    const coordinator = t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    const own = await get('from=2026-11-01&to=2026-11-30&format=csv-utf8', coordinator.headers)
    const rows = parseCsv(own.rawPayload.subarray(3).toString('utf8')).slice(1)
    expect(rows.map((r) => r[0])).toEqual(['XF-2026-0001'])
    // October holds only the hearing at 23:59 Beijing time on the 31st
    const october = parseCsv((await get('from=2026-10-01&to=2026-10-31&format=csv-utf8')).rawPayload.subarray(3).toString('utf8')).slice(1)
    expect(october.map((r) => [r[6], r[7], r[20]])).toEqual([['2026-10-31', '23:59', String(f.before.id)]])
    const reversed = await get('from=2026-11-30&to=2026-11-01')
    expect(reversed.statusCode).toBe(422)
    expect(reversed.json()).toMatchObject({ code: 'exports.invalid_period', errors: [{ field: 'to' }] })
    expect((await get('from=2026-11-01&to=2026-11-30&format=pdf')).statusCode).toBe(400)
    const officer = t.userWithToken({ role: 'officer', regionId: f.regions.countyA.id })
    expect((await get('from=2026-11-01&to=2026-11-30', officer.headers)).statusCode).toBe(403)
  })

  test('guardFormula and the CSV writer on their own', () => {
    expect(['=SUM(A1)', '+1', '-1', '@x', '\tx', 'a=b', '张三'].map(guardFormula)).toEqual(["'=SUM(A1)", "'+1", "'-1", "'@x", "'\tx", 'a=b', '张三'])
    const text = provincialCsv([['a,b', 'line\nbreak', 'say "hi"', 'plain']])
    expect(text.split('\r\n')[1]).toBe('"a,b","line\nbreak","say ""hi""",plain')
  })

  test('docs/provincial-export.md lists exactly the columns of the code, in order, with header, field and format', () => {
    const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'provincial-export.md'), 'utf8')
    const table = doc.split('\n').filter((l) => /^\| \d+ \|/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
    expect(table).toEqual(PROVINCIAL_COLUMNS.map((c, i) => [String(i + 1), c.header, `\`${c.field}\``, c.format]))
  })
})
