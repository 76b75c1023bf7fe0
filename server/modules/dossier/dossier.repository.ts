import { and, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  documentSerialsTable, matterAgentsTable, matterPetitionersTable, matterStagesTable, mattersTable, membersTable, organisationsTable, regionDocumentSettingsTable,
  regionsTable, venuesTable, type Hearing, type RegionDocumentSettings
} from '../../../db/schema/index.js'

/** The matter, its parties and latest stage, and the venue of a hearing: what its documents print besides the panel. */
export function hearingMatterRows (db: DbOrTx, hearing: Hearing) {
  const matter = db.select().from(mattersTable).where(eq(mattersTable.id, hearing.matterId)).get()!
  const respondent = db.select().from(organisationsTable).where(eq(organisationsTable.id, matter.respondentOrganisationId)).get()!
  const petitioners = db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, hearing.matterId)).orderBy(matterPetitionersTable.position).all()
  const agents = petitioners.length === 0
    ? []
    : db.select().from(matterAgentsTable).where(inArray(matterAgentsTable.petitionerId, petitioners.map((p) => p.id))).orderBy(matterAgentsTable.petitionerId, matterAgentsTable.position).all()
  const stage = db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, hearing.matterId)).orderBy(desc(matterStagesTable.acceptedOn), desc(matterStagesTable.id)).get()
  const venue = db.select().from(venuesTable).where(eq(venuesTable.id, hearing.venueId)).get()!
  return { matter, respondent, petitioners, agents, stage, venue }
}

/** Name, title and employer of members, by id (no phone or ID number: documents never need them). */
export function membersByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { id: number, name: string, title: string | null, unit: string | null }>()
  return new Map(db.select({ id: membersTable.id, name: membersTable.name, title: membersTable.title, unit: organisationsTable.name })
    .from(membersTable).leftJoin(organisationsTable, eq(organisationsTable.id, membersTable.employerOrganisationId))
    .where(inArray(membersTable.id, [...ids])).all().map((m) => [m.id, m]))
}

/** Settings rows of the region and its ancestors, nearest first. */
export function settingsAlongPath (db: DbOrTx, regionPath: string) {
  const ids = regionPath.split('/').filter(Boolean).map(Number)
  const rows = db.select({ settings: regionDocumentSettingsTable, path: regionsTable.path, regionName: regionsTable.name })
    .from(regionDocumentSettingsTable).innerJoin(regionsTable, eq(regionsTable.id, regionDocumentSettingsTable.regionId))
    .where(inArray(regionDocumentSettingsTable.regionId, ids)).all()
  return rows.sort((a, b) => b.path.length - a.path.length)
}

export function rootRegionName (db: DbOrTx, regionPath: string) {
  const rootId = Number(regionPath.split('/').filter(Boolean)[0])
  return db.select({ name: regionsTable.name }).from(regionsTable).where(eq(regionsTable.id, rootId)).get()?.name ?? ''
}

export function findSettings (db: DbOrTx, regionId: number) {
  return db.select().from(regionDocumentSettingsTable).where(eq(regionDocumentSettingsTable.regionId, regionId)).get()
}

type SettingsValues = Pick<RegionDocumentSettings, 'issuerName' | 'contactPerson' | 'contactPhone' | 'address' | 'numberPrefix'>

export function insertSettings (db: DbOrTx, regionId: number, values: SettingsValues, now: Date) {
  return db.insert(regionDocumentSettingsTable).values({ regionId, ...values, createdAt: now, updatedAt: now }).returning().get()
}

export function updateSettings (db: DbOrTx, regionId: number, values: SettingsValues & { version: number }, now: Date) {
  return db.update(regionDocumentSettingsTable).set({ ...values, updatedAt: now }).where(eq(regionDocumentSettingsTable.regionId, regionId)).returning().get()
}

/** The last serial handed out for a 机关代字 and year, from the sequence every numbered document shares. */
export function lastSerial (db: DbOrTx, prefix: string, year: number) {
  return db.select({ last: documentSerialsTable.lastSerial }).from(documentSerialsTable)
    .where(and(eq(documentSerialsTable.prefix, prefix), eq(documentSerialsTable.year, year))).get()?.last ?? 0
}

export function storeSerial (db: DbOrTx, prefix: string, year: number, serial: number) {
  db.insert(documentSerialsTable).values({ prefix, year, lastSerial: serial })
    .onConflictDoUpdate({ target: [documentSerialsTable.prefix, documentSerialsTable.year], set: { lastSerial: serial } }).run()
}
