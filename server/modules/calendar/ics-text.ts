import { wallClock } from './zone.js'

/** The bits of RFC 5545 text the fast feed writer needs, written to match ical-generator's output. */

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, new lines. */
const ESCAPED: Record<string, string> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\r\n': '\\n', '\r': '\\n', '\n': '\\n' }

export function escapeText (value: string) {
  return value.replace(/[\\;,\n]|\r\n?/g, (c) => ESCAPED[c]!)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** 20261201T010000Z */
export function formatUtc (date: Date) {
  if (Number.isNaN(date.getTime())) throw new TypeError('calendar: invalid date')
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
}

/** Local time for a `;TZID=` property: 20261201T093000 */
export function formatLocal (date: Date, zone: string) {
  const w = wallClock(date, zone)
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`
}

/**
 * Folds a content line longer than 75 octets (RFC 5545 §3.1) without splitting a UTF-8 sequence or a surrogate
 * pair: the same rule as ical-generator's foldLines, without its TextEncoder per character.
 */
export function foldLine (line: string) {
  if (line.length <= 24) return line
  let out = ''
  let used = 0
  let start = 0
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i)
    let size = code < 0x80 ? 1 : code < 0x800 ? 2 : 3
    const next = code >= 0xd800 && code <= 0xdbff ? line.charCodeAt(i + 1) : 0
    const pair = next >= 0xdc00 && next <= 0xdfff
    if (pair) size = 4
    used += size
    if (used > 74) {
      out += line.slice(start, i) + '\r\n '
      start = i
      used = size
    }
    if (pair) i++
  }
  return start === 0 ? line : out + line.slice(start)
}

/**
 * foldLine applied to every line of UTF-8 text, on its bytes: a line over 74 octets is cut before the character
 * that would pass 74, and again on each continuation line. A character is never split: the cut backs up to the
 * first byte of its UTF-8 sequence (a surrogate pair is one 4-octet sequence, an unpaired surrogate 3, as foldLine
 * counts them). Reads `buffer[0, length)`; lines end with CRLF.
 */
export function foldUtf8Lines (buffer: Buffer, length: number): Buffer {
  const text = buffer.subarray(0, length)
  // A cut keeps at least 71 octets (74, less at most 3 of a 4-octet sequence): one CRLF + space per 71 at most.
  const out = Buffer.allocUnsafe(length + 3 * Math.ceil(length / 71))
  let written = 0
  let start = 0
  while (start < length) {
    let next = text.indexOf(LF, start)
    while (next !== -1 && text[next - 1] !== CR) next = text.indexOf(LF, next + 1)
    const end = next === -1 ? length : next - 1
    next = next === -1 ? length : next + 1
    while (end - start > 74) {
      let cut = start + 74
      while ((text[cut]! & 0xc0) === 0x80) cut--
      written += text.copy(out, written, start, cut)
      out[written++] = CR
      out[written++] = LF
      out[written++] = SPACE
      start = cut
    }
    written += text.copy(out, written, start, next)
    start = next
  }
  return out.subarray(0, written)
}

const CR = 0x0d
const LF = 0x0a
const SPACE = 0x20
