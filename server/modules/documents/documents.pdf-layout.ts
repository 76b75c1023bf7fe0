import type PDFDocumentType from 'pdfkit'
import { chineseSmallNumber } from './documents.format.js'
import { primaryFonts, type FontFace } from './documents.fonts.js'
import type { Align, ListStyle, ResolvedBlock, ResolvedDocument } from './documents.template.js'

const MM = 72 / 25.4

/** Page margins in the spirit of GB/T 9704-2012 §5.2.1 (版心 156 mm × 225 mm on A4). */
export const PAGE_MARGINS_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const
/** The same in points. */
export const MARGINS = {
  top: PAGE_MARGINS_MM.top * MM,
  bottom: PAGE_MARGINS_MM.bottom * MM,
  left: PAGE_MARGINS_MM.left * MM,
  right: PAGE_MARGINS_MM.right * MM
}

export const TITLE_SIZE = 22 // 二号
const FOOTER_SIZE = 10.5 // 五号
const HASH_SIZE = 7.5
const SEAL_RADIUS = 21 * MM // a 42 mm official seal
const CELL_PAD_X = 4
const CELL_PAD_Y = 3
const RULE_WIDTH = 0.6
/** Smallest size a name in a `nowrap` table column is set at to stay on one line (小五 is 9 pt). */
const MIN_NOWRAP_SIZE = 8

type Segment = { text: string, bold?: boolean }
/** Room a block's last piece keeps below it for the closing group that follows (see measureGroup). */
type Reserve = { full: number, minimal: number }
const NO_RESERVE: Reserve = { full: 0, minimal: 0 }
type Run = { font: string, text: string }
type TextBox = { width: number, size: number, align?: Align, indent?: number, bold?: boolean }

export type LayoutResult = { bytes: Buffer, pageCount: number }

/**
 * Lays out a resolved document on A4 pages. Blocks that must stay whole (table rows, list items, field lines,
 * signature entries, the issuer block with its seal) are measured with heightOfString first and moved to the
 * next page when they do not fit; table headers are repeated there. Page numbers and the footer are written
 * after layout, over the buffered pages.
 */
/** pdfkit is imported on first use: it costs a fifth of a second at start-up and most processes never print. */
let pdfkit: typeof PDFDocumentType | undefined

/**
 * What pdfkit does beyond its typings (both documented behaviour): `font: null` opens a document without a
 * default font, and a parsed fontkit font is a font source as well as file bytes are.
 */
type PdfKitConstructor = new (options: Omit<PDFKit.PDFDocumentOptions, 'font'> & { font?: unknown }) => PDFKit.PDFDocument
type RegisterFont = (this: PDFKit.PDFDocument, name: string, src: unknown) => PDFKit.PDFDocument
const registerParsedFont = (doc: PDFKit.PDFDocument, face: FontFace) => (doc.registerFont as RegisterFont).call(doc, face.key, face.font)

/**
 * An A4 document in the house settings (margins, no default font, buffered pages for the page numbers, Chinese
 * language and title, metadata) and its bytes once `doc.end()` is called. Notices, minutes and bulletins all start here.
 */
export async function openA4Pdf ({ title, author, subject, now }: { title: string, author: string, subject: string, now: Date }) {
  pdfkit ??= (await import('pdfkit')).default
  const PDFDocument = pdfkit as PdfKitConstructor
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // no default font: pdfkit would otherwise parse the Helvetica AFM for every document (a third of a notice's time)
    font: null,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: title,
      Author: author,
      Subject: subject,
      Creator: 'tingzheng 听证管理系统',
      Producer: 'tingzheng (pdfkit)',
      CreationDate: now,
      ModDate: now
    }
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, finished }
}

/**
 * Registers the primary faces (regular, bold) and the fallbacks a document needs under their keys. pdfkit accepts
 * a parsed fontkit font: the 14 MB files are parsed once per process instead of per document.
 */
export function registerFaces (doc: PDFKit.PDFDocument, fallbackFor: Map<string, FontFace>) {
  const { regular, bold } = primaryFonts()
  for (const face of [regular, bold, ...new Set(fallbackFor.values())]) registerParsedFont(doc, face)
  return { regular, bold }
}

export async function layoutPdf (document: ResolvedDocument, { now, fallbackFor }: { now: Date, fallbackFor: Map<string, FontFace> }): Promise<LayoutResult> {
  const { doc, finished } = await openA4Pdf({ title: document.title, author: document.author, subject: document.subject, now })

  const writer = new PageWriter(doc, document.bodyFontSize, fallbackFor)
  writer.title(document.title, document.documentNumber)
  const closing = closingGroups(document.blocks)
  document.blocks.forEach((block, i) => {
    const group = closing.get(i + 1)
    if (closing.has(i)) writer.keepTogether(document.blocks.slice(i, closing.get(i)!.end))
    // a heading right before the body's last block, when that block is one piece, goes with it and the group
    const next = document.blocks[i + 1]
    const nextGroup = closing.get(i + 2)
    if (block.type === 'heading' && next && nextGroup) {
      writer.heading(block.text, block.align, writer.measureGroup(document.blocks.slice(i + 2, nextGroup.end)), next)
      return
    }
    writer.block(block, group ? writer.measureGroup(document.blocks.slice(i + 1, group.end)) : NO_RESERVE)
  })
  const pageCount = writer.finishPages(document.footer)
  doc.end()
  return finished.then((bytes) => ({ bytes, pageCount }))
}

class PageWriter {
  private readonly doc: PDFKit.PDFDocument
  private readonly size: number
  private readonly lineGap: number
  private readonly fallbackFor: Map<string, FontFace>
  private readonly left = MARGINS.left
  private readonly width: number

  constructor (doc: PDFKit.PDFDocument, size: number, fallbackFor: Map<string, FontFace>) {
    this.doc = doc
    this.size = size
    this.lineGap = Math.round(size * 0.45)
    this.fallbackFor = fallbackFor
    this.width = doc.page.width - MARGINS.left - MARGINS.right
    const { regular } = registerFaces(doc, fallbackFor)
    doc.font(regular.key).fontSize(size).fillColor('#000000').strokeColor('#000000')
  }

  private get bottom () { return this.doc.page.height - MARGINS.bottom }
  private get pageCapacity () { return this.bottom - MARGINS.top }
  private get atPageTop () { return this.doc.y <= MARGINS.top + 0.5 }

  // --- text primitives -------------------------------------------------------------------------------------

  private runs (segments: Segment[]): Run[] {
    const { regular, bold } = primaryFonts()
    if (this.fallbackFor.size === 0) return segments.map((s) => ({ font: s.bold ? bold.key : regular.key, text: s.text }))
    const runs: Run[] = []
    for (const segment of segments) {
      const base = segment.bold ? bold.key : regular.key
      for (const ch of segment.text) {
        const font = this.fallbackFor.get(ch)?.key ?? base
        const last = runs[runs.length - 1]
        if (last && last.font === font) last.text += ch
        else runs.push({ font, text: ch })
      }
    }
    return runs
  }

  /** Text to measure: characters drawn by a fallback font are ideographs of one em, like 国. */
  private measurable (text: string) {
    if (this.fallbackFor.size === 0) return text
    let out = ''
    for (const ch of text) out += this.fallbackFor.has(ch) ? '国' : ch
    return out
  }

  private setFont (bold: boolean | undefined, size: number) {
    const { regular, bold: boldFace } = primaryFonts()
    this.doc.font(bold ? boldFace.key : regular.key).fontSize(size)
  }

  private height (text: string, box: TextBox) {
    if (text === '') return 0
    this.setFont(box.bold, box.size)
    return this.doc.heightOfString(this.measurable(text), { width: box.width, lineGap: this.lineGapFor(box.size), indent: box.indent ?? 0 })
  }

  private textWidth (text: string, size: number, bold?: boolean) {
    this.setFont(bold, size)
    return this.doc.widthOfString(this.measurable(text))
  }

  private lineGapFor (size: number) { return size === this.size ? this.lineGap : Math.round(size * 0.35) }

  private readonly lineHeights = new Map<number, number>()
  private lineHeight (size = this.size) {
    let height = this.lineHeights.get(size)
    if (height === undefined) {
      height = this.height('国', { width: this.width, size })
      this.lineHeights.set(size, height)
    }
    return height
  }

  /** Draws segments as one flowing paragraph; fonts switch inside a line for fallback characters. */
  private write (segments: Segment[], x: number, y: number, box: TextBox) {
    const runs = this.runs(segments.filter((s) => s.text !== ''))
    if (runs.length === 0) return
    // pdfkit puts each run's baseline at its own font's ascent below the line top; a fallback font with another
    // ascent would sit higher or lower, so with fallbacks every run takes the main font's baseline
    const { regular } = primaryFonts()
    const baseline = this.fallbackFor.size === 0 ? undefined : -(regular.font.ascent / regular.font.unitsPerEm) * box.size
    runs.forEach((run, i) => {
      this.doc.font(run.font).fontSize(box.size)
      const options: PDFKit.Mixins.TextOptions = { continued: i < runs.length - 1, lineGap: this.lineGapFor(box.size), ...(baseline !== undefined ? { baseline } : {}) }
      if (i === 0) this.doc.text(run.text, x, y, { ...options, width: box.width, align: box.align ?? 'left', indent: box.indent ?? 0 })
      else this.doc.text(run.text, options)
    })
  }

  private newPage () {
    this.doc.addPage()
    this.doc.x = this.left
    this.doc.y = MARGINS.top
  }

  /**
   * True when `text` certainly fits below the cursor, judged without laying it out: no character is wider than
   * 1.25 em. Lets most paragraphs skip measuring (pdfkit would otherwise wrap every paragraph twice).
   */
  private surelyFits (text: string, box: TextBox) {
    const perLine = Math.max(1, Math.floor(box.width / (box.size * 1.25)))
    let lines = 0
    for (const paragraph of text.split('\n')) lines += Math.max(1, Math.ceil((paragraph.length + 2) / perLine))
    return this.doc.y + lines * this.lineHeight(box.size) <= this.bottom
  }

  /** Starts a new page unless `height` fits below the cursor; returns true when it did. */
  private ensure (height: number) {
    if (this.doc.y + height <= this.bottom + 0.01 || this.atPageTop) return false
    this.newPage()
    return true
  }

  private gap (lines: number) { this.doc.y += this.lineHeight() * lines }

  // --- document parts --------------------------------------------------------------------------------------

  title (title: string, documentNumber?: string) {
    this.write([{ text: title, bold: true }], this.left, MARGINS.top, { width: this.width, size: TITLE_SIZE, align: 'center', bold: true })
    this.doc.y += this.size * 0.6
    if (documentNumber) {
      this.write([{ text: documentNumber }], this.left, this.doc.y, { width: this.width, size: this.size, align: 'right' })
    }
    this.doc.y += this.size * 0.6
  }

  /**
   * `reserve`: height of the closing group that follows; the block's last line or item is kept on a page with
   * that much room below it, so the closing group never starts a page of its own.
   */
  block (block: ResolvedBlock, reserve: Reserve = NO_RESERVE) {
    switch (block.type) {
      case 'heading': return this.heading(block.text, block.align)
      case 'paragraph': return this.paragraph(block.text, block.indent, block.align, reserve)
      case 'field-list': return this.fieldList(block.fields, reserve)
      case 'table': return this.table(block, reserve)
      case 'list': return this.list(block.items, block.style, reserve)
      case 'transcript': return this.transcript(block.entries, reserve)
      case 'signature-block': return this.signatureBlock(block)
      case 'issuer-block': return this.issuerBlock(block.issuer, block.date, block.seal)
      case 'spacer': return this.gap(block.lines)
    }
  }

  /**
   * Height a closing group takes (contact lines, spacers, the issuer block with its seal, a signature block):
   * `full` for the whole group, `minimal` for the part that must stay with the body when the whole group and the
   * body's last piece do not fit on one page (a signature block then keeps its title, statement and first line).
   */
  measureGroup (blocks: ResolvedBlock[]): Reserve {
    let full = 0
    let minimal = 0
    for (const block of blocks) {
      switch (block.type) {
        case 'spacer': full += this.lineHeight() * block.lines; minimal += this.lineHeight() * block.lines; break
        case 'field-list': { const h = this.fieldListHeight(block.fields); full += h; minimal += h; break }
        case 'issuer-block': { const h = this.issuerSpace(block.seal) + this.size; full += h; minimal += h; break }
        case 'signature-block': {
          const m = this.signatureMeasure(block)
          full += m.total + this.size
          minimal += m.titleHeight + m.introHeight + (m.heights[0] ?? 0) + this.size
          break
        }
        default: break
      }
    }
    return { full, minimal: Math.min(minimal, full) }
  }

  /** At the start of a closing group: the whole group below the cursor, else at least its minimal part. */
  keepTogether (blocks: ResolvedBlock[]) {
    const { full, minimal } = this.measureGroup(blocks)
    if (this.doc.y + full <= this.bottom + 0.01) return
    if (minimal <= this.pageCapacity) this.ensure(minimal)
  }

  /**
   * Keeps the body's last piece (of `height`) with the closing group after it: with the whole group when both fit
   * on a page, else with the group's minimal part.
   */
  private ensureWithReserve (height: number, reserve: Reserve) {
    // the space a block leaves after its last piece (a quarter to half a line) comes on top
    const piece = height + this.size * 0.6
    if (piece + reserve.full <= this.pageCapacity) this.ensure(piece + reserve.full)
    else if (piece + reserve.minimal <= this.pageCapacity) this.ensure(piece + reserve.minimal)
    else this.ensure(Math.min(height, this.pageCapacity))
  }

  /** Height of a block that is a single piece (one paragraph, entry or item), else undefined. */
  private singlePieceHeight (block: ResolvedBlock): number | undefined {
    const box = { width: this.width, size: this.size }
    if (block.type === 'paragraph') return this.height(block.text, { ...box, indent: block.indent ? this.size * 2 : 0 })
    if (block.type === 'transcript' && block.entries.length === 1) {
      const e = block.entries[0]!
      return this.height((e.speaker === '' ? '' : `${e.speaker}：`) + e.text, box)
    }
    if (block.type === 'list' && block.items.length === 1) return this.height(block.items[0]!, { ...box, indent: block.style === 'chinese' ? this.size * 2 : 0 })
    return undefined
  }

  /**
   * A heading is kept with two lines of what follows; when `next` is the body's last block and a single piece, with
   * all of it and the closing group's `reserve`, so that it is not left alone at the foot of a page.
   */
  heading (text: string, align: Align, reserve: Reserve = NO_RESERVE, next?: ResolvedBlock) {
    const box = { width: this.width, size: this.size, bold: true, align }
    const height = this.height(text, box)
    const piece = next && reserve.full > 0 ? this.singlePieceHeight(next) : undefined
    if (piece !== undefined) this.ensureWithReserve(this.size * 0.6 + height + piece, reserve)
    else this.ensure(this.size * 0.6 + height + this.lineHeight() * 2 + 1)
    this.doc.y += this.atPageTop ? 0 : this.size * 0.4
    this.write([{ text, bold: true }], this.left, this.doc.y, box)
    this.doc.y += this.size * 0.2
  }

  private paragraph (text: string, indent: boolean, align: Align, reserve: Reserve = NO_RESERVE) {
    const box = { width: this.width, size: this.size, indent: indent ? this.size * 2 : 0 }
    if (reserve.full > 0) this.ensureWithReserve(this.height(text, box), reserve)
    else if (!this.surelyFits(text, box)) this.ensure(Math.min(this.height(text, box), this.lineHeight() * 2))
    this.write([{ text }], this.left, this.doc.y, { width: this.width, size: this.size, align, indent: indent ? this.size * 2 : 0 })
    this.doc.y += this.size * 0.25
  }

  private fieldListGeometry (fields: { label: string, value: string }[]) {
    const labels = fields.map((f) => `${f.label}：`)
    const labelWidth = Math.min(Math.max(...labels.map((l) => this.textWidth(l, this.size, true))), this.width * 0.4)
    const valueBox = { width: this.width - labelWidth, size: this.size }
    const fieldHeight = (i: number) => Math.max(this.height(labels[i]!, { width: labelWidth, size: this.size, bold: true }), this.height(fields[i]!.value || '—', valueBox))
    return { labels, labelWidth, valueBox, fieldHeight }
  }

  private fieldListHeight (fields: { label: string, value: string }[]) {
    const { fieldHeight } = this.fieldListGeometry(fields)
    return fields.reduce((sum, _, i) => sum + fieldHeight(i), 0) + this.size * 0.25
  }

  private fieldList (fields: { label: string, value: string }[], reserve: Reserve = NO_RESERVE) {
    const { labels, labelWidth, valueBox, fieldHeight } = this.fieldListGeometry(fields)
    fields.forEach((field, i) => {
      if (reserve.full > 0 && i === fields.length - 1) this.ensureWithReserve(fieldHeight(i), reserve)
      else if (!this.surelyFits(field.value, valueBox)) {
        const height = fieldHeight(i)
        if (height <= this.pageCapacity) this.ensure(height)
      }
      const y = this.doc.y
      this.write([{ text: labels[i]!, bold: true }], this.left, y, { width: labelWidth, size: this.size, bold: true })
      const afterLabel = this.doc.y
      this.write([{ text: field.value || '—' }], this.left + labelWidth, y, valueBox)
      this.doc.y = Math.max(this.doc.y, afterLabel)
    })
    this.doc.y += this.size * 0.25
  }

  private list (items: string[], style: ListStyle, reserve: Reserve = NO_RESERVE) {
    if (style === 'chinese') {
      // （一）… items are paragraphs in official documents: first line indented two characters, no hanging indent
      items.forEach((item, i) => this.paragraph(`${listLabel(style, i)}${item}`, true, 'left', i === items.length - 1 ? reserve : NO_RESERVE))
      return
    }
    const labels = items.map((_, i) => listLabel(style, i))
    const labelWidth = labels.length > 0 ? Math.max(...labels.map((l) => this.textWidth(l, this.size))) + (style === 'none' ? 0 : this.size * 0.4) : 0
    const x = this.left + (style === 'none' ? 0 : this.size * 2)
    const box = { width: this.left + this.width - x - labelWidth, size: this.size }
    items.forEach((item, i) => {
      if (reserve.full > 0 && i === items.length - 1) this.ensureWithReserve(this.height(item, box), reserve)
      else if (!this.surelyFits(item, box)) {
        const height = this.height(item, box)
        if (height <= this.pageCapacity) this.ensure(height)
      }
      const y = this.doc.y
      if (labels[i]) this.write([{ text: labels[i]! }], x, y, { width: labelWidth + 1, size: this.size })
      this.write([{ text: item }], x + labelWidth, y, box)
      this.doc.y += this.size * 0.15
    })
    this.doc.y += this.size * 0.15
  }

  private transcript (entries: { speaker: string, text: string }[], reserve: Reserve = NO_RESERVE) {
    const box = { width: this.width, size: this.size }
    for (const [i, entry] of entries.entries()) {
      const speaker = entry.speaker === '' ? '' : `${entry.speaker}：`
      if (reserve.full > 0 && i === entries.length - 1) this.ensureWithReserve(this.height(speaker + entry.text, box), reserve)
      else if (!this.surelyFits(speaker + entry.text, box)) this.ensure(Math.min(this.height(speaker + entry.text, box), this.lineHeight() * 2))
      this.write([{ text: speaker, bold: true }, { text: entry.text }], this.left, this.doc.y, box)
      this.doc.y += this.size * 0.35
    }
  }

  private table (block: Extract<ResolvedBlock, { type: 'table' }>, reserve: Reserve = NO_RESERVE) {
    const size = block.fontSize ?? (this.size <= 12 ? 10.5 : 12)
    const total = block.columns.reduce((sum, c) => sum + c.width, 0)
    const widths = block.columns.map((c) => (c.width / total) * this.width)
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0))
    // a `nowrap` column (names) is set smaller, down to MIN_NOWRAP_SIZE, rather than broken inside a name
    const cellSize = (i: number, cell: string, bold?: boolean) => {
      if (!block.columns[i]!.nowrap || cell === '' || cell.includes('\n')) return size
      const room = widths[i]! - CELL_PAD_X * 2 - 0.5
      const natural = this.textWidth(cell, size, bold)
      return natural <= room ? size : Math.max(MIN_NOWRAP_SIZE, Math.floor((size * room / natural) * 4) / 4)
    }
    const cellBox = (i: number, bold?: boolean, cell = '') => ({ width: widths[i]! - CELL_PAD_X * 2, size: cellSize(i, cell, bold), align: block.columns[i]!.align, bold })
    const rowHeight = (cells: string[], bold?: boolean) =>
      Math.max(block.minRowHeight, ...cells.map((c, i) => this.height(c, cellBox(i, bold, c)) + CELL_PAD_Y * 2), this.height('国', cellBox(0)) + CELL_PAD_Y * 2)

    const headers = block.columns.map((c) => c.header)
    const headerHeight = block.showHeader ? rowHeight(headers, true) : 0
    const drawRow = (cells: string[], height: number, bold?: boolean) => {
      const y = this.doc.y
      this.doc.lineWidth(RULE_WIDTH)
      cells.forEach((cell, i) => {
        this.doc.rect(xs[i]!, y, widths[i]!, height).stroke()
        if (cell !== '') this.write([{ text: cell, bold }], xs[i]! + CELL_PAD_X, y + CELL_PAD_Y, cellBox(i, bold, cell))
      })
      this.doc.x = this.left
      this.doc.y = y + height
    }
    const drawHeader = () => { if (block.showHeader) drawRow(headers, headerHeight, true) }

    const firstHeight = block.rows[0] ? rowHeight(block.rows[0]) : 0
    this.ensure(headerHeight + Math.min(firstHeight, this.pageCapacity - headerHeight))
    drawHeader()
    block.rows.forEach((row, r) => {
      let cells = row
      let height = rowHeight(cells)
      // the last row keeps the closing group's room below it, when row and group fit on a page together
      const capacity = this.pageCapacity - headerHeight
      const tail = r < block.rows.length - 1 || reserve.full === 0 ? 0 : height + reserve.full <= capacity ? reserve.full : height + reserve.minimal <= capacity ? reserve.minimal : 0
      if (tail > 0 && this.doc.y + height + tail > this.bottom + 0.01) {
        this.newPage()
        drawHeader()
      }
      while (this.doc.y + height > this.bottom + 0.01) {
        if (height <= this.pageCapacity - headerHeight) {
          this.newPage()
          drawHeader()
          break
        }
        // Only a row taller than a whole page is split, at a line boundary, and continued under a repeated header.
        const available = this.bottom - this.doc.y - CELL_PAD_Y * 2
        if (available < this.lineHeight(size) * 2) { this.newPage(); drawHeader(); continue }
        const parts = cells.map((cell, i) => this.fitPrefix(cell, cellBox(i, false, cell), available))
        drawRow(parts.map((p) => p[0]), this.bottom - this.doc.y)
        this.newPage()
        drawHeader()
        cells = parts.map((p) => p[1])
        height = rowHeight(cells)
      }
      drawRow(cells, height)
    })
    this.doc.y += this.size * block.spaceAfter
  }

  /** Longest prefix of `text` (in whole characters) whose height fits in `maxHeight`, and the rest. */
  private fitPrefix (text: string, box: TextBox, maxHeight: number): [string, string] {
    const chars = [...text]
    if (this.height(text, box) <= maxHeight) return [text, '']
    let lo = 0
    let hi = chars.length
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      if (this.height(chars.slice(0, mid).join(''), box) <= maxHeight) lo = mid
      else hi = mid - 1
    }
    return [chars.slice(0, lo).join(''), chars.slice(lo).join('')]
  }

  private signatureMeasure (block: Extract<ResolvedBlock, { type: 'signature-block' }>) {
    const size = this.size
    const cols = [0.2, 0.2, 0.32, 0.28].map((f) => f * this.width)
    const noteBox = { width: this.width - size * 2, size: size - 1 }
    const signSpace = this.lineHeight() * 2.2
    const entryHeight = (e: { role: string, name: string, remark: string, note: string }) => Math.max(
      signSpace,
      this.height(e.role, { width: cols[0]! - 6, size, bold: true }) + this.lineHeight() * 0.8,
      this.height(e.name, { width: cols[1]! - 6, size }) + this.lineHeight() * 0.8,
      this.height(e.remark, { width: cols[2]!, size }) + this.lineHeight() * 0.8
    ) + (e.note ? this.height(e.note, noteBox) + size * 0.4 : 0)

    const titleHeight = block.title ? this.height(block.title, { width: this.width, size: size + 2, bold: true }) + size : 0
    const introHeight = block.intro ? this.height(block.intro, { width: this.width, size, indent: size * 2 }) + size * 0.8 : 0
    const heights = block.entries.map(entryHeight)
    const total = titleHeight + introHeight + heights.reduce((a, b) => a + b, 0)
    return { cols, noteBox, signSpace, titleHeight, introHeight, heights, total }
  }

  private signatureBlock (block: Extract<ResolvedBlock, { type: 'signature-block' }>) {
    const size = this.size
    const { cols, noteBox, signSpace, titleHeight, introHeight, heights, total } = this.signatureMeasure(block)
    const xs = cols.map((_, i) => this.left + cols.slice(0, i).reduce((a, b) => a + b, 0))

    // Kept whole when it fits below the cursor; the body's last piece came to this page for that (measureGroup).
    // Otherwise it is never moved to a page of its own: its title, statement and first line stay here.
    if (block.newPage && !this.atPageTop) this.newPage()
    else if (this.doc.y + total + size > this.bottom + 0.01) this.ensure(titleHeight + introHeight + (heights[0] ?? 0))
    if (!this.atPageTop) this.doc.y += size

    if (block.title) {
      this.write([{ text: block.title, bold: true }], this.left, this.doc.y, { width: this.width, size: size + 2, bold: true, align: 'center' })
      this.doc.y += size
    }
    if (block.intro) {
      this.write([{ text: block.intro }], this.left, this.doc.y, { width: this.width, size, indent: size * 2 })
      this.doc.y += size * 0.8
    }
    block.entries.forEach((entry, i) => {
      this.ensure(heights[i]!)
      const y = this.doc.y
      const textY = y + this.lineHeight() * 0.8
      this.write([{ text: entry.role, bold: true }], xs[0]!, textY, { width: cols[0]! - 6, size, bold: true })
      this.write([{ text: entry.name }], xs[1]!, textY, { width: cols[1]! - 6, size })
      const lineY = textY + size * 1.2
      this.doc.lineWidth(RULE_WIDTH)
      if (entry.remark) {
        this.write([{ text: entry.remark }], xs[2]!, textY, { width: cols[2]!, size })
      } else {
        this.write([{ text: '签名：' }], xs[2]!, textY, { width: cols[2]!, size })
        const from = xs[2]! + this.textWidth('签名：', size)
        this.doc.moveTo(from, lineY).lineTo(xs[2]! + cols[2]! - size * 0.8, lineY).stroke()
      }
      if (block.dateLine) {
        this.write([{ text: '　　年　　月　　日' }], xs[3]!, textY, { width: cols[3]!, size, align: 'right' })
      }
      this.doc.x = this.left
      this.doc.y = y + Math.max(signSpace, this.doc.y - y)
      if (entry.note) {
        this.write([{ text: entry.note }], this.left + size * 2, this.doc.y, noteBox)
        this.doc.y += size * 0.4
      }
      this.doc.y = Math.max(this.doc.y, y + heights[i]! - 0.01)
    })
    this.doc.y += size * 0.5
  }

  private issuerSpace (seal: boolean) {
    const lines = this.lineHeight() * 2
    return seal ? Math.max(lines + SEAL_RADIUS, SEAL_RADIUS * 2) + this.size : lines + this.size * 2
  }

  private issuerBlock (issuer: string, date: string, seal: boolean) {
    const size = this.size
    const right = this.left + this.width - size * 4 // 成文日期右空四字 (GB/T 9704-2012 §7.3.5.1)
    const dateWidth = this.textWidth(date, size)
    const issuerWidth = this.textWidth(issuer, size)
    const centre = Math.max(this.left + Math.max(dateWidth, issuerWidth) / 2, right - dateWidth / 2)
    const lines = this.lineHeight() * 2
    this.ensure(this.issuerSpace(seal))
    const top = this.doc.y + (seal ? SEAL_RADIUS - lines / 2 : size * 2)
    const box = { width: Math.max(dateWidth, issuerWidth) + size, size, align: 'center' as const }
    this.write([{ text: issuer }], centre - box.width / 2, top, box)
    this.write([{ text: date }], centre - box.width / 2, this.doc.y, box)
    const after = this.doc.y
    if (seal) {
      // 印章居中下压署名和日期: the circle sits a little above the middle of the two lines.
      const cy = top + lines / 2 - size * 0.6
      this.doc.save().lineWidth(0.8).dash(4, { space: 3 }).strokeColor('#888888').circle(centre, cy, SEAL_RADIUS).stroke().undash().restore()
      this.doc.fillColor('#888888')
      this.write([{ text: '（印章）' }], centre - SEAL_RADIUS, cy - SEAL_RADIUS + size * 0.9, { width: SEAL_RADIUS * 2, size: size - 2, align: 'center' })
      this.doc.fillColor('#000000')
      this.doc.y = Math.max(after, cy + SEAL_RADIUS)
    }
    this.doc.x = this.left
    this.doc.y += size
  }

  /** Writes 第 x 页 共 y 页 (and the footer line) on every buffered page; returns the page count. */
  finishPages (footer?: string) {
    const { start, count } = this.doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i)
      const page = this.doc.page
      const savedBottom = page.margins.bottom
      page.margins.bottom = 0 // writing inside the bottom margin must not start a new page
      const numberY = page.height - MARGINS.bottom + 7 * MM
      this.write([{ text: `第 ${i - start + 1} 页 共 ${count} 页` }], this.left, numberY, { width: this.width, size: FOOTER_SIZE, align: 'center' })
      if (footer) {
        this.doc.fillColor('#444444')
        this.write([{ text: footer }], this.left, numberY + FOOTER_SIZE * 1.8, { width: this.width, size: HASH_SIZE, align: 'center' })
        this.doc.fillColor('#000000')
      }
      page.margins.bottom = savedBottom
    }
    return count
  }
}

function listLabel (style: ListStyle, index: number) {
  switch (style) {
    case 'numbered': return `${index + 1}.`
    case 'chinese': return index < 99 ? `（${chineseSmallNumber(index + 1)}）` : `${index + 1}.`
    case 'bullet': return '•'
    case 'none': return ''
  }
}

/**
 * The closing blocks of a document: each issuer block (seal and date) with the contact lines and spacers right
 * before it, and each signature block with the spacers before it. Keyed by the index of the group's first block;
 * `end` is the index after its last. A closing group never stands alone on a page: the last line or item of
 * the body before it goes to the page with it (GB/T 9704-2012 §7.3.5: the seal is on the same page as the text).
 */
function closingGroups (blocks: ResolvedBlock[]): Map<number, { end: number }> {
  const groups = new Map<number, { end: number }>()
  blocks.forEach((block, i) => {
    if (block.type !== 'issuer-block' && block.type !== 'signature-block') return
    let start = i
    const absorbs = (b: ResolvedBlock) => b.type === 'spacer' || (block.type === 'issuer-block' && b.type === 'field-list')
    while (start > 0 && absorbs(blocks[start - 1]!)) start--
    if (start > 0 && !groups.has(start)) groups.set(start, { end: i + 1 })
  })
  return groups
}
