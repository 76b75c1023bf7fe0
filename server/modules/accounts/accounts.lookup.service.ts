import type { DbOrTx } from '../../../db/client.js'
import * as repo from './accounts.users.repository.js'

// The reads other modules make of user accounts, inside their own transaction.

/** The account linked to a pool member (id, username, display name), or undefined. */
export function accountOfPoolMember (db: DbOrTx, memberId: number) {
  return repo.findByPoolMember(db, memberId)
}
