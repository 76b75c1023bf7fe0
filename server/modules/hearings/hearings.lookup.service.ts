import type { DbOrTx } from '../../../db/client.js'
import * as repo from './hearings.repository.js'

// The reads other modules make of hearings, inside their own transaction.

/** A hearing in the caller's scope (null: everywhere) with its region's path and name, or undefined. */
export function hearingById (db: DbOrTx, id: number, scopePath: string | null) {
  return repo.findHearing(db, id, scopePath)
}

/** Everyone seated on a hearing (officers, alternates, third parties, respondent representatives). */
export function participantsOfHearing (db: DbOrTx, hearingId: number) {
  return repo.participantsOf(db, hearingId)
}

/** The hearing's draw rounds, in order. */
export function drawsOfHearing (db: DbOrTx, hearingId: number) {
  return repo.drawsOf(db, hearingId)
}
