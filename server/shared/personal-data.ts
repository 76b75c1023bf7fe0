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

const ID_PATTERN = /(?<![0-9])\d{17}[\dXx](?![0-9A-Za-z])/g
const PHONE_PATTERN = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g

/** Masks anything in free text that looks like a resident ID number or a mobile number. */
export function maskPersonalText (text: string): string {
  return text.replace(ID_PATTERN, maskIdNumber).replace(PHONE_PATTERN, maskPhone)
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
