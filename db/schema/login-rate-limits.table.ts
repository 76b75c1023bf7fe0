import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core'

/**
 * Login attempts per client address in its current window. Kept in the database, not in memory, so every
 * process serving the same database file counts the same attempts.
 */
export const loginRateLimitsTable = sqliteTable('login_rate_limits', {
  address: text('address').primaryKey(),
  windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
  attempts: integer('attempts').notNull()
}, (t) => [
  index('login_rate_limits_window_idx').on(t.windowStartedAt)
])
