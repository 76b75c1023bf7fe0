/** Reading uploaded .xlsx/.csv files into rows of cells by column, with the zip guard in front of exceljs. */
import type ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { DomainError } from '../../errors.js'
import { checkZip, contentOf, deflatedPart, zipStream, ZipRejected, type ZipEntry, type ZipLimits, type ZipProblem } from '../../common/zip-guard.js'
import {
  importEmpty, importBadHeaders, importFileInvalid, importFileTooLarge, importTooManyRows, importUnreadable, importUnsupportedType
} from './pool.errors.js'
import {
  COLUMNS, EXPORT_ONLY_HEADERS, GUIDE_SHEET, MAX_IMPORT_ROWS, loadExcel, normaliseHeader, type Cell, type ColumnKey, type ParsedRow, type ParsedSheet
} from './pool.spreadsheet.js'

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
