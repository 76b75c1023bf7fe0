import type { DbOrTx } from '../../../db/client.js'
import * as repo from './organisations.repository.js'

// The reads other modules make of organisations, inside their own transaction.

/** The given ids and every id that names the same organisation (merged records, aliases). */
export function equivalentOrganisationIds (db: DbOrTx, ids: readonly number[]) {
  return repo.equivalentOrganisationIds(db, ids)
}

/** Every organisation's normalised name and alias keys, for matching names typed in imports. */
export function organisationNameKeys (db: DbOrTx) {
  return repo.allKeys(db)
}
