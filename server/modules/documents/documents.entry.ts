import type { FastifyRequest } from 'fastify'
import { controlCharacters, unprintableText } from './documents.errors.js'
import { unprintableCharacters } from './documents.fonts.js'
import { cleanText } from './documents.text-safety.js'

/**
 * Fields whose text never reaches a document (credentials, addresses for machines), so any character is allowed in
 * them: a password may hold an emoji.
 */
const NEVER_PRINTED = /password|token|secret|email|url|^sig$|^q$/i

type Problem = { in: 'body', field: string, message: string, listed: string }

function walk (value: unknown, path: string[], found: { glyphs: Problem[], controls: Problem[] }) {
  if (typeof value === 'string') {
    // as the renderer sees it: line ends and tabs are layout, invisible format characters are dropped
    const { text, refused } = cleanText(value)
    const field = path.join('.')
    if (refused.length > 0) {
      const listed = refused.join('、')
      found.controls.push({ in: 'body', field, listed, message: `含有不可打印的控制字符（${listed}），文书不予打印；请删除后重新填写` })
    }
    const missing = unprintableCharacters(text).filter((m) => !refused.includes(m.codePoint))
    if (missing.length > 0) {
      const listed = missing.map((m) => `“${m.character}”（${m.codePoint}）`).join('、')
      found.glyphs.push({ in: 'body', field, listed, message: `含有文书字体无法显示的字符${listed}，填写后文书将无法打印；请改用通用规范汉字，或以同音字代替并另行说明` })
    }
    return
  }
  if (Array.isArray(value)) { value.forEach((v, i) => walk(v, [...path, String(i)], found)); return }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, v] of Object.entries(value)) if (!NEVER_PRINTED.test(key)) walk(v, [...path, key], found)
  }
}

const publicErrors = (problems: Problem[]) => problems.map(({ listed: _listed, ...rest }) => rest)

/**
 * Refuses text no font of the documents can draw (a character of a CJK extension newer than the fonts, an emoji)
 * when it is entered, naming the field, the character and its code point (documents.unprintable_text), and text
 * a document refuses to print, control and bidirectional-override characters (documents.control_characters):
 * names, matters, minutes and every other text may end up in a notice or a record, and a finalised record must
 * never be unprintable. The same checks as the renderer's (`cleanText`, `planGlyphs`), so what is accepted prints.
 */
export function refuseUnprintableText (body: unknown) {
  const found = { glyphs: [] as Problem[], controls: [] as Problem[] }
  walk(body, [], found)
  if (found.controls.length > 0) {
    const detail = `以下字段含有控制字符：${found.controls.map((p) => `${p.field}：${p.listed}`).join('；')}`
    throw controlCharacters({ errors: publicErrors(found.controls) }, detail)
  }
  if (found.glyphs.length > 0) {
    const detail = `以下字段含有文书字体无法显示的字符：${found.glyphs.map((p) => `${p.field} ${p.listed}`).join('；')}`
    throw unprintableText({ errors: publicErrors(found.glyphs) }, detail)
  }
}

/** A preHandler for every write: JSON bodies of POST, PUT and PATCH are checked (after validation, so typed). */
export async function unprintableTextHook (request: FastifyRequest) {
  if (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH') return
  refuseUnprintableText(request.body)
}
