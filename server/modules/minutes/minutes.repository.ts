import { and, desc, eq, getTableColumns } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { hearingRecordsTable, type HearingRecord, type HearingRecordKind } from '../../../db/schema/index.js'
import type { DeliberationContent, MinutesContent, RecordContents } from './minutes.types.js'

/** Every column but the PDF bytes: lists and writes never carry a final version's file around. */
const { pdf: _pdf, ...summaryColumns } = getTableColumns(hearingRecordsTable)
type SummaryRow = Omit<HearingRecord, 'pdf'>

/** A version without its file, its content decoded to the kind's type. */
export type RecordOf<K extends HearingRecordKind> = Omit<SummaryRow, 'kind' | 'content'> & { kind: K, content: RecordContents[K] }
/** Any version: the fields every kind has. */
export type HearingRecordSummary = RecordOf<HearingRecordKind>
/** Any version, narrowed by its kind. */
export type KindedRecord = RecordOf<'minutes'> | RecordOf<'deliberation'>

/** hearing_records.content is JSON written whole from the kind's type: decoded here, once. */
function decode (row: SummaryRow): KindedRecord {
  return row.kind === 'minutes'
    ? { ...row, kind: 'minutes', content: row.content as MinutesContent }
    : { ...row, kind: 'deliberation', content: row.content as DeliberationContent }
}

function decodeAs<K extends HearingRecordKind> (row: SummaryRow, kind: K): RecordOf<K> {
  return { ...row, kind, content: row.content as RecordContents[K] }
}

/** The newest version of a hearing's record of `kind`. */
export function latestVersion (db: DbOrTx, hearingId: number, kind: HearingRecordKind): KindedRecord | undefined {
  const row = db.select(summaryColumns).from(hearingRecordsTable).where(and(eq(hearingRecordsTable.hearingId, hearingId), eq(hearingRecordsTable.kind, kind)))
    .orderBy(desc(hearingRecordsTable.version)).get()
  return row && decode(row)
}

/** The newest version of a hearing's record of `kind`, typed by `kind`. */
export function latestVersionOf<K extends HearingRecordKind> (db: DbOrTx, hearingId: number, kind: K): RecordOf<K> | undefined {
  const row = db.select(summaryColumns).from(hearingRecordsTable).where(and(eq(hearingRecordsTable.hearingId, hearingId), eq(hearingRecordsTable.kind, kind)))
    .orderBy(desc(hearingRecordsTable.version)).get()
  return row && decodeAs(row, kind)
}

/** Every version of a hearing's record of `kind`, oldest first. */
export function versionsOf (db: DbOrTx, hearingId: number, kind: HearingRecordKind): KindedRecord[] {
  return db.select(summaryColumns).from(hearingRecordsTable).where(and(eq(hearingRecordsTable.hearingId, hearingId), eq(hearingRecordsTable.kind, kind)))
    .orderBy(hearingRecordsTable.version).all().map(decode)
}

/** The number and registered hashes of a version (the one a correction corrects). */
export function versionHashes (db: DbOrTx, recordId: number) {
  return db.select({ version: hearingRecordsTable.version, contentSha256: hearingRecordsTable.contentSha256, pdfSha256: hearingRecordsTable.pdfSha256 })
    .from(hearingRecordsTable).where(eq(hearingRecordsTable.id, recordId)).get()
}

/** The frozen file of a version, read together with the hash and size recorded for it. */
export function storedPdfOf (db: DbOrTx, recordId: number) {
  return db.select({ bytes: hearingRecordsTable.pdf, sha256: hearingRecordsTable.pdfSha256, byteSize: hearingRecordsTable.byteSize, pageCount: hearingRecordsTable.pageCount })
    .from(hearingRecordsTable).where(eq(hearingRecordsTable.id, recordId)).get()
}

type NewVersion<K extends HearingRecordKind> = Omit<typeof hearingRecordsTable.$inferInsert, 'kind' | 'content' | 'pdf'> & { kind: K, content: RecordContents[K] }

export function insertVersion<K extends HearingRecordKind> (db: DbOrTx, values: NewVersion<K>): RecordOf<K> {
  return decodeAs(db.insert(hearingRecordsTable).values(values).returning(summaryColumns).get(), values.kind)
}

/** Stores a draft's whole content with its next revision. */
export function updateContent<K extends HearingRecordKind> (db: DbOrTx, record: RecordOf<K>, content: RecordContents[K], now: Date): RecordOf<K> {
  const row = db.update(hearingRecordsTable).set({ content, revision: record.revision + 1, updatedAt: now })
    .where(eq(hearingRecordsTable.id, record.id)).returning(summaryColumns).get()
  return decodeAs(row, record.kind)
}

type Frozen = { pdfSha256: string, pageCount: number, byteSize: number, pdf: Buffer }

/** Marks a draft final with its content hash and frozen file. */
export function storeFinal (db: DbOrTx, record: KindedRecord, values: Frozen & { contentSha256: string, finalisedAt: Date, finalisedByName: string }): KindedRecord {
  const row = db.update(hearingRecordsTable).set({ status: 'final', ...values, revision: record.revision + 1, updatedAt: values.finalisedAt })
    .where(eq(hearingRecordsTable.id, record.id)).returning(summaryColumns).get()
  return decode(row)
}

/** Stores the file of a final version from before files were stored with it. */
export function storeFrozenPdf (db: DbOrTx, recordId: number, values: Frozen) {
  db.update(hearingRecordsTable).set(values).where(eq(hearingRecordsTable.id, recordId)).run()
}
