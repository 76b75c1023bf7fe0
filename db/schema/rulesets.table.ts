import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { usersTable } from './users.table.js'

/**
 * Named rule configurations; one row per version. A version never changes: a change inserts the next
 * version of the same name. `config` is a partial configuration (PartialRulesetConfig) merged over the
 * national defaults and over the rulesets of parent regions.
 */
export const rulesetsTable = sqliteTable('rulesets', {
  id: idColumn(),
  name: text('name').notNull(),
  version: integer('version').notNull(),
  description: text('description'),
  /** Preset the version started from (its values are already folded into `config`). */
  basePreset: text('base_preset'),
  config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdByUserId: integer('created_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  createdByName: text('created_by_name').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  uniqueIndex('rulesets_name_version_uq').on(t.name, t.version)
])

/** The ruleset version a region has chosen; regions without a row inherit from their parent. */
export const regionRulesetsTable = sqliteTable('region_rulesets', {
  regionId: integer('region_id').primaryKey().references(() => regionsTable.id, { onDelete: 'restrict' }),
  rulesetId: integer('ruleset_id').notNull().references(() => rulesetsTable.id, { onDelete: 'restrict' }),
  assignedByUserId: integer('assigned_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  assignedByName: text('assigned_by_name').notNull(),
  assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  index('region_rulesets_ruleset_idx').on(t.rulesetId)
])

export type Ruleset = typeof rulesetsTable.$inferSelect
export type NewRuleset = typeof rulesetsTable.$inferInsert
export type RegionRuleset = typeof regionRulesetsTable.$inferSelect
