import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core'

/**
 * This installation's identity: one row, created at the first start. Its random UUID names the installation in
 * calendar UIDs (`hearing-<id>@<uuid>`), which therefore do not depend on the address (PUBLIC_BASE_URL) the
 * service is reached at.
 */
export const installationTable = sqliteTable('installation', {
  /** Always 1: the table holds a single row. */
  singleton: integer('singleton').primaryKey(),
  /** Random UUID (version 4). */
  id: text('id').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
})

export type Installation = typeof installationTable.$inferSelect
