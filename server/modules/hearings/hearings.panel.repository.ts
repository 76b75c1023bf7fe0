import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client.js'
import { hearingParticipantsTable, panelDrawsTable, recusalRequestsTable } from '../../../db/schema/index.js'
import type { StoredDraw } from './hearings.panel.rules.js'
import { petitionersOf } from './hearings.repository.js'

// The panel's own SQL: draw rows, seats (participant rows), recusal requests, and what the draw reads about the matter.

export function insertDraw (db: DbOrTx, values: Omit<typeof panelDrawsTable.$inferInsert, 'record'> & { record: StoredDraw }) {
  return db.insert(panelDrawsTable).values({ ...values, record: values.record as Record<string, unknown> }).returning({ id: panelDrawsTable.id }).get()
}

/** Stores the revealed round in place of the pending commitment. */
export function revealDraw (db: DbOrTx, id: number, values: { record: StoredDraw, reason: string | null, witnessName: string | null }) {
  db.update(panelDrawsTable).set({ ...values, record: values.record as Record<string, unknown> }).where(eq(panelDrawsTable.id, id)).run()
}

export function deleteDraw (db: DbOrTx, id: number) {
  db.delete(panelDrawsTable).where(eq(panelDrawsTable.id, id)).run()
}

export function insertParticipant (db: DbOrTx, values: typeof hearingParticipantsTable.$inferInsert) {
  return db.insert(hearingParticipantsTable).values(values).returning().get()
}

export function updateParticipant (db: DbOrTx, id: number, values: Partial<typeof hearingParticipantsTable.$inferInsert>) {
  db.update(hearingParticipantsTable).set(values).where(eq(hearingParticipantsTable.id, id)).run()
}

export function insertRecusalRequest (db: DbOrTx, values: typeof recusalRequestsTable.$inferInsert) {
  return db.insert(recusalRequestsTable).values(values).returning().get()
}

export function findRecusalRequest (db: DbOrTx, hearingId: number, requestId: number) {
  return db.select().from(recusalRequestsTable).where(and(eq(recusalRequestsTable.id, requestId), eq(recusalRequestsTable.hearingId, hearingId))).get()
}

export function decideRecusalRequest (db: DbOrTx, requestId: number, values: Pick<typeof recusalRequestsTable.$inferInsert, 'decision' | 'decidedBy' | 'decisionReason' | 'decidedAt'>) {
  return db.update(recusalRequestsTable).set(values).where(eq(recusalRequestsTable.id, requestId)).returning().get()
}

/** The petitioners' ID numbers and home villages, which the draw's recusal checks compare members with. */
export function petitionerFacts (db: DbOrTx, matterId: number) {
  const petitioners = petitionersOf(db, matterId)
  return {
    idNumbers: petitioners.map((p) => p.idNumber),
    villageIds: petitioners.map((p) => p.homeVillageRegionId).filter((v): v is number => v !== null)
  }
}
