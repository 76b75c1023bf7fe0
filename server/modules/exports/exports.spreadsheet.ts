import type ExcelJS from 'exceljs'
import { PROVINCIAL_COLUMNS } from './exports.provincial.rules.js'

/** exceljs costs almost half a second to import: loaded when the first export is written. */
let excel: typeof ExcelJS | undefined

export const PROVINCIAL_SHEET = '听证基本要件'

/**
 * The provincial export as .xlsx: one sheet, the header row (bold, frozen, filtered), then one row per hearing; every
 * cell is text, so numbers such as 事项编号 keep their leading zeros and nothing is read as a formula or a date.
 */
export async function provincialWorkbook (rows: readonly string[][], { now, title }: { now: Date, title: string }): Promise<Buffer> {
  excel ??= (await import('exceljs')).default
  const workbook = new excel.Workbook()
  workbook.creator = 'tingzheng 听证管理系统'
  workbook.title = title
  workbook.created = now
  workbook.modified = now
  const sheet = workbook.addWorksheet(PROVINCIAL_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = PROVINCIAL_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROVINCIAL_COLUMNS.length } }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
