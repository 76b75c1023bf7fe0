import type { DbOrTx } from '../../../db/client.js'
import * as repo from './case-teams.repository.js'

// The reads other modules make of case teams, inside their own transaction.

/** Pool member id → the roles (Chinese) in which the member handled the matter: stage handler, case-team member. */
export function handlingRolesOfMatter (db: DbOrTx, matterId: number) {
  return repo.handlingRolesOfMatter(db, matterId)
}
