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

export function foldLines (text: string) {
  return text.split('\r\n').map(foldLine).join('\r\n')
}
