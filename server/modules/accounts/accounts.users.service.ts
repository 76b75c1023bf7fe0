import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { User, UserRole } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { hashPassword } from './accounts.passwords.js'
import { revokeAllTokens } from './accounts.sessions.repository.js'
import { requireRegion } from '../regions/regions.service.js'
import { memberById } from '../pool/pool.lookup.service.js'
import { mayView } from '../pool/pool.access.rules.js'
import * as users from './accounts.users.repository.js'
import {
  userNotFound, usernameTaken, userRegionRequired, roleNotAssignable, cannotChangeSelf, weakPassword, poolMemberInvalid, poolMemberLinked
} from './accounts.errors.js'
import { passwordProblems } from './accounts.password-policy.rules.js'

/** Roles each role may hand out; coordinators staff their own subtree with hosts and officers. */
const ASSIGNABLE: Record<string, readonly UserRole[]> = {
  admin: ['admin', 'coordinator', 'host', 'officer', 'auditor'],
  coordinator: ['host', 'officer']
}

/** Refuses a password that breaks the policy (password-policy.ts), naming every problem as an error of `field`. */
export function assertStrongPassword (password: string, { username, field }: { username: string, field: string }) {
  const problems = passwordProblems(password, { username })
  if (problems.length > 0) throw weakPassword({ errors: problems.map((message) => ({ in: 'body', field, message })) }, problems.join('；'))
}

type FoundUser = NonNullable<ReturnType<typeof users.findById>>
/** A user as the API shows it: the lock only while it lasts. */
export type PresentedUser = FoundUser & { lockedUntil: Date | null }

export function presentUser (found: FoundUser, now: Date): PresentedUser {
  const until = found.user.lockedUntil
  return { ...found, lockedUntil: until !== null && until > now ? until : null }
}

/** A user as stored, without the password hash. */
export function auditableUser (u: User) {
  const { passwordHash: _omit, failedLoginCount: _f, lockedUntil: _l, lastLoginAt: _a, ...rest } = u
  return rest
}

/**
 * The pool member a user is to be linked to: one the actor can see in the pool, not linked to another account.
 * Null unlinks.
 */
function linkablePoolMember (tx: DbOrTx, actor: Actor, memberId: number | null, userId: number | null) {
  if (memberId === null) return null
  const row = memberById(tx, memberId)
  if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
    throw poolMemberInvalid({ errors: [{ in: 'body', field: 'poolMemberId', message: '听证员库中没有该人员，或不在您的权限范围内' }] })
  }
  const other = users.findByPoolMember(tx, memberId)
  if (other && other.id !== userId) {
    throw poolMemberLinked({ memberId, userId: other.id }, `听证员库人员“${row.member.name}”已关联账号 ${other.username}（${other.displayName}），一名人员只能关联一个账号`)
  }
  return row.member.id
}

export function createUsersService ({ db, clock, passwordHashCost }: { db: Db, clock: Clock, passwordHashCost: number }) {
  function assertAssignable (actor: Actor, role: UserRole) {
    if (!(ASSIGNABLE[actor.role] ?? []).includes(role)) throw roleNotAssignable({ role })
  }

  function requireUser (actor: Actor, id: number) {
    const found = users.findById(db, id, actor.scopePath)
    if (!found) throw userNotFound({ userId: id })
    return found
  }

  return {
    list (actor: Actor, filter: { role?: UserRole | undefined, regionId?: number | undefined, q?: string | undefined, locked?: boolean | undefined, page: number, pageSize: number }) {
      const now = clock.now()
      const { items, total } = users.list(db, { scopePath: actor.scopePath, ...filter, now })
      return { items: items.map((found) => presentUser(found, now)), total }
    },

    get (actor: Actor, id: number) {
      return presentUser(requireUser(actor, id), clock.now())
    },

    async create (actor: Actor, input: { username: string, displayName: string, password: string, role: UserRole, regionId?: number | null | undefined, poolMemberId?: number | null | undefined }) {
      assertAssignable(actor, input.role)
      assertStrongPassword(input.password, { username: input.username, field: 'password' })
      if (input.role !== 'admin' && input.regionId == null) throw userRegionRequired({ role: input.role })
      const passwordHash = await hashPassword(input.password, { cost: passwordHashCost })
      return writeTransaction(db, (tx) => {
        const regionId = input.role === 'admin' ? null : requireRegion(tx, actor, input.regionId as number).id
        const username = input.username.toLowerCase()
        if (users.findByUsername(tx, username)) throw usernameTaken({ username })
        const now = clock.now()
        const poolMemberId = linkablePoolMember(tx, actor, input.poolMemberId ?? null, null)
        const row = users.insert(tx, { username, displayName: input.displayName, passwordHash, role: input.role, regionId, poolMemberId, mustChangePassword: true, createdAt: now, updatedAt: now })
        const created = users.findById(tx, row.id)!
        recordAudit(tx, { actor, at: now, action: 'user.create', entityType: 'user', entityId: row.id, regionPath: created.regionPath, after: auditableUser(row) })
        return presentUser(created, now)
      })
    },

    async update (actor: Actor, id: number, input: { displayName?: string | undefined, role?: UserRole | undefined, regionId?: number | null | undefined, disabled?: boolean | undefined, poolMemberId?: number | null | undefined, password?: string | undefined, version?: number | undefined }) {
      if (input.password !== undefined) assertStrongPassword(input.password, { username: requireUser(actor, id).user.username, field: 'password' })
      const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password, { cost: passwordHashCost })
      return writeTransaction(db, (tx) => {
        const found = users.findById(tx, id, actor.scopePath)
        if (!found) throw userNotFound({ userId: id })
        const before = found.user
        if (input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
        if (before.id === actor.userId && (input.disabled === true || (input.role !== undefined && input.role !== before.role))) throw cannotChangeSelf()
        assertAssignable(actor, before.role)
        const role = input.role ?? before.role
        assertAssignable(actor, role)
        let regionId = input.regionId === undefined ? before.regionId : input.regionId
        if (role === 'admin') regionId = null
        else if (regionId === null) throw userRegionRequired({ role })
        else regionId = requireRegion(tx, actor, regionId).id
        const poolMemberId = input.poolMemberId === undefined || input.poolMemberId === before.poolMemberId
          ? before.poolMemberId
          : linkablePoolMember(tx, actor, input.poolMemberId, id)
        const now = clock.now()
        const after = users.update(tx, id, {
          displayName: input.displayName ?? before.displayName,
          role,
          regionId,
          disabled: input.disabled ?? before.disabled,
          poolMemberId,
          ...(passwordHash ? { passwordHash, failedLoginCount: 0, lockedUntil: null, mustChangePassword: id !== actor.userId } : {}),
          version: before.version + 1,
          updatedAt: now
        })
        const securityChange = passwordHash !== undefined || after.disabled || after.role !== before.role || after.regionId !== before.regionId
        if (securityChange) revokeAllTokens(tx, id, now)
        recordAudit(tx, {
          actor,
          at: now,
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          regionPath: found.regionPath,
          before: { ...auditableUser(before), password: undefined },
          after: { ...auditableUser(after), password: passwordHash ? '(changed)' : undefined }
        })
        return presentUser(users.findById(tx, id)!, now)
      })
    },

    /** Ends a lock after repeated wrong passwords (and clears the count), before it would run out by itself. */
    unlock (actor: Actor, id: number) {
      return writeTransaction(db, (tx) => {
        const found = users.findById(tx, id, actor.scopePath)
        if (!found) throw userNotFound({ userId: id })
        assertAssignable(actor, found.user.role)
        const now = clock.now()
        const { failedLoginCount, lockedUntil } = found.user
        if (failedLoginCount !== 0 || lockedUntil !== null) {
          users.update(tx, id, { failedLoginCount: 0, lockedUntil: null })
          recordAudit(tx, { actor, at: now, action: 'user.unlock', entityType: 'user', entityId: id, regionPath: found.regionPath, before: { failedLoginCount, lockedUntil }, after: { failedLoginCount: 0, lockedUntil: null } })
        }
        return presentUser(users.findById(tx, id)!, now)
      })
    }
  }
}
