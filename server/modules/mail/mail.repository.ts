import { and, asc, count, desc, eq, gt, inArray, isNotNull, like, lt, lte, ne, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { outboxMessagesTable, type NewOutboxMessage, type OutboxStatus } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

const t = outboxMessagesTable

/** Inserts unless a message with the same dedupe key exists; returns the new row or undefined. */
export function insertIfNew (db: DbOrTx, values: NewOutboxMessage) {
  return db.insert(t).values(values).onConflictDoNothing().returning({ id: t.id }).get()
}

export function findById (db: DbOrTx, id: number) {
  return db.select().from(t).where(eq(t.id, id)).get()
}

export function findByDedupeKey (db: DbOrTx, dedupeKey: string) {
  return db.select().from(t).where(eq(t.dedupeKey, dedupeKey)).get()
}

/** Due messages, plus those whose worker died while sending (lease lapsed), oldest first. */
function due (now: Date) {
  return or(
    and(eq(t.status, 'queued'), lte(t.nextAttemptAt, now)),
    and(eq(t.status, 'sending'), lte(t.lockedUntil, now))
  )
}

const other = alias(t, 'other')

/** A message of the same thread queued after this one and not itself superseded: this one is out of date. */
const hasNewer = sql`exists (select 1 from ${t} as ${other} where ${other.threadKey} = ${t.threadKey} and ${other.id} > ${t.id} and ${other.status} <> 'superseded')`

/** An earlier message of the same thread is being sent right now: this one waits for its outcome. */
function olderInFlight (now: Date) {
  return sql`exists (select 1 from ${t} as ${other} where ${other.threadKey} = ${t.threadKey} and ${other.id} < ${t.id} and ${other.status} = 'sending' and ${other.lockedUntil} > ${now.getTime()})`
}

/** The newest message of the thread queued after `id`, if any. */
function newestAfter (db: DbOrTx, threadKey: string, id: number) {
  return db.select({ id: t.id }).from(t).where(and(eq(t.threadKey, threadKey), gt(t.id, id), ne(t.status, 'superseded'))).orderBy(desc(t.id)).limit(1).get()?.id
}

/**
 * Marks `superseded` every due message that a newer message of its thread has overtaken (it came back from a
 * failed attempt, or its worker died while sending it), naming the newest.
 */
function supersedeOvertaken (db: DbOrTx, now: Date) {
  const stale = db.select({ id: t.id, threadKey: t.threadKey }).from(t).where(and(isNotNull(t.threadKey), due(now), hasNewer)).all()
  for (const m of stale) {
    db.update(t).set({ status: 'superseded', supersededBy: newestAfter(db, m.threadKey!, m.id) ?? null, lockedUntil: null, updatedAt: now })
      .where(eq(t.id, m.id)).run()
  }
  return stale.length
}

/**
 * Marks up to `limit` due messages as `sending` until `lockedUntil` and counts the attempt. A thread is
 * delivered in order: what a newer message overtook is superseded first, and a message waits while an earlier
 * one of its thread is in flight.
 */
export function claimDue (db: DbOrTx, { now, lockedUntil, limit }: { now: Date, lockedUntil: Date, limit: number }) {
  supersedeOvertaken(db, now)
  const claimable = and(due(now), or(sql`${t.threadKey} is null`, sql`not ${olderInFlight(now)}`))
  const ids = db.select({ id: t.id }).from(t).where(claimable).orderBy(asc(t.nextAttemptAt), asc(t.id)).limit(limit).all().map((r) => r.id)
  if (ids.length === 0) return []
  return db.update(t)
    .set({ status: 'sending', lockedUntil, attempts: sql`${t.attempts} + 1`, updatedAt: now })
    .where(and(inArray(t.id, ids), due(now)))
    .returning().all()
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)
}

export type Thread = { key: string, rank: number, final: boolean }

/**
 * What stops a new message from joining its thread: a final message (a cancellation) already in it, or one of
 * a higher rank. Superseded messages do not count.
 */
export function threadBlocker (db: DbOrTx, thread: Thread) {
  return db.select({ id: t.id }).from(t)
    .where(and(eq(t.threadKey, thread.key), ne(t.status, 'superseded'), or(eq(t.threadFinal, true), gt(t.threadRank, thread.rank))))
    .orderBy(desc(t.id)).limit(1).get()?.id
}

/** Marks `superseded` by `id` what of its thread is older and not delivered: queued or failed, not in flight. */
export function supersedeOlder (db: DbOrTx, { id, threadKey, at }: { id: number, threadKey: string, at: Date }) {
  return db.update(t).set({ status: 'superseded', supersededBy: id, updatedAt: at })
    .where(and(eq(t.threadKey, threadKey), lt(t.id, id), inArray(t.status, ['queued', 'failed'])))
    .run().changes
}

/** Id and dedupe key of every message whose key starts with `prefix`, oldest first. */
export function keysWithPrefix (db: DbOrTx, prefix: string) {
  return db.select({ id: t.id, dedupeKey: t.dedupeKey }).from(t).where(like(t.dedupeKey, `${prefix}%`)).orderBy(t.id).all()
}

/** Puts an existing message (queued before threads were recorded) into its thread. */
export function setThread (db: DbOrTx, id: number, thread: Thread) {
  db.update(t).set({ threadKey: thread.key, threadRank: thread.rank, threadFinal: thread.final }).where(eq(t.id, id)).run()
}

export function markSent (db: DbOrTx, id: number, at: Date) {
  db.update(t).set({ status: 'sent', sentAt: at, lockedUntil: null, lastError: null, updatedAt: at })
    .where(and(eq(t.id, id), eq(t.status, 'sending'))).run()
}

export function markRetry (db: DbOrTx, id: number, { at, nextAttemptAt, lastError }: { at: Date, nextAttemptAt: Date, lastError: string }) {
  db.update(t).set({ status: 'queued', nextAttemptAt, lockedUntil: null, lastError, updatedAt: at })
    .where(and(eq(t.id, id), eq(t.status, 'sending'))).run()
}

export function markFailed (db: DbOrTx, id: number, { at, lastError }: { at: Date, lastError: string }) {
  db.update(t).set({ status: 'failed', lockedUntil: null, lastError, updatedAt: at })
    .where(and(eq(t.id, id), eq(t.status, 'sending'))).run()
}

/** Gives claimed but unattempted messages back, without counting the attempt. */
export function release (db: DbOrTx, ids: number[], { at, nextAttemptAt }: { at: Date, nextAttemptAt: Date }) {
  if (ids.length === 0) return
  db.update(t).set({ status: 'queued', nextAttemptAt, lockedUntil: null, attempts: sql`max(${t.attempts} - 1, 0)`, updatedAt: at })
    .where(and(inArray(t.id, ids), eq(t.status, 'sending'))).run()
}

/** Puts a message back in the queue to be sent at `at`. */
export function requeue (db: DbOrTx, id: number, at: Date) {
  return db.update(t).set({ status: 'queued', nextAttemptAt: at, lockedUntil: null, updatedAt: at })
    .where(eq(t.id, id)).returning().get()
}

export function list (db: DbOrTx, { status, page, pageSize }: { status?: OutboxStatus | undefined, page: number, pageSize: number }) {
  const where = status !== undefined ? eq(t.status, status) : undefined
  const items = db.select().from(t).where(where).orderBy(desc(t.createdAt), desc(t.id)).limit(pageSize).offset((page - 1) * pageSize).all()
  const total = db.select({ n: count() }).from(t).where(where).get()?.n ?? 0
  return { items, total }
}

/** The delivery state of the messages whose dedupe key starts with `prefix`, oldest first (no bodies, no errors). */
export function deliveriesWithPrefix (db: DbOrTx, prefix: string) {
  return db.select({ id: t.id, dedupeKey: t.dedupeKey, subject: t.subject, status: t.status, attempts: t.attempts, createdAt: t.createdAt, sentAt: t.sentAt })
    .from(t).where(like(t.dedupeKey, `${prefix}%`)).orderBy(t.id).all()
}
