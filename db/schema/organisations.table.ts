import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { ORGANISATION_KINDS, ALIAS_KINDS } from './enums.js'

/** Units people work for and petitions are answered by: agencies, firms, village committees… */
export const organisationsTable = sqliteTable('organisations', {
  id: idColumn(),
  name: text('name').notNull(),
  /** `name` normalised (NFKC, no spaces, half-width brackets): what matching and uniqueness compare. */
  nameKey: text('name_key').notNull(),
  kind: text('kind', { enum: ORGANISATION_KINDS }),
  regionId: integer('region_id').references(() => regionsTable.id, { onDelete: 'restrict' }),
  note: text('note'),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('organisations_name_key_uq').on(t.nameKey),
  index('organisations_region_idx').on(t.regionId)
])

/** Other names of an organisation: short forms (简称) and former names (曾用名). */
export const organisationAliasesTable = sqliteTable('organisation_aliases', {
  id: idColumn(),
  organisationId: integer('organisation_id').notNull().references(() => organisationsTable.id, { onDelete: 'cascade' }),
  alias: text('alias').notNull(),
  aliasKey: text('alias_key').notNull(),
  kind: text('kind', { enum: ALIAS_KINDS }).notNull()
}, (t) => [
  uniqueIndex('organisation_aliases_org_key_uq').on(t.organisationId, t.aliasKey),
  index('organisation_aliases_key_idx').on(t.aliasKey)
])

export type Organisation = typeof organisationsTable.$inferSelect
export type NewOrganisation = typeof organisationsTable.$inferInsert
export type OrganisationAlias = typeof organisationAliasesTable.$inferSelect
