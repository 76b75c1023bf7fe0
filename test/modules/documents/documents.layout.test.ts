import { describe, expect, test } from 'vitest'
import { PAGE_MARGINS_MM } from '../../../server/modules/documents/documents.pdf-layout.js'
import { renderDocument, resolveDocument } from '../../../server/modules/documents/documents.render.js'
import { documentStrings } from '../../../server/modules/documents/documents.template.js'
import type { EvidenceItem } from '../../../server/modules/documents/documents.view-models.js'
import * as fixtures from './fixtures.js'
import { bodyText, documentBody, findInOrder, inspectPdf, pageOf, squash, type InspectedPdf } from './pdf-inspect.js'

const MM = 72 / 25.4
const A4 = { width: 595.28, height: 841.89 }
const EVIDENCE_HEADER = '序号证据名称提供人证明目的质证意见'

const sentence = '责任单位对该证据的真实性无异议，但认为其不能证明信访人家庭成员在截止日前已经落户。'
function evidence (count: number): EvidenceItem[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `证据${i + 1}号：${['户口簿', '补偿协议', '银行流水', '村委会证明', '现场照片'][i % 5]}`,
    submittedBy: i % 2 === 0 ? '信访人' : '责任单位',
    purpose: `证明第${i + 1}项事实`,
    // rows of one to five lines, so that page breaks fall in many different places
    crossExamination: `质证意见第${i + 1}条：` + sentence.repeat((i % 5) + 1)
  }))
}

/** Every text item lies inside the type area, except the page number and the footer line under it. */
function expectInsideMargins (pdf: InspectedPdf) {
  const left = PAGE_MARGINS_MM.left * MM
  const right = A4.width - PAGE_MARGINS_MM.right * MM
  const top = A4.height - PAGE_MARGINS_MM.top * MM
  const bottom = PAGE_MARGINS_MM.bottom * MM
  pdf.pages.forEach((page, i) => {
    const body = page.items.filter((item) => item.str.trim() !== '' && item.y >= bottom)
    const below = page.items.filter((item) => item.str.trim() !== '' && item.y < bottom)
    expect(squash(below.map((item) => item.str).join(''))).toMatch(new RegExp(`^第${i + 1}页共${pdf.pages.length}页`))
    for (const item of body) {
      expect(item.x).toBeGreaterThanOrEqual(left - 0.01)
      expect(item.x + item.width).toBeLessThanOrEqual(right + 0.5)
      expect(item.y).toBeLessThanOrEqual(top)
    }
  })
}

describe('tables across pages', () => {
  test('the header row is repeated on every page the table continues on, and no row is cut in half', async () => {
    const doc = await renderDocument('minutes', fixtures.minutes({ evidence: evidence(60) }), { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    const rowPages = evidence(60).map((row) => {
      const pages = [row.name, row.purpose ?? '', row.crossExamination ?? ''].map((cell) => pageOf(pdf, cell))
      expect(new Set(pages).size, `row ${row.name} is on pages ${pages}`).toBe(1)
      expect(pages[0]).toBeGreaterThanOrEqual(0)
      return pages[0]!
    })
    const tablePages = [...new Set(rowPages)]
    expect(tablePages.length).toBeGreaterThanOrEqual(3)
    for (const p of tablePages) {
      const body = bodyText(pdf.pages[p]!)
      const firstRow = evidence(60)[rowPages.indexOf(p)]!
      expect(body.indexOf(EVIDENCE_HEADER), `header on page ${p + 1}`).toBeGreaterThanOrEqual(0)
      expect(body.indexOf(EVIDENCE_HEADER)).toBeLessThan(body.indexOf(squash(firstRow.name)))
    }
    expectInsideMargins(pdf)
  })

  test('multi-line cells wrap inside their column', async () => {
    const doc = await renderDocument('minutes', fixtures.minutes({ evidence: evidence(5) }), { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(findInOrder(documentBody(pdf), evidence(5).flatMap((r, i) => [String(i + 1), r.name, r.submittedBy, r.purpose ?? '', r.crossExamination ?? '']))).toBe(true)
    expectInsideMargins(pdf)
  })

  test('a single row taller than a page is the only thing split, at a line, under a repeated header', async () => {
    const huge = '信访人补充陈述其家庭成员的落户经过以及与村集体经济组织的关系。'.repeat(120)
    const doc = await renderDocument('minutes', fixtures.minutes({
      evidence: [{ name: '补充陈述材料', submittedBy: '信访人', purpose: '证明落户经过', crossExamination: huge }, ...evidence(2)]
    }), { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(documentBody(pdf)).toContain(squash(huge).slice(0, 200))
    const text = documentBody(pdf).replaceAll(EVIDENCE_HEADER, '')
    expect(text).toContain(squash(huge))
    const first = pageOf(pdf, '补充陈述材料')
    expect(bodyText(pdf.pages[first + 1]!).startsWith(EVIDENCE_HEADER)).toBe(true)
    expectInsideMargins(pdf)
  })
})

describe('signature blocks', () => {
  test('wherever the block falls, the title, the statement and every signature line are on one page', async () => {
    for (let k = 0; k < 16; k++) {
      const vm = { ...fixtures.deliberation, conclusion: fixtures.deliberation.conclusion + '理由是安置方案经过公示，截止日期全区统一执行。'.repeat(k * 2) }
      const pdf = await inspectPdf((await renderDocument('deliberation-record', vm, { now: fixtures.NOW })).bytes)
      const titlePage = pageOf(pdf, '参加评议人员和记录员签名')
      const signLines = pdf.pages.map((page) => page.items.filter((item) => item.str === '签名：').length)
      expect(signLines[titlePage], `k=${k}: ${signLines}`).toBe(6)
      expect(pageOf(pdf, '以上记录已经参加评议人员核对，确认无误。')).toBe(titlePage)
    }
  })

  test('the minutes end with the signatures of every signatory, with the host\'s note for a refusal, never on a page without the record\'s text', async () => {
    const vm = fixtures.minutes()
    const pdf = await inspectPdf((await renderDocument('minutes', vm, { now: fixtures.NOW })).bytes)
    const titlePage = pageOf(pdf, '笔录核对及签名')
    expect(bodyText(pdf.pages[titlePage]!).startsWith('笔录核对及签名')).toBe(false)
    expect(bodyText(pdf.pages[titlePage]!)).toContain('现在宣布听证结束')
    const signatures = pdf.pages.slice(titlePage).map(bodyText).join('')
    expect(findInOrder(signatures, ['笔录核对及签名', ...vm.signatories.flatMap((s) => [s.name, s.refusal ? '拒绝签名' : '签名：'])])).toBe(true)
    expect(signatures).toContain('主持人注明：责任单位代表钱伟认为笔录第四部分未记录其补充意见，拒绝签名。')
    expect(pdf.pages.slice(titlePage).flatMap((p) => p.items).filter((item) => item.str === '签名：')).toHaveLength(vm.signatories.length - 1)
  })
})

describe('ten pages of minutes', () => {
  test('lay out on exactly ten numbered pages, stay in the margins and under 400 KB, and extract exactly', async () => {
    const vm = fixtures.longMinutes(fixtures.MINUTES_10_PAGES)
    const doc = await renderDocument('minutes', vm, { now: fixtures.NOW })
    expect(doc.pageCount).toBe(10)
    expect(doc.bytes.length).toBeLessThan(400 * 1024)
    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.pages).toHaveLength(10)
    pdf.pages.forEach((page, i) => {
      expect(page.text).toContain(`第${i + 1}页共10页听证笔录第2版定稿内容SHA-256：${vm.record.contentSha256}`)
    })
    const resolved = resolveDocument('minutes', vm)
    expect(findInOrder(documentBody(pdf), documentStrings({ ...resolved, footer: undefined }))).toBe(true)
    expectInsideMargins(pdf)
  })
})

describe('names in the draw record', () => {
  test('a long name is printed on one line of its cell (set smaller), never broken inside the name', async () => {
    const long = '阿卜杜热合曼·买买提江'
    const vm = {
      ...fixtures.drawRecord,
      excluded: [...fixtures.drawRecord.excluded, { name: long, reason: '系信访人的近亲属' }],
      declines: [{ ...fixtures.drawRecord.declines[0]!, replacedBy: long }],
      rounds: [{ ...fixtures.drawRecord.rounds[0]!, alternates: [{ position: 5, name: long, unit: '滨海市政协' }] }]
    }
    const pdf = await inspectPdf((await renderDocument('draw-record', vm, { now: fixtures.NOW })).bytes)
    const items = pdf.pages.flatMap((p) => p.items)
    // each occurrence is one text run on one line: excluded, draws and declines tables
    expect(items.filter((item) => item.str === long)).toHaveLength(3)
    expect(items.filter((item) => item.str !== long && item.str.length > 0 && long.includes(item.str) && item.str.length > 1)).toHaveLength(0)
  })
})
