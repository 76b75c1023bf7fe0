import { sha256Hex } from '../../common/hash.js'
import { drawSvg, prepareChartDrawing, renderChartSvg } from '../documents/documents.charts.js'
import { missingGlyphs } from '../documents/documents.errors.js'
import { embeddableFallbacks, planGlyphs, primaryFonts, type FontFace } from '../documents/documents.fonts.js'
import { formatDate } from '../documents/documents.format.js'
import { MARGINS, openA4Pdf, registerFaces, TITLE_SIZE } from '../documents/documents.pdf-layout.js'
import { bulletinCharts, CHART_PIXELS } from './bulletins.charts.js'
import { percent, points, rankRates, rankReview, ranks } from './bulletins.rules.js'
import type { BulletinFigures, RateFigure } from './bulletins.types.js'

/**
 * The bulletin (通报) as an A4 PDF in the house style of the other documents (docs/documents.md): the same margins
 * (GB/T 9704-2012 §5.2.1), title 22 pt bold, 文号 under it, body 16 pt (3号), tables 10.5 pt, issuing body and date
 * with the seal placeholder, 第 x 页 共 y 页 under the type area. Charts are vector drawings (documents.charts).
 */

export type BulletinDocument = {
  title: string
  number: string
  /** 主送机关 */
  recipients: string
  summary: string
  figures: BulletinFigures
  issuer: string
  issuedAt: Date
}

/** `warnings`: what svg-to-pdfkit skipped while drawing the charts (none for the charts drawn here). */
export type RenderedBulletin = { bytes: Buffer, sha256: string, pageCount: number, svgs: string[], warnings: string[] }

const MM = 72 / 25.4
const BODY = 16
const TABLE = 10.5
const FOOTER = 10.5
const SEAL_RADIUS = 21 * MM
const CELL_PAD_X = 3
const CELL_PAD_Y = 2.5

type Align = 'left' | 'center' | 'right'
type Box = { width: number, size: number, bold?: boolean, align?: Align, indent?: number }
type Column<T> = { header: string, width: number, align?: Align, value: (row: T, index: number) => string }

const rateCell = (f: RateFigure) => (f.rate === null ? '—' : percent(f.rate))

/** Every string the bulletin prints, for the glyph check. */
function printedStrings (doc: BulletinDocument, tables: string[][][], charts: { caption: string }[]) {
  return [doc.title, doc.number, doc.recipients, doc.summary, doc.issuer, doc.figures.rateNote, ...charts.map((c) => c.caption), ...tables.flat(2), ...HEADINGS]
}

const HEADINGS = ['一、各县（市、区）听证率及得分', '二、各乡镇（街道）听证情况', '三、各县（市、区）复查工作得分', '四、全市听证率月度走势', '说明：']

/** The tables of the bulletin as rows of text (also what the .xlsx holds, see bulletins.xlsx). */
export function bulletinTables (figures: BulletinFigures) {
  const counties = rankRates(figures.counties)
  const countyRanks = ranks(counties, (a, b) => a.rate === b.rate && a.score === b.score)
  const townships = rankRates(figures.townships)
  const townshipRanks = ranks(townships, (a, b) => a.rate === b.rate && a.score === b.score)
  const review = rankReview(figures.review)
  const reviewRanks = ranks(review, (a, b) => a.total === b.total)
  const rateColumns = (withCounty: boolean): Column<RateFigure>[] => [
    { header: '排名', width: 0.08, align: 'center', value: (_r, i) => String((withCounty ? townshipRanks : countyRanks)[i]) },
    ...(withCounty ? [{ header: '县（市、区）', width: 0.18, value: (r: RateFigure) => r.county ?? '' }] : []),
    { header: withCounty ? '乡镇（街道）' : '县（市、区）', width: withCounty ? 0.22 : 0.28, value: (r) => r.name },
    { header: '应听证事项（件）', width: 0.16, align: 'right', value: (r) => String(r.eligible) },
    { header: '举行听证（件）', width: 0.14, align: 'right', value: (r) => String(r.heard) },
    { header: '听证率', width: 0.12, align: 'right', value: rateCell },
    { header: '得分（满分10分）', width: 0.14, align: 'right', value: (r) => points(r.score) }
  ]
  const reviewColumns: Column<BulletinFigures['review'][number]>[] = [
    { header: '排名', width: 0.08, align: 'center', value: (_r, i) => String(reviewRanks[i]) },
    { header: '县（市、区）', width: 0.24, value: (r) => r.name },
    { header: '复查事项（件）', width: 0.14, align: 'right', value: (r) => String(r.cases) },
    { header: '按期办结（3分）', width: 0.14, align: 'right', value: (r) => points(r.onTime) },
    { header: '办理质量（2分）', width: 0.14, align: 'right', value: (r) => points(r.quality) },
    { header: '系统录入（2分）', width: 0.14, align: 'right', value: (r) => points(r.entry) },
    { header: '合计（7分）', width: 0.12, align: 'right', value: (r) => points(r.total) }
  ]
  const cityRow: RateFigure = { ...figures.city, regionId: 0, name: '全市', county: null }
  const table = <T>(columns: Column<T>[], rows: T[]) => ({ columns, rows: rows.map((r, i) => columns.map((c) => c.value(r, i))) })
  const countyTable = table(rateColumns(false), counties)
  countyTable.rows.push(rateColumns(false).map((c, i) => (i === 0 ? '' : c.value(cityRow, 0))))
  return {
    counties: countyTable,
    townships: table(rateColumns(true), townships),
    review: table(reviewColumns, review)
  }
}

class BulletinWriter {
  readonly doc: PDFKit.PDFDocument
  private readonly fallbackFor: Map<string, FontFace>
  readonly left = MARGINS.left
  readonly width: number

  constructor (doc: PDFKit.PDFDocument, fallbackFor: Map<string, FontFace>) {
    this.doc = doc
    this.fallbackFor = fallbackFor
    this.width = doc.page.width - MARGINS.left - MARGINS.right
    const { regular } = registerFaces(doc, fallbackFor)
    doc.font(regular.key).fontSize(BODY).fillColor('#000000').strokeColor('#000000')
  }

  get bottom () { return this.doc.page.height - MARGINS.bottom }
  get y () { return this.doc.y }
  set y (value: number) { this.doc.y = value }

  private font (bold: boolean | undefined, size: number) {
    const { regular, bold: boldFace } = primaryFonts()
    this.doc.font(bold ? boldFace.key : regular.key).fontSize(size)
  }

  /** Fallback characters measured as one em, like the documents kernel does. */
  private measurable (text: string) {
    if (this.fallbackFor.size === 0) return text
    let out = ''
    for (const ch of text) out += this.fallbackFor.has(ch) ? '国' : ch
    return out
  }

  height (text: string, box: Box) {
    if (text === '') return 0
    this.font(box.bold, box.size)
    return this.doc.heightOfString(this.measurable(text), { width: box.width, lineGap: Math.round(box.size * 0.4), indent: box.indent ?? 0 })
  }

  /** Draws text at x, y; characters the main font lacks switch to their fallback face inside the line. */
  write (text: string, x: number, y: number, box: Box) {
    if (text === '') return
    const { regular, bold } = primaryFonts()
    const base = box.bold ? bold.key : regular.key
    const runs: { font: string, text: string }[] = []
    for (const ch of text) {
      const font = this.fallbackFor.get(ch)?.key ?? base
      const last = runs[runs.length - 1]
      if (last && last.font === font) last.text += ch
      else runs.push({ font, text: ch })
    }
    const baseline = this.fallbackFor.size === 0 ? undefined : -(regular.font.ascent / regular.font.unitsPerEm) * box.size
    runs.forEach((run, i) => {
      this.doc.font(run.font).fontSize(box.size)
      const options: PDFKit.Mixins.TextOptions = { continued: i < runs.length - 1, lineGap: Math.round(box.size * 0.4), ...(baseline !== undefined ? { baseline } : {}) }
      if (i === 0) this.doc.text(run.text, x, y, { ...options, width: box.width, align: box.align ?? 'left', indent: box.indent ?? 0 })
      else this.doc.text(run.text, options)
    })
  }

  newPage () {
    this.doc.addPage()
    this.doc.x = this.left
    this.doc.y = MARGINS.top
  }

  ensure (height: number) {
    if (this.doc.y + height > this.bottom + 0.01 && this.doc.y > MARGINS.top + 0.5) this.newPage()
  }

  paragraph (text: string, { size = BODY, indent = true, bold = false, align = 'left' as Align, after = 0.4 } = {}) {
    const box = { width: this.width, size, bold, align, indent: indent ? size * 2 : 0 }
    this.ensure(Math.min(this.height(text, box), size * 3))
    this.write(text, this.left, this.doc.y, box)
    this.doc.y += size * after
  }

  heading (text: string, keep: number) {
    this.ensure(BODY * 2 + keep)
    this.doc.y += BODY * 0.3
    this.write(text, this.left, this.doc.y, { width: this.width, size: BODY, bold: true })
    this.doc.y += BODY * 0.3
  }

  /** A bordered table; the header row is repeated on every page it continues on, rows are never split. */
  table ({ columns, rows }: { columns: { header: string, width: number, align?: Align }[], rows: string[][] }) {
    const widths = columns.map((c) => c.width * this.width)
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0))
    const box = (i: number, bold?: boolean): Box => ({ width: widths[i]! - CELL_PAD_X * 2, size: TABLE, bold, align: bold ? 'center' : columns[i]!.align ?? 'left' })
    const line = this.height('国', box(0)) + CELL_PAD_Y * 2
    // most cells are one short line: measured only when they might wrap
    const rowHeight = (cells: string[], bold?: boolean) => Math.max(line, ...cells.map((c, i) => (c.length * TABLE * 1.05 < widths[i]! - CELL_PAD_X * 2 ? line : this.height(c, box(i, bold)) + CELL_PAD_Y * 2)))
    const headerHeight = rowHeight(columns.map((c) => c.header), true)
    const draw = (cells: string[], height: number, bold?: boolean) => {
      const y = this.doc.y
      this.doc.lineWidth(0.6)
      cells.forEach((cell, i) => {
        this.doc.rect(xs[i]!, y, widths[i]!, height).stroke()
        this.write(cell, xs[i]! + CELL_PAD_X, y + CELL_PAD_Y, box(i, bold))
      })
      this.doc.x = this.left
      this.doc.y = y + height
    }
    this.ensure(headerHeight + line)
    draw(columns.map((c) => c.header), headerHeight, true)
    for (const row of rows) {
      const height = rowHeight(row)
      if (this.doc.y + height > this.bottom + 0.01) {
        this.newPage()
        draw(columns.map((c) => c.header), headerHeight, true)
      }
      draw(row, height)
    }
    this.doc.y += BODY * 0.5
  }

  /** A chart drawn across the type area, its caption centred under it; kept on one page with its caption. */
  readonly warnings: string[] = []

  chart (svg: string, caption: string) {
    const width = this.width
    const height = width * CHART_PIXELS.height / CHART_PIXELS.width
    this.ensure(height + TABLE * 2.5)
    this.warnings.push(...drawSvg(this.doc, svg, this.left, this.doc.y, { width, height }))
    this.doc.y += height + TABLE * 0.3
    this.write(caption, this.left, this.doc.y, { width, size: TABLE, align: 'center' })
    this.doc.x = this.left
    this.doc.y += BODY * 0.6
  }

  issuerBlock (issuer: string, date: string) {
    const right = this.left + this.width - BODY * 4 // 成文日期右空四字 (GB/T 9704-2012 §7.3.5.1)
    this.font(false, BODY)
    const w = Math.max(this.doc.widthOfString(this.measurable(issuer)), this.doc.widthOfString(date))
    const centre = Math.max(this.left + w / 2, right - this.doc.widthOfString(date) / 2)
    const lines = this.height('国', { width: this.width, size: BODY }) * 2
    this.ensure(SEAL_RADIUS * 2 + BODY * 2)
    const top = this.doc.y + SEAL_RADIUS + BODY - lines / 2
    const box = { width: w + BODY, size: BODY, align: 'center' as const }
    this.write(issuer, centre - box.width / 2, top, box)
    this.write(date, centre - box.width / 2, this.doc.y, box)
    const cy = top + lines / 2 - BODY * 0.6
    this.doc.save().lineWidth(0.8).dash(4, { space: 3 }).strokeColor('#888888').circle(centre, cy, SEAL_RADIUS).stroke().undash().restore()
    this.doc.fillColor('#888888')
    this.write('（印章）', centre - SEAL_RADIUS, cy - SEAL_RADIUS + BODY * 0.9, { width: SEAL_RADIUS * 2, size: BODY - 2, align: 'center' })
    this.doc.fillColor('#000000')
    this.doc.x = this.left
  }

  finishPages () {
    const { start, count } = this.doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i)
      const page = this.doc.page
      const saved = page.margins.bottom
      page.margins.bottom = 0
      this.write(`第 ${i - start + 1} 页 共 ${count} 页`, this.left, page.height - MARGINS.bottom + 7 * MM, { width: this.width, size: FOOTER, align: 'center' })
      page.margins.bottom = saved
    }
    return count
  }
}

/**
 * Renders the bulletin. Every printed character is checked against the fonts first (documents.missing_glyphs for one
 * no font has). The same document and `now` give the same bytes; the stored bytes are what is served afterwards.
 */
export async function renderBulletin (bulletin: BulletinDocument, { now }: { now: Date }): Promise<RenderedBulletin> {
  const tables = bulletinTables(bulletin.figures)
  const charts = bulletinCharts(bulletin.figures)
  const plan = planGlyphs(printedStrings(bulletin, [tables.counties.rows, tables.townships.rows, tables.review.rows, [tables.counties.columns.map((c) => c.header), tables.townships.columns.map((c) => c.header), tables.review.columns.map((c) => c.header)]], charts))
  if (plan.missing.length > 0) {
    throw missingGlyphs({ characters: plan.missing }, `字体中没有以下字符，无法打印：${plan.missing.map((m) => `“${m.character}”（${m.codePoint}）`).join('、')}`)
  }
  const [fallbackFor, svgs] = await Promise.all([
    embeddableFallbacks(plan.fallbackFor),
    Promise.all(charts.map((c) => renderChartSvg(c.option, CHART_PIXELS))),
    prepareChartDrawing()
  ]).then(([f, s]) => [f, s] as const)
  const { doc, finished } = await openA4Pdf({ title: bulletin.title, author: bulletin.issuer, subject: bulletin.number, now })

  const w = new BulletinWriter(doc, fallbackFor)
  w.write(bulletin.title, w.left, MARGINS.top, { width: w.width, size: TITLE_SIZE, bold: true, align: 'center' })
  w.y += BODY * 0.6
  w.write(bulletin.number, w.left, w.y, { width: w.width, size: BODY, align: 'right' })
  w.y += BODY * 1.2
  w.paragraph(bulletin.recipients, { indent: false })
  w.paragraph(bulletin.summary)

  const [rates, review, trend] = [charts[0]!, charts[1]!, charts[2]!]
  w.heading(HEADINGS[0]!, TABLE * 4)
  w.table(tables.counties)
  w.chart(svgs[0]!, rates.caption)
  if (tables.townships.rows.length > 0) {
    w.heading(HEADINGS[1]!, TABLE * 4)
    w.table(tables.townships)
  }
  w.heading(HEADINGS[2]!, TABLE * 4)
  w.table(tables.review)
  w.chart(svgs[1]!, review.caption)
  w.heading(HEADINGS[3]!, w.width / 2)
  w.chart(svgs[2]!, trend.caption)
  w.paragraph(`${HEADINGS[4]!}${bulletin.figures.rateNote}`, { size: 12, indent: false })
  w.issuerBlock(bulletin.issuer, formatDate(bulletin.issuedAt))
  const pageCount = w.finishPages()
  doc.end()
  const bytes = await finished
  return { bytes, sha256: sha256Hex(bytes), pageCount, svgs, warnings: w.warnings }
}
