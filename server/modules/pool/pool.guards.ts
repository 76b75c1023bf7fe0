import type { DbOrTx } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import * as repo from './pool.repository.js'
import type { MemberRow } from './pool.repository.js'
import { mayChangeMember, mayView } from './pool.access.rules.js'
import type { BulkFailure } from './pool.types.js'
import * as errors from './pool.errors.js'

// The member a request names, as the actor may reach it: seen (404 otherwise) or changed (403 when only seen).

export function requireVisible (tx: DbOrTx, actor: Actor, id: number): MemberRow {
  const row = repo.findMember(tx, id)
  if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
    throw errors.memberNotFound({ memberId: id })
  }
  return row
}

/** 404 when the actor cannot see the member; 403 when they see it (shared across regions) but may not change it. */
export function requireWritable (tx: DbOrTx, actor: Actor, id: number): MemberRow {
  const row = requireVisible(tx, actor, id)
  if (!mayChangeMember(actor, row.regionPath)) throw errors.memberNotEditable({ memberId: id })
  return row
}

/** The members of a bulk request the actor may change, and a failure for each other id (unseen ones as if missing). */
export function bulkRows (tx: DbOrTx, actor: Actor, ids: readonly number[]) {
  const seen = new Set<number>()
  for (const [i, id] of ids.entries()) {
    if (seen.has(id)) throw errors.invalidMember({ errors: [{ in: 'body', field: `memberIds.${i}`, message: `人员 ${id} 重复出现` }] })
    seen.add(id)
  }
  const byId = new Map(repo.findMembersByIds(tx, ids).map((r) => [r.member.id, r]))
  const found: MemberRow[] = []
  const failures: BulkFailure[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
      failures.push({ memberId: id, code: 'pool.member_not_found', message: `人员 ${id}：听证员库中没有该人员，或不在您的权限范围内` })
    } else if (!mayChangeMember(actor, row.regionPath)) {
      failures.push({ memberId: id, code: 'pool.member_not_editable', message: `${row.member.name}：只能修改常住地在本辖区的人员` })
    } else found.push(row)
  }
  return { found, failures }
}

export function assertNoFailures (failures: BulkFailure[], what: string) {
  if (failures.length > 0) throw errors.bulkRejected({ failures }, `${failures.length} 名人员不能${what}，未作任何更改：${failures.map((f) => f.message).join('；')}`)
}
