import type { Db, DbOrTx, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import * as repo from './secrets.repository.js'

/** A version 4 UUID from 16 random bytes. */
export function uuidFromBytes (bytes: Buffer) {
  if (bytes.length < 16) throw new RangeError('a UUID needs 16 random bytes')
  const b = Buffer.from(bytes.subarray(0, 16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The installation id, or undefined before the first start has created it. */
export function findInstallationId (db: DbOrTx): string | undefined {
  return repo.findInstallationRow(db)?.id
}

/**
 * The installation id, created from random bytes at the first call and kept in the database, so it survives
 * restarts and changes of PUBLIC_BASE_URL. `onCreate` runs in the creating transaction, before the id is
 * stored: the calendar adopts there what was published before installation ids existed. Like the stored
 * secrets, the write lock is taken before the look-up, so two processes starting together agree on one id.
 */
export function getOrCreateInstallationId ({ db, clock, rng, onCreate }: { db: Db, clock: Clock, rng: Rng, onCreate?: (tx: Tx) => void }): string {
  return writeTransaction(db, (tx) => {
    const existing = findInstallationId(tx)
    if (existing) return existing
    onCreate?.(tx)
    repo.insertInstallationIfAbsent(tx, { id: uuidFromBytes(rng.bytes(16)), createdAt: clock.now() })
    return findInstallationId(tx)!
  })
}
