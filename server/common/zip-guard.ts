/**
 * Checks an uploaded ZIP archive (an .xlsx is one) before any library unpacks it.
 *
 * A reader that follows the central directory (JSZip inside exceljs) and one that walks the local headers in
 * order (unzipper, fflate's Unzip) can be shown two different archives by one file: an entry hidden inside
 * another entry's stored bytes, several directory records pointing at one compressed stream, sizes that lie.
 * `checkZip` therefore reads the central directory, requires every local header to agree with its record, the
 * entries to tile the file from its first byte to the directory without gaps or overlaps, each name to occur
 * once, and each entry's declared size to be within a bound per entry and in total; it then inflates every
 * entry once, counting bytes and computing the CRC, stopping as soon as an entry produces more than it
 * declared. Nothing inflated is kept: memory stays at one 64 KB chunk whatever the archive claims.
 */
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib'

export type ZipLimits = {
  /** most entries (files and folders) */
  maxEntries: number
  /** most bytes one entry may inflate to */
  maxEntryBytes: number
  /** most bytes all entries together may inflate to */
  maxTotalBytes: number
}

/** One checked entry: where its data lies in the archive and what it inflates to. */
export type ZipEntry = {
  name: string
  method: typeof STORED | typeof DEFLATED
  crc: number
  compressedSize: number
  size: number
  /** offset of the entry's (compressed) data in the archive */
  dataOffset: number
}

export type ZipProblem =
  // the archive is too big once inflated (HTTP 413)
  | 'too_many_entries' | 'entry_too_large' | 'total_too_large'
  // not an archive at all, or cut off
  | 'not_a_zip'
  // an archive whose parts contradict each other or that this guard refuses to reason about
  | 'multi_disk' | 'bad_central_directory' | 'bad_local_header' | 'local_central_mismatch' | 'duplicate_name'
  | 'overlapping_entries' | 'unreferenced_bytes' | 'encrypted' | 'unsupported_method' | 'size_mismatch'
  | 'crc_mismatch' | 'corrupt_data'

const TOO_LARGE = new Set<ZipProblem>(['too_many_entries', 'entry_too_large', 'total_too_large'])

export class ZipRejected extends Error {
  readonly problem: ZipProblem
  constructor (problem: ZipProblem) {
    super(`zip archive refused: ${problem}`)
    this.name = 'ZipRejected'
    this.problem = problem
  }

  get tooLarge () { return TOO_LARGE.has(this.problem) }
}

const STORED = 0
const DEFLATED = 8
const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_END = 0x06054b50
const SIG_END64 = 0x06064b50
const SIG_LOCATOR64 = 0x07064b50
const SIG_DESCRIPTOR = 0x08074b50
const MAX16 = 0xffff
const MAX32 = 0xffffffff
const END_LENGTH = 22
const LOCATOR64_LENGTH = 20
const CENTRAL_LENGTH = 46
const LOCAL_LENGTH = 30
const ZIP64_EXTRA = 0x0001
const UNICODE_PATH_EXTRA = 0x7075
/** general purpose flags: encrypted, strong encryption, masked local headers */
const FLAG_ENCRYPTED = 0x0001 | 0x0040 | 0x2000
const FLAG_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
/** bytes of inflated output per chunk: the only inflated data held at any time */
const INFLATE_CHUNK = 64 * 1024

function fail (problem: ZipProblem): never {
  throw new ZipRejected(problem)
}

function within (buffer: Buffer, offset: number, length: number, problem: ZipProblem) {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > buffer.length) fail(problem)
}

function u64 (buffer: Buffer, offset: number, problem: ZipProblem) {
  const value = buffer.readBigUInt64LE(offset)
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(problem)
  return Number(value)
}

/** The extra fields of a header as id → data. */
function extraFields (extra: Buffer, problem: ZipProblem) {
  const fields = new Map<number, Buffer>()
  let at = 0
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at)
    const size = extra.readUInt16LE(at + 2)
    if (at + 4 + size > extra.length) fail(problem)
    if (fields.has(id)) fail(problem)
    fields.set(id, extra.subarray(at + 4, at + 4 + size))
    at += 4 + size
  }
  return fields
}

/** Replaces 32-bit values saturated at 0xFFFFFFFF by the 64-bit ones of the Zip64 extra field, in its fixed order. */
function zip64Values (fields: Map<number, Buffer>, values: number[], problem: ZipProblem) {
  const data = fields.get(ZIP64_EXTRA)
  let at = 0
  return values.map((value) => {
    if (value !== MAX32) return value
    if (!data || at + 8 > data.length) fail(problem)
    const wide = u64(data, at, problem)
    at += 8
    return wide
  })
}

function nameOf (raw: Buffer, flags: number) {
  return raw.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1')
}

/** Names that readers treat as the same entry: case and slash direction do not matter to them. */
function nameKey (name: string) {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase()
}

type Directory = { entries: number, offset: number, size: number, end: number }

/** The end of central directory record (Zip64 when its fields are saturated); it must close the file exactly. */
function readDirectory (buffer: Buffer): Directory {
  if (buffer.length < END_LENGTH) fail('not_a_zip')
  // the last signature in the file is the record a central-directory reader uses; its comment must run to the end
  let end = -1
  for (let at = buffer.length - END_LENGTH; at >= Math.max(0, buffer.length - END_LENGTH - MAX16); at--) {
    if (buffer.readUInt32LE(at) === SIG_END) { end = at; break }
  }
  if (end < 0 || end + END_LENGTH + buffer.readUInt16LE(end + 20) !== buffer.length) fail('not_a_zip')
  const disk = buffer.readUInt16LE(end + 4)
  const directoryDisk = buffer.readUInt16LE(end + 6)
  const entriesOnDisk = buffer.readUInt16LE(end + 8)
  const entries = buffer.readUInt16LE(end + 10)
  const size = buffer.readUInt32LE(end + 12)
  const offset = buffer.readUInt32LE(end + 16)
  const zip64 = [disk, directoryDisk, entriesOnDisk, entries].includes(MAX16) || size === MAX32 || offset === MAX32
  if (!zip64) {
    if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entries) fail('multi_disk')
    return { entries, offset, size, end }
  }
  const locator = end - LOCATOR64_LENGTH
  within(buffer, locator, LOCATOR64_LENGTH, 'bad_central_directory')
  if (buffer.readUInt32LE(locator) !== SIG_LOCATOR64) fail('bad_central_directory')
  if (buffer.readUInt32LE(locator + 4) !== 0 || buffer.readUInt32LE(locator + 16) > 1) fail('multi_disk')
  const record = u64(buffer, locator + 8, 'bad_central_directory')
  within(buffer, record, 56, 'bad_central_directory')
  if (buffer.readUInt32LE(record) !== SIG_END64) fail('bad_central_directory')
  // the Zip64 record (12 bytes of signature and size, then its contents) must end where the locator begins
  if (record + 12 + u64(buffer, record + 4, 'bad_central_directory') !== locator) fail('bad_central_directory')
  if (buffer.readUInt32LE(record + 16) !== 0 || buffer.readUInt32LE(record + 20) !== 0) fail('multi_disk')
  const entries64 = u64(buffer, record + 32, 'bad_central_directory')
  if (u64(buffer, record + 24, 'bad_central_directory') !== entries64) fail('multi_disk')
  return { entries: entries64, size: u64(buffer, record + 40, 'bad_central_directory'), offset: u64(buffer, record + 48, 'bad_central_directory'), end: record }
}

type Span = { start: number, end: number }

/** Reads the local header of `entry`, checks it against the central record and returns the bytes the entry occupies. */
function checkLocal (buffer: Buffer, entry: ZipEntry & { flags: number, rawName: Buffer, localOffset: number }, directoryOffset: number): Span {
  const at = entry.localOffset
  within(buffer, at, LOCAL_LENGTH, 'bad_local_header')
  if (buffer.readUInt32LE(at) !== SIG_LOCAL) fail('bad_local_header')
  const flags = buffer.readUInt16LE(at + 6)
  const method = buffer.readUInt16LE(at + 8)
  const nameLength = buffer.readUInt16LE(at + 26)
  const extraLength = buffer.readUInt16LE(at + 28)
  within(buffer, at + LOCAL_LENGTH, nameLength + extraLength, 'bad_local_header')
  const rawName = buffer.subarray(at + LOCAL_LENGTH, at + LOCAL_LENGTH + nameLength)
  const fields = extraFields(buffer.subarray(at + LOCAL_LENGTH + nameLength, at + LOCAL_LENGTH + nameLength + extraLength), 'bad_local_header')
  if (!rawName.equals(entry.rawName) || method !== entry.method) fail('local_central_mismatch')
  if ((flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR)) !== (entry.flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR))) fail('local_central_mismatch')
  const local = { crc: buffer.readUInt32LE(at + 14), compressed: buffer.readUInt32LE(at + 18), size: buffer.readUInt32LE(at + 22) }
  const hasDescriptor = (flags & FLAG_DESCRIPTOR) !== 0
  if (hasDescriptor) {
    // the values follow the data; here they are zero, or (some writers) the real ones
    if ((local.crc !== 0 && local.crc !== entry.crc) || ![0, MAX32, entry.compressedSize].includes(local.compressed) || ![0, MAX32, entry.size].includes(local.size)) fail('local_central_mismatch')
  } else {
    const [size, compressed] = zip64Values(fields, [local.size, local.compressed], 'bad_local_header')
    if (local.crc !== entry.crc || size !== entry.size || compressed !== entry.compressedSize) fail('local_central_mismatch')
  }
  const dataOffset = at + LOCAL_LENGTH + nameLength + extraLength
  let end = dataOffset + entry.compressedSize
  if (end > directoryOffset) fail('bad_local_header')
  if (hasDescriptor) {
    if (end + 4 <= directoryOffset && buffer.readUInt32LE(end) === SIG_DESCRIPTOR) end += 4
    const wide = fields.has(ZIP64_EXTRA)
    const length = wide ? 20 : 12
    if (end + length > directoryOffset) fail('bad_local_header')
    const crc = buffer.readUInt32LE(end)
    const compressed = wide ? u64(buffer, end + 4, 'bad_local_header') : buffer.readUInt32LE(end + 4)
    const size = wide ? u64(buffer, end + 12, 'bad_local_header') : buffer.readUInt32LE(end + 8)
    if (crc !== entry.crc || compressed !== entry.compressedSize || size !== entry.size) fail('local_central_mismatch')
    end += length
  }
  entry.dataOffset = dataOffset
  return { start: at, end }
}

/** Inflates one entry without keeping its output; its real size and CRC must be the declared ones. */
async function checkContent (buffer: Buffer, entry: ZipEntry) {
  const data = buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)
  let produced = 0
  let crc = 0
  if (entry.method === STORED) {
    produced = data.length
    crc = crc32(data)
  } else {
    // zlib's stream hands out one chunk at a time and stops as soon as it is destroyed
    const problem = await new Promise<ZipProblem | null>((resolve) => {
      const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK })
      inflate.on('data', (chunk: Buffer) => {
        produced += chunk.length
        if (produced > entry.size) { inflate.destroy(); resolve('size_mismatch'); return }
        crc = crc32(chunk, crc)
      })
      inflate.on('error', () => resolve('corrupt_data'))
      inflate.on('end', () => resolve(null))
      inflate.end(data)
    })
    if (problem) fail(problem)
  }
  if (produced !== entry.size) fail('size_mismatch')
  if (crc !== entry.crc) fail('crc_mismatch')
}

/**
 * Checks `buffer` as a ZIP archive within `limits` and returns its entries in file order; throws ZipRejected
 * (with `tooLarge` for the size bounds) for anything else.
 */
export async function checkZip (buffer: Buffer, limits: ZipLimits): Promise<ZipEntry[]> {
  const directory = readDirectory(buffer)
  if (directory.entries > limits.maxEntries) fail('too_many_entries')
  if (directory.offset + directory.size !== directory.end) fail('bad_central_directory')

  const entries: (ZipEntry & { flags: number, rawName: Buffer, localOffset: number })[] = []
  const names = new Set<string>()
  let total = 0
  let at = directory.offset
  for (let i = 0; i < directory.entries; i++) {
    within(buffer, at, CENTRAL_LENGTH, 'bad_central_directory')
    if (buffer.readUInt32LE(at) !== SIG_CENTRAL) fail('bad_central_directory')
    const flags = buffer.readUInt16LE(at + 8)
    const method = buffer.readUInt16LE(at + 10)
    const crc = buffer.readUInt32LE(at + 16)
    const nameLength = buffer.readUInt16LE(at + 28)
    const extraLength = buffer.readUInt16LE(at + 30)
    const commentLength = buffer.readUInt16LE(at + 32)
    within(buffer, at + CENTRAL_LENGTH, nameLength + extraLength + commentLength, 'bad_central_directory')
    const rawName = buffer.subarray(at + CENTRAL_LENGTH, at + CENTRAL_LENGTH + nameLength)
    const fields = extraFields(buffer.subarray(at + CENTRAL_LENGTH + nameLength, at + CENTRAL_LENGTH + nameLength + extraLength), 'bad_central_directory')
    const [size, compressedSize, localOffset] = zip64Values(fields, [buffer.readUInt32LE(at + 24), buffer.readUInt32LE(at + 20), buffer.readUInt32LE(at + 42)], 'bad_central_directory') as [number, number, number]
    const disk = buffer.readUInt16LE(at + 34)
    at += CENTRAL_LENGTH + nameLength + extraLength + commentLength

    if (disk !== 0 && disk !== MAX16) fail('multi_disk')
    if (flags & FLAG_ENCRYPTED) fail('encrypted')
    if (method !== STORED && method !== DEFLATED) fail('unsupported_method')
    if (size > limits.maxEntryBytes) fail('entry_too_large')
    total += size
    if (total > limits.maxTotalBytes) fail('total_too_large')
    if (method === STORED && compressedSize !== size) fail('size_mismatch')

    const name = nameOf(rawName, flags)
    const keys = [nameKey(name)]
    // readers prefer the Info-ZIP Unicode path field over the header's name: both must be unique
    const unicode = fields.get(UNICODE_PATH_EXTRA)
    if (unicode) keys.push(nameKey(unicode.subarray(5).toString('utf8')))
    for (const key of new Set(keys)) {
      if (names.has(key)) fail('duplicate_name')
      names.add(key)
    }
    entries.push({ name, method, crc, compressedSize, size, dataOffset: -1, flags, rawName, localOffset })
  }
  if (at !== directory.end) fail('bad_central_directory')

  // every byte before the central directory belongs to exactly one entry: nothing hides in or between entries
  const spans = entries.map((entry) => ({ entry, ...checkLocal(buffer, entry, directory.offset) })).sort((a, b) => a.start - b.start)
  let covered = 0
  for (const span of spans) {
    if (span.start < covered) fail('overlapping_entries')
    if (span.start > covered) fail('unreferenced_bytes')
    covered = span.end
  }
  if (covered !== directory.offset) fail('unreferenced_bytes')

  for (const { entry } of spans) await checkContent(buffer, entry)
  return spans.map(({ entry: { name, method, crc, compressedSize, size, dataOffset } }) => ({ name, method, crc, compressedSize, size, dataOffset }))
}

/** An entry for `zipStream`: data as it is to be stored (already deflated for method 8). */
export type ZipPart = { name: string, method: typeof STORED | typeof DEFLATED, crc: number, size: number, data: Uint8Array }

/** The inflated content of a checked entry of `buffer`, one chunk at a time. */
export async function * contentOf (buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)
  if (entry.method === STORED) { yield data; return }
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK })
  inflate.end(data)
  for await (const chunk of inflate) yield chunk as Buffer
}

/** A deflated entry of `content` (read once, deflated as it comes; only the deflated bytes are kept). */
export async function deflatedPart (name: string, content: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 1 })
  const out: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise<void>((resolve, reject) => { deflate.on('end', resolve); deflate.on('error', reject) })
  let crc = 0
  let size = 0
  try {
    for await (const chunk of content) {
      crc = crc32(chunk, crc)
      size += chunk.length
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve))
    }
  } catch (error) {
    deflate.destroy()
    throw error
  }
  deflate.end()
  await done
  return { name, method: DEFLATED, crc, size, data: Buffer.concat(out) }
}

/**
 * A plain archive of `parts` in the given order: sizes in every local header, no data descriptors, UTF-8
 * names, no Zip64 (the parts come from a checked upload, far below 4 GB). Each part is made only when the
 * reader has taken the previous one, so one part's data is held at a time.
 */
export async function * zipStream (parts: (() => Promise<ZipPart>)[]): AsyncGenerator<Buffer> {
  const central: Buffer[] = []
  let offset = 0
  for (const make of parts) {
    const part = await make()
    const name = Buffer.from(part.name, 'utf8')
    const local = Buffer.alloc(LOCAL_LENGTH)
    local.writeUInt32LE(SIG_LOCAL, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(FLAG_UTF8, 6)
    local.writeUInt16LE(part.method, 8)
    local.writeUInt32LE(part.crc, 14)
    local.writeUInt32LE(part.data.length, 18)
    local.writeUInt32LE(part.size, 22)
    local.writeUInt16LE(name.length, 26)
    const record = Buffer.alloc(CENTRAL_LENGTH)
    record.writeUInt32LE(SIG_CENTRAL, 0)
    record.writeUInt16LE(20, 4)
    record.writeUInt16LE(20, 6)
    record.writeUInt16LE(FLAG_UTF8, 8)
    record.writeUInt16LE(part.method, 10)
    record.writeUInt32LE(part.crc, 16)
    record.writeUInt32LE(part.data.length, 20)
    record.writeUInt32LE(part.size, 24)
    record.writeUInt16LE(name.length, 28)
    record.writeUInt32LE(offset, 42)
    yield Buffer.concat([local, name])
    yield Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength)
    central.push(record, name)
    offset += LOCAL_LENGTH + name.length + part.data.length
  }
  const directorySize = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(END_LENGTH)
  end.writeUInt32LE(SIG_END, 0)
  end.writeUInt16LE(central.length / 2, 8)
  end.writeUInt16LE(central.length / 2, 10)
  end.writeUInt32LE(directorySize, 12)
  end.writeUInt32LE(offset, 16)
  yield Buffer.concat([...central, end])
}
