/** A small MIME reader for tests: headers, decoded bodies, nested multiparts. */

export type MimePart = {
  headers: Record<string, string>
  type: string
  params: Record<string, string>
  body: Buffer
  parts: MimePart[]
}

function parseParams (value: string) {
  const [type = '', ...rest] = value.split(';')
  const params: Record<string, string> = {}
  for (const item of rest) {
    const eq = item.indexOf('=')
    if (eq < 0) continue
    params[item.slice(0, eq).trim().toLowerCase()] = item.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
  }
  return { type: type.trim().toLowerCase(), params }
}

function decodeQuotedPrintable (text: string) {
  const bytes: number[] = []
  const soft = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'))
  }
  return Buffer.from(bytes)
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= / ?Q?). */
export function decodeWords (value: string) {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'))
}

export function parseMime (raw: Buffer | string): MimePart {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw
  const split = text.search(/\r?\n\r?\n/)
  const head = split < 0 ? text : text.slice(0, split)
  const bodyText = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8')
  }
  const { type, params } = parseParams(headers['content-type'] ?? 'text/plain')
  if (type.startsWith('multipart/') && params.boundary) {
    const chunks = bodyText.split(`--${params.boundary}`)
    const parts = chunks.slice(1).filter((c) => !c.startsWith('--')).map((c) => parseMime(c.replace(/^\r?\n/, '').replace(/\r?\n$/, '')))
    return { headers, type, params, body: Buffer.alloc(0), parts }
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase()
  const body = encoding === 'base64'
    ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64')
    : encoding === 'quoted-printable' ? decodeQuotedPrintable(bodyText) : Buffer.from(bodyText, 'latin1')
  return { headers, type, params, body, parts: [] }
}

/** Every leaf part, depth first. */
export function leaves (part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves)
}
