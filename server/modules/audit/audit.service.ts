import type { Db } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import * as repo from './audit.repository.js'

type AuditQuery = {
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
      const { page, pageSize, ...filter } = q
      return repo.list(db, { ...filter, scopePath: actor.scopePath }, { limit: pageSize, offset: (page - 1) * pageSize })
    }
  }
}
