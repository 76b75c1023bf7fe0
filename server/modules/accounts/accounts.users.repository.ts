import { and, asc, count, eq, gt, isNull, like, lte, or, sql } from 'drizzle-orm'
import { membersTable, regionsTable, usersTable, type NewUser, type UserRole } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

const columns = { user: usersTable, regionPath: regionsTable.path, regionName: regionsTable.name, poolMemberName: membersTable.name }

/** Users with their region and the name of the pool member they are linked to. */
function selectUsers (db: DbOrTx) {
  return db.select(columns).from(usersTable).leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId))
    .leftJoin(membersTable, eq(membersTable.id, usersTable.poolMemberId))
}

/** Users whose region lies in `scopePath` (null: all users, admins included). */
function scoped (scopePath: string | null) {
  return inSubtree(regionsTable.path, scopePath)
}

export function findById (db: DbOrTx, id: number, scopePath: string | null = null) {
  return selectUsers(db).where(and(eq(usersTable.id, id), scoped(scopePath))).get()
}

export function findByUsername (db: DbOrTx, username: string) {
  return selectUsers(db).where(eq(usersTable.username, username)).get()
}

export function list (db: DbOrTx, { scopePath, role, regionId, q, locked, now, page, pageSize }: {
  scopePath: string | null, role?: UserRole | undefined, regionId?: number | undefined, q?: string | undefined, locked?: boolean | undefined, now: Date, page: number, pageSize: number
}) {
  const where = and(
    scoped(scopePath),
    role !== undefined ? eq(usersTable.role, role) : undefined,
    regionId !== undefined ? eq(usersTable.regionId, regionId) : undefined,
    q !== undefined ? or(like(usersTable.username, `%${q}%`), like(usersTable.displayName, `%${q}%`)) : undefined,
    locked === undefined ? undefined : locked ? gt(usersTable.lockedUntil, now) : or(isNull(usersTable.lockedUntil), lte(usersTable.lockedUntil, now))
  )
  const items = selectUsers(db).where(where).orderBy(asc(usersTable.username)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(usersTable).leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId)).where(where).get()?.n ?? 0
  return { items, total }
}

/** The user linked to a pool member, if any. */
export function findByPoolMember (db: DbOrTx, memberId: number) {
  return db.select({ id: usersTable.id, username: usersTable.username, displayName: usersTable.displayName }).from(usersTable)
    .where(eq(usersTable.poolMemberId, memberId)).get()
}

export function countAll (db: DbOrTx) {
  return db.select({ n: count() }).from(usersTable).get()?.n ?? 0
}

export function insert (db: DbOrTx, values: NewUser) {
  return db.insert(usersTable).values(values).returning().get()
}

export function update (db: DbOrTx, id: number, values: Partial<NewUser>) {
  return db.update(usersTable).set(values).where(eq(usersTable.id, id)).returning().get()
}

/** The columns a login decides on, read again inside the login's write transaction. */
export function findLoginState (db: DbOrTx, id: number) {
  return db.select({ passwordHash: usersTable.passwordHash, disabled: usersTable.disabled, lockedUntil: usersTable.lockedUntil })
    .from(usersTable).where(eq(usersTable.id, id)).get()
}

/**
 * Counts one failed login in a single statement, so parallel failures (also from other processes) each add
 * one. A lock that has run out starts the count again; the attempt that reaches `maxFailures` sets the lock,
 * and attempts while locked count but do not extend it.
 */
export function recordLoginFailure (db: DbOrTx, id: number, { now, maxFailures, lockMs }: { now: Date, maxFailures: number, lockMs: number }) {
  const at = now.getTime()
  const lockExpired = sql`(${usersTable.lockedUntil} IS NOT NULL AND ${usersTable.lockedUntil} <= ${at})`
  const failures = sql`(CASE WHEN ${lockExpired} THEN 1 ELSE ${usersTable.failedLoginCount} + 1 END)`
  return db.update(usersTable).set({
    failedLoginCount: failures,
    lockedUntil: sql`(CASE WHEN ${usersTable.lockedUntil} > ${at} THEN ${usersTable.lockedUntil} WHEN ${failures} >= ${maxFailures} THEN ${at + lockMs} ELSE NULL END)`
  }).where(eq(usersTable.id, id)).returning({ failedLoginCount: usersTable.failedLoginCount, lockedUntil: usersTable.lockedUntil }).get()
}
