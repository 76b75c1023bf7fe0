/** The year's remuneration ledger as .xlsx for the finance office (exceljs, loaded on first use). */
import type ExcelJS from 'exceljs'
import { looksLikeFormula } from '../pool/pool.rules.js'
import type { LineRow } from './remuneration.repository.js'
import { ENTRY_KIND_NAMES, KIND_NAMES, ROLE_NAMES, STATUS_NAMES, yuan } from './remuneration.rules.js'

export const LINES_SHEET = '报酬明细'
export const MEMBER_SHEET = '按人员汇总'
export const TOWNSHIP_SHEET = '按支付单位汇总'
/** The label in the first column of each sheet's totals row. */
export const TOTAL_LABEL = '合计'
const MONEY = '0.00'

let excel: typeof ExcelJS | undefined
async function loadExcel () {
  excel ??= (await import('exceljs')).default
  return excel
}

/** Text as a cell holds it: what a spreadsheet would run as a formula gets a leading quote. */
const text = (value: string | null) => (value !== null && looksLikeFormula(value) ? `'${value}` : value)

type Totals = { id: number, name: string, lines: number, halfDays: number, amountFen: number, paidFen: number, unpaidFen: number }

function styleHeader (ws: ExcelJS.Worksheet) {
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
}

function totalsSheet (workbook: ExcelJS.Workbook, name: string, nameHeader: string, rows: readonly Totals[]) {
  const ws = workbook.addWorksheet(name)
  ws.columns = [
    { header: nameHeader, key: 'name', width: 20 },
    { header: '明细条数', key: 'lines', width: 10 },
    { header: '半天数', key: 'halfDays', width: 10 },
    { header: '应付金额（元）', key: 'amount', width: 16 },
    { header: '已支付（元）', key: 'paid', width: 14 },
    { header: '待支付（元）', key: 'unpaid', width: 14 }
  ]
  styleHeader(ws)
  for (const r of rows) ws.addRow({ name: text(r.name), lines: r.lines, halfDays: r.halfDays, amount: yuan(r.amountFen), paid: yuan(r.paidFen), unpaid: yuan(r.unpaidFen) })
  const sum = (pick: (r: Totals) => number) => rows.reduce((n, r) => n + pick(r), 0)
  const total = ws.addRow({ name: TOTAL_LABEL, lines: sum((r) => r.lines), halfDays: sum((r) => r.halfDays), amount: yuan(sum((r) => r.amountFen)), paid: yuan(sum((r) => r.paidFen)), unpaid: yuan(sum((r) => r.unpaidFen)) })
  total.font = { bold: true }
  for (const key of ['amount', 'paid', 'unpaid']) ws.getColumn(key).numFmt = MONEY
}

/**
 * Three sheets: every line of the year (amounts as numbers with two decimals, a totals row at the end), then the
 * totals per member and per paying region. Reversals appear with negative half-days and amounts, so each sum is
 * what is owed.
 */
export async function ledgerWorkbook ({ year, lines, byMember, byTownship }: { year: number, lines: readonly LineRow[], byMember: readonly Totals[], byTownship: readonly Totals[] }): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = 'tingzheng'
  workbook.title = `${year}年听证报酬台账`
  const ws = workbook.addWorksheet(LINES_SHEET)
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '明细编号', key: 'id', width: 10 },
    { header: '听证日期', key: 'serviceDate', width: 12 },
    { header: '信访事项编号', key: 'caseNumber', width: 22 },
    { header: '支付单位', key: 'payer', width: 14 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '担任角色', key: 'role', width: 14 },
    { header: '计酬方式', key: 'kind', width: 12 },
    { header: '类别', key: 'entryKind', width: 10 },
    { header: '听证时长（分钟）', key: 'minutes', width: 12 },
    { header: '半天数', key: 'halfDays', width: 8 },
    { header: '每半天标准（元）', key: 'rate', width: 14 },
    { header: '金额（元）', key: 'amount', width: 12 },
    { header: '状态', key: 'status', width: 18 },
    { header: '支付日期', key: 'paidOn', width: 12 },
    { header: '说明', key: 'reason', width: 40 }
  ]
  styleHeader(ws)
  lines.forEach((line, i) => ws.addRow({
    no: i + 1,
    id: line.id,
    serviceDate: line.serviceDate,
    caseNumber: text(line.caseNumber),
    payer: text(line.payerName),
    name: text(line.memberName),
    role: ROLE_NAMES[line.role],
    kind: KIND_NAMES[line.remunerationKind],
    entryKind: ENTRY_KIND_NAMES[line.entryKind],
    minutes: line.minutes,
    halfDays: line.halfDays,
    rate: yuan(line.rateFen),
    amount: yuan(line.amountFen),
    status: STATUS_NAMES[line.status],
    paidOn: line.paidOn,
    reason: text(line.reason)
  }))
  const total = ws.addRow({
    no: TOTAL_LABEL,
    minutes: lines.reduce((n, line) => n + line.minutes, 0),
    halfDays: lines.reduce((n, line) => n + line.halfDays, 0),
    amount: yuan(lines.reduce((n, line) => n + line.amountFen, 0))
  })
  total.font = { bold: true }
  for (const key of ['rate', 'amount']) ws.getColumn(key).numFmt = MONEY
  totalsSheet(workbook, MEMBER_SHEET, '姓名', byMember)
  totalsSheet(workbook, TOWNSHIP_SHEET, '支付单位', byTownship)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
