import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { membersTable } from './pool.table.js'
import { USER_ROLES, TOKEN_KINDS } from './enums.js'

export const usersTable = sqliteTable('users', {
  id: idColumn(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** Root of the region subtree the user may see; null only for admins (the whole city). */
  regionId: integer('region_id').references(() => regionsTable.id, { onDelete: 'restrict' }),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** The pool member (听证员库人员) this account belongs to, if any: what the user handled is a recusal ground for that member. */
  poolMemberId: integer('pool_member_id').references(() => membersTable.id, { onDelete: 'set null' }),
  /** Set when someone else chose the password (an administrator creating or resetting it, a generated first password); cleared when the user sets their own. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  lastLoginAt: integer('last_login_at', { mode: 'timestamp_ms' }),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('users_username_uq').on(t.username),
  index('users_region_idx').on(t.regionId),
  uniqueIndex('users_pool_member_uq').on(t.poolMemberId)
])

export const authTokensTable = sqliteTable('auth_tokens', {
  id: idColumn(),
  userId: integer('user_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: TOKEN_KINDS }).notNull(),
  name: text('name'),
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull(),
  /** First characters of the token, so its owner can tell tokens apart. */
  prefix: text('prefix').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
}, (t) => [
  uniqueIndex('auth_tokens_hash_uq').on(t.tokenHash),
  index('auth_tokens_user_idx').on(t.userId)
])

export type User = typeof usersTable.$inferSelect
export type NewUser = typeof usersTable.$inferInsert
export type AuthToken = typeof authTokensTable.$inferSelect
