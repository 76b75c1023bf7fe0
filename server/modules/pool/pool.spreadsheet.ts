/** Reading uploaded .xlsx/.csv files and writing the template and exports, all through exceljs. */
import type ExcelJS from 'exceljs'

// Members exceljs has at run time that its typings do not declare: the streamed worksheet's tab name, and a
// worksheet's range validations (the drop-down lists of the template).
declare module 'exceljs' {
  interface Worksheet {
    dataValidations: { add: (range: string, validation: DataValidation) => void }
  }
  namespace stream {
    namespace xlsx {
      interface WorksheetReader {
        readonly name?: string
      }
    }
  }
}

/** exceljs costs almost half a second to import; it is loaded when a spreadsheet is first read or written. */
let excel: typeof ExcelJS | undefined
async function loadExcel () {
  excel ??= (await import('exceljs')).default
  return excel
}
import iconv from 'iconv-lite'
import { Readable } from 'node:stream'
import { DomainError } from '../../errors.js'
import { checkZip, contentOf, deflatedPart, zipStream, ZipRejected, type ZipEntry, type ZipLimits, type ZipProblem } from '../../shared/zip-guard.js'
import { StringDecoder } from 'node:string_decoder'
import { BASIC_CONDITIONS, type BasicCondition } from '../../../db/schema/enums.js'
import {
  importEmpty, importBadHeaders, importFileInvalid, importFileTooLarge, importTooManyRows, importUnreadable, importUnsupportedType
} from './pool.errors.js'
import { looksLikeFormula } from './pool.rules.js'

export type ConditionColumn = `${BasicCondition}By` | `${BasicCondition}At`
export type ColumnKey =
  | 'name' | 'gender' | 'birthDate' | 'idNumber' | 'mobile' | 'email' | 'employer' | 'title' | 'seniorTitle' | 'homeRegion'
  | 'roles' | 'sourceCategory' | 'professions' | 'specialties' | 'consentCrossRegion' | 'remunerationKind' | 'fee'
  | ConditionColumn | AppointmentColumn | TrainingColumn | 'note'
/** An imported member can be appointed (聘任) and have a training recorded in the same row. */
export type AppointmentColumn = 'appointmentDate' | 'appointingBody' | 'appointmentLetterNo' | 'termEnd'
export type TrainingColumn = 'trainingCourse' | 'trainingDate' | 'trainingHours'

export type ColumnSpec = { key: ColumnKey, header: string, required?: boolean, synonyms?: string[], width: number, hint: string }

const CONDITION_HEADERS: Record<BasicCondition, string> = {
  political: '政治条件',
  legal_knowledge: '法律政策条件',
  integrity: '公道正派条件',
  local_standing: '群众威望条件'
}

/** The columns of the template, the import and the export, in order. Required headers carry a * in the template. */
export const COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', required: true, width: 10, hint: '必填' },
  { key: 'gender', header: '性别', width: 6, hint: '男/女；不填则按身份证号' },
  { key: 'birthDate', header: '出生日期', synonyms: ['出生年月日'], width: 12, hint: 'YYYY-MM-DD；不填则按身份证号' },
  { key: 'idNumber', header: '身份证号', required: true, synonyms: ['身份证号码', '公民身份号码', '身份证'], width: 21, hint: '必填，18位；请把本列设为文本格式。已登记的身份证号按更新处理' },
  { key: 'mobile', header: '手机号', required: true, synonyms: ['手机号码', '手机', '联系电话'], width: 14, hint: '必填，11位手机号' },
  { key: 'email', header: '电子邮箱', synonyms: ['邮箱', '电子邮件'], width: 20, hint: '' },
  { key: 'employer', header: '工作单位', synonyms: ['单位', '工作单位名称'], width: 24, hint: '单位全称、简称或曾用名；库中没有的单位将新建' },
  { key: 'title', header: '职务职称', synonyms: ['职务/职称', '职务', '职称'], width: 14, hint: '' },
  { key: 'seniorTitle', header: '高级职称', synonyms: ['是否高级职称'], width: 9, hint: '是/否（影响报酬上限）' },
  { key: 'homeRegion', header: '常住区划', required: true, synonyms: ['所属区划', '区划', '所在村（社区）', '常住地'], width: 30, hint: '必填：区划代码、完整路径（如 滨海市/东城区/渤海街道/渤海社区）或唯一的区划名称' },
  { key: 'roles', header: '可担任角色', required: true, synonyms: ['角色', '担任角色'], width: 18, hint: '必填：听证员、主持人、记录员、第三方参与人员，多项用顿号分隔' },
  { key: 'sourceCategory', header: '人员来源', required: true, synonyms: ['来源', '来源类别'], width: 22, hint: '必填：见“填写说明”' },
  { key: 'professions', header: '职业', synonyms: ['职业类别'], width: 16, hint: '见“填写说明”，多项用顿号分隔' },
  { key: 'specialties', header: '专业特长', synonyms: ['特长', '专业领域'], width: 22, hint: '见“填写说明”，多项用顿号分隔' },
  { key: 'consentCrossRegion', header: '同意跨区域服务', synonyms: ['跨区域服务', '是否同意跨区域服务'], width: 10, hint: '是/否' },
  { key: 'remunerationKind', header: '报酬方式', width: 12, hint: '公益服务/按半天计酬' },
  { key: 'fee', header: '每半天报酬（元）', synonyms: ['每半天报酬', '报酬金额', '报酬标准'], width: 10, hint: '按半天计酬时填写整数' },
  ...BASIC_CONDITIONS.flatMap((c): ColumnSpec[] => [
    { key: `${c}By`, header: `${CONDITION_HEADERS[c]}认定人`, width: 12, hint: '认定人与认定日期须同时填写' },
    { key: `${c}At`, header: `${CONDITION_HEADERS[c]}认定日期`, width: 12, hint: 'YYYY-MM-DD' }
  ]),
  { key: 'appointmentDate', header: '聘任日期', width: 12, hint: 'YYYY-MM-DD，不晚于今天；填写则导入时即聘任（四项基本条件须已认定），须同时填写聘任机关；与库中聘任相同的不重复办理' },
  { key: 'appointingBody', header: '聘任机关', synonyms: ['聘任单位'], width: 16, hint: '与聘任日期同时填写' },
  { key: 'appointmentLetterNo', header: '聘任文号', synonyms: ['聘书编号', '聘任文件文号'], width: 16, hint: '' },
  { key: 'termEnd', header: '任期届满日期', synonyms: ['任期截止日期', '聘期届满日期'], width: 12, hint: 'YYYY-MM-DD；不填则按默认任期计算' },
  { key: 'trainingCourse', header: '培训课程', width: 18, hint: '填写则登记一条培训记录：培训课程、培训日期、培训学时须同时填写；库中已有同日同课程记录的不重复登记' },
  { key: 'trainingDate', header: '培训日期', width: 12, hint: 'YYYY-MM-DD，不晚于今天' },
  { key: 'trainingHours', header: '培训学时', synonyms: ['学时'], width: 8, hint: '大于 0 的数字，不超过 1000' },
  { key: 'note', header: '备注', width: 20, hint: '' }
]

/** Columns the export adds; the import accepts and ignores them, so an exported file can be edited and re-imported. */
export const EXPORT_ONLY_HEADERS = ['系统编号', '状态', '受训主持人'] as const

export const TEMPLATE_SHEET = '听证员名单'
export const GUIDE_SHEET = '填写说明'
export const MAX_IMPORT_ROWS = 20_000

export type Cell = string | number | boolean | Date | { formula: string } | { error: string } | null
export type ParsedRow = { rowNumber: number, cells: Partial<Record<ColumnKey, Cell>> }
export type ParsedSheet = { format: 'xlsx' | 'csv', encoding: string | null, rows: ParsedRow[] }

export function normaliseHeader (raw: string) {
  return raw.normalize('NFKC').replace(/\s+/gu, '').replace(/[*＊]/g, '').replace(/\(必填\)$/, '')
}

const HEADER_INDEX = new Map<string, ColumnKey>()
for (const c of COLUMNS) for (const h of [c.header, ...(c.synonyms ?? [])]) HEADER_INDEX.set(normaliseHeader(h), c.key)
const IGNORED_HEADERS = new Set(EXPORT_ONLY_HEADERS.map(normaliseHeader))

function cellValue (value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const v = value as { formula?: string, sharedFormula?: string }
      return { formula: v.formula ?? v.sharedFormula ?? '' }
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('error' in value) return { error: String(value.error) }
    if ('text' in value) {
      const text = (value as { text: unknown }).text
      return typeof text === 'string' ? text : (text as { richText?: { text: string }[] })?.richText?.map((r) => r.text).join('') ?? ''
    }
  }
  return String(value)
}

function headerText (cell: Cell) {
  if (cell === null) return ''
  if (typeof cell === 'object' && !(cell instanceof Date)) return 'formula' in cell ? `=${cell.formula}` : cell.error
  return cell instanceof Date ? cell.toISOString() : String(cell)
}

/** Maps the header row to column keys; refuses unknown, duplicate or missing required headers. */
function mapHeaders (headerCells: Cell[]) {
  const positions = new Map<number, ColumnKey>()
  const seen = new Set<ColumnKey>()
  const unknown: string[] = []
  const duplicate: string[] = []
  headerCells.forEach((cell, i) => {
    const text = headerText(cell).trim()
    if (text === '') return
    const key = HEADER_INDEX.get(normaliseHeader(text))
    if (key === undefined) {
      if (!IGNORED_HEADERS.has(normaliseHeader(text))) unknown.push(text)
      return
    }
    if (seen.has(key)) { duplicate.push(text); return }
    seen.add(key)
    positions.set(i, key)
  })
  const missing = COLUMNS.filter((c) => c.required && !seen.has(c.key)).map((c) => c.header)
  if (unknown.length > 0 || missing.length > 0 || duplicate.length > 0) {
    const parts = [
      missing.length > 0 ? `缺少必填列：${missing.join('、')}` : '',
      unknown.length > 0 ? `无法识别的列：${unknown.join('、')}` : '',
      duplicate.length > 0 ? `重复的列：${duplicate.join('、')}` : ''
    ].filter(Boolean)
    throw importBadHeaders({ missingHeaders: missing, unknownHeaders: unknown, duplicateHeaders: duplicate }, `${parts.join('；')}。请使用下载的模板。`)
  }
  return positions
}

function isBlank (cell: Cell) {
  return cell === null || (typeof cell === 'string' && cell.trim() === '')
}

/** A sheet row as read: its row number in the sheet and its cells from column A. */
type SheetRow = { rowNumber: number, cells: Cell[] }

/** Cells further right than this are not read: the template has 28 columns, an export 33. */
const MAX_SHEET_COLUMNS = 100
/** Rows at the top of a sheet that may hold a title above the header. */
const HEADER_SEARCH_ROWS = 10

function knownHeaders (cells: Cell[]) {
  return cells.filter((c) => HEADER_INDEX.has(normaliseHeader(headerText(c).trim()))).length
}

/**
 * Keys the rows of a sheet by column, reading them one at a time: only the mapped cells of each row are kept,
 * and reading stops at the first row over MAX_IMPORT_ROWS, so a sheet's size costs no memory beyond its rows.
 */
async function collectRows (rows: AsyncIterable<SheetRow> | Iterable<SheetRow>): Promise<ParsedRow[]> {
  // a title row such as “滨海市听证员名单” may sit above the header: take the first of the top rows that has known headers
  const top: SheetRow[] = []
  let positions: Map<number, ColumnKey> | null = null
  const data: ParsedRow[] = []
  const take = (row: SheetRow) => {
    const out: Partial<Record<ColumnKey, Cell>> = {}
    for (const [i, key] of positions!) out[key] = row.cells[i] ?? null
    data.push({ rowNumber: row.rowNumber, cells: out })
  }
  const start = () => {
    const headerAt = top.findIndex((r) => knownHeaders(r.cells) >= 2)
    const [header, ...rest] = headerAt > 0 ? top.slice(headerAt) : top
    if (!header) throw importEmpty({}, '文件是空的：没有表头，也没有数据')
    positions = mapHeaders(header.cells)
    rest.forEach(take)
  }
  for await (const row of rows) {
    if (!row.cells.some((c) => !isBlank(c))) continue
    if (positions !== null) take(row)
    else if (top.push(row) === HEADER_SEARCH_ROWS) start()
    if (data.length > MAX_IMPORT_ROWS) throw importTooManyRows({ max: MAX_IMPORT_ROWS }, `一次最多导入 ${MAX_IMPORT_ROWS} 行，本文件超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`)
  }
  if (positions === null) start()
  if (data.length === 0) throw importEmpty({}, '文件只有表头，没有数据行')
  return data
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

/** Decodes CSV bytes: UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 with a BOM, otherwise GBK (GB 18030). */
export function decodeCsv (buffer: Buffer): { text: string, encoding: string } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: buffer.subarray(2).toString('utf16le'), encoding: 'utf-16le' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' }
  } catch {
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' }
  }
}

const badCsv = () => importUnreadable({}, 'CSV 文件格式有误（例如引号未闭合）')

/**
 * The records of a CSV text (RFC 4180: fields in double quotes may hold delimiters, line breaks and doubled
 * quotes; lines end in CRLF, LF or CR), lazily, as text cells. A quote inside an unquoted field is text.
 */
export function * csvRows (text: string, delimiter: string): Generator<SheetRow> {
  let at = 0
  let rowNumber = 0
  while (at < text.length) {
    const cells: Cell[] = []
    rowNumber++
    for (;;) {
      let value: string
      if (text[at] === '"') {
        value = ''
        let from = at + 1
        for (;;) {
          const quote = text.indexOf('"', from)
          if (quote < 0) throw badCsv()
          value += text.slice(from, quote)
          if (text[quote + 1] !== '"') { at = quote + 1; break }
          value += '"'
          from = quote + 2
        }
        if (at < text.length && text[at] !== delimiter && text[at] !== '\r' && text[at] !== '\n') throw badCsv()
      } else {
        let end = at
        while (end < text.length && text[end] !== delimiter && text[end] !== '\r' && text[end] !== '\n') end++
        value = text.slice(at, end)
        at = end
      }
      if (cells.length < MAX_SHEET_COLUMNS) cells.push(value)
      if (text[at] === delimiter) { at++; continue }
      if (text[at] === '\r' && text[at + 1] === '\n') at += 2
      else if (at < text.length) at++
      break
    }
    yield { rowNumber, cells }
  }
}

/**
 * Bounds for an uploaded workbook, checked before exceljs reads a byte of it. A 10,000-row import inflates to
 * about 5.5 MB (sheet XML 5.1 MB and shared strings 0.3 MB as exceljs writes it, less from Excel), 20,000 rows
 * with every column filled to about 19 MB; the bounds leave room for that and for styles and themes. The rows
 * themselves are read one at a time (see xlsxRows), so an accepted workbook costs memory for its rows only.
 */
export const XLSX_LIMITS: ZipLimits = { maxEntries: 1000, maxEntryBytes: 24 * 1024 * 1024, maxTotalBytes: 32 * 1024 * 1024 }

const ZIP_STRUCTURE_TEXT: Partial<Record<ZipProblem, string>> = {
  bad_central_directory: '目录区损坏',
  bad_local_header: '文件头损坏',
  local_central_mismatch: '文件头与目录不一致',
  duplicate_name: '有重名的部件',
  overlapping_entries: '部件相互重叠',
  unreferenced_bytes: '有目录之外的数据',
  size_mismatch: '部件的实际大小与声明不符',
  crc_mismatch: '部件的校验值不符',
  corrupt_data: '压缩数据损坏'
}

/** The problem an upload refused by the ZIP guard answers with. */
function zipRefusal (error: ZipRejected) {
  const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`
  const { maxEntries, maxEntryBytes, maxTotalBytes } = XLSX_LIMITS
  const reason = error.problem
  if (error.tooLarge) {
    const detail = reason === 'too_many_entries'
      ? `工作簿包含的部件超过 ${maxEntries} 个`
      : reason === 'entry_too_large' ? `工作簿中有部件解压后超过 ${mb(maxEntryBytes)}，请拆分后分批导入` : `工作簿解压后超过 ${mb(maxTotalBytes)}，请拆分后分批导入`
    return importFileTooLarge({ reason, maxEntries, maxEntryBytes, maxTotalBytes }, detail)
  }
  if (reason === 'not_a_zip') return importUnreadable({}, '无法打开该 .xlsx 文件，文件可能已损坏或不完整')
  if (reason === 'encrypted') return importFileInvalid({ reason }, '工作簿已加密，请取消密码保护后重新上传')
  if (reason === 'multi_disk') return importFileInvalid({ reason }, '不支持分卷压缩的文件')
  if (reason === 'unsupported_method') return importFileInvalid({ reason }, '工作簿使用了不支持的压缩方式，请在 Excel 中另存为 .xlsx 后上传')
  return importFileInvalid({ reason }, `工作簿的压缩结构异常（${ZIP_STRUCTURE_TEXT[reason] ?? reason}），未作处理。请在 Excel 中打开后另存为 .xlsx 再上传`)
}

const WORKBOOK = 'xl/workbook.xml'
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels'
const STYLES = 'xl/styles.xml'
const SHARED_STRINGS = 'xl/sharedStrings.xml'
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/
const EMPTY_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
const EMPTY_SHARED_STRINGS = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'

/**
 * The XML of `chunks` with every character outside ASCII written as a numeric character reference (in text and
 * attribute values, where SpreadsheetML has them, the reference means the character itself). exceljs's
 * streaming reader decodes each inflated chunk as UTF-8 on its own, so a character split across two chunks
 * would come out as U+FFFD (滨海市 → 滨���市); pure ASCII cannot be split.
 */
async function * asciiXml (chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder('utf8')
  const escape = (text: string) => Buffer.from(text.replace(/[\u0080-\u{10ffff}]/gu, (c) => `&#${c.codePointAt(0)!};`), 'latin1')
  for await (const chunk of chunks) yield escape(decoder.write(chunk))
  const rest = decoder.end()
  if (rest) yield escape(rest)
}

/**
 * The rows of the workbook's first sheet in tab order other than the instructions, one at a time, through
 * exceljs's streaming reader (its full loader keeps every cell as an object: ~115 MB for 10,000 rows).
 * The reader walks local headers in order, so it is given a plain archive rebuilt from the checked entries:
 * only the parts it reads, relationships, workbook, styles and shared strings ahead of the sheets (so it
 * never parks a sheet in a temporary file), sizes in every header, the XML in ASCII (see asciiXml). Each part
 * is rebuilt when the reader reaches it, so one part's deflated bytes are held at a time.
 */
async function * xlsxRows (buffer: Buffer, entries: ZipEntry[]): AsyncGenerator<SheetRow> {
  const byName = new Map(entries.map((e) => [e.name.replace(/^\/+/, ''), e]))
  const part = (name: string, fallback?: string) => {
    const entry = byName.get(name)
    if (!entry && fallback === undefined) return null
    return () => deflatedPart(name, asciiXml(entry ? contentOf(buffer, entry) : [Buffer.from(fallback!)]))
  }
  const sheetNames = [...byName.keys()].filter((n) => WORKSHEET.test(n)).sort((a, b) => Number(WORKSHEET.exec(a)![1]) - Number(WORKSHEET.exec(b)![1]))
  const workbookPart = part(WORKBOOK)
  if (!workbookPart) throw importUnreadable({}, '文件不是 Excel 工作簿（缺少 xl/workbook.xml）')
  if (sheetNames.length === 0) throw importEmpty({}, '工作簿中没有工作表')
  const parts = [part(WORKBOOK_RELS, EMPTY_RELS)!, workbookPart, part(STYLES), part(SHARED_STRINGS, EMPTY_SHARED_STRINGS)!, ...sheetNames.map((n) => part(n)!)]
  const excel = await loadExcel()
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from(zipStream(parts.filter((p) => p !== null)), { objectMode: false }), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore'
  })
  // the workbook part is parsed before the first sheet: until then there is no model
  const tabs: { model?: { sheets?: { name?: string }[] } } = reader
  let target: string | undefined
  for await (const worksheet of reader) {
    target ??= tabs.model?.sheets?.find((s) => s.name !== GUIDE_SHEET)?.name
    const name = worksheet.name
    if (name === GUIDE_SHEET || (target !== undefined && name !== undefined && name !== target)) continue
    let last = 0
    for await (const row of worksheet) {
      const cells: Cell[] = []
      row.eachCell({ includeEmpty: false }, (cell, column) => { if (column <= MAX_SHEET_COLUMNS) cells[column - 1] = cellValue(cell.value) })
      for (let i = 0; i < cells.length; i++) cells[i] ??= null
      last = Number.isSafeInteger(row.number) && row.number > last ? row.number : last + 1
      yield { rowNumber: last, cells }
    }
    return
  }
  throw importEmpty({}, '工作簿中没有工作表')
}

/** Reads an uploaded file into rows keyed by column; throws a problem for anything that is not a usable table. */
export async function readUpload ({ buffer, fileName, mimetype }: { buffer: Buffer, fileName: string, mimetype: string }): Promise<ParsedSheet> {
  if (buffer.length === 0) throw importEmpty({}, '上传的文件是空的')
  const lower = fileName.toLowerCase()
  if (buffer.subarray(0, 4).equals(OLE) || lower.endsWith('.xls')) {
    throw importUnsupportedType({}, '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传')
  }
  if (buffer.subarray(0, 4).equals(ZIP)) {
    let entries: ZipEntry[]
    try {
      entries = await checkZip(buffer, XLSX_LIMITS)
    } catch (error) {
      throw error instanceof ZipRejected ? zipRefusal(error) : error
    }
    try {
      return { format: 'xlsx', encoding: null, rows: await collectRows(xlsxRows(buffer, entries)) }
    } catch (error) {
      if (error instanceof DomainError) throw error
      throw importUnreadable({}, '无法打开该 .xlsx 文件，文件可能已损坏')
    }
  }
  if (lower.endsWith('.xlsx')) throw importUnreadable({}, '文件扩展名是 .xlsx，但内容不是 Excel 工作簿')
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt') && !mimetype.startsWith('text/')) {
    throw importUnsupportedType({ fileName }, '只支持 .xlsx 和 .csv 文件')
  }
  const { text, encoding } = decodeCsv(buffer)
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  return { format: 'csv', encoding, rows: await collectRows(csvRows(text, delimiter)) }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

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
