import type { DbOrTx } from '../../../db/client.js'
import * as repo from './pool.repository.js'

// The reads other modules make of the pool, inside their own transaction.

/** One pool member with home region and employers, or undefined. */
export function memberById (db: DbOrTx, id: number) {
  return repo.findMember(db, id)
}

/** The installation's pool settings (caps on pay, notice of availability…). */
export function poolSettings (db: DbOrTx) {
  return repo.getSettings(db)
}
