import { and, count, desc, eq, gte, lt } from 'drizzle-orm'
import { auditLogTable } from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

type NewAuditRow = typeof auditLogTable.$inferInsert

export function insert (db: DbOrTx, values: NewAuditRow) {
  db.insert(auditLogTable).values(values).run()
}

export type AuditFilter = {
  scopePath: string | null
  entityType?: string | undefined
  entityId?: string | undefined
  actorUserId?: number | undefined
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
}

/** Audit rows matching the filter (rows of the subtree at `scopePath`), newest first, one page, and their number. */
export function list (db: DbOrTx, f: AuditFilter, { limit, offset }: { limit: number, offset: number }) {
  const where = and(
    inSubtree(auditLogTable.regionPath, f.scopePath),
    f.entityType !== undefined ? eq(auditLogTable.entityType, f.entityType) : undefined,
    f.entityId !== undefined ? eq(auditLogTable.entityId, f.entityId) : undefined,
    f.actorUserId !== undefined ? eq(auditLogTable.actorUserId, f.actorUserId) : undefined,
    f.action !== undefined ? eq(auditLogTable.action, f.action) : undefined,
    f.from !== undefined ? gte(auditLogTable.at, f.from) : undefined,
    f.to !== undefined ? lt(auditLogTable.at, f.to) : undefined
  )
  const items = db.select().from(auditLogTable).where(where).orderBy(desc(auditLogTable.at), desc(auditLogTable.id))
    .limit(limit).offset(offset).all()
  const total = db.select({ n: count() }).from(auditLogTable).where(where).get()?.n ?? 0
  return { items, total }
}
