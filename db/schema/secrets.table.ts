import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core'

/** Secrets the service generates for itself when none is configured (e.g. the link-signing key). */
export const appSecretsTable = sqliteTable('app_secrets', {
  name: text('name').primaryKey(),
  /** base64url of the random bytes. */
  value: text('value').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
})

export type AppSecret = typeof appSecretsTable.$inferSelect
