import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export type InspectedPage = {
  /** Text of the page in content order, whitespace removed. */
  text: string
  /** `size`: the font size in points (the text matrix's vertical scale). */
  items: { str: string, x: number, y: number, width: number, size: number, fontName: string }[]
  /** Names of the fonts used on the page, as embedded (e.g. ABCDEF+NotoSerifSC-Regular). */
  fonts: { name: string, embedded: boolean }[]
}

export type InspectedPdf = { pages: InspectedPage[], info: Record<string, unknown>, text: string }

export const squash = (s: string) => s.replace(/\s+/g, '')

/** Parses a PDF with pdfjs-dist (an implementation independent of pdfkit) and returns text and fonts. */
export async function inspectPdf (bytes: Buffer): Promise<InspectedPdf> {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 })
  const doc = await task.promise
  const pages: InspectedPage[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const content = await page.getTextContent()
    const items = content.items
      .filter((item): item is typeof item & { str: string, transform: number[], width: number, fontName: string } => 'str' in item)
      .map((item) => ({ str: item.str, x: item.transform[4]!, y: item.transform[5]!, width: item.width, size: Math.round(Math.hypot(item.transform[2]!, item.transform[3]!) * 100) / 100, fontName: item.fontName }))
    await page.getOperatorList()
    const fonts = [...new Set(items.map((i) => i.fontName))].map((id) => {
      const font = page.commonObjs.get(id) as { name: string, missingFile: boolean }
      return { name: font.name, embedded: !font.missingFile }
    })
    pages.push({ text: squash(items.map((i) => i.str).join('')), items, fonts })
  }
  const { info } = await doc.getMetadata()
  await task.destroy()
  return { pages, info: info as Record<string, unknown>, text: pages.map((p) => p.text).join('') }
}

/** The page's body text: everything before the page number, which is written last on each page. */
export function bodyText (page: InspectedPage) {
  return page.text.replace(/第\d+页共\d+页.*$/, '')
}

/** Body text of all pages joined, so that a paragraph continued on the next page reads whole. */
export function documentBody (pdf: InspectedPdf) {
  return pdf.pages.map(bodyText).join('')
}

/** Index of the first page whose body contains `needle` (whitespace ignored), or -1. */
export function pageOf (pdf: InspectedPdf, needle: string) {
  return pdf.pages.findIndex((p) => bodyText(p).includes(squash(needle)))
}

/** Throws unless every string occurs in `text` (whitespace ignored), each after the previous one. */
export function findInOrder (text: string, strings: string[]) {
  let from = 0
  for (const s of strings.map(squash).filter((x) => x !== '')) {
    const at = text.indexOf(s, from)
    if (at < 0) throw new Error(`not found after position ${from}: ${s}\n--- text from there:\n${text.slice(from, from + 300)}`)
    from = at + s.length
  }
  return true
}
