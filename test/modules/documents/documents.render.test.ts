import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { renderDocument, resolveDocument } from '../../../server/modules/documents/documents.render.js'
import { documentStrings } from '../../../server/modules/documents/documents.template.js'
import type { DocumentKind, DocumentViewModels } from '../../../server/modules/documents/documents.view-models.js'
import * as fixtures from './fixtures.js'
import { documentBody, findInOrder, inspectPdf, squash } from './pdf-inspect.js'

const samples: { [K in DocumentKind]: [K, DocumentViewModels[K], string] } = {
  'rights-notice': ['rights-notice', fixtures.rightsNotice, '听证权利告知书'],
  'hearing-notice-petitioner': ['hearing-notice-petitioner', fixtures.petitionerNotice, '听证通知书'],
  'hearing-notice-respondent': ['hearing-notice-respondent', fixtures.respondentNotice, '听证通知书'],
  'member-invitation': ['member-invitation', fixtures.memberInvitation, '听证员邀请函'],
  'service-receipt': ['service-receipt', fixtures.serviceReceipt, '送达回证'],
  minutes: ['minutes', fixtures.minutes(), '听证笔录'],
  'deliberation-record': ['deliberation-record', fixtures.deliberation, '听证评议记录'],
  'draw-record': ['draw-record', fixtures.drawRecord, '听证员抽取记录表']
}

describe.each(Object.values(samples))('%s', (kind, viewModel, title) => {
  test('renders a PDF whose Chinese text extracts exactly, in order, with an embedded subset font and numbered pages', async () => {
    const doc = await renderDocument(kind as DocumentKind, viewModel as never, { now: fixtures.NOW })
    expect(doc.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(doc.sha256).toBe(createHash('sha256').update(doc.bytes).digest('hex'))
    expect(doc.title).toBe(title)

    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.pages).toHaveLength(doc.pageCount)
    // every string the template printed, in reading order, character for character (the footer is checked below)
    const resolved = resolveDocument(kind as DocumentKind, viewModel as never)
    expect(findInOrder(documentBody(pdf), documentStrings({ ...resolved, footer: undefined }))).toBe(true)
    pdf.pages.forEach((page, i) => {
      expect(page.text).toContain(squash(`第 ${i + 1} 页 共 ${doc.pageCount} 页${resolved.footer ?? ''}`))
      expect(page.fonts.length).toBeGreaterThan(0)
      for (const font of page.fonts) {
        expect(font.embedded).toBe(true)
        expect(font.name).toMatch(/^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)$/)
      }
    })
    expect(pdf.info).toMatchObject({ Title: title, CreationDate: 'D:20261128020000Z' })
    // TrueType outlines embedded (a subset, not the 14 MB font)
    expect(doc.bytes.includes('/FontFile2')).toBe(true)
    expect(doc.bytes.length).toBeLessThan(200 * 1024)
  })
})

describe('output is reproducible', () => {
  test('the same view-model and `now` give the same bytes; another `now` changes only the dates', async () => {
    const a = await renderDocument('hearing-notice-petitioner', fixtures.petitionerNotice, { now: fixtures.NOW })
    const b = await renderDocument('hearing-notice-petitioner', fixtures.petitionerNotice, { now: fixtures.NOW })
    const c = await renderDocument('hearing-notice-petitioner', fixtures.petitionerNotice, { now: new Date('2026-11-29T00:00:00Z') })
    expect(b.sha256).toBe(a.sha256)
    expect(c.sha256).not.toBe(a.sha256)
    expect(c.bytes.length).toBe(a.bytes.length)
  })

  test('documents rendered at the same time share the fonts without affecting each other', async () => {
    const one = async () => [
      (await renderDocument('minutes', fixtures.minutes(), { now: fixtures.NOW })).sha256,
      (await renderDocument('member-invitation', fixtures.memberInvitation, { now: fixtures.NOW })).sha256
    ]
    const sequential = await one()
    const together = await Promise.all([
      renderDocument('minutes', fixtures.minutes(), { now: fixtures.NOW }),
      renderDocument('member-invitation', fixtures.memberInvitation, { now: fixtures.NOW })
    ])
    expect(together.map((d) => d.sha256)).toEqual(sequential)
  })
})

describe('document metadata and parts', () => {
  test('the issuing body is the author, and notices carry the number, the issuer, the Chinese date and a seal placeholder', async () => {
    const doc = await renderDocument('rights-notice', fixtures.rightsNotice, { now: fixtures.NOW })
    const pdf = await inspectPdf(doc.bytes)
    expect(pdf.info).toMatchObject({ Author: '滨海市信访局', Title: '听证权利告知书' })
    expect(findInOrder(documentBody(pdf), ['听证权利告知书', '滨信听〔2026〕12号', '张秀兰：', '滨海市信访局', '2026年11月28日', '（印章）'])).toBe(true)
  })

  test('draft minutes say so in the footer; finalised minutes print version and content hash on every page', async () => {
    const draft = await inspectPdf((await renderDocument('minutes', fixtures.minutes(), { now: fixtures.NOW })).bytes)
    for (const page of draft.pages) expect(page.text).toMatch(/听证笔录第1版草稿（未定稿）$/)
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    const final = await inspectPdf((await renderDocument('minutes', fixtures.minutes({ record: { version: 3, contentSha256: hash } }), { now: fixtures.NOW })).bytes)
    for (const page of final.pages) expect(page.text).toMatch(new RegExp(`听证笔录第3版定稿内容SHA-256：${hash}$`))
  })

  test('the service receipt ticks the method decided in advance and leaves the others open', async () => {
    const pdf = await inspectPdf((await renderDocument('service-receipt', fixtures.serviceReceipt, { now: fixtures.NOW })).bytes)
    expect(pdf.text).toContain('■直接送达□邮寄送达□留置送达□电子送达□委托送达')
    const open = await inspectPdf((await renderDocument('service-receipt', { ...fixtures.serviceReceipt, method: undefined }, { now: fixtures.NOW })).bytes)
    expect(open.text).toContain('□直接送达□邮寄送达□留置送达□电子送达□委托送达')
  })

  test('an unknown kind is refused with documents.unknown_kind', async () => {
    await expect(renderDocument('summons' as DocumentKind, fixtures.rightsNotice as never, { now: fixtures.NOW }))
      .rejects.toMatchObject({ code: 'documents.unknown_kind', status: 400 })
  })

  test('a malformed document number is refused before anything is drawn', async () => {
    await expect(renderDocument('rights-notice', { ...fixtures.rightsNotice, documentNumber: { prefix: '滨信听', year: 2026, serial: 0 } }, { now: fixtures.NOW }))
      .rejects.toMatchObject({ code: 'documents.invalid_number', status: 422 })
  })

  test('control characters in a statement are refused, naming the field', async () => {
    const minutes = fixtures.minutes()
    minutes.statements = [{ speaker: { role: 'petitioner', name: '张秀兰' }, text: '陈述\u0007内容' }]
    await expect(renderDocument('minutes', minutes, { now: fixtures.NOW })).rejects.toMatchObject({
      code: 'documents.control_characters',
      status: 422,
      extra: { fields: [{ field: 'statements[0].text', codePoints: ['U+0007'] }] }
    })
  })
})
