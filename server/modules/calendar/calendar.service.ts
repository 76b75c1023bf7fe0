import { createHash } from 'node:crypto'
import type { Db, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Rng } from '../../common/random.js'
import type { Actor } from '../../common/actor.js'
import type { Config } from '../../config.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { getOrCreateSecret } from '../secrets/secrets.service.js'
import * as feeds from './calendar.repository.js'
import type { FeedOwnerRef } from './calendar.repository.js'
import { feedNotFound } from './calendar.errors.js'
import type { CalendarFeedEntry, PersonRef } from './calendar.ics.js'
import { buildFeedBytes, FEED_STAMP_PROPERTY } from './calendar.feed-writer.js'
import { feedUrls, hashFeedToken, newFeedToken, sealToken, unsealToken } from './feed-tokens.js'
import { deriveKey, invitationLink, verifyResponseToken, type VerifiedResponseLink } from './signed-links.js'
import { ensureCalendarIdentity } from './calendar.identity.js'

export type { FeedOwnerRef }

/** The owner's hearings for their feed; the integrator supplies the query once hearings exist. */
export type FeedEntriesProvider = (owner: FeedOwnerRef) => CalendarFeedEntry[]

export const LINK_SECRET_NAME = 'link_signing'

const CRLF = Buffer.from('\r\n')
const STAMP_LINE = Buffer.from(`\r\n${FEED_STAMP_PROPERTY}`)

/**
 * Strong validator of a feed: its content without the DTSTAMP lines, which change on every request. The bytes
 * between those lines are hashed where they lie, without copying the megabyte-sized feed first.
 */
function feedEtag (ics: Buffer) {
  const hash = createHash('sha256')
  let from = 0
  for (let at = ics.indexOf(STAMP_LINE); at !== -1; at = ics.indexOf(STAMP_LINE, Math.max(0, from - CRLF.length))) {
    const lineStart = at + CRLF.length
    const lineEnd = ics.indexOf(CRLF, lineStart)
    if (lineEnd === -1) break
    hash.update(ics.subarray(from, lineStart))
    from = lineEnd + CRLF.length
  }
  hash.update(ics.subarray(from))
  return `"${hash.digest('base64url').slice(0, 32)}"`
}

export type CalendarService = ReturnType<typeof createCalendarService>

export function createCalendarService ({ db, clock, rng, config, feedEntries = () => [] }: {
  db: Db
  clock: Clock
  rng: Rng
  config: Pick<Config, 'publicBaseUrl' | 'linkSigningSecret'>
  feedEntries?: FeedEntriesProvider
}) {
  const baseUrl = config.publicBaseUrl
  // Before anything is announced: calendar UIDs are named after the installation, not after baseUrl.
  ensureCalendarIdentity({ db, clock, rng, publicBaseUrl: baseUrl })
  const keys = new Map<string, Buffer>()
  /** Derived lazily: the stored secret is created on first use, after migrations have run. */
  function key (purpose: 'response links' | 'feed tokens') {
    let k = keys.get(purpose)
    if (!k) {
      const secret = config.linkSigningSecret ?? getOrCreateSecret({ db, clock, rng, name: LINK_SECRET_NAME })
      k = deriveKey(secret, purpose)
      keys.set(purpose, k)
    }
    return k
  }

  function issue (tx: Tx, actor: Actor, owner: FeedOwnerRef, action: string) {
    const token = newFeedToken(rng.bytes(32))
    const now = clock.now()
    const row = feeds.insert(tx, {
      ownerKind: owner.kind,
      ownerId: owner.id,
      tokenHash: hashFeedToken(token),
      tokenSealed: sealToken({ key: key('feed tokens'), token, iv: rng.bytes(12) }),
      createdAt: now
    })
    recordAudit(tx, { actor, at: now, action, entityType: 'calendar_feed', entityId: row.id, after: { ownerKind: owner.kind, ownerId: owner.id } })
    return { ...feedUrls({ baseUrl, token }), createdAt: row.createdAt }
  }

  function resolveFeedToken (token: string): FeedOwnerRef | null {
    const row = feeds.findActiveByHash(db, hashFeedToken(token))
    if (!row) return null
    if (row.ownerKind === 'user' && !feeds.userMayHaveFeed(db, row.ownerId)) return null
    return { kind: row.ownerKind, id: row.ownerId }
  }

  return {
    /** The owner's feed URLs, created on first request. */
    getFeed (actor: Actor, owner: FeedOwnerRef) {
      key('feed tokens')
      return writeTransaction(db, (tx) => {
        const row = feeds.findActiveByOwner(tx, owner)
        const token = row ? unsealToken({ key: key('feed tokens'), sealed: row.tokenSealed }) : null
        if (row && token) return { ...feedUrls({ baseUrl, token }), createdAt: row.createdAt }
        // A token sealed under a previous secret cannot be shown again: replace it.
        if (row) feeds.revokeAllOf(tx, owner, clock.now())
        return issue(tx, actor, owner, 'calendar_feed.create')
      })
    },

    /** A new feed URL; the old one answers 404 from now on. */
    resetFeed (actor: Actor, owner: FeedOwnerRef) {
      key('feed tokens')
      return writeTransaction(db, (tx) => {
        feeds.revokeAllOf(tx, owner, clock.now())
        return issue(tx, actor, owner, 'calendar_feed.reset')
      })
    },

    resolveFeedToken,

    /**
     * The feed behind a token, as UTF-8 bytes, with its validators; an unknown or reset token is
     * `calendar.feed_not_found`.
     */
    renderFeed (token: string) {
      const owner = resolveFeedToken(token)
      if (!owner) throw feedNotFound()
      const entries = feedEntries(owner)
      const ics = buildFeedBytes({ owner: { ref: owner }, entries, now: clock.now(), baseUrl })
      const stamps = entries.map((e) => e.hearing.updatedAt?.getTime())
      const lastModified = stamps.length > 0 && stamps.every((t) => t !== undefined) ? new Date(Math.max(...stamps as number[])) : null
      return { ics, etag: feedEtag(ics), lastModified }
    },

    /** The signed link to one person's invitation page (web/src/views/invitation/), for mail bodies and invites. */
    invitationLink ({ hearingId, subject, expiresAt }: { hearingId: number, subject: PersonRef, expiresAt: Date }) {
      return invitationLink({ key: key('response links'), baseUrl, hearingId, subject, expiresAt })
    },

    /** Checks an invitation link's token (signature, then expiry by the injected clock). */
    verifyInvitationToken (token: string): VerifiedResponseLink {
      return verifyResponseToken({ key: key('response links'), token, now: clock.now() })
    }
  }
}
