import { describe, expect, test } from 'vitest'
import { renderDocument } from '../../../server/modules/documents/documents.render.js'
import type { DocumentKind, DocumentViewModels } from '../../../server/modules/documents/documents.view-models.js'
import * as fixtures from './fixtures.js'
import { documentBody, inspectPdf } from './pdf-inspect.js'

const TITLE = '关于临港区海丰村征地补偿款发放问题的信访事项'
const withTitle = <T extends { matter: object }>(vm: T): T => ({ ...vm, matter: { ...vm.matter, title: TITLE } })

const notices: { [K in DocumentKind]?: DocumentViewModels[K] } = {
  'rights-notice': withTitle(fixtures.rightsNotice),
  'hearing-notice-petitioner': withTitle(fixtures.petitionerNotice),
  'hearing-notice-respondent': withTitle(fixtures.respondentNotice),
  'member-invitation': withTitle(fixtures.memberInvitation)
}

describe('notice wording', () => {
  for (const [kind, vm] of Object.entries(notices) as [DocumentKind, DocumentViewModels[DocumentKind]][]) {
    test(`${kind}: a title that ends with 信访事项 is not followed by 信访事项 again; body at 16 pt; the signing date is in Arabic numerals`, async () => {
      const pdf = await inspectPdf((await renderDocument(kind, vm, { now: fixtures.NOW })).bytes)
      const text = documentBody(pdf)
      expect(text).toContain(`“${TITLE}”（编号：${fixtures.matter.caseNumber}）`)
      // body text at 3号 (16 pt), GB/T 9704-2012 §5.2.2
      const opening = pdf.pages[0]!.items.find((item) => item.str.includes('信访事项'))!
      expect(opening.size).toBe(16)
      expect(text).not.toContain('信访事项”信访事项')
      expect(text).toContain('滨海市信访局2026年11月28日（印章）')
      expect(text).not.toContain('二〇二六年')
    })
  }

  test('a title without 信访事项 is still called a 信访事项', async () => {
    const text = documentBody(await inspectPdf((await renderDocument('hearing-notice-petitioner', fixtures.petitionerNotice, { now: fixtures.NOW })).bytes))
    expect(text).toContain(`关于你反映的“${fixtures.matter.title}”信访事项（编号：${fixtures.matter.caseNumber}）`)
  })
})
