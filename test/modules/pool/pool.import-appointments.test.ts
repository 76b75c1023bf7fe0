import { describe, expect, test } from 'vitest'
import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { createTestApp, seedRegionTree, type TestApp } from '../../helpers/app.js'
import { memberStatusHistoryTable, memberTrainingsTable, membersTable } from '../../../db/schema/index.js'
import { anIdNumber, expectProblem } from './pool.fixtures.js'

type Row = Record<string, string | number | null>

const CONDITIONS = ['政治条件', '法律政策条件', '公道正派条件', '群众威望条件'].flatMap((c) => [`${c}认定人`, `${c}认定日期`])
const HEADERS = ['姓名', '身份证号', '手机号', '常住区划', '可担任角色', '人员来源', ...CONDITIONS, '聘任日期', '聘任机关', '聘任文号', '任期届满日期', '培训课程', '培训日期', '培训学时']

async function xlsx (rows: Row[]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('听证员名单')
  ws.addRow(HEADERS)
  for (const row of rows) ws.addRow(HEADERS.map((h) => row[h] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function upload (t: TestApp, rows: Row[], mode: 'dry-run' | 'commit') {
  const boundary = '----tingzheng-test-boundary'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const payload = Buffer.concat([head, await xlsx(rows), Buffer.from(`\r\n--${boundary}--\r\n`)])
  return t.app.inject({ method: 'POST', url: `/api/v1/pool/imports?mode=${mode}`, headers: { ...t.admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
}

const attested = Object.fromEntries(CONDITIONS.map((h) => [h, h.endsWith('认定人') ? '渤海街道党工委' : '2026-10-01']))
const appointed = { 聘任日期: '2026/11/1', 聘任机关: '东城区信访局', 聘任文号: '东信发〔2026〕8号', 任期届满日期: '2028-10-31' }
const trained = { 培训课程: '信访听证员岗前培训', 培训日期: '2026-11-05', 培训学时: 4 }

function person (seq: number, extra: Row = {}): Row {
  return { 姓名: `人员${seq}`, 身份证号: anIdNumber({ seq }), 手机号: `1380000${String(seq).padStart(4, '0')}`, 常住区划: '渤海社区', 可担任角色: '听证员、主持人', 人员来源: '人大代表', ...extra }
}

describe('importing appointment and training with the member', () => {
  test('a row with conditions, appointment and training makes an active, trained member in one import; the template carries the columns', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const template = await t.app.inject({ method: 'GET', url: '/api/v1/pool/import-template.xlsx', headers: t.admin.headers })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer)
    const headers = (wb.getWorksheet('听证员名单')!.getRow(1).values as string[]).filter(Boolean)
    expect(headers).toEqual(expect.arrayContaining(['聘任日期', '聘任机关', '聘任文号', '任期届满日期', '培训课程', '培训日期', '培训学时']))

    const rows = [person(201, { ...attested, ...appointed, ...trained }), person(202)]
    const dry = await upload(t, rows, 'dry-run')
    expect(dry.statusCode, dry.body).toBe(200)
    expect(dry.json()).toMatchObject({ committed: false, created: 2, appointed: 1, trained: 1, errors: [] })
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)

    const res = await upload(t, rows, 'commit')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ committed: true, created: 2, appointed: 1, trained: 1 })
    const member = t.db.select().from(membersTable).where(eq(membersTable.idNumber, anIdNumber({ seq: 201 }))).get()!
    expect(member).toMatchObject({ status: 'active', appointmentDate: '2026-11-01', appointingBody: '东城区信访局', appointmentLetterNo: '东信发〔2026〕8号', termEnd: '2028-10-31', lastTrainingOn: '2026-11-05' })
    expect(t.db.select().from(memberTrainingsTable).where(eq(memberTrainingsTable.memberId, member.id)).all()).toEqual([expect.objectContaining({ course: '信访听证员岗前培训', hours: 4 })])
    const history = t.db.select().from(memberStatusHistoryTable).where(eq(memberStatusHistoryTable.memberId, member.id)).all()
    expect(history.map((h) => h.action)).toEqual(['create', 'appoint'])
    expect(history[1]!.details).toMatchObject({ appointingBody: '东城区信访局', import: { fileName: 'members.xlsx', row: 2 } })
    const other = t.db.select().from(membersTable).where(eq(membersTable.idNumber, anIdNumber({ seq: 202 }))).get()!
    expect(other.status).toBe('candidate')

    // the same file again: the appointment and the training are already there, nothing is added
    const again = await upload(t, rows, 'commit')
    expect(again.json()).toMatchObject({ committed: true, created: 0, appointed: 0, trained: 0 })
    expect(t.db.select().from(memberTrainingsTable).where(eq(memberTrainingsTable.memberId, member.id)).all()).toHaveLength(1)
  })

  test('bad appointment or training cells are row errors naming the column; without attested conditions nobody is appointed; nothing is written', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const rows = [
      person(211, { ...appointed }),
      person(212, { ...attested, 聘任日期: '2026-11-01' }),
      person(213, { ...attested, 培训课程: '岗前培训', 培训学时: 0 }),
      person(214, { ...attested, ...appointed, 任期届满日期: '2026-10-01' })
    ]
    const res = await upload(t, rows, 'commit')
    const body = expectProblem(res, 422, 'pool.import_has_errors')
    const errors = body.report.errors as { row: number, column: string, message: string }[]
    expect(errors).toEqual(expect.arrayContaining([
      { row: 2, column: '聘任日期', message: expect.stringContaining('四项基本条件尚未全部认定') },
      { row: 3, column: '聘任机关', message: '填写聘任信息时须填写聘任机关' },
      { row: 4, column: '培训日期', message: expect.stringContaining('须填写培训日期') },
      { row: 4, column: '培训学时', message: expect.stringContaining('大于 0') },
      { row: 5, column: '聘任日期', message: expect.stringContaining('任期届满日期须晚于聘任日期') }
    ]))
    expect(t.db.select().from(membersTable).all()).toHaveLength(0)
  })
})
