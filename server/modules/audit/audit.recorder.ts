import type { DbOrTx } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import { maskRecord } from '../../common/personal-data.js'
import * as repo from './audit.repository.js'

type Snapshot = Record<string, unknown> | null | undefined

/** The record masked and as JSON keeps it (dates as strings, undefined fields gone). */
function normalise (value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(maskRecord(value) ?? null))
}

/** Before/after of the fields that changed, masked; the whole record on create and delete. */
export function auditDiff (before: Snapshot, after: Snapshot) {
  const b = before ? normalise(before) : null
  const a = after ? normalise(after) : null
  if (!b || !a) return { before: b, after: a }
  const changedBefore: Record<string, unknown> = {}
  const changedAfter: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updatedAt' || key === 'version') continue
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) {
      changedBefore[key] = b[key] ?? null
      changedAfter[key] = a[key] ?? null
    }
  }
  return { before: changedBefore, after: changedAfter }
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export function recordAudit (tx: DbOrTx, { actor, at, action, entityType, entityId, regionPath = null, before, after }: {
  actor: Actor
  at: Date
  action: string
  entityType: string
  entityId: number | string
  regionPath?: string | null
  before?: Snapshot
  after?: Snapshot
}) {
  repo.insert(tx, {
    at,
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action,
    entityType,
    entityId: String(entityId),
    regionPath,
    requestId: actor.requestId,
    diff: auditDiff(before, after)
  })
}
