import type { DbOrTx } from '../../../db/client.js'
import * as repo from './matters.repository.js'

// The reads (and the version bump) other modules make of matters, inside their own transaction.

/** A matter in the caller's scope (null: everywhere), or undefined. */
export function matterById (db: DbOrTx, id: number, scopePath: string | null) {
  return repo.findById(db, id, scopePath)
}

/** The stages of the given matters. */
export function stagesOfMatters (db: DbOrTx, matterIds: readonly number[]) {
  return repo.stagesOf(db, matterIds)
}

/**
 * Marks the matter changed by something that hangs on it (its case team, its documents), with optimistic locking:
 * false when its version is no longer `expected`.
 */
export function markMatterChanged (db: DbOrTx, id: number, expected: number, at: Date) {
  return repo.bumpVersion(db, id, expected, at)
}
