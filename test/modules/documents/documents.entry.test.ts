import { describe, expect, test } from 'vitest'
import { refuseUnprintableText } from '../../../server/modules/documents/documents.entry.js'
import ExcelJS from 'exceljs'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { anIdNumber } from '../pool/pool.fixtures.js'

// U+31350 (Extension H, Unicode 15) is in no font the documents use; U+20000 𠀀 is in HanaMin.
const NOWHERE = '\u{31350}'
const EXT_B = '\u{20000}'

describe('text no document font can draw is refused when entered', () => {
  test('a write whose text holds such a character answers 422 naming the field, the character and its code point', async () => {
    const t = await createTestApp()
    const city = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: '滨海市', code: '371600000000' } })
    expect(city.statusCode).toBe(201)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: `王${NOWHERE}区`, parentId: city.json().id } })
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const body = res.json()
    expect(body).toMatchObject({ code: 'documents.unprintable_text', status: 422, title: '填写的内容含有文书无法打印的字符' })
    expect(body.errors).toHaveLength(1)
    expect(body.errors[0]).toMatchObject({ in: 'body', field: 'name' })
    expect(body.errors[0].message).toContain(`“${NOWHERE}”（U+31350）`)
    expect(body.detail).toContain('U+31350')
  })

  test('a rare character a fallback font draws is accepted', async () => {
    const t = await createTestApp()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/regions', headers: t.admin.headers, payload: { name: `${EXT_B}海市`, code: '371600000000' } })
    expect(res.statusCode).toBe(201)
    expect(res.json().name).toBe(`${EXT_B}海市`)
  })

  test('nested text is named by its path; fields never printed (passwords, tokens) are not checked', () => {
    expect(() => refuseUnprintableText({ password: `pw${NOWHERE}`, token: NOWHERE, items: ['甲', { text: '乙\t丙\r\n丁\u200B' }] })).not.toThrow()
    expect(() => refuseUnprintableText({ name: '东城区信访局\u202E' })).toThrow(expect.objectContaining({ code: 'documents.control_characters' }))
    let error: unknown
    try { refuseUnprintableText({ entries: [{ text: '正常' }, { text: `陈述${NOWHERE}` }] }) } catch (e) { error = e }
    expect(error).toMatchObject({ code: 'documents.unprintable_text', status: 422, extra: { errors: [{ in: 'body', field: 'entries.1.text' }] } })
  })
})

describe('the pool import refuses such text too', () => {
  test('a spreadsheet row whose name no document font can draw is reported with its row, column and code point', async () => {
    const t = await createTestApp()
    seedRegionTree(t)
    const headers = ['姓名', '身份证号', '手机号', '常住区划', '可担任角色', '人员来源']
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('听证员名单')
    ws.addRow(headers)
    ws.addRow([`王${NOWHERE}`, anIdNumber({ seq: 101 }), '13800000001', '渤海社区', '听证员', '乡贤'])
    ws.addRow([`王${EXT_B}`, anIdNumber({ seq: 102 }), '13800000002', '渤海社区', '听证员', '乡贤'])
    const content = Buffer.from(await wb.xlsx.writeBuffer())
    const boundary = '----tingzheng-entry-boundary'
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pool.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`)
    ])
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pool/imports', headers: { ...t.admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json()
    expect(report.errors).toContainEqual({ row: 2, column: '姓名', message: expect.stringContaining(`“${NOWHERE}”（U+31350）`) })
    expect(report.errors.some((e: { row: number }) => e.row === 3)).toBe(false)
  })
})
