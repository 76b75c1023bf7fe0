import type { Db } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import { memberById } from '../pool/pool.lookup.service.js'
import { mayChangeMember, mayView } from '../pool/pool.access.rules.js'
import { memberNotEditable, memberNotFound } from '../pool/pool.errors.js'
import type { CalendarService } from './calendar.service.js'

/**
 * Feed URLs of pool members, handed out by the coordinators who manage them (members have no login):
 * the pool's access rules apply — a member outside the actor's reach is 404, one shared from another
 * region (visible, not theirs to manage) is 403.
 */
export function createMemberFeedService ({ db, calendar }: { db: Db, calendar: Pick<CalendarService, 'getFeed' | 'resetFeed'> }) {
  function requireManaged (actor: Actor, memberId: number) {
    const row = memberById(db, memberId)
    if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
      throw memberNotFound({ memberId })
    }
    if (!mayChangeMember(actor, row.regionPath)) throw memberNotEditable({ memberId })
  }

  return {
    get (actor: Actor, memberId: number) {
      requireManaged(actor, memberId)
      return calendar.getFeed(actor, { kind: 'member', id: memberId })
    },
    reset (actor: Actor, memberId: number) {
      requireManaged(actor, memberId)
      return calendar.resetFeed(actor, { kind: 'member', id: memberId })
    }
  }
}
