import { and, asc, count, eq, isNull, like, sql } from 'drizzle-orm'
import { regionsTable, type NewRegion, type RegionLevel } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

export function findById (db: DbOrTx, id: number, scopePath: string | null = null) {
  return db.select().from(regionsTable).where(and(eq(regionsTable.id, id), inSubtree(regionsTable.path, scopePath))).get()
}

export function list (db: DbOrTx, { scopePath, parentId, level, q, rootsOnly }: {
  scopePath: string | null
  parentId?: number | undefined
  level?: RegionLevel | undefined
  q?: string | undefined
  rootsOnly?: boolean
}) {
  return db.select().from(regionsTable).where(and(
    inSubtree(regionsTable.path, scopePath),
    parentId !== undefined ? eq(regionsTable.parentId, parentId) : undefined,
    rootsOnly ? isNull(regionsTable.parentId) : undefined,
    level !== undefined ? eq(regionsTable.level, level) : undefined,
    q !== undefined ? like(regionsTable.name, `%${q.replace(/[%_\\]/g, (c) => '\\' + c)}%`) : undefined
  )).orderBy(asc(regionsTable.path)).all()
}

export function findByIds (db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return []
  return db.select().from(regionsTable).where(sql`${regionsTable.id} in ${ids}`).all()
}

export function insert (db: DbOrTx, values: Omit<NewRegion, 'path'>) {
  const row = db.insert(regionsTable).values({ ...values, path: '/' }).returning().get()
  return row
}

export function update (db: DbOrTx, id: number, values: Partial<NewRegion>) {
  return db.update(regionsTable).set(values).where(eq(regionsTable.id, id)).returning().get()
}

export function countChildren (db: DbOrTx, id: number) {
  return db.select({ n: count() }).from(regionsTable).where(eq(regionsTable.parentId, id)).get()?.n ?? 0
}

/** Rewrites the path of every node under `oldPrefix` (the moved node included). */
export function rewriteSubtreePaths (db: DbOrTx, oldPrefix: string, newPrefix: string) {
  db.update(regionsTable)
    .set({ path: sql`${newPrefix} || substr(${regionsTable.path}, ${oldPrefix.length + 1})` })
    .where(inSubtree(regionsTable.path, oldPrefix))
    .run()
}

export function remove (db: DbOrTx, id: number) {
  db.delete(regionsTable).where(eq(regionsTable.id, id)).run()
}

export function findByCode (db: DbOrTx, code: string) {
  return db.select().from(regionsTable).where(eq(regionsTable.code, code)).get()
}

export function findSibling (db: DbOrTx, parentId: number | null, name: string) {
  return db.select().from(regionsTable).where(and(
    parentId === null ? isNull(regionsTable.parentId) : eq(regionsTable.parentId, parentId),
    eq(regionsTable.name, name)
  )).get()
}
