/**
 * Hand-built ZIP archives for the upload guard's tests and the zip_bomb bench: every header field can be set,
 * so an archive can lie about sizes, hide one entry inside another or disagree between its local headers and
 * its central directory.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib'
import { unzipSync } from 'fflate'

/** One entry's bytes as stored: `data` is compressed for method 8. */
export type ZipRecord = { name: string, method: 0 | 8, crc: number, size: number, data: Buffer }

export type HeaderFields = Partial<{ name: string, method: number, flags: number, crc: number, compressedSize: number, size: number, extra: Buffer }>

export function zipRecord (name: string, content: Buffer | string, method: 0 | 8 = 8): ZipRecord {
  const raw = Buffer.from(content)
  return { name, method, crc: crc32(raw), size: raw.length, data: method === 8 ? deflateRawSync(raw, { level: 9 }) : raw }
}

/**
 * A deflated record of `head`, then `fill` repeated, then `tail`: `size` bytes in all, built without holding
 * them. Each piece is deflated on its own with a full flush (byte-aligned, no final block, no shared window),
 * so the pieces concatenate into one valid stream, and one deflated megabyte of filler is reused throughout.
 */
export function deflatedRepeat (name: string, { head, fill, tail = '', size }: { head: string, fill: string, tail?: string, size: number }): ZipRecord {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 }
  const first = Buffer.from(head)
  const last = Buffer.from(tail)
  const unit = Buffer.from(fill)
  const block = Buffer.alloc(Math.floor(1024 * 1024 / unit.length) * unit.length)
  for (let at = 0; at < block.length; at += unit.length) unit.copy(block, at)
  let left = size - first.length - last.length
  if (left < 0) throw new Error('size smaller than head and tail')
  const deflatedBlock = deflateRawSync(block, flush)
  const data: Buffer[] = [deflateRawSync(first, flush)]
  let crc = crc32(first)
  while (left > 0) {
    const piece = left >= block.length ? block : block.subarray(0, left)
    data.push(piece === block ? deflatedBlock : deflateRawSync(piece, flush))
    crc = crc32(piece, crc)
    left -= piece.length
  }
  data.push(deflateRawSync(last))
  crc = crc32(last, crc)
  return { name, method: 8, crc, size, data: Buffer.concat(data) }
}

export function localHeader (record: ZipRecord, fields: HeaderFields = {}): Buffer {
  const name = Buffer.from(fields.name ?? record.name)
  const extra = fields.extra ?? Buffer.alloc(0)
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt16LE(fields.flags ?? 0x0800, 6)
  header.writeUInt16LE(fields.method ?? record.method, 8)
  header.writeUInt32LE(fields.crc ?? record.crc, 14)
  header.writeUInt32LE(fields.compressedSize ?? record.data.length, 18)
  header.writeUInt32LE(fields.size ?? record.size, 22)
  header.writeUInt16LE(name.length, 26)
  header.writeUInt16LE(extra.length, 28)
  return Buffer.concat([header, name, extra])
}

export function centralHeader (record: ZipRecord, offset: number, fields: HeaderFields = {}): Buffer {
  const name = Buffer.from(fields.name ?? record.name)
  const extra = fields.extra ?? Buffer.alloc(0)
  const header = Buffer.alloc(46)
  header.writeUInt32LE(0x02014b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt16LE(20, 6)
  header.writeUInt16LE(fields.flags ?? 0x0800, 8)
  header.writeUInt16LE(fields.method ?? record.method, 10)
  header.writeUInt32LE(fields.crc ?? record.crc, 16)
  header.writeUInt32LE(fields.compressedSize ?? record.data.length, 20)
  header.writeUInt32LE(fields.size ?? record.size, 24)
  header.writeUInt16LE(name.length, 28)
  header.writeUInt16LE(extra.length, 30)
  header.writeUInt32LE(offset, 42)
  return Buffer.concat([header, name, extra])
}

export function endRecord (entries: number, directorySize: number, directoryOffset: number, comment = ''): Buffer {
  const text = Buffer.from(comment)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries, 8)
  end.writeUInt16LE(entries, 10)
  end.writeUInt32LE(directorySize, 12)
  end.writeUInt32LE(directoryOffset, 16)
  end.writeUInt16LE(text.length, 20)
  return Buffer.concat([end, text])
}

/** An ordinary archive of `records`; `local` and `central` override header fields of the i-th record. */
export function assemble (records: ZipRecord[], { local = () => ({}), central = () => ({}), after = () => Buffer.alloc(0) }: {
  local?: (r: ZipRecord, i: number) => HeaderFields
  central?: (r: ZipRecord, i: number) => HeaderFields
  /** bytes written right after the i-th record's data (a data descriptor) */
  after?: (r: ZipRecord, i: number) => Buffer
} = {}): Buffer {
  const body: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  records.forEach((r, i) => {
    const head = localHeader(r, local(r, i))
    const tail = after(r, i)
    directory.push(centralHeader(r, offset, central(r, i)))
    body.push(head, r.data, tail)
    offset += head.length + r.data.length + tail.length
  })
  const size = directory.reduce((n, b) => n + b.length, 0)
  return Buffer.concat([...body, ...directory, endRecord(records.length, size, offset)])
}

/** The parts of a real workbook (e.g. one exceljs wrote) as stored records, in its order. */
export function recordsOf (workbook: Buffer): ZipRecord[] {
  return Object.entries(unzipSync(workbook)).map(([name, content]) => zipRecord(name, Buffer.from(content)))
}

/** A Zip64 extended-information extra field with the given 64-bit values. */
export function zip64Extra (...values: number[]): Buffer {
  const field = Buffer.alloc(4 + values.length * 8)
  field.writeUInt16LE(0x0001, 0)
  field.writeUInt16LE(values.length * 8, 2)
  values.forEach((v, i) => field.writeBigUInt64LE(BigInt(v), 4 + i * 8))
  return field
}

export type HiddenHeaderBomb = {
  /** bytes the hidden sheet really inflates to */
  inflated: number
  /** size the central directory declares for it (the truth when omitted) */
  declared?: number
  /** size the stored filler's local header declares (its real size when omitted) */
  fillerDeclared?: number
  /** central directory records pointing at the hidden sheet (sheet1.xml, sheet2.xml, …) */
  copies: number
}

/**
 * A workbook whose sheet hides inside a stored filler entry: walking the local headers one sees the workbook's
 * small parts and then one stored "image" (which may declare more bytes than the file holds);
 * the central directory instead lists the small parts and `copies` sheets, all pointing at a deflated sheet
 * inside the filler's bytes that starts with the template's header row and inflates to `inflated` bytes.
 */
export function hiddenHeaderBomb (workbook: Buffer, headers: string[], { inflated, declared, fillerDeclared, copies }: HiddenHeaderBomb): Buffer {
  const cells = headers.map((h, i) => `<c r="${String.fromCharCode(65 + (i % 26))}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')
  const sheet = deflatedRepeat('xl/worksheets/sheet1.xml', {
    head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cells}</row>`,
    fill: ' ',
    tail: '</sheetData></worksheet>',
    size: inflated
  })
  const parts = recordsOf(workbook).filter((r) => !/^xl\/worksheets\/sheet\d+\.xml$/.test(r.name))
  const body: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const r of parts) {
    const head = localHeader(r)
    directory.push(centralHeader(r, offset))
    body.push(head, r.data)
    offset += head.length + r.data.length
  }
  const hidden = Buffer.concat([localHeader(sheet), sheet.data])
  const filler: ZipRecord = { name: 'xl/media/image1.png', method: 0, crc: crc32(hidden), size: hidden.length, data: hidden }
  const fillerHead = localHeader(filler, fillerDeclared === undefined ? {} : { compressedSize: fillerDeclared, size: fillerDeclared })
  const sheetOffset = offset + fillerHead.length
  for (let i = 1; i <= copies; i++) directory.push(centralHeader(sheet, sheetOffset, { name: `xl/worksheets/sheet${i}.xml`, ...(declared !== undefined ? { size: declared } : {}) }))
  body.push(fillerHead, hidden)
  offset += fillerHead.length + hidden.length
  const size = directory.reduce((n, b) => n + b.length, 0)
  return Buffer.concat([...body, ...directory, endRecord(parts.length + copies, size, offset)])
}
