import { describe, expect, test } from 'vitest'
import ExcelJS from 'exceljs'
import { Zip, ZipDeflate, zipSync } from 'fflate'
import { crc32 } from 'node:zlib'
import { checkZip, ZipRejected, type ZipLimits, type ZipProblem } from '../../server/common/zip-guard.js'
import { assemble, centralHeader, deflatedRepeat, endRecord, hiddenHeaderBomb, localHeader, recordsOf, zip64Extra, zipRecord, type ZipRecord } from '../helpers/zip.js'

const LIMITS: ZipLimits = { maxEntries: 100, maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 6 * 1024 * 1024 }
const HEADERS = ['姓名', '性别', '身份证号', '手机号', '常住区划', '可担任角色', '人员来源']

async function workbook () {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('听证员名单')
  ws.addRow(HEADERS)
  ws.addRow(['张伟', '男', '110101199001011234', '13800000001', '渤海社区', '听证员', '人大代表'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function refusal (buffer: Buffer, limits = LIMITS): Promise<ZipProblem> {
  try {
    await checkZip(buffer, limits)
  } catch (error) {
    if (error instanceof ZipRejected) return error.problem
    throw error
  }
  throw new Error('archive accepted')
}

const records = () => [zipRecord('a.xml', '<a>' + 'x'.repeat(5000) + '</a>'), zipRecord('b.xml', 'bbbb', 0), zipRecord('c.xml', '<c/>')]

describe('checkZip accepts ordinary archives', () => {
  test('a workbook exceljs wrote, one fflate wrote with data descriptors, and a hand-built one with stored and deflated entries', async () => {
    const wb = await workbook()
    const entries = await checkZip(wb, LIMITS)
    expect(entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml')

    const chunks: Uint8Array[] = []
    const zip = new Zip((error, chunk) => { if (error) throw error; chunks.push(chunk) })
    const part = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 })
    zip.add(part)
    part.push(new TextEncoder().encode('<worksheet/>'.repeat(1000)), true)
    zip.end()
    expect(await checkZip(Buffer.concat(chunks), LIMITS)).toEqual([expect.objectContaining({ name: 'xl/worksheets/sheet1.xml', size: 12000 })])

    expect((await checkZip(assemble(records()), LIMITS)).map((e) => [e.name, e.method, e.size])).toEqual([['a.xml', 8, 5007], ['b.xml', 0, 4], ['c.xml', 8, 4]])
    expect(await checkZip(Buffer.from(zipSync({ 'x.txt': new Uint8Array(10) })), LIMITS)).toHaveLength(1)
  })

  test('Zip64 sizes in the extra fields are read', async () => {
    const r = zipRecord('a.xml', 'hello zip64')
    const head = localHeader(r, { size: 0xffffffff, compressedSize: 0xffffffff, extra: zip64Extra(r.size, r.data.length) })
    const central = centralHeader(r, 0, { size: 0xffffffff, compressedSize: 0xffffffff, extra: zip64Extra(r.size, r.data.length) })
    const archive = Buffer.concat([head, r.data, central, endRecord(1, central.length, head.length + r.data.length)])
    expect(await checkZip(archive, LIMITS)).toEqual([expect.objectContaining({ name: 'a.xml', size: r.size })])
  })
})

describe('checkZip refuses every entry that is too big, declared or real, before anything is kept', () => {
  test('a declared size over the bound per entry, or all entries together over the total, or too many entries', async () => {
    const big = deflatedRepeat('xl/worksheets/sheet1.xml', { head: '<a>', fill: ' ', tail: '</a>', size: LIMITS.maxEntryBytes + 1 })
    expect(await refusal(assemble([big]))).toBe('entry_too_large')
    const three = [1, 2, 3].map((i) => deflatedRepeat(`s${i}.xml`, { head: '<a>', fill: ' ', tail: '</a>', size: 3 * 1024 * 1024 }))
    expect(await refusal(assemble(three))).toBe('total_too_large')
    const many = Array.from({ length: 101 }, (_, i) => zipRecord(`p${i}.xml`, 'x'))
    expect(await refusal(assemble(many))).toBe('too_many_entries')
    for (const problem of ['entry_too_large', 'total_too_large', 'too_many_entries'] as const) expect(new ZipRejected(problem).tooLarge).toBe(true)
    expect(new ZipRejected('size_mismatch').tooLarge).toBe(false)
  })

  test('an entry that inflates to more than it declares is stopped at the declared size (a 1 GB sheet declaring 1 KB)', async () => {
    const bomb = deflatedRepeat('xl/worksheets/sheet1.xml', { head: '<a>', fill: ' ', tail: '</a>', size: 1024 * 1024 * 1024 })
    const archive = assemble([bomb], { local: () => ({ size: 1024 }), central: () => ({ size: 1024 }) })
    const before = process.memoryUsage().rss
    const started = Date.now()
    expect(await refusal(archive)).toBe('size_mismatch')
    expect(Date.now() - started).toBeLessThan(2000)
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024)
    // and one that declares more than it holds
    const small = zipRecord('a.xml', 'short')
    expect(await refusal(assemble([small], { local: () => ({ size: 50 }), central: () => ({ size: 50 }) }))).toBe('size_mismatch')
    // a stored entry whose sizes differ from each other
    const stored = zipRecord('b.xml', 'stored', 0)
    expect(await refusal(assemble([stored], { local: () => ({ size: 3 }), central: () => ({ size: 3 }) }))).toBe('size_mismatch')
    // the CRC is the declared one
    expect(await refusal(assemble([small], { local: () => ({ crc: 1 }), central: () => ({ crc: 1 }) }))).toBe('crc_mismatch')
  })
})

describe('checkZip refuses archives that show two readers two different things', () => {
  test('the hidden-header bomb: a sheet inside a stored filler that only the central directory lists', async () => {
    const wb = await workbook()
    // what was reported: the filler walks as one stored image, the directory's sheet lies inside it
    expect(await refusal(hiddenHeaderBomb(wb, HEADERS, { inflated: 1024, copies: 1 }))).toBe('unreferenced_bytes')
    expect(await refusal(hiddenHeaderBomb(wb, HEADERS, { inflated: 600 * 1024 * 1024, declared: 1024, copies: 1 }))).toBe('local_central_mismatch')
    expect(await refusal(hiddenHeaderBomb(wb, HEADERS, { inflated: 600 * 1024 * 1024, copies: 1 }))).toBe('entry_too_large')
    expect(await refusal(hiddenHeaderBomb(wb, HEADERS, { inflated: 1024, fillerDeclared: 700 * 1024 * 1024, copies: 1 }))).toBe('unreferenced_bytes')
    // several directory records for the one hidden stream: sheet2.xml's record points at sheet1.xml's local header
    expect(await refusal(hiddenHeaderBomb(wb, HEADERS, { inflated: 1024, fillerDeclared: 700 * 1024 * 1024, copies: 3 }))).toBe('local_central_mismatch')
  })

  test('an entry whose bytes lie inside another listed entry, or two records for one stream', async () => {
    const inner = zipRecord('xl/worksheets/sheet1.xml', '<worksheet/>')
    const innerBytes = Buffer.concat([localHeader(inner), inner.data])
    const filler: ZipRecord = { name: 'xl/media/image1.png', method: 0, crc: crc32(innerBytes), size: innerBytes.length, data: innerBytes }
    const head = localHeader(filler)
    const directory = [centralHeader(filler, 0), centralHeader(inner, head.length)]
    const size = directory.reduce((n, b) => n + b.length, 0)
    const nested = Buffer.concat([head, innerBytes, ...directory, endRecord(2, size, head.length + innerBytes.length)])
    expect(await refusal(nested)).toBe('overlapping_entries')

    const a = zipRecord('a.xml', '<a/>')
    const body = Buffer.concat([localHeader(a), a.data])
    const twice = [centralHeader(a, 0), centralHeader(a, 0, { name: 'a.xml' })]
    const twiceSize = twice.reduce((n, b) => n + b.length, 0)
    expect(await refusal(Buffer.concat([body, ...twice, endRecord(2, twiceSize, body.length)]))).toBe('duplicate_name')
    // a different name for the same bytes: the local header names the first one
    const other = [centralHeader(a, 0), centralHeader(a, 0, { name: 'b.xml' })]
    const otherSize = other.reduce((n, b) => n + b.length, 0)
    expect(await refusal(Buffer.concat([body, ...other, endRecord(2, otherSize, body.length)]))).toBe('local_central_mismatch')
  })

  test('duplicate names (also differing only in case or slash), local headers that disagree with the directory, bytes outside every entry', async () => {
    const [a, b] = [zipRecord('xl/a.xml', '<a/>'), zipRecord('xl/A.xml', '<b/>')]
    expect(await refusal(assemble([a!, b!]))).toBe('duplicate_name')
    expect(await refusal(assemble([zipRecord('xl/a.xml', '1'), zipRecord('xl\\a.xml', '2')]))).toBe('duplicate_name')
    expect(await refusal(assemble([zipRecord('xl/a.xml', '1'), zipRecord('xl/a.xml', '2')]))).toBe('duplicate_name')
    expect(await refusal(assemble(records(), { local: (_r, i) => (i === 1 ? { size: 2, compressedSize: 2 } : {}) }))).toBe('local_central_mismatch')
    expect(await refusal(assemble(records(), { local: (_r, i) => (i === 2 ? { name: 'd.xml' } : {}) }))).toBe('local_central_mismatch')
    expect(await refusal(assemble(records(), { local: (_r, i) => (i === 0 ? { method: 0 } : {}) }))).toBe('local_central_mismatch')
    expect(await refusal(assemble(records(), { after: (_r, i) => (i === 0 ? Buffer.from('hidden bytes') : Buffer.alloc(0)) }))).toBe('unreferenced_bytes')
    expect(await refusal(assemble(records(), { local: (_r, i) => (i === 0 ? { flags: 0x0801 } : {}), central: (_r, i) => (i === 0 ? { flags: 0x0801 } : {}) }))).toBe('encrypted')
    expect(await refusal(assemble(records(), { local: (_r, i) => (i === 0 ? { method: 12 } : {}), central: (_r, i) => (i === 0 ? { method: 12 } : {}) }))).toBe('unsupported_method')
  })

  test('not a zip, a cut-off archive, corrupt deflate data', async () => {
    expect(await refusal(Buffer.from('PK\u0003\u0004 not really a zip'))).toBe('not_a_zip')
    const whole = assemble(records())
    expect(await refusal(whole.subarray(0, whole.length - 5))).toBe('not_a_zip')
    const junk = { ...zipRecord('a.xml', '<a/>'), data: Buffer.from([0xff, 0xff, 0xff, 0xff]) }
    expect(await refusal(assemble([junk]))).toBe('corrupt_data')
  })
})

describe('recordsOf', () => {
  test('keeps the parts of a workbook', async () => {
    expect(recordsOf(await workbook()).map((r) => r.name)).toContain('xl/workbook.xml')
  })
})
