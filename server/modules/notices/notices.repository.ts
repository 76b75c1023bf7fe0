import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import {
  documentServicesTable, issuedDocumentsTable, matterDocumentsTable, matterPetitionersTable, matterStagesTable,
  type IssuedDocument
} from '../../../db/schema/index.js'

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

export function insertDocument (db: DbOrTx, values: typeof issuedDocumentsTable.$inferInsert) {
  return db.insert(issuedDocumentsTable).values(values).returning().get()
}

export function insertService (db: DbOrTx, values: typeof documentServicesTable.$inferInsert) {
  return db.insert(documentServicesTable).values(values).returning().get()
}

/** The petitioners of a matter, in the order the matter lists them (the 告知书 is addressed to them). */
export function petitionersOfMatter (db: DbOrTx, matterId: number) {
  return db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, matterId)).orderBy(asc(matterPetitionersTable.position)).all()
}

// ---------------------------------------------------------------------------------------------------------------
// Documents issued on a matter's stage (听证权利告知书 before any hearing)

const matterDocumentColumns = {
  id: matterDocumentsTable.id,
  matterId: matterDocumentsTable.matterId,
  stageId: matterDocumentsTable.stageId,
  stage: matterStagesTable.stage,
  kind: matterDocumentsTable.kind,
  number: matterDocumentsTable.number,
  title: matterDocumentsTable.title,
  recipientRef: matterDocumentsTable.recipientRef,
  recipientName: matterDocumentsTable.recipientName,
  issuedAt: matterDocumentsTable.issuedAt,
  issuedByName: matterDocumentsTable.issuedByName,
  sha256: matterDocumentsTable.sha256,
  pageCount: matterDocumentsTable.pageCount,
  byteSize: matterDocumentsTable.byteSize
}
type MatterDocumentSummary = { [K in keyof typeof matterDocumentColumns]: (typeof matterDocumentColumns)[K]['_']['data'] }

/** A matter's documents without their bytes, in issue order. */
export function matterDocumentsOf (db: DbOrTx, matterId: number): MatterDocumentSummary[] {
  return db.select(matterDocumentColumns).from(matterDocumentsTable)
    .innerJoin(matterStagesTable, eq(matterStagesTable.id, matterDocumentsTable.stageId))
    .where(eq(matterDocumentsTable.matterId, matterId))
    .orderBy(asc(matterDocumentsTable.issuedAt), asc(matterDocumentsTable.id)).all()
}

export function findMatterDocument (db: DbOrTx, matterId: number, documentId: number) {
  return db.select({ document: matterDocumentsTable, stage: matterStagesTable.stage }).from(matterDocumentsTable)
    .innerJoin(matterStagesTable, eq(matterStagesTable.id, matterDocumentsTable.stageId))
    .where(and(eq(matterDocumentsTable.matterId, matterId), eq(matterDocumentsTable.id, documentId))).get()
}

export function insertMatterDocument (db: DbOrTx, values: typeof matterDocumentsTable.$inferInsert) {
  return db.insert(matterDocumentsTable).values(values).returning().get()
}
