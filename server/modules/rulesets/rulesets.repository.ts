import { and, asc, desc, eq, inArray, max } from 'drizzle-orm'
import { regionRulesetsTable, regionsTable, rulesetsTable, type NewRuleset } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'
import { upgradeRulesetConfig, type PartialRulesetConfig } from './rulesets.config.js'

/**
 * A stored version as read: a config saved in an older shape is given in the current one (see upgradeRulesetConfig),
 * typed as the override it was validated as when it was written.
 */
function current<T extends { config: Record<string, unknown> }> (row: T): Omit<T, 'config'> & { config: PartialRulesetConfig } {
  return { ...row, config: upgradeRulesetConfig(row.config) as PartialRulesetConfig }
}

export function findById (db: DbOrTx, id: number) {
  const row = db.select().from(rulesetsTable).where(eq(rulesetsTable.id, id)).get()
  return row && current(row)
}

export function latestVersion (db: DbOrTx, name: string) {
  return db.select({ version: max(rulesetsTable.version) }).from(rulesetsTable).where(eq(rulesetsTable.name, name)).get()?.version ?? null
}

export function list (db: DbOrTx, { name }: { name?: string | undefined }) {
  return db.select().from(rulesetsTable)
    .where(name !== undefined ? eq(rulesetsTable.name, name) : undefined)
    .orderBy(asc(rulesetsTable.name), desc(rulesetsTable.version))
    .all().map(current)
}

export function insert (db: DbOrTx, values: Omit<NewRuleset, 'config'> & { config: PartialRulesetConfig }) {
  return db.insert(rulesetsTable).values(values).returning().get()
}

export function findAssignment (db: DbOrTx, regionId: number) {
  return db.select().from(regionRulesetsTable).where(eq(regionRulesetsTable.regionId, regionId)).get()
}

export function upsertAssignment (db: DbOrTx, values: typeof regionRulesetsTable.$inferInsert) {
  return db.insert(regionRulesetsTable).values(values)
    .onConflictDoUpdate({ target: regionRulesetsTable.regionId, set: { rulesetId: values.rulesetId, assignedByUserId: values.assignedByUserId, assignedByName: values.assignedByName, assignedAt: values.assignedAt } })
    .returning().get()
}

export function removeAssignment (db: DbOrTx, regionId: number) {
  db.delete(regionRulesetsTable).where(eq(regionRulesetsTable.regionId, regionId)).run()
}

/** The assignments of the given regions, with their ruleset versions and region paths. */
export function assignmentsOf (db: DbOrTx, regionIds: number[]) {
  if (regionIds.length === 0) return []
  return db.select({ assignment: regionRulesetsTable, ruleset: rulesetsTable, regionPath: regionsTable.path, regionName: regionsTable.name })
    .from(regionRulesetsTable)
    .innerJoin(rulesetsTable, eq(rulesetsTable.id, regionRulesetsTable.rulesetId))
    .innerJoin(regionsTable, eq(regionsTable.id, regionRulesetsTable.regionId))
    .where(inArray(regionRulesetsTable.regionId, regionIds))
    .all().map((r) => ({ ...r, ruleset: current(r.ruleset) }))
}

/** Regions inside the subtree at `path` (itself included) that have a ruleset of their own. */
export function assignedRegionsInSubtree (db: DbOrTx, path: string) {
  return db.select({ id: regionsTable.id, path: regionsTable.path })
    .from(regionRulesetsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, regionRulesetsTable.regionId))
    .where(and(inSubtree(regionsTable.path, path)))
    .all()
}

/** How many regions use each ruleset version. */
export function assignmentCounts (db: DbOrTx, rulesetIds: number[]) {
  if (rulesetIds.length === 0) return new Map<number, number>()
  const rows = db.select({ rulesetId: regionRulesetsTable.rulesetId, regionId: regionRulesetsTable.regionId })
    .from(regionRulesetsTable).where(inArray(regionRulesetsTable.rulesetId, rulesetIds)).all()
  const counts = new Map<number, number>()
  for (const r of rows) counts.set(r.rulesetId, (counts.get(r.rulesetId) ?? 0) + 1)
  return counts
}
