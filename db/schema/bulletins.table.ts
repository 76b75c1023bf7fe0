import { sqliteTable, integer, text, blob, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn } from '../columns.js'
import { usersTable } from './users.table.js'

/**
 * Bulletins (不定期通报) on the hearing work, issued by the city bureau to the counties and departments. Each row keeps
 * the PDF bytes as issued (served again byte for byte, checked against `sha256`) and the figures they were built from
 * (the .xlsx is written from these), so later records change neither.
 */
export const bulletinsTable = sqliteTable('bulletins', {
  id: idColumn(),
  /** Formatted 文号, e.g. 滨信访〔2026〕12号. */
  number: text('number').notNull(),
  numberPrefix: text('number_prefix').notNull(),
  numberYear: integer('number_year').notNull(),
  numberSerial: integer('number_serial').notNull(),
  /** YYYY-MM-DD, both included. */
  periodFrom: text('period_from').notNull(),
  periodTo: text('period_to').notNull(),
  title: text('title').notNull(),
  issuerName: text('issuer_name').notNull(),
  issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
  issuedByUserId: integer('issued_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  issuedByName: text('issued_by_name').notNull(),
  summary: text('summary').notNull(),
  /** The BulletinFigures (server/modules/bulletins/bulletins.types.ts) the document was built from. */
  figures: text('figures', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  sha256: text('sha256').notNull(),
  pageCount: integer('page_count').notNull(),
  byteSize: integer('byte_size').notNull(),
  pdf: blob('pdf', { mode: 'buffer' }).notNull()
}, (t) => [
  uniqueIndex('bulletins_number_uq').on(t.numberPrefix, t.numberYear, t.numberSerial),
  index('bulletins_issued_idx').on(t.issuedAt)
])

export type Bulletin = typeof bulletinsTable.$inferSelect
