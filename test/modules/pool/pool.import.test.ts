import { describe, expect, test } from 'vitest'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { Zip, ZipDeflate } from 'fflate'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { auditLogTable, memberStatusHistoryTable, membersTable, organisationsTable } from '../../../db/schema/index.js'
import { maskIdNumber } from '../../../server/common/personal-data.js'
import { XLSX_LIMITS } from '../../../server/modules/pool/pool.spreadsheet.read.js'
import { aMemberBody, anIdNumber, createMember, expectProblem } from './pool.fixtures.js'
import { checkZip } from '../../../server/common/zip-guard.js'
import { hiddenHeaderBomb } from '../../helpers/zip.js'

type Row = Record<string, string | number | Date | { formula: string } | null>

const HEADERS = ['姓名', '性别', '身份证号', '手机号', '工作单位', '职务职称', '常住区划', '可担任角色', '人员来源', '职业', '专业特长', '同意跨区域服务', '报酬方式', '每半天报酬（元）', '政治条件认定人', '政治条件认定日期']

async function xlsx (rows: Row[], headers = HEADERS) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('听证员名单')
  ws.addRow(headers)
  for (const row of rows) ws.addRow(headers.map((h) => row[h] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function csv (rows: Row[], headers = HEADERS) {
  const quote = (v: unknown) => v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v)
  return [headers.join(','), ...rows.map((r) => headers.map((h) => quote(r[h])).join(','))].join('\r\n') + '\r\n'
}

function multipart (fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----tingzheng-test-boundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

function upload (t: TestApp, { fileName, content, mode, headers = t.admin.headers, contentType }: { fileName: string, content: Buffer, mode?: 'dry-run' | 'commit', headers?: Record<string, string>, contentType?: string }) {
  const body = multipart(fileName, content, contentType)
  return t.app.inject({ method: 'POST', url: `/api/v1/pool/imports${mode ? `?mode=${mode}` : ''}`, headers: { ...headers, ...body.headers }, payload: body.payload })
}

function goodRows (r: ReturnType<typeof seedRegionTree>): Row[] {
  return [
    { 姓名: '张伟', 身份证号: anIdNumber({ seq: 101 }), 手机号: '13800000001', 工作单位: '滨海市明理律师事务所', 职务职称: '律师', 常住区划: '滨海市/东城区/渤海街道/渤海社区', 可担任角色: '听证员、主持人', 人员来源: '律师、心理咨询师等专业人士', 职业: '律师', 专业特长: '土地征收与房屋拆迁、住房保障与物业', 同意跨区域服务: '是', 报酬方式: '按半天计酬', '每半天报酬（元）': 200, 政治条件认定人: '渤海街道党工委', 政治条件认定日期: '2026/10/1' },
    { 姓名: '欧阳娜娜', 性别: '女', 身份证号: anIdNumber({ seq: 102, male: false }), 手机号: '+86 138-0000-0002', 常住区划: '新立社区', 可担任角色: '记录员', 人员来源: '村（社区）干部', 报酬方式: '公益服务' },
    { 姓名: '王芳', 身份证号: anIdNumber({ seq: 104, male: false }), 手机号: 13800000003, 常住区划: String(r.villageB.code ?? '杨柳村'), 可担任角色: '第三方参与人员', 人员来源: '人大代表', 专业特长: '劳动和社会保障' }
  ]
}

describe('import template', () => {
  test('GET /pool/import-template.xlsx gives an .xlsx with the Chinese headers (required ones starred) and an instruction sheet', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/pool/import-template.xlsx', headers: t.admin.headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''")
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['听证员名单', '填写说明'])
    const headers = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1)
    expect(headers.slice(0, 5)).toEqual(['姓名*', '性别', '出生日期', '身份证号*', '手机号*'])
    expect(headers).toEqual(expect.arrayContaining(['常住区划*', '可担任角色*', '人员来源*', '职业', '专业特长', '政治条件认定人', '群众威望条件认定日期']))
    expect(JSON.stringify(wb.worksheets[1]!.getSheetValues())).toContain('土地征收与房屋拆迁')
    // the empty template itself imports as "no data", not as bad headers
    expectProblem(await upload(t, { fileName: 'template.xlsx', content: res.rawPayload }), 422, 'pool.import_empty')
  })
})

describe('POST /pool/imports', () => {
  test('a dry run reports every bad row (row number, column, Chinese reason) and writes nothing', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const rows: Row[] = [
      ...goodRows(r),
      { 姓名: '坏校验位', 身份证号: '370102198001010016', 手机号: '13800000004', 常住区划: '渤海社区', 可担任角色: '听证员', 人员来源: '乡贤' },
      { 姓名: '缺手机', 身份证号: anIdNumber({ seq: 106 }), 常住区划: '不存在的村', 可担任角色: '法官', 人员来源: '明星', 职业: '宇航员', '每半天报酬（元）': 500 },
      { 姓名: '重复', 身份证号: anIdNumber({ seq: 101 }), 手机号: '13800000005', 常住区划: '渤海社区', 可担任角色: '听证员', 人员来源: '乡贤' }
    ]
    const res = await upload(t, { fileName: 'pool.xlsx', content: await xlsx(rows) })
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json()
    expect(report).toMatchObject({ mode: 'dry-run', committed: false, format: 'xlsx', rows: 6, validRows: 3, errorRows: 3, created: 3, updated: 0, organisationsCreated: ['滨海市明理律师事务所'] })
    expect(report.errors).toEqual(expect.arrayContaining([
      { row: 5, column: '身份证号', message: '身份证号校验位不正确' },
      { row: 6, column: '手机号', message: '必填项未填写' },
      { row: 6, column: '常住区划', message: '找不到区划“不存在的村”' },
      expect.objectContaining({ row: 6, column: '可担任角色', message: expect.stringContaining('未知的角色“法官”') }),
      expect.objectContaining({ row: 6, column: '人员来源', message: expect.stringContaining('未知的人员来源“明星”') }),
      expect.objectContaining({ row: 6, column: '职业', message: expect.stringContaining('未知的职业“宇航员”') }),
      { row: 7, column: '身份证号', message: '与第 2 行的身份证号重复' }
    ]))
    expect(report.errors.every((e: { row: number }) => e.row >= 5)).toBe(true)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
    expect(t.db.select().from(organisationsTable).all()).toHaveLength(0)
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.entityType, 'member')).all()).toHaveLength(0)

    const commit = await upload(t, { fileName: 'pool.xlsx', content: await xlsx(rows), mode: 'commit' })
    const problem = expectProblem(commit, 422, 'pool.import_has_errors')
    expect(problem.report.errorRows).toBe(3)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
    expect(t.db.select().from(organisationsTable).all()).toHaveLength(0)
  })

  test('commit applies the whole file; re-importing it changes nothing; an edited copy updates by ID number instead of duplicating', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const rows = goodRows(r)
    const res = await upload(t, { fileName: 'pool.xlsx', content: await xlsx(rows), mode: 'commit' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ committed: true, created: 3, updated: 0, unchanged: 0, errors: [] })
    const stored = t.db.select().from(membersTable).all()
    expect(stored.map((m) => m.name).sort()).toEqual(['张伟', '欧阳娜娜', '王芳'].sort())
    const zhang = stored.find((m) => m.name === '张伟')!
    expect(zhang).toMatchObject({ mobile: '13800000001', roleOfficer: true, roleHost: true, consentCrossRegion: true, remunerationKind: 'fee_per_half_day', feePerHalfDayYuan: 200, homeRegionId: r.villageA.id, status: 'candidate' })
    expect(stored.find((m) => m.name === '欧阳娜娜')).toMatchObject({ mobile: '13800000002', gender: 'female', homeRegionId: r.villageA2.id, roleRecorder: true })
    expect(stored.find((m) => m.name === '王芳')).toMatchObject({ mobile: '13800000003', homeRegionId: r.villageB.id, sourceCategory: 'deputy' })
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${zhang.id}`, headers: t.admin.headers })).json()
    expect(detail).toMatchObject({
      employer: { name: '滨海市明理律师事务所' },
      professions: [{ code: 'lawyer' }],
      specialties: [{ code: 'land_demolition' }, { code: 'housing' }],
      conditions: [{ condition: 'political', attested: true, attestedBy: '渤海街道党工委', attestedAt: '2026-10-01' }, { attested: false }, { attested: false }, { attested: false }]
    })
    expect(t.db.select().from(memberStatusHistoryTable).where(eq(memberStatusHistoryTable.memberId, zhang.id)).get()!.details).toMatchObject({ import: { fileName: 'pool.xlsx', row: 2 } })
    const summary = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'pool.import')).all()
    expect(summary).toHaveLength(1)
    expect(summary[0]!.diff.after).toMatchObject({ fileName: 'pool.xlsx', created: 3, createdMemberIds: expect.arrayContaining([zhang.id]) })

    const again = await upload(t, { fileName: 'pool.xlsx', content: await xlsx(rows), mode: 'commit' })
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 3, organisationsCreated: [] })
    expect(t.db.select().from(membersTable).all()).toHaveLength(3)

    const edited = rows.map((row) => row['姓名'] === '王芳' ? { ...row, 职务职称: '退休教师', 手机号: '13800000009' } : row)
    const update = await upload(t, { fileName: 'pool-v2.xlsx', content: await xlsx(edited), mode: 'commit' })
    expect(update.json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 })
    expect(t.db.select().from(membersTable).all()).toHaveLength(3)
    expect(t.db.select().from(membersTable).where(eq(membersTable.name, '王芳')).get()).toMatchObject({ title: '退休教师', mobile: '13800000009', version: 2 })
    expect(t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'member.import_update')).all()).toHaveLength(1)
  })

  test('a title row above the header is skipped; row numbers stay those of the sheet', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.addRow(['滨海市听证员名单（2026年）'])
    ws.addRow([])
    ws.addRow(HEADERS)
    const [good] = goodRows(r)
    ws.addRow(HEADERS.map((h) => good![h] ?? null))
    ws.addRow(HEADERS.map((h) => h === '手机号' ? '12345' : h === '身份证号' ? anIdNumber({ seq: 777 }) : good![h] ?? null))
    const res = await upload(t, { fileName: 'titled.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) })
    expect(res.json()).toMatchObject({ rows: 2, validRows: 1, errors: [{ row: 5, column: '手机号', message: '手机号应为11位中国大陆手机号码' }] })
  })

  test('CSV in GBK and in UTF-8 with a BOM', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const text = csv(goodRows(r))
    const gbk = await upload(t, { fileName: 'pool.csv', content: iconv.encode(text, 'gbk'), contentType: 'text/csv', mode: 'commit' })
    expect(gbk.statusCode, gbk.body).toBe(200)
    expect(gbk.json()).toMatchObject({ format: 'csv', encoding: 'gbk', created: 3 })
    expect(t.db.select().from(membersTable).all().map((m) => m.name).sort()).toEqual(['张伟', '欧阳娜娜', '王芳'].sort())
    const bom = await upload(t, { fileName: 'pool.csv', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) })
    expect(bom.json()).toMatchObject({ format: 'csv', encoding: 'utf-8', created: 0, unchanged: 3, errors: [] })
  })

  test('formulas and values starting with = + - @ are rejected per row; an ID number stored as a number is explained', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const [good] = goodRows(r)
    const rows: Row[] = [
      { ...good!, 姓名: '=HYPERLINK("http://evil","点我")' },
      { ...good!, 身份证号: anIdNumber({ seq: 201 }), 手机号: '13800000011', 职务职称: { formula: 'CONCATENATE("a","b")' } },
      { ...good!, 身份证号: 370102198001012000, 手机号: '13800000012' },
      { ...good!, 身份证号: anIdNumber({ seq: 203 }), 手机号: '+8613800000013', 工作单位: '@SUM(1+1)' }
    ]
    const res = await upload(t, { fileName: 'evil.xlsx', content: await xlsx(rows) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().errors).toEqual([
      expect.objectContaining({ row: 2, column: '姓名', message: expect.stringContaining('公式') }),
      expect.objectContaining({ row: 3, column: '职务职称', message: '单元格含公式，请改为直接填写内容' }),
      expect.objectContaining({ row: 4, column: '身份证号', message: expect.stringContaining('存成了数字') }),
      expect.objectContaining({ row: 5, column: '工作单位', message: expect.stringContaining('“@”') })
    ])
    const csvRes = await upload(t, { fileName: 'evil.csv', content: Buffer.from(csv([{ ...good!, 职务职称: '-2+3' }])), mode: 'commit' })
    expectProblem(csvRes, 422, 'pool.import_has_errors')
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test.each([
    ['a missing required column', async () => xlsx([], HEADERS.filter((h) => h !== '身份证号')), 422, 'pool.import_bad_headers'],
    ['an unknown column', async () => xlsx([{ 姓名: '张伟' }], [...HEADERS, '星座']), 422, 'pool.import_bad_headers'],
    ['an empty file', async () => Buffer.alloc(0), 422, 'pool.import_empty'],
    ['headers without data', async () => xlsx([]), 422, 'pool.import_empty'],
    ['a workbook with an empty sheet', async () => { const wb = new ExcelJS.Workbook(); wb.addWorksheet('空'); return Buffer.from(await wb.xlsx.writeBuffer()) }, 422, 'pool.import_empty'],
    ['a corrupt .xlsx', async () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip file at all')]), 422, 'pool.import_unreadable'],
    ['a legacy .xls', async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]), 415, 'pool.import_unsupported_type']
  ])('%s gets %s %s and nothing is written', async (_label, make, status, code) => {
    const t = await createTestApp()
    seedRegionTree(t)
    const body = expectProblem(await upload(t, { fileName: 'x.xlsx', content: await make(), mode: 'commit' }), status, code)
    if (code === 'pool.import_bad_headers') expect([...body.missingHeaders, ...body.unknownHeaders].length).toBeGreaterThan(0)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('a zip bomb dressed as a workbook is refused before it is unpacked, and nothing is written', async () => {
    // a few hundred KB that inflate past the limit: one part of zeros, streamed so the test never holds it whole
    const chunks: Uint8Array[] = []
    const zip = new Zip((error, chunk) => { if (error) throw error; chunks.push(chunk) })
    const part = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 })
    zip.add(part)
    const zeros = new Uint8Array(4 * 1024 * 1024)
    const total = XLSX_LIMITS.maxTotalBytes + zeros.length
    for (let sent = 0; sent < total; sent += zeros.length) part.push(zeros, sent + zeros.length >= total)
    zip.end()
    const bomb = Buffer.concat(chunks)
    expect(bomb.length).toBeLessThan(1024 * 1024)

    const t = await createTestApp()
    seedRegionTree(t)
    const body = expectProblem(await upload(t, { fileName: 'members.xlsx', content: bomb, mode: 'commit' }), 413, 'pool.import_file_too_large')
    expect(body).toMatchObject({ reason: 'entry_too_large', maxEntryBytes: XLSX_LIMITS.maxEntryBytes, maxTotalBytes: XLSX_LIMITS.maxTotalBytes })
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('a sheet hidden inside a stored filler entry is refused before exceljs sees it, whatever its sizes claim; nothing is written', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const wb = await xlsx([])
    const refuse = async (bomb: Buffer, status: number, code: string, reason: string) => {
      const body = expectProblem(await upload(t, { fileName: 'members.xlsx', content: bomb, mode: 'commit' }), status, code)
      expect(body.reason).toBe(reason)
      expect(body.title).toMatch(/[\u4e00-\u9fff]/)
    }
    await refuse(hiddenHeaderBomb(wb, HEADERS, { inflated: 300 * 1024 * 1024, declared: 1024, copies: 1 }), 422, 'pool.import_file_invalid', 'local_central_mismatch')
    await refuse(hiddenHeaderBomb(wb, HEADERS, { inflated: 300 * 1024 * 1024, copies: 1 }), 413, 'pool.import_file_too_large', 'entry_too_large')
    await refuse(hiddenHeaderBomb(wb, HEADERS, { inflated: 4096, fillerDeclared: 500 * 1024 * 1024, copies: 1 }), 422, 'pool.import_file_invalid', 'unreferenced_bytes')
    await refuse(hiddenHeaderBomb(wb, HEADERS, { inflated: 4096, copies: 2 }), 422, 'pool.import_file_invalid', 'local_central_mismatch')
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('Chinese text comes through whole wherever the inflated XML breaks into chunks (no U+FFFD)', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const base = goodRows(r)[1]!
    // 200 distinct 60-character titles: the shared strings run over several 16 KB inflate chunks
    const text = (i: number) => Array.from({ length: 60 }, (_, k) => String.fromCodePoint(0x4e00 + ((i * 61 + k) % 20000))).join('') + '𠀀'
    const rows: Row[] = Array.from({ length: 200 }, (_, i) => ({ ...base, 身份证号: anIdNumber({ seq: 500 + 2 * i, male: false }), 手机号: `139${String(i).padStart(8, '0')}`, 职务职称: text(i) }))
    const res = await upload(t, { fileName: 'a.xlsx', content: await xlsx(rows), mode: 'commit' })
    expect(res.json(), res.body).toMatchObject({ committed: true, created: 200 })
    const titles = t.db.select({ title: membersTable.title }).from(membersTable).all().map((m) => m.title).sort()
    expect(titles).toEqual(rows.map((_, i) => text(i)).sort())
  })

  test('a 10,000-row workbook is far inside the bounds', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('听证员名单')
    ws.addRow(HEADERS)
    for (let i = 0; i < 10_000; i++) ws.addRow(['张伟', '男', anIdNumber({ seq: i + 1 }), `138${String(i).padStart(8, '0')}`, '滨海市明理律师事务所', '律师', '滨海市/东城区/渤海街道/渤海社区', '听证员、主持人', '律师、心理咨询师等专业人士', '律师', '土地征收与房屋拆迁', '是', '按半天计酬', 200, '渤海街道党工委', '2026/10/1'])
    const entries = await checkZip(Buffer.from(await wb.xlsx.writeBuffer()), XLSX_LIMITS)
    const total = entries.reduce((n, e) => n + e.size, 0)
    expect(total).toBeLessThan(XLSX_LIMITS.maxTotalBytes / 4)
    expect(Math.max(...entries.map((e) => e.size))).toBeLessThan(XLSX_LIMITS.maxEntryBytes / 3)
    expect(XLSX_LIMITS.maxTotalBytes).toBeLessThanOrEqual(64 * 1024 * 1024)
  }, 30_000)

  test('a PDF, a JSON body, a form without a file and a 50 MB upload are refused with problem+json', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    expectProblem(await upload(t, { fileName: 'report.pdf', content: Buffer.from('%PDF-1.7 …'), contentType: 'application/pdf' }), 415, 'pool.import_unsupported_type')
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/pool/imports', headers: t.admin.headers, payload: { rows: [] } }), 415, 'pool.import_not_multipart')
    const boundary = 'b0undary'
    expectProblem(await t.app.inject({
      method: 'POST',
      url: '/api/v1/pool/imports',
      headers: { ...t.admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`
    }), 400, 'pool.import_no_file')
    const big = await upload(t, { fileName: 'big.csv', content: Buffer.alloc(50 * 1024 * 1024, 0x41), mode: 'commit' })
    const problem = expectProblem(big, 413, 'pool.import_file_too_large')
    expect(problem.maxBytes).toBe(10 * 1024 * 1024)
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })

  test('a coordinator imports only into their subtree, and cannot overwrite a member registered elsewhere', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    const elsewhere = await createMember(t, t.admin.headers, aMemberBody({ homeRegionId: r.villageB.id, idNumber: anIdNumber({ seq: 301 }) }))
    const coordA = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    const [good, second, third] = goodRows(r)
    const rows: Row[] = [good!, second!, third!, { ...good!, 身份证号: elsewhere.idNumber, 手机号: '13800000021' }]
    const res = await upload(t, { fileName: 'a.xlsx', content: await xlsx(rows), headers: coordA.headers })
    expect(res.json().errors).toEqual([
      expect.objectContaining({ row: 4, column: '常住区划', message: '区划“杨柳村”不在您的管辖范围内' }),
      expect.objectContaining({ row: 5, column: '身份证号', message: expect.stringContaining('已在其他辖区') })
    ])
    const ok = await upload(t, { fileName: 'a.xlsx', content: await xlsx([good!, second!]), headers: coordA.headers, mode: 'commit' })
    expect(ok.json()).toMatchObject({ committed: true, created: 2 })
    expect(t.db.select().from(organisationsTable).get()).toMatchObject({ name: '滨海市明理律师事务所', regionId: r.countyA.id })
  })
})

describe('GET /pool/members/export.xlsx', () => {
  test('exports the filtered list with the template headers; masks per caller; neutralises formula-like text; re-imports unchanged', async () => {
    const t = await createTestApp()
    const r = seedRegionTree(t)
    await upload(t, { fileName: 'pool.xlsx', content: await xlsx(goodRows(r)), mode: 'commit' })
    const wangFang = t.db.select().from(membersTable).where(eq(membersTable.name, '王芳')).get()!
    await t.app.inject({ method: 'PATCH', url: `/api/v1/pool/members/${wangFang.id}`, headers: t.admin.headers, payload: { version: 1, note: '=1+2', consentCrossRegion: true } })

    const read = async (headers: Record<string, string>, query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/pool/members/export.xlsx${query}`, headers })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
      const ws = wb.worksheets[0]!
      const headers_ = (ws.getRow(1).values as string[]).slice(1)
      const rows: Record<string, unknown>[] = []
      ws.eachRow((row, n) => { if (n > 1) rows.push(Object.fromEntries(headers_.map((h, i) => [h, row.getCell(i + 1).value]))) })
      return { res, rows, headers: headers_ }
    }

    const admin = await read(t.admin.headers, '?sort=name')
    expect(admin.headers.slice(0, 4)).toEqual(['系统编号', '姓名', '性别', '出生日期'])
    expect(admin.rows).toHaveLength(3)
    const wang = admin.rows.find((row) => row['姓名'] === '王芳')!
    expect(wang).toMatchObject({ 身份证号: wangFang.idNumber, 备注: "'=1+2", 常住区划: '滨海市/西城县/杨柳镇/杨柳村', 状态: '候选' })

    const coordA = t.userWithToken({ role: 'coordinator', regionId: r.countyA.id })
    const coord = await read(coordA.headers, '?sort=name')
    expect(coord.rows.map((row) => row['姓名']).sort()).toEqual(['张伟', '欧阳娜娜', '王芳'].sort())
    expect(coord.rows.find((row) => row['姓名'] === '王芳')).toMatchObject({ 身份证号: maskIdNumber(wangFang.idNumber), 手机号: '138****0003' })
    expect(coord.rows.find((row) => row['姓名'] === '张伟')!['身份证号']).toBe(anIdNumber({ seq: 101 }))

    const filtered = await read(t.admin.headers, `?regionId=${r.countyB.id}`)
    expect(filtered.rows.map((row) => row['姓名'])).toEqual(['王芳'])
    const exports = t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'pool.export')).all()
    expect(exports.map((e) => e.diff.after)).toEqual([
      { filter: { sort: 'name' }, rows: 3, rowsWithFullPersonalData: 3 },
      { filter: { sort: 'name' }, rows: 3, rowsWithFullPersonalData: 2 },
      { filter: { regionId: r.countyB.id }, rows: 1, rowsWithFullPersonalData: 1 }
    ])

    // an administrator's export goes back in unchanged: status columns are ignored, the quoted note is read back as text
    const back = await upload(t, { fileName: 'export.xlsx', content: admin.res.rawPayload })
    expect(back.json()).toMatchObject({ rows: 3, errorRows: 0, unchanged: 3, errors: [] })
    // a coordinator's export of shared members carries masked ID numbers, which cannot be imported
    const masked = await upload(t, { fileName: 'coord.xlsx', content: coord.res.rawPayload, headers: coordA.headers })
    expect(masked.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ column: '身份证号', message: expect.stringContaining('18位') })]))
    expect(masked.json().validRows).toBe(2)
  })
})
