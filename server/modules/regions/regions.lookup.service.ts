import type { DbOrTx } from '../../../db/client.js'
import * as repo from './regions.repository.js'

// The reads other modules make of regions, inside their own transaction.

/** A region in the caller's scope (null: everywhere), or undefined. */
export function regionById (db: DbOrTx, id: number, scopePath: string | null = null) {
  return repo.findById(db, id, scopePath)
}
