import { contentTooLarge, controlCharacters } from './documents.errors.js'

/**
 * What happens to characters a printed document cannot show:
 * - line ends (CR LF, CR, U+2028, U+2029) become \n and tabs become a space: they are layout, not content;
 * - invisible format characters pasted from word processors (zero-width space/joiners, word joiner, BOM, soft
 *   hyphen) are removed: they have no glyph and no meaning on paper;
 * - every other control character (C0, DEL, C1), bidirectional overrides and isolates (which can make printed
 *   text read differently from the stored text), lone surrogates and noncharacters are REFUSED with
 *   documents.control_characters: a record of a hearing must not silently differ from what was entered.
 */
const NEWLINES = /\r\n|[\r\u2028\u2029]/g
const INVISIBLE = /\u200B|\u200C|\u200D|\u2060|\uFEFF|\u00AD/g
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Characters of all strings of one document, all fields together; about 200 pages of minutes. */
export const MAX_DOCUMENT_CHARACTERS = 200_000

export function cleanText (value: string): { text: string, refused: string[] } {
  const text = value.replace(NEWLINES, '\n').replace(/\t/g, ' ').replace(INVISIBLE, '')
  const refused = [...new Set(text.match(REFUSED) ?? [])].map(codePointLabel)
  return { text, refused }
}

export function codePointLabel (ch: string) {
  return 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
}

/**
 * Deep copy of a view-model with every string cleaned; throws documents.control_characters naming each field
 * and code point, or documents.content_too_large. Dates, numbers and booleans are kept as they are.
 */
export function cleanViewModel<T> (viewModel: T): T {
  const problems: { field: string, codePoints: string[] }[] = []
  let total = 0
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const { text, refused } = cleanText(value)
      if (refused.length > 0) problems.push({ field: path, codePoints: refused })
      total += text.length
      return text
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`))
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, path ? `${path}.${k}` : k)
      return out
    }
    return value
  }
  const cleaned = walk(viewModel, '') as T
  if (problems.length > 0) {
    const detail = problems.map((p) => `${p.field}：${p.codePoints.join('、')}`).join('；')
    throw controlCharacters({ fields: problems }, `以下字段含有控制字符：${detail}`)
  }
  if (total > MAX_DOCUMENT_CHARACTERS) {
    throw contentTooLarge({ characters: total, limit: MAX_DOCUMENT_CHARACTERS }, `文书共${total}字，超过上限${MAX_DOCUMENT_CHARACTERS}字`)
  }
  return cleaned
}
