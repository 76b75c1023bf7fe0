import { and, count, desc, eq, gte, lt } from 'drizzle-orm'
import type { Db } from '../../../db/client.js'
import { auditLogTable } from '../../../db/schema/index.js'
import type { Actor } from '../../shared/actor.js'
import { inSubtree } from '../../../db/scope.js'

export type AuditService = ReturnType<typeof createAuditService>

export type AuditQuery = {
  entityType?: string | undefined
  entityId?: string | undefined
  actorUserId?: number | undefined
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  page: number
  pageSize: number
}

export function createAuditService ({ db }: { db: Db }) {
  return {
    /** Audit rows, newest first; scoped actors see only rows of their region subtree. */
    query (actor: Actor, q: AuditQuery) {
      const where = and(
        inSubtree(auditLogTable.regionPath, actor.scopePath),
        q.entityType !== undefined ? eq(auditLogTable.entityType, q.entityType) : undefined,
        q.entityId !== undefined ? eq(auditLogTable.entityId, q.entityId) : undefined,
        q.actorUserId !== undefined ? eq(auditLogTable.actorUserId, q.actorUserId) : undefined,
        q.action !== undefined ? eq(auditLogTable.action, q.action) : undefined,
        q.from !== undefined ? gte(auditLogTable.at, q.from) : undefined,
        q.to !== undefined ? lt(auditLogTable.at, q.to) : undefined
      )
      const items = db.select().from(auditLogTable).where(where).orderBy(desc(auditLogTable.at), desc(auditLogTable.id))
        .limit(q.pageSize).offset((q.page - 1) * q.pageSize).all()
      const total = db.select({ n: count() }).from(auditLogTable).where(where).get()?.n ?? 0
      return { items, total }
    }
  }
}
