import { sqliteTable, integer, text, blob, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { hearingsTable } from './hearings.table.js'
import { usersTable } from './users.table.js'
import { ISSUED_DOCUMENT_KINDS, SERVICE_METHODS, HEARING_RECORD_KINDS } from './enums.js'

/** Issuing body, contact and 机关代字 of a region; a region without a row inherits its nearest ancestor's. */
export const regionDocumentSettingsTable = sqliteTable('region_document_settings', {
  regionId: integer('region_id').primaryKey().references(() => regionsTable.id, { onDelete: 'cascade' }),
  issuerName: text('issuer_name').notNull(),
  contactPerson: text('contact_person').notNull(),
  contactPhone: text('contact_phone').notNull(),
  address: text('address'),
  /** 机关代字 of the document number, e.g. 滨信听 → 滨信听〔2026〕12号. */
  numberPrefix: text('number_prefix').notNull(),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
})

/** Last serial handed out per prefix and year; only ever incremented inside the issuing transaction. */
export const documentSerialsTable = sqliteTable('document_serials', {
  prefix: text('prefix').notNull(),
  year: integer('year').notNull(),
  lastSerial: integer('last_serial').notNull()
}, (t) => [primaryKey({ columns: [t.prefix, t.year] })])

/**
 * Every document issued for a hearing, with the exact bytes: the log is the proof of what was sent, and keeping
 * the PDF in the same row (and the same backup) means the log and the file can never disagree.
 */
export const issuedDocumentsTable = sqliteTable('issued_documents', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'restrict' }),
  kind: text('kind', { enum: ISSUED_DOCUMENT_KINDS }).notNull(),
  /** Formatted 文号 (null for documents without one: 送达回证). */
  number: text('number'),
  numberPrefix: text('number_prefix'),
  numberYear: integer('number_year'),
  numberSerial: integer('number_serial'),
  title: text('title').notNull(),
  /** `petitioner:<id>`, `respondent:<orgId>`, `participant:<id>`, `host:<memberId>`, `file` */
  recipientRef: text('recipient_ref').notNull(),
  recipientName: text('recipient_name').notNull(),
  issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
  issuedByUserId: integer('issued_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  issuedByName: text('issued_by_name').notNull(),
  sha256: text('sha256').notNull(),
  pageCount: integer('page_count').notNull(),
  byteSize: integer('byte_size').notNull(),
  pdf: blob('pdf', { mode: 'buffer' }).notNull()
}, (t) => [
  index('issued_documents_hearing_idx').on(t.hearingId, t.issuedAt),
  uniqueIndex('issued_documents_number_uq').on(t.numberPrefix, t.numberYear, t.numberSerial)
])

/** How and when an issued document was served (送达), recorded afterwards; append-only. */
export const documentServicesTable = sqliteTable('document_services', {
  id: idColumn(),
  documentId: integer('document_id').notNull().references(() => issuedDocumentsTable.id, { onDelete: 'restrict' }),
  method: text('method', { enum: SERVICE_METHODS }).notNull(),
  /** YYYY-MM-DD */
  servedOn: text('served_on').notNull(),
  signedBy: text('signed_by').notNull(),
  note: text('note'),
  recordedByUserId: integer('recorded_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  recordedByName: text('recorded_by_name').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('document_services_document_idx').on(t.documentId)])

/**
 * 听证笔录 and 评议记录, one row per version. The content is one JSON document written whole in each use case's
 * transaction, so an entry is either entirely in it or not at all; entries keep the order they were entered in.
 * A final version is never changed again: a correction is a new draft version pointing to it. `content_sha256`
 * covers the content (it is printed in the PDF's footer), `pdf_sha256` the stored PDF bytes.
 */
export const hearingRecordsTable = sqliteTable('hearing_records', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'restrict' }),
  kind: text('kind', { enum: HEARING_RECORD_KINDS }).notNull(),
  version: integer('version').notNull(),
  previousId: integer('previous_id'),
  correctionReason: text('correction_reason'),
  status: text('status', { enum: ['draft', 'final'] }).notNull(),
  content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  contentSha256: text('content_sha256'),
  finalisedAt: integer('finalised_at', { mode: 'timestamp_ms' }),
  finalisedByName: text('finalised_by_name'),
  /**
   * The PDF of a final version exactly as it was at finalisation, with its SHA-256, page count and size: a final
   * version is served from these bytes only, never rendered again from live rows. Null while a draft.
   */
  pdfSha256: text('pdf_sha256'),
  pageCount: integer('page_count'),
  byteSize: integer('byte_size'),
  pdf: blob('pdf', { mode: 'buffer' }),
  /** Bumped on every write (optimistic concurrency for clients that send it). */
  revision: integer('revision').notNull().default(1),
  ...timestampColumns()
}, (t) => [uniqueIndex('hearing_records_hearing_kind_version_uq').on(t.hearingId, t.kind, t.version)])

export type RegionDocumentSettings = typeof regionDocumentSettingsTable.$inferSelect
export type IssuedDocument = typeof issuedDocumentsTable.$inferSelect
export type DocumentService = typeof documentServicesTable.$inferSelect
export type HearingRecord = typeof hearingRecordsTable.$inferSelect
