import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import {
  calendarEventUidsTable, calendarFeedTokensTable, calendarInvitationsTable, hearingsTable, usersTable,
  type CalendarPersonKind, type FeedOwnerKind, type InvitationMethod, type NewCalendarFeedToken
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { jsonArrayValues, preparedPerHandle } from '../../../db/prepared.js'

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

// ---------------------------------------------------------------------------------------------------------------
// Calendar identity: the UIDs of events and what was sent to each person (calendar.identity.ts)

export function allHearingIds (db: DbOrTx) {
  return db.select({ id: hearingsTable.id }).from(hearingsTable).all().map((h) => h.id)
}

/** Keeps the UID a hearing's event was published under before installation ids existed. */
export function adoptEventUid (db: DbOrTx, values: typeof calendarEventUidsTable.$inferInsert) {
  db.insert(calendarEventUidsTable).values(values).onConflictDoNothing().run()
}

export function adoptInvitation (db: DbOrTx, values: typeof calendarInvitationsTable.$inferInsert) {
  db.insert(calendarInvitationsTable).values(values).onConflictDoNothing().run()
}

export function invitationRowsOf (db: DbOrTx, hearingId: number) {
  return db.select().from(calendarInvitationsTable).where(eq(calendarInvitationsTable.hearingId, hearingId)).all()
}

export function upsertInvitation (db: DbOrTx, { hearingId, personKind, personId, uid, sequence, method, at }: {
  hearingId: number, personKind: CalendarPersonKind, personId: number, uid: string, sequence: number, method: InvitationMethod, at: Date
}) {
  db.insert(calendarInvitationsTable)
    .values({ hearingId, personKind, personId, uid, sequence, method, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [calendarInvitationsTable.hearingId, calendarInvitationsTable.personKind, calendarInvitationsTable.personId],
      set: { uid, sequence, method, updatedAt: at }
    })
    .run()
}

function memberUidsQuery (db: DbOrTx) {
  return db.select({ hearingId: calendarInvitationsTable.hearingId, uid: calendarInvitationsTable.uid }).from(calendarInvitationsTable)
    .where(and(
      eq(calendarInvitationsTable.personKind, 'member'),
      eq(calendarInvitationsTable.personId, sql.placeholder('memberId')),
      sql`${calendarInvitationsTable.hearingId} in ${jsonArrayValues('ids')}`
    )).prepare()
}

const memberUidsQueries = preparedPerHandle(memberUidsQuery)

/** [hearingId, uid] of a member's invitations to the given hearings. */
export function memberInvitationUidRows (db: DbOrTx, memberId: number, hearingIds: readonly number[]) {
  return memberUidsQueries(db).values({ memberId, ids: JSON.stringify(hearingIds) }) as [number, string][]
}
