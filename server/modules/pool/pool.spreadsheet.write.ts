/** Writing the import template and the member export as .xlsx. */
import type ExcelJS from 'exceljs'
import { BASIC_CONDITIONS } from '../../../db/schema/enums.js'
import { looksLikeFormula } from './pool.rules.js'
import { COLUMNS, GUIDE_SHEET, MAX_IMPORT_ROWS, TEMPLATE_SHEET, loadExcel, type ColumnKey } from './pool.spreadsheet.js'

/** A value an exported cell may hold; strings that a spreadsheet would run as formulas get a leading quote. */
export function safeCellText (value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  return looksLikeFormula(value) ? `'${value}` : value
}

function styleHeader (ws: ExcelJS.Worksheet) {
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  header.height = 30
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
    cell.border = { bottom: { style: 'thin' } }
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
}

export type TemplateOptions = {
  sourceLabels: string[]
  roleLabels: string[]
  professionLabels: string[]
  specialtyLabels: string[]
  remunerationLabels: string[]
  feeCapYuan: number
  seniorFeeCapYuan: number
}

/** The import template: one sheet with the Chinese headers (required ones marked *) and drop-downs, one with instructions. */
export async function buildTemplate (opts: TemplateOptions): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = 'tingzheng'
  const ws = workbook.addWorksheet(TEMPLATE_SHEET)
  ws.columns = COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }))
  styleHeader(ws)
  const last = MAX_IMPORT_ROWS + 1
  const letter = (key: ColumnKey) => ws.getColumn(key).letter
  for (const key of ['idNumber', 'mobile', 'birthDate', ...BASIC_CONDITIONS.map((c) => `${c}At` as const), 'appointmentDate', 'termEnd', 'trainingDate'] as ColumnKey[]) ws.getColumn(key).numFmt = '@'
  const list = (key: ColumnKey, values: string[]) => {
    ws.dataValidations.add(`${letter(key)}2:${letter(key)}${last}`, {
      type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: true, errorTitle: '取值不在列表中', error: '请从下拉列表中选择'
    })
  }
  list('gender', ['男', '女'])
  list('seniorTitle', ['是', '否'])
  list('consentCrossRegion', ['是', '否'])
  list('remunerationKind', opts.remunerationLabels)
  list('sourceCategory', opts.sourceLabels)

  const guide = workbook.addWorksheet(GUIDE_SHEET)
  guide.columns = [{ header: '列名', key: 'header', width: 20 }, { header: '说明', key: 'hint', width: 90 }]
  styleHeader(guide)
  for (const c of COLUMNS) guide.addRow({ header: c.required ? `${c.header}*` : c.header, hint: c.hint })
  guide.addRow({})
  guide.addRow({ header: '可担任角色', hint: opts.roleLabels.join('、') })
  guide.addRow({ header: '人员来源', hint: opts.sourceLabels.join('；') })
  guide.addRow({ header: '职业', hint: opts.professionLabels.join('、') })
  guide.addRow({ header: '专业特长', hint: opts.specialtyLabels.join('、') })
  guide.addRow({ header: '报酬上限', hint: `按半天计酬每半天不超过 ${opts.feeCapYuan} 元，高级职称不超过 ${opts.seniorFeeCapYuan} 元` })
  guide.addRow({ header: '导入规则', hint: '先“试导入”检查，全部无误后再正式导入；正式导入要么全部成功、要么一行也不写入。已登记的身份证号按更新处理，空白单元格保留原值。单元格不能含公式，内容不能以 = + - @ 开头。' })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export type ExportRow = Record<ColumnKey | 'id' | 'status' | 'trainedHost', string | number | null>

/** The filtered list as .xlsx with the template's headers (plus status columns), so it can be edited and re-imported. */
export async function buildExport (rows: readonly ExportRow[]): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = 'tingzheng'
  const ws = workbook.addWorksheet(TEMPLATE_SHEET)
  ws.columns = [
    { header: '系统编号', key: 'id', width: 8 },
    ...COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '状态', key: 'status', width: 8 },
    { header: '受训主持人', key: 'trainedHost', width: 8 }
  ]
  styleHeader(ws)
  for (const key of ['idNumber', 'mobile'] as ColumnKey[]) ws.getColumn(key).numFmt = '@'
  for (const row of rows) {
    const safe: Record<string, string | number | null> = {}
    for (const [k, v] of Object.entries(row)) safe[k] = typeof v === 'string' ? safeCellText(v) : v
    ws.addRow(safe)
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
