import { and, desc, eq, isNull } from 'drizzle-orm'
import { calendarFeedTokensTable, usersTable, type FeedOwnerKind, type NewCalendarFeedToken } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

export type FeedOwnerRef = { kind: FeedOwnerKind, id: number }

export function findActiveByOwner (db: DbOrTx, owner: FeedOwnerRef) {
  return db.select().from(calendarFeedTokensTable)
    .where(and(eq(calendarFeedTokensTable.ownerKind, owner.kind), eq(calendarFeedTokensTable.ownerId, owner.id), isNull(calendarFeedTokensTable.revokedAt)))
    .orderBy(desc(calendarFeedTokensTable.id)).get()
}

export function findActiveByHash (db: DbOrTx, tokenHash: string) {
  return db.select().from(calendarFeedTokensTable)
    .where(and(eq(calendarFeedTokensTable.tokenHash, tokenHash), isNull(calendarFeedTokensTable.revokedAt))).get()
}

export function insert (db: DbOrTx, values: NewCalendarFeedToken) {
  return db.insert(calendarFeedTokensTable).values(values).returning().get()
}

/** Revokes every live token of the owner; returns how many. */
export function revokeAllOf (db: DbOrTx, owner: FeedOwnerRef, at: Date) {
  return db.update(calendarFeedTokensTable).set({ revokedAt: at })
    .where(and(eq(calendarFeedTokensTable.ownerKind, owner.kind), eq(calendarFeedTokensTable.ownerId, owner.id), isNull(calendarFeedTokensTable.revokedAt)))
    .run().changes
}

/** A user's feed stops with their account: true only for an existing, enabled user. */
export function userMayHaveFeed (db: DbOrTx, userId: number) {
  const user = db.select({ disabled: usersTable.disabled }).from(usersTable).where(eq(usersTable.id, userId)).get()
  return user !== undefined && !user.disabled
}
