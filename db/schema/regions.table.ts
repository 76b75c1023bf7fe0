import { sqliteTable, integer, text, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { REGION_LEVELS } from './enums.js'

export const regionsTable = sqliteTable('regions', {
  id: idColumn(),
  parentId: integer('parent_id').references((): AnySQLiteColumn => regionsTable.id, { onDelete: 'restrict' }),
  name: text('name').notNull(),
  level: text('level', { enum: REGION_LEVELS }).notNull(),
  /** 12-digit statistical division code (统计用区划代码), optional. */
  code: text('code'),
  /** Materialised path of ids, e.g. `/1/4/17/`: a subtree is every row whose path starts with its root's path. */
  path: text('path').notNull(),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  index('regions_parent_idx').on(t.parentId),
  index('regions_path_idx').on(t.path),
  uniqueIndex('regions_code_uq').on(t.code),
  uniqueIndex('regions_parent_name_uq').on(t.parentId, t.name)
])

export type Region = typeof regionsTable.$inferSelect
export type NewRegion = typeof regionsTable.$inferInsert
