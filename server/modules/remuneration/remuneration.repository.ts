import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import {
  remunerationLinesTable, remunerationBatchesTable, regionsTable, hearingsTable, hearingEventsTable, mattersTable, usersTable,
  type NewRemunerationLine, type RemunerationLine, type RemunerationLineStatus, type RegionLevel
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

const l = remunerationLinesTable

export type LineRow = RemunerationLine & { payerName: string, payerPath: string, caseNumber: string, hearingStartsAt: Date }

const rowColumns = { line: l, payerName: regionsTable.name, payerPath: regionsTable.path, caseNumber: mattersTable.number, hearingStartsAt: hearingsTable.startsAt }

function selectRows (db: DbOrTx, where: SQL | undefined) {
  return db.select(rowColumns).from(l)
    .innerJoin(regionsTable, eq(regionsTable.id, l.payerRegionId))
    .innerJoin(hearingsTable, eq(hearingsTable.id, l.hearingId))
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .where(where)
}

function flatten (r: { line: RemunerationLine, payerName: string, payerPath: string, caseNumber: string, hearingStartsAt: Date }): LineRow {
  return { ...r.line, payerName: r.payerName, payerPath: r.payerPath, caseNumber: r.caseNumber, hearingStartsAt: r.hearingStartsAt }
}

export type LineFilter = {
  scopePath: string | null
  year?: number | undefined
  regionPath?: string | undefined
  memberId?: number | undefined
  status?: RemunerationLineStatus | undefined
  hearingId?: number | undefined
}

function filterWhere (f: LineFilter) {
  return and(
    inSubtree(regionsTable.path, f.scopePath),
    f.regionPath !== undefined ? inSubtree(regionsTable.path, f.regionPath) : undefined,
    f.year !== undefined ? eq(l.year, f.year) : undefined,
    f.memberId !== undefined ? eq(l.memberId, f.memberId) : undefined,
    f.status !== undefined ? eq(l.status, f.status) : undefined,
    f.hearingId !== undefined ? eq(l.hearingId, f.hearingId) : undefined
  )
}

/** Lines whose paying region lies in the scope, oldest service first (reversals and corrections right after). */
export function listLines (db: DbOrTx, f: LineFilter, paging?: { limit: number, offset: number }): LineRow[] {
  const ordered = selectRows(db, filterWhere(f)).orderBy(asc(l.serviceDate), asc(l.hearingId), asc(l.id))
  return (paging ? ordered.limit(paging.limit).offset(paging.offset) : ordered).all().map(flatten)
}

/** How many lines match, with their half-days and amount (a page of the list shows the totals of all of them). */
export function lineTotals (db: DbOrTx, f: LineFilter): { lines: number, halfDays: number, amountFen: number } {
  return db.select({
    lines: sql<number>`count(*)`,
    halfDays: sql<number>`coalesce(sum(${l.halfDays}), 0)`,
    amountFen: sql<number>`coalesce(sum(${l.amountFen}), 0)`
  }).from(l).innerJoin(regionsTable, eq(regionsTable.id, l.payerRegionId)).where(filterWhere(f)).get()!
}

export function findLine (db: DbOrTx, id: number, scopePath: string | null): LineRow | undefined {
  const row = selectRows(db, and(eq(l.id, id), inSubtree(regionsTable.path, scopePath))).get()
  return row ? flatten(row) : undefined
}

export function findLinesByIds (db: DbOrTx, ids: readonly number[], scopePath: string | null): LineRow[] {
  if (ids.length === 0) return []
  return selectRows(db, and(inArray(l.id, [...ids]), inSubtree(regionsTable.path, scopePath))).all().map(flatten)
}

export function originalLinesOfHearing (db: DbOrTx, hearingId: number) {
  return db.select().from(l).where(and(eq(l.hearingId, hearingId), eq(l.entryKind, 'original'))).all()
}

export function reversalOf (db: DbOrTx, lineId: number) {
  return db.select().from(l).where(and(eq(l.relatedLineId, lineId), eq(l.entryKind, 'reversal'))).get()
}

export function insertLine (db: DbOrTx, values: NewRemunerationLine) {
  return db.insert(l).values(values).returning().get()
}

export function updateLine (db: DbOrTx, id: number, values: Partial<NewRemunerationLine>) {
  return db.update(l).set(values).where(eq(l.id, id)).returning().get()
}

/** Marks unpaid lines paid in a batch; returns how many changed (fewer than asked: some were no longer unpaid). */
export function markPaid (db: DbOrTx, ids: readonly number[], values: { batchId: number, paidOn: string, updatedAt: Date }) {
  return db.update(l).set({ status: 'paid', batchId: values.batchId, paidOn: values.paidOn, updatedAt: values.updatedAt, version: sql`${l.version} + 1` })
    .where(and(inArray(l.id, [...ids]), eq(l.status, 'unpaid'))).run().changes
}

export function insertBatch (db: DbOrTx, values: typeof remunerationBatchesTable.$inferInsert) {
  return db.insert(remunerationBatchesTable).values(values).returning().get()
}

/**
 * Totals per member or per paying region: half-days and amounts summed over every line (originals, reversals and
 * replacements net out), and what of it is paid and still to pay.
 */
export function totals (db: DbOrTx, f: LineFilter & { by: 'member' | 'township' }) {
  const key = f.by === 'member' ? l.memberId : l.payerRegionId
  const name = f.by === 'member' ? sql<string>`max(${l.memberName})` : sql<string>`max(${regionsTable.name})`
  return db.select({
    id: key,
    name,
    lines: sql<number>`count(*)`,
    halfDays: sql<number>`coalesce(sum(${l.halfDays}), 0)`,
    amountFen: sql<number>`coalesce(sum(${l.amountFen}), 0)`,
    paidFen: sql<number>`coalesce(sum(case when ${l.status} = 'paid' then ${l.amountFen} else 0 end), 0)`,
    unpaidFen: sql<number>`coalesce(sum(case when ${l.status} = 'unpaid' then ${l.amountFen} else 0 end), 0)`
  }).from(l).innerJoin(regionsTable, eq(regionsTable.id, l.payerRegionId))
    .where(filterWhere(f)).groupBy(key).orderBy(asc(key)).all()
}

/** The region and its ancestors (from its materialised path). */
export function regionChain (db: DbOrTx, path: string): { id: number, name: string, level: RegionLevel, path: string }[] {
  const ids = path.split('/').filter(Boolean).map(Number)
  return db.select({ id: regionsTable.id, name: regionsTable.name, level: regionsTable.level, path: regionsTable.path })
    .from(regionsTable).where(inArray(regionsTable.id, ids)).orderBy(asc(regionsTable.path)).all()
}

/** The hearing's timeline, oldest first (the open and conclude events give the actual times). */
export function eventsOfHearing (db: DbOrTx, hearingId: number) {
  return db.select({ action: hearingEventsTable.action, at: hearingEventsTable.at }).from(hearingEventsTable)
    .where(eq(hearingEventsTable.hearingId, hearingId)).orderBy(asc(hearingEventsTable.at), asc(hearingEventsTable.id)).all()
}

/** Concluded hearings whose region lies in the scope (for generating lines of hearings concluded earlier). */
export function concludedHearingIds (db: DbOrTx, scopePath: string | null, hearingId?: number) {
  const hearingRegion = alias(regionsTable, 'hearing_region')
  return db.select({ id: hearingsTable.id }).from(hearingsTable)
    .innerJoin(hearingRegion, eq(hearingRegion.id, hearingsTable.regionId))
    .where(and(eq(hearingsTable.status, 'concluded'), inSubtree(hearingRegion.path, scopePath), hearingId !== undefined ? eq(hearingsTable.id, hearingId) : undefined))
    .orderBy(asc(hearingsTable.id)).all().map((r) => r.id)
}

/** The pool member a login account belongs to, or null. */
export function poolMemberOfUser (db: DbOrTx, userId: number): number | null {
  return db.select({ id: usersTable.poolMemberId }).from(usersTable).where(eq(usersTable.id, userId)).get()?.id ?? null
}
