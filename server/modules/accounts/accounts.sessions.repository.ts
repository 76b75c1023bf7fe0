import { and, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm'
import { authTokensTable, loginRateLimitsTable, usersTable, regionsTable, type TokenKind } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { preparedPerHandle } from '../../../db/prepared.js'

function activeTokenQuery (db: DbOrTx) {
  return db.select({ token: authTokensTable, user: usersTable, regionPath: regionsTable.path })
    .from(authTokensTable)
    .innerJoin(usersTable, eq(usersTable.id, authTokensTable.userId))
    .leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId))
    .where(and(eq(authTokensTable.tokenHash, sql.placeholder('tokenHash')), isNull(authTokensTable.revokedAt), gt(authTokensTable.expiresAt, sql.placeholder('now')), eq(usersTable.disabled, false)))
    .prepare()
}

/** Runs whenever a token is not in the auth service's cache, so the statement is prepared once per database handle. */
const activeToken = preparedPerHandle(activeTokenQuery)

export function findActiveToken (db: DbOrTx, tokenHash: string, now: Date) {
  return activeToken(db).get({ tokenHash, now: now.getTime() })
}

export function insertToken (db: DbOrTx, values: { userId: number, kind: TokenKind, name: string | null, tokenHash: string, prefix: string, createdAt: Date, expiresAt: Date }) {
  return db.insert(authTokensTable).values(values).returning().get()
}

export function touchToken (db: DbOrTx, id: number, at: Date) {
  db.update(authTokensTable).set({ lastUsedAt: at }).where(eq(authTokensTable.id, id)).run()
}

export function revokeToken (db: DbOrTx, id: number, at: Date) {
  db.update(authTokensTable).set({ revokedAt: at }).where(and(eq(authTokensTable.id, id), isNull(authTokensTable.revokedAt))).run()
}

export function revokeAllTokens (db: DbOrTx, userId: number, at: Date, { exceptId }: { exceptId?: number | null } = {}) {
  const rows = db.select({ id: authTokensTable.id }).from(authTokensTable)
    .where(and(eq(authTokensTable.userId, userId), isNull(authTokensTable.revokedAt))).all()
  for (const row of rows) if (row.id !== exceptId) revokeToken(db, row.id, at)
}

export function listTokens (db: DbOrTx, userId: number, now: Date) {
  return db.select().from(authTokensTable)
    .where(and(eq(authTokensTable.userId, userId), isNull(authTokensTable.revokedAt), gt(authTokensTable.expiresAt, now)))
    .orderBy(desc(authTokensTable.createdAt)).all()
}

export function findToken (db: DbOrTx, id: number) {
  return db.select().from(authTokensTable).where(eq(authTokensTable.id, id)).get()
}

/**
 * Counts one login attempt from `address` in one statement (so parallel attempts, also from other processes,
 * each add one) and drops the windows that have run out. A window starts with the first attempt after the
 * previous one ended and lasts `windowMs`.
 */
export function countLoginAttempt (db: DbOrTx, address: string, { now, windowMs }: { now: Date, windowMs: number }) {
  const at = now.getTime()
  db.delete(loginRateLimitsTable).where(lte(loginRateLimitsTable.windowStartedAt, new Date(at - windowMs))).run()
  // after the delete, a row still there belongs to the address's current window
  return db.insert(loginRateLimitsTable).values({ address, windowStartedAt: now, attempts: 1 })
    .onConflictDoUpdate({ target: loginRateLimitsTable.address, set: { attempts: sql`${loginRateLimitsTable.attempts} + 1` } })
    .returning({ attempts: loginRateLimitsTable.attempts, windowStartedAt: loginRateLimitsTable.windowStartedAt }).get()
}
