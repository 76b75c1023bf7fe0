/** Masking of personal data (ID numbers, phones) and secrets for logs, audit diffs and restricted views. */

const SECRET_KEY = /pass(word)?|token|secret|cookie|authorization|hash/i
const ID_KEY = /idnumber|idcard|id_number|身份证/i
const PHONE_KEY = /phone|mobile|tel/i

export function maskIdNumber (value: string): string {
  if (value.length < 8) return '*'.repeat(value.length)
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4)
}

export function maskPhone (value: string): string {
  if (value.length < 7) return '*'.repeat(value.length)
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4)
}

/** A digit as people type it: ASCII or full-width (０–９, as Chinese input methods produce). */
const D = '[0-9\\uFF10-\\uFF19]'
/** Between digit groups: one space (also the ideographic space) or hyphen, as in 138 1234 5678 or 370102-19900101-1234. */
const SEP = '[ \\u3000-]?'
/**
 * A resident ID number (18 characters, the last a digit or X), also written in groups 6-8-4; not part of a longer
 * run of digits or letters.
 */
const ID_PATTERN = new RegExp(`(?<!${D})${D}{6}${SEP}${D}{8}${SEP}${D}{3}[0-9\\uFF10-\\uFF19XxＸｘ](?![0-9\\uFF10-\\uFF19A-Za-zＡ-Ｚａ-ｚ])`, 'g')
/**
 * A mainland mobile number, 1[3-9] and nine more digits, plain or in groups 3-4-4 (the first group also in
 * brackets, as in (138) 1234 5678 or （138）1234-5678), with or without the country code (86, +86, 0086, also followed
 * by a space or hyphen); not part of a longer run of digits.
 */
const PHONE_PATTERN = new RegExp(`(?<!${D})((?:(?:[+＋]|00)[ \\u3000]*)?86[ \\u3000-]*)?([(（]?[1１][3-9\\uFF13-\\uFF19]${D}[)）]?${SEP}${D}{4}${SEP}${D}{4})(?!${D})`, 'g')
/** Every form above has at least four digits in a row: text without them is returned untouched, cheaply. */
const DIGITS_IN_A_ROW = new RegExp(`${D}{4}`)
const NOT_ID_CHARACTER = /[^0-9\uFF10-\uFF19XxＸｘ]/g
const NOT_DIGIT = /[^0-9\uFF10-\uFF19]/g

/**
 * Masks anything in free text that looks like a resident ID number or a mobile number, in the forms people write
 * them (see ID_PATTERN, PHONE_PATTERN). A country code is kept, the number masked as maskPhone does.
 */
export function maskPersonalText (text: string): string {
  if (!DIGITS_IN_A_ROW.test(text)) return text
  return text
    .replace(ID_PATTERN, (id: string) => maskIdNumber(id.replace(NOT_ID_CHARACTER, '')))
    .replace(PHONE_PATTERN, (_all: string, prefix: string | undefined, number: string) => (prefix ?? '') + maskPhone(number.replace(NOT_DIGIT, '')))
}

/**
 * Percent-decoding that never throws: every run of %XX escapes is read as UTF-8, bytes that are not valid UTF-8
 * become U+FFFD, and a % not followed by two hex digits stays as it is. For looking at URLs in logs, not for routing.
 */
export function decodePercent (text: string): string {
  if (!text.includes('%')) return text
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'))
}

/**
 * For log objects (a serialized error, its cause, validation details): a plain copy of the own enumerable fields
 * with maskPersonalText applied to every string, however deep (up to a limit, which also stops cycles), so an
 * error that echoes its input cannot carry a number into the log.
 */
export function maskPersonalValues (value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalText(value)
  if (value === null || typeof value !== 'object' || depth > 8) return value
  if (Array.isArray(value)) return value.map((v) => maskPersonalValues(v, depth + 1))
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Map || value instanceof Set || value instanceof RegExp) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskPersonalValues(v, depth + 1)
  return out
}

/** Deep copy of a record with secrets removed and personal data masked, by key and by pattern. */
export function maskRecord (value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => maskRecord(v, key))
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskRecord(v, k)
    return out
  }
  if (SECRET_KEY.test(key)) return '[已隐去]'
  if (typeof value === 'string') {
    if (ID_KEY.test(key)) return maskIdNumber(value)
    if (PHONE_KEY.test(key)) return maskPhone(value)
    return maskPersonalText(value)
  }
  return value
}
