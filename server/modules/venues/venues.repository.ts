import { and, asc, eq } from 'drizzle-orm'
import { regionsTable, venuesTable, type Venue } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

/** A venue with its region's path, when that region lies in the subtree at `scopePath` (null: anywhere). */
export function findInScope (db: DbOrTx, id: number, scopePath: string | null): { venue: Venue, regionPath: string } | undefined {
  return db.select({ venue: venuesTable, regionPath: regionsTable.path }).from(venuesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
    .where(and(eq(venuesTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
}

export function findByName (db: DbOrTx, regionId: number, name: string) {
  return db.select().from(venuesTable).where(and(eq(venuesTable.regionId, regionId), eq(venuesTable.name, name))).get()
}

/** Venues of the subtree at `scopePath` with their region's name, by region path and name. */
export function list (db: DbOrTx, { scopePath, includeInactive }: { scopePath: string | null, includeInactive: boolean }) {
  return db.select({ venue: venuesTable, regionName: regionsTable.name }).from(venuesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
    .where(and(inSubtree(regionsTable.path, scopePath), includeInactive ? undefined : eq(venuesTable.active, true)))
    .orderBy(asc(regionsTable.path), asc(venuesTable.name)).all()
}

type NewVenue = typeof venuesTable.$inferInsert

export function insert (db: DbOrTx, values: NewVenue) {
  return db.insert(venuesTable).values(values).returning().get()
}

export function update (db: DbOrTx, id: number, values: Partial<NewVenue>) {
  return db.update(venuesTable).set(values).where(eq(venuesTable.id, id)).returning().get()
}

export function remove (db: DbOrTx, id: number) {
  db.delete(venuesTable).where(eq(venuesTable.id, id)).run()
}
