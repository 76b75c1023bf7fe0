import { describe, expect, test } from 'vitest'
import { renderDocument } from '../../../server/modules/documents/documents.render.js'
import type { DocumentKind, DocumentViewModels } from '../../../server/modules/documents/documents.view-models.js'
import * as fixtures from './fixtures.js'
import { bodyText, inspectPdf, pageOf, squash } from './pdf-inspect.js'

/*
 * The closing block (contact lines, issuer, seal and date; or the signatures) never stands on a page of its own:
 * for every kind, the body is made longer step by step so that its end passes over a page break, and on the page
 * where the closing block starts something of the body must come before it.
 */
type Case<K extends DocumentKind> = { kind: K, steps: number, vm: (k: number) => DocumentViewModels[K], closingStarts: string, closingEnds: string }

const lines = (k: number, text: string) => Array.from({ length: k }, (_, i) => `${text}（第${i + 1}份）`)
const entry = (text: string) => ({ speaker: { role: 'host' as const, name: '陈立明' }, text })

const cases = [
  {
    kind: 'rights-notice',
    steps: 40,
    vm: (k: number) => ({ ...fixtures.rightsNotice, legalBasis: fixtures.rightsNotice.legalBasis + '、《滨海市信访事项听证办法实施细则》'.repeat(k) }),
    closingStarts: '联系人：',
    closingEnds: '（印章）'
  },
  {
    kind: 'hearing-notice-petitioner',
    steps: 30,
    vm: (k: number) => ({ ...fixtures.petitionerNotice, materialsToBring: lines(k, '身份证原件及复印件') }),
    closingStarts: '联系人：',
    closingEnds: '（印章）'
  },
  {
    kind: 'hearing-notice-respondent',
    steps: 30,
    vm: (k: number) => ({ ...fixtures.respondentNotice, materialsToBring: lines(k, '征收补偿安置方案') }),
    closingStarts: '联系人：',
    closingEnds: '（印章）'
  },
  {
    kind: 'member-invitation',
    steps: 40,
    vm: (k: number) => ({ ...fixtures.memberInvitation, matter: { ...fixtures.memberInvitation.matter, summary: fixtures.matter.summary + '信访人另称其家庭成员已于征收前依法落户。'.repeat(k) } }),
    closingStarts: '联系人：',
    closingEnds: '（印章）'
  },
  {
    kind: 'minutes',
    steps: 30,
    vm: (k: number) => fixtures.minutes({ closing: [entry('现在宣布听证结束。'), ...lines(k, '请听证参加人核对笔录').map(entry)] }),
    closingStarts: '笔录核对及签名',
    closingEnds: '以上笔录已交听证参加人和听证组成人员核对'
  },
  {
    kind: 'draw-record',
    steps: 36,
    vm: (k: number) => ({ ...fixtures.drawRecord, rules: [...fixtures.drawRecord.rules, ...lines(k, '同一单位最多抽取1名')] }),
    closingStarts: '以上抽取在监督见证人在场的情况下进行，记录属实。',
    closingEnds: '高卫东签名：'
  }
] as Case<DocumentKind>[]

describe('no page holds only the closing block', () => {
  for (const c of cases) {
    test(`${c.kind}: wherever the body ends, its last part shares the page with the closing block`, async () => {
      let pageBreaks = 0
      let previousPages = 0
      for (let k = 0; k < c.steps; k++) {
        const pdf = await inspectPdf((await renderDocument(c.kind, c.vm(k), { now: fixtures.NOW })).bytes)
        if (previousPages > 0 && pdf.pages.length > previousPages) pageBreaks++
        previousPages = pdf.pages.length
        const page = pageOf(pdf, c.closingStarts)
        expect(page, `k=${k}`).toBeGreaterThanOrEqual(0)
        expect(bodyText(pdf.pages[page]!).indexOf(squash(c.closingStarts)), `k=${k}: page ${page + 1} starts with the closing block`).toBeGreaterThan(0)
        expect(pageOf(pdf, c.closingEnds), `k=${k}: the closing block is split`).toBe(page)
      }
      // the sweep did carry the end of the body over a page break
      expect(pageBreaks).toBeGreaterThan(0)
    })
  }
})
