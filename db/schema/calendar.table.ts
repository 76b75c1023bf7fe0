import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn } from '../columns.js'
import { FEED_OWNER_KINDS } from './enums.js'

/** Secret URLs of personal calendar feeds; at most one unrevoked row per owner. */
export const calendarFeedTokensTable = sqliteTable('calendar_feed_tokens', {
  id: idColumn(),
  ownerKind: text('owner_kind', { enum: FEED_OWNER_KINDS }).notNull(),
  /** users.id or the pool member's id, depending on owner_kind. */
  ownerId: integer('owner_id').notNull(),
  /** SHA-256 (hex) of the token: the lookup key. */
  tokenHash: text('token_hash').notNull(),
  /** The token sealed with AES-256-GCM under a key derived from LINK_SIGNING_SECRET, so its owner can see the URL again. */
  tokenSealed: text('token_sealed').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
}, (t) => [
  uniqueIndex('calendar_feed_tokens_hash_uq').on(t.tokenHash),
  index('calendar_feed_tokens_owner_idx').on(t.ownerKind, t.ownerId)
])

export type CalendarFeedToken = typeof calendarFeedTokensTable.$inferSelect
export type NewCalendarFeedToken = typeof calendarFeedTokensTable.$inferInsert
