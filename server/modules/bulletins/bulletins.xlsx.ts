import type ExcelJS from 'exceljs'
import { rankRates, rankReview, ranks } from './bulletins.rules.js'
import type { BulletinFigures, RateFigure } from './bulletins.types.js'

/** exceljs costs almost half a second to import: loaded when the first workbook is written. */
let excel: typeof ExcelJS | undefined

export const BULLETIN_SHEETS = ['通报', '各县（市、区）听证率', '各乡镇（街道）听证率', '复查工作得分', '月度走势'] as const

type Stored = { title: string, number: string, summary: string, issuerName: string, issuedAt: Date, figures: BulletinFigures }

/**
 * The bulletin's figures as a workbook, one sheet per table of the PDF and a first sheet with title, 文号 and the
 * summary. Counts and points are numbers, rates are fractions formatted as percent (0.0%), so they can be summed and
 * charted; a rate of nothing is an empty cell.
 */
export async function bulletinWorkbook (bulletin: Stored): Promise<Buffer> {
  excel ??= (await import('exceljs')).default
  const { figures } = bulletin
  const workbook = new excel.Workbook()
  workbook.creator = 'tingzheng 听证管理系统'
  workbook.title = bulletin.title
  workbook.created = bulletin.issuedAt
  workbook.modified = bulletin.issuedAt

  const cover = workbook.addWorksheet(BULLETIN_SHEETS[0])
  cover.columns = [{ width: 14 }, { width: 90 }]
  for (const [label, value] of [['标题', bulletin.title], ['文号', bulletin.number], ['期间', `${figures.period.from}至${figures.period.to}`], ['印发机关', bulletin.issuerName], ['摘要', bulletin.summary], ['说明', figures.rateNote]]) {
    const row = cover.addRow([label, value])
    row.getCell(1).font = { bold: true }
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' }
  }

  const rateSheet = (name: string, rows: RateFigure[], withCounty: boolean, total?: BulletinFigures['city']) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    const ranked = rankRates(rows)
    const rankOf = ranks(ranked, (a, b) => a.rate === b.rate && a.score === b.score)
    sheet.columns = [
      { header: '排名', width: 6 },
      ...(withCounty ? [{ header: '县（市、区）', width: 14 }] : []),
      { header: withCounty ? '乡镇（街道）' : '县（市、区）', width: 16 },
      { header: '应听证事项（件）', width: 16 },
      { header: '举行听证（件）', width: 14 },
      { header: '听证率', width: 10, style: { numFmt: '0.0%' } },
      { header: '得分（满分10分）', width: 16 }
    ]
    sheet.getRow(1).font = { bold: true }
    ranked.forEach((r, i) => sheet.addRow([rankOf[i], ...(withCounty ? [r.county ?? ''] : []), r.name, r.eligible, r.heard, r.rate, r.score]))
    if (total) sheet.addRow([null, '全市', total.eligible, total.heard, total.rate, total.score]).font = { bold: true }
  }
  rateSheet(BULLETIN_SHEETS[1], figures.counties, false, figures.city)
  rateSheet(BULLETIN_SHEETS[2], figures.townships, true)

  const review = workbook.addWorksheet(BULLETIN_SHEETS[3], { views: [{ state: 'frozen', ySplit: 1 }] })
  const ranked = rankReview(figures.review)
  const rankOf = ranks(ranked, (a, b) => a.total === b.total)
  review.columns = ['排名', '县（市、区）', '复查事项（件）', '按期办结（3分）', '办理质量（2分）', '系统录入（2分）', '合计（7分）'].map((header, i) => ({ header, width: i === 0 ? 6 : 16 }))
  review.getRow(1).font = { bold: true }
  ranked.forEach((r, i) => review.addRow([rankOf[i], r.name, r.cases, r.onTime, r.quality, r.entry, r.total]))

  const months = workbook.addWorksheet(BULLETIN_SHEETS[4], { views: [{ state: 'frozen', ySplit: 1 }] })
  months.columns = [{ header: '月份', width: 10 }, { header: '应听证事项（件）', width: 16 }, { header: '举行听证（件）', width: 14 }, { header: '听证率', width: 10, style: { numFmt: '0.0%' } }]
  months.getRow(1).font = { bold: true }
  for (const m of figures.months) months.addRow([m.month, m.eligible, m.heard, m.rate])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
