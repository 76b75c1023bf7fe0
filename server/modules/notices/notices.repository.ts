import { and, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  documentSerialsTable, documentServicesTable, issuedDocumentsTable, matterAgentsTable, matterPetitionersTable, matterStagesTable,
  mattersTable, membersTable, organisationsTable, regionDocumentSettingsTable, regionsTable, venuesTable,
  type Hearing, type IssuedDocument
} from '../../../db/schema/index.js'
import * as hearingsRepo from '../hearings/hearings.repository.js'

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

export function lastSerial (db: DbOrTx, prefix: string, year: number) {
  return db.select({ last: documentSerialsTable.lastSerial }).from(documentSerialsTable)
    .where(and(eq(documentSerialsTable.prefix, prefix), eq(documentSerialsTable.year, year))).get()?.last ?? 0
}

export function storeSerial (db: DbOrTx, prefix: string, year: number, serial: number) {
  db.insert(documentSerialsTable).values({ prefix, year, lastSerial: serial })
    .onConflictDoUpdate({ target: [documentSerialsTable.prefix, documentSerialsTable.year], set: { lastSerial: serial } }).run()
}

const documentColumns = {
  id: issuedDocumentsTable.id,
  hearingId: issuedDocumentsTable.hearingId,
  kind: issuedDocumentsTable.kind,
  number: issuedDocumentsTable.number,
  title: issuedDocumentsTable.title,
  recipientRef: issuedDocumentsTable.recipientRef,
  recipientName: issuedDocumentsTable.recipientName,
  issuedAt: issuedDocumentsTable.issuedAt,
  issuedByName: issuedDocumentsTable.issuedByName,
  sha256: issuedDocumentsTable.sha256,
  pageCount: issuedDocumentsTable.pageCount,
  byteSize: issuedDocumentsTable.byteSize
}
export type IssuedDocumentSummary = Omit<IssuedDocument, 'pdf' | 'numberPrefix' | 'numberYear' | 'numberSerial' | 'issuedByUserId'>

export function documentsOf (db: DbOrTx, hearingId: number): IssuedDocumentSummary[] {
  return db.select(documentColumns).from(issuedDocumentsTable).where(eq(issuedDocumentsTable.hearingId, hearingId))
    .orderBy(issuedDocumentsTable.issuedAt, issuedDocumentsTable.id).all()
}

export function findDocument (db: DbOrTx, hearingId: number, documentId: number) {
  return db.select().from(issuedDocumentsTable).where(and(eq(issuedDocumentsTable.hearingId, hearingId), eq(issuedDocumentsTable.id, documentId))).get()
}

export function servicesOf (db: DbOrTx, documentIds: readonly number[]) {
  if (documentIds.length === 0) return []
  return db.select().from(documentServicesTable).where(inArray(documentServicesTable.documentId, [...documentIds])).orderBy(documentServicesTable.id).all()
}

/** Everything about a hearing the documents print: matter, parties, venue, panel with units. */
export function hearingDocumentRows (db: DbOrTx, hearing: Hearing) {
  const matter = db.select().from(mattersTable).where(eq(mattersTable.id, hearing.matterId)).get()!
  const respondent = db.select().from(organisationsTable).where(eq(organisationsTable.id, matter.respondentOrganisationId)).get()!
  const petitioners = db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, hearing.matterId)).orderBy(matterPetitionersTable.position).all()
  const agents = petitioners.length === 0
    ? []
    : db.select().from(matterAgentsTable).where(inArray(matterAgentsTable.petitionerId, petitioners.map((p) => p.id))).orderBy(matterAgentsTable.petitionerId, matterAgentsTable.position).all()
  const stage = db.select().from(matterStagesTable).where(eq(matterStagesTable.matterId, hearing.matterId)).orderBy(desc(matterStagesTable.acceptedOn), desc(matterStagesTable.id)).get()
  const venue = db.select().from(venuesTable).where(eq(venuesTable.id, hearing.venueId)).get()!
  const participants = hearingsRepo.participantsOf(db, hearing.id)
  const draws = hearingsRepo.drawsOf(db, hearing.id)
  const memberIds = [...new Set([hearing.hostMemberId, hearing.recorderMemberId, ...participants.map((p) => p.memberId).filter((m): m is number => m !== null)])]
  const members = membersByIds(db, memberIds)
  return { matter, respondent, petitioners, agents, stage, venue, participants, draws, members }
}
export type HearingDocumentRows = ReturnType<typeof hearingDocumentRows>

/** Name, title and employer of members, by id (no phone or ID number: documents never need them). */
export function membersByIds (db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { id: number, name: string, title: string | null, unit: string | null }>()
  return new Map(db.select({ id: membersTable.id, name: membersTable.name, title: membersTable.title, unit: organisationsTable.name })
    .from(membersTable).leftJoin(organisationsTable, eq(organisationsTable.id, membersTable.employerOrganisationId))
    .where(inArray(membersTable.id, [...ids])).all().map((m) => [m.id, m]))
}
