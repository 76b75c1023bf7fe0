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
import { formatHearingTime, type CalendarFeedEntry, type PersonRef } from './calendar.ics.js'
import { buildFeedBytes, FEED_STAMP_PROPERTY } from './calendar.feed-writer.js'
import { feedUrls, hashFeedToken, newFeedToken, sealToken, unsealToken } from './feed-tokens.js'
import { deriveKey, responseLinks, verifyResponseToken, RESPONSE_PATH, type ResponseAction } from './signed-links.js'
import { cleanReason, renderResponsePage, type ResponseHearingSummary, type ResponsePageView } from './calendar.pages.js'
import { ensureCalendarIdentity } from './calendar.identity.js'

export type { FeedOwnerRef }

/** The owner's hearings for their feed; the integrator supplies the query once hearings exist. */
export type FeedEntriesProvider = (owner: FeedOwnerRef) => CalendarFeedEntry[]

export type ResponseHearingFacts = { title: string, start: Date, end: Date, venueName: string }

/**
 * Records answers given through accept/decline links; the integrator supplies it from the scheduling rules.
 * `record` runs its own transaction (recording the answer, promoting an alternate, queueing mail).
 */
export type ResponseRecorder = {
  /** What the confirmation page shows; null when the hearing is gone, over, or the person no longer on it. */
  describe: (input: { hearingId: number, subject: PersonRef }) => ResponseHearingFacts | null
  /** `reason`: what the person typed when declining, already cleaned (calendar.pages.ts cleanReason). */
  record: (input: { hearingId: number, subject: PersonRef, action: ResponseAction, at: Date, reason?: string | null }) => {
    outcome: 'recorded' | 'unchanged' | 'closed'
    hearing?: ResponseHearingFacts | null
  }
}

export const LINK_SECRET_NAME = 'link_signing'

const PAGE_STATUS: Record<ResponsePageView['kind'], number> = {
  confirm: 200, accepted: 200, declined: 200, expired: 410, invalid: 400, closed: 409, unavailable: 503
}

function summary (facts: ResponseHearingFacts | null | undefined): ResponseHearingSummary | null {
  if (!facts) return null
  return { title: facts.title, time: `${formatHearingTime(facts.start, facts.end)}（北京时间）`, venue: facts.venueName }
}

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

export function createCalendarService ({ db, clock, rng, config, feedEntries = () => [], responses = null }: {
  db: Db
  clock: Clock
  rng: Rng
  config: Pick<Config, 'publicBaseUrl' | 'linkSigningSecret'>
  feedEntries?: FeedEntriesProvider
  responses?: ResponseRecorder | null
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

    /** Signed accept/decline links for one person, for CalendarRecipient.responseLinks and mail bodies. */
    responseLinks ({ hearingId, subject, expiresAt }: { hearingId: number, subject: PersonRef, expiresAt: Date }) {
      return responseLinks({ key: key('response links'), baseUrl, hearingId, subject, expiresAt })
    },

    /**
     * Following a link shows a confirmation page; only its button (`confirm`) records the answer, so mail
     * scanners that open every link cannot accept or decline on someone's behalf.
     */
    respond ({ token, confirm, reason }: { token: string | undefined, confirm: boolean, reason?: string | undefined }): { status: number, html: string } {
      const view = ((): ResponsePageView => {
        if (!token) return { kind: 'invalid' }
        const verified = verifyResponseToken({ key: key('response links'), token, now: clock.now() })
        if (!verified.ok) return { kind: verified.reason }
        if (!responses) return { kind: 'unavailable' }
        const { hearingId, subject, action } = verified.payload
        if (!confirm) {
          const facts = responses.describe({ hearingId, subject })
          if (!facts) return { kind: 'closed' }
          return { kind: 'confirm', action, hearing: summary(facts), token, formAction: `${baseUrl}${RESPONSE_PATH}` }
        }
        const result = responses.record({ hearingId, subject, action, at: clock.now(), reason: action === 'decline' ? cleanReason(reason) : null })
        if (result.outcome === 'closed') return { kind: 'closed' }
        return { kind: action === 'accept' ? 'accepted' : 'declined', hearing: summary(result.hearing) }
      })()
      return { status: PAGE_STATUS[view.kind], html: renderResponsePage(view, { homeUrl: `${baseUrl}/me/hearings` }) }
    }
  }
}
