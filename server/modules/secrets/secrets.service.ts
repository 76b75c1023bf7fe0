import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import * as secrets from './secrets.repository.js'

/**
 * The stored secret called `name`, created from `bytes` random bytes on first use and kept in app_secrets,
 * so that what it signs stays valid across restarts. The transaction takes the write lock before the look-up:
 * two processes starting on one new database would otherwise both read "none", and the second one's
 * insert would fail at once with SQLITE_BUSY (busy_timeout does not wait for a read that turns into a write).
 */
export function getOrCreateSecret ({ db, clock, rng, name, bytes = 32 }: { db: Db, clock: Clock, rng: Rng, name: string, bytes?: number }): Buffer {
  return writeTransaction(db, (tx) => {
    const existing = secrets.findSecret(tx, name)
    if (existing) return Buffer.from(existing.value, 'base64url')
    secrets.insertSecretIfAbsent(tx, { name, value: rng.bytes(bytes).toString('base64url'), createdAt: clock.now() })
    return Buffer.from(secrets.findSecret(tx, name)!.value, 'base64url')
  })
}
