import { integer } from 'drizzle-orm/sqlite-core'

export const idColumn = () => integer('id').primaryKey({ autoIncrement: true })

export const timestampColumns = () => ({
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
})
