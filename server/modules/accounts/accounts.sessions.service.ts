import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import type { Actor } from '../../common/actor.js'
import type { Config } from '../../config.js'
import { recordAudit } from '../audit/audit.recorder.js'
import * as users from './accounts.users.repository.js'
import { assertStrongPassword } from './accounts.users.service.js'
import { passwordProblems } from './accounts.password-policy.rules.js'
import * as tokens from './accounts.sessions.repository.js'
import { decoyHash, generatePassword, hashPassword, newToken, verifyPassword } from './accounts.passwords.js'
import { sha256Hex } from '../../common/hash.js'
import { changeMarker } from '../../../db/change-marker.js'
import { invalidCredentials, tokenLifetimeTooLong, tokenNotFound, tooManyRequests, wrongCurrentPassword } from './accounts.errors.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** The window LOGIN_RATE_LIMIT_PER_MINUTE counts attempts in. */
const RATE_WINDOW = MINUTE
/** lastUsedAt is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL = 60_000

type AuthConfig = Pick<Config, 'sessionTtlHours' | 'apiTokenMaxDays' | 'loginMaxFailures' | 'loginLockMinutes' | 'loginRateLimitPerMinute' | 'passwordHashCost'>

/** Token hashes whose row is kept in memory at most; beyond that the cache starts again. */
const MAX_CACHED_TOKENS = 1000

type ActiveToken = NonNullable<ReturnType<typeof tokens.findActiveToken>>

export function createAuthService ({ db, clock, rng, config }: { db: Db, clock: Clock, rng: Rng, config: AuthConfig }) {
  // resolveToken runs on every request, and its answer depends only on the database and the clock. So the
  // row found for a token is kept until anything in the database changes (a revocation, a disabled user, a
  // moved region: see changeMarker), while expiry is still judged against the clock on every request.
  // Unknown tokens are never cached. The cache lives in memory only and is keyed by the token as presented,
  // so a cached request skips the hash; the database keeps hashes alone.
  const marker = changeMarker(db.$client)
  let cacheMarker: string | null = null
  const active = new Map<string, ActiveToken>()

  function findActive (token: string, now: Date): ActiveToken | undefined {
    const current = marker({ fresh: true })
    if (current !== cacheMarker) { active.clear(); cacheMarker = current }
    const cached = current === null ? undefined : active.get(token)
    if (cached && cached.token.expiresAt > now) return cached
    const found = tokens.findActiveToken(db, sha256Hex(token), now)
    if (found && current !== null) {
      if (active.size >= MAX_CACHED_TOKENS) active.clear()
      active.set(token, found)
    }
    return found
  }

  return {
    /** The actor behind a bearer token, or null when the token is unknown, expired, revoked or its user disabled. */
    resolveToken (token: string, requestId: string): Actor | null {
      const now = clock.now()
      const found = findActive(token, now)
      if (!found) return null
      if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > TOUCH_INTERVAL) tokens.touchToken(db, found.token.id, now)
      const { user } = found
      return {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        regionId: user.regionId,
        scopePath: user.role === 'admin' ? null : (found.regionPath ?? '/-/'),
        requestId,
        tokenId: found.token.id
      }
    },

    /**
     * Every refusal — unknown user, disabled user, wrong password, locked account — is the same 401 after the
     * same password-hash work, so neither the answer nor its timing tells whether an account exists or is
     * locked. The failure count is raised by one statement inside the write transaction, after the hash check.
     */
    async login ({ username, password, address, requestId }: { username: string, password: string, address: string, requestId: string }) {
      const now = clock.now()
      const attempt = writeTransaction(db, (tx) => tokens.countLoginAttempt(tx, address, { now, windowMs: RATE_WINDOW }))
      if (attempt.attempts > config.loginRateLimitPerMinute) {
        throw tooManyRequests({ retryAfterSeconds: Math.max(1, Math.ceil((attempt.windowStartedAt.getTime() + RATE_WINDOW - now.getTime()) / 1000)) })
      }
      const refused = () => invalidCredentials(undefined, `用户名或密码错误。连续输错 ${config.loginMaxFailures} 次，账号将被锁定 ${config.loginLockMinutes} 分钟；如需提前解锁，请联系管理员。`)
      const found = users.findByUsername(db, username.toLowerCase())
      if (!found || found.user.disabled) {
        await verifyPassword(password, await decoyHash(config.passwordHashCost))
        throw refused()
      }
      const { user } = found
      const ok = await verifyPassword(password, user.passwordHash)
      const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, role: user.role, regionId: user.regionId, scopePath: null, requestId, tokenId: null }
      const issued = newToken(rng.bytes(32))
      const expiresAt = new Date(now.getTime() + config.sessionTtlHours * HOUR)
      const session = writeTransaction(db, (tx) => {
        // read again under the write lock: a parallel attempt may have locked the account, or a manager
        // changed the password or disabled the user, while the hash was being checked
        const current = users.findLoginState(tx, user.id)
        const locked = current?.lockedUntil != null && current.lockedUntil > now
        if (!ok || !current || current.disabled || current.passwordHash !== user.passwordHash || locked) {
          if (!current) return null
          const failure = users.recordLoginFailure(tx, user.id, { now, maxFailures: config.loginMaxFailures, lockMs: config.loginLockMinutes * MINUTE })
          const lockedNow = !locked && failure?.lockedUntil != null
          recordAudit(tx, { actor, at: now, action: lockedNow ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id, regionPath: found.regionPath, after: { ...failure, whileLocked: locked } })
          return null
        }
        users.update(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
        const row = tokens.insertToken(tx, { userId: user.id, kind: 'session', name: null, tokenHash: issued.hash, prefix: issued.prefix, createdAt: now, expiresAt })
        recordAudit(tx, { actor, at: now, action: 'auth.login', entityType: 'user', entityId: user.id, regionPath: found.regionPath, after: { tokenId: row.id } })
        return row
      })
      if (session === null) throw refused()
      const signedIn = users.findById(db, user.id)!
      return { token: issued.token, expiresAt: session.expiresAt, user: { ...signedIn, lockedUntil: null } }
    },

    logout (actor: Actor) {
      if (actor.tokenId === null) return
      const now = clock.now()
      writeTransaction(db, (tx) => {
        tokens.revokeToken(tx, actor.tokenId!, now)
        recordAudit(tx, { actor, at: now, action: 'auth.logout', entityType: 'auth_token', entityId: actor.tokenId!, before: { revoked: false }, after: { revoked: true } })
      })
    },

    listTokens (actor: Actor) {
      return tokens.listTokens(db, actor.userId!, clock.now())
    },

    createApiToken (actor: Actor, { name, expiresInDays }: { name: string, expiresInDays?: number | undefined }) {
      const days = expiresInDays ?? Math.min(90, config.apiTokenMaxDays)
      if (days > config.apiTokenMaxDays) throw tokenLifetimeTooLong({ maxDays: config.apiTokenMaxDays })
      const now = clock.now()
      const issued = newToken(rng.bytes(32))
      const row = writeTransaction(db, (tx) => {
        const inserted = tokens.insertToken(tx, { userId: actor.userId!, kind: 'api', name, tokenHash: issued.hash, prefix: issued.prefix, createdAt: now, expiresAt: new Date(now.getTime() + days * DAY) })
        recordAudit(tx, { actor, at: now, action: 'auth_token.create', entityType: 'auth_token', entityId: inserted.id, after: { name, kind: 'api', expiresAt: inserted.expiresAt } })
        return inserted
      })
      return { token: issued.token, row }
    },

    revokeToken (actor: Actor, id: number) {
      const now = clock.now()
      writeTransaction(db, (tx) => {
        const row = tokens.findToken(tx, id)
        if (!row || row.userId !== actor.userId || row.revokedAt !== null) throw tokenNotFound({ tokenId: id })
        tokens.revokeToken(tx, id, now)
        recordAudit(tx, { actor, at: now, action: 'auth_token.revoke', entityType: 'auth_token', entityId: id, before: { revoked: false }, after: { revoked: true } })
      })
    },

    async changeOwnPassword (actor: Actor, { currentPassword, newPassword }: { currentPassword: string, newPassword: string }) {
      const found = users.findById(db, actor.userId!)
      if (!found || !(await verifyPassword(currentPassword, found.user.passwordHash))) throw wrongCurrentPassword()
      assertStrongPassword(newPassword, { username: found.user.username, field: 'newPassword' })
      const passwordHash = await hashPassword(newPassword, { cost: config.passwordHashCost })
      const now = clock.now()
      writeTransaction(db, (tx) => {
        users.update(tx, actor.userId!, { passwordHash, mustChangePassword: false, updatedAt: now, version: found.user.version + 1 })
        tokens.revokeAllTokens(tx, actor.userId!, now, { exceptId: actor.tokenId })
        recordAudit(tx, { actor, at: now, action: 'user.password_change', entityType: 'user', entityId: actor.userId!, regionPath: found.regionPath, after: { password: '(changed)' } })
      })
    },

    /** On an empty database, creates the first administrator; returns the password when it was generated. */
    async bootstrapAdmin ({ username, password }: { username: string, password: string | undefined }) {
      if (users.countAll(db) > 0) return null
      const name = username.toLowerCase()
      let plain = password
      if (plain === undefined) {
        // a random 20-character password lacks one of the classes now and then: draw again until it passes
        do plain = generatePassword(rng.bytes(24)); while (passwordProblems(plain, { username: name }).length > 0)
      } else assertStrongPassword(plain, { username: name, field: 'ADMIN_PASSWORD' })
      const passwordHash = await hashPassword(plain, { cost: config.passwordHashCost })
      const now = clock.now()
      const created = writeTransaction(db, (tx) => {
        if (users.countAll(tx) > 0) return false
        const row = users.insert(tx, { username: name, displayName: '系统管理员', passwordHash, role: 'admin', regionId: null, mustChangePassword: password === undefined, createdAt: now, updatedAt: now })
        recordAudit(tx, { actor: { userId: null, username: 'system', displayName: '系统', role: 'system', regionId: null, scopePath: null, requestId: null, tokenId: null }, at: now, action: 'user.bootstrap_admin', entityType: 'user', entityId: row.id, after: { username: row.username, role: 'admin' } })
        return true
      })
      if (!created) return null
      return { username: name, generatedPassword: password === undefined ? plain : null }
    }
  }
}
