import type { Actor } from '../../common/actor.js'
import { pathInScope } from '../../common/actor.js'

/** Who may see which members: everyone in `ownPath` (null: everybody), plus consenting members elsewhere when `shared`. */
export type Visibility = { ownPath: string | null, shared: boolean }

/**
 * Who sees and changes which pool members:
 * - admins: everyone, personal data in full, may change everyone;
 * - coordinators: members whose home region is in their subtree (in full, may change them) and, read-only with
 *   personal data masked, members elsewhere who consented to cross-region service (the seed's 突破地域 sharing);
 * - hosts and auditors: members of their subtree, masked, read-only.
 */
export function poolVisibility (actor: Actor): Visibility {
  if (actor.scopePath === null) return { ownPath: null, shared: false }
  return { ownPath: actor.scopePath, shared: actor.role === 'coordinator' }
}

/** ID number and phone in full only for admins and the coordinators of the member's home region. */
export function seesPersonalData (actor: Actor, homeRegionPath: string) {
  if (actor.role === 'admin') return true
  return actor.role === 'coordinator' && pathInScope(actor, homeRegionPath)
}

export function mayChangeMember (actor: Actor, homeRegionPath: string) {
  if (actor.role === 'admin' || actor.role === 'system') return true
  return actor.role === 'coordinator' && pathInScope(actor, homeRegionPath)
}

export function mayView (actor: Actor, member: { homeRegionPath: string, consentCrossRegion: boolean, status: string }) {
  if (pathInScope(actor, member.homeRegionPath)) return true
  return poolVisibility(actor).shared && member.consentCrossRegion && member.status !== 'removed'
}

/**
 * Whether the actor may pick a member for a hearing (host, recorder, third party): exactly the members they may see
 * in the pool — their own subtree and, for coordinators, members elsewhere who consented to cross-region service.
 * Anyone else must be answered as if the member did not exist. People already seated stay visible on the hearing
 * whoever picked them; this rule is for the people the actor chooses now.
 */
export function mayAssignToHearing (actor: Actor, member: { homeRegionPath: string, consentCrossRegion: boolean, status: string }) {
  return mayView(actor, member)
}
