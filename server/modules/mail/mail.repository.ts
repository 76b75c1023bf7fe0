import { and, asc, count, desc, eq, inArray, lte, or, sql } from 'drizzle-orm'
import { outboxMessagesTable, type NewOutboxMessage, type OutboxStatus } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'

const t = outboxMessagesTable

/** Inserts unless a message with the same dedupe key exists; returns the new row or undefined. */
export function insertIfNew (db: DbOrTx, values: NewOutboxMessage) {
  return db.insert(t).values(values).onConflictDoNothing().returning().get()
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

/** Marks up to `limit` due messages as `sending` until `lockedUntil` and counts the attempt. */
export function claimDue (db: DbOrTx, { now, lockedUntil, limit }: { now: Date, lockedUntil: Date, limit: number }) {
  const ids = db.select({ id: t.id }).from(t).where(due(now)).orderBy(asc(t.nextAttemptAt), asc(t.id)).limit(limit).all().map((r) => r.id)
  if (ids.length === 0) return []
  return db.update(t)
    .set({ status: 'sending', lockedUntil, attempts: sql`${t.attempts} + 1`, updatedAt: now })
    .where(and(inArray(t.id, ids), due(now)))
    .returning().all()
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)
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

export function countByStatus (db: DbOrTx) {
  return db.select({ status: t.status, n: count() }).from(t).groupBy(t.status).all()
}
