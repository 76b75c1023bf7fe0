import type { UserRole } from '../../db/schema/index.js'

/** Who is acting, with the region subtree they are confined to (null: the whole city). */
export type Actor = {
  userId: number | null
  username: string
  displayName: string
  role: UserRole | 'system'
  regionId: number | null
  scopePath: string | null
  requestId: string | null
  tokenId: number | null
}

export function systemActor (name = '系统'): Actor {
  return { userId: null, username: 'system', displayName: name, role: 'system', regionId: null, scopePath: null, requestId: null, tokenId: null }
}

/** True when a region path lies inside the actor's subtree. */
export function pathInScope (actor: Actor, path: string | null | undefined) {
  if (actor.scopePath === null) return true
  return typeof path === 'string' && path.startsWith(actor.scopePath)
}
