import type { Db } from '../../../db/client.js'
import type { HearingStatus } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import { systemActor } from '../../common/actor.js'
import { maskPersonalText } from '../../common/personal-data.js'
import { effectiveDocumentSettings } from '../dossier/dossier.service.js'
import { tooManyRequests } from '../accounts/accounts.errors.js'
import { DomainError } from '../../errors.js'
import { formatHearingTime } from './calendar.ics.js'
import { buildFeedBytes } from './calendar.feed-writer.js'
import { memberFeedEntry } from './calendar.hearings.js'
import { invitationPageUrl, type VerifiedResponseLink } from './signed-links.js'
import type { createMyHearingsService } from './calendar.my-hearings.service.js'
import * as errors from './calendar.errors.js'

/**
 * The invitation page a mail links to (web/src/views/invitation/): what the signed link shows of the hearing and
 * the answer given through it. The token is the credential (for one member and one hearing, until the hearing
 * starts), so nobody signs in; the answer goes through the same rule and use case as signed in
 * (calendar.my-hearings.service.ts answer) and is recorded as the link, not as a user.
 */

const LINK_ACTOR = '邀请答复链接'

/** Hearings that no longer take anybody: their invitations are closed, whatever was answered. */
const ENDED: readonly HearingStatus[] = ['cancelled', 'terminated']

/**
 * What an officer brings. INFER: no rule lists it; the 听证员邀请函 (templates/documents/member-invitation.json)
 * promises the case file before the hearing, and entering the bureau's hearing room is registered with an ID card.
 */
const OFFICER_BRINGS = ['本人居民身份证或其他有效身份证件', '听证前收到的案卷材料（请妥善保管，注意保密）']

/**
 * Requests per client address and minute the link routes answer (in memory, per process). The token is an HMAC
 * of 256 bits, which cannot be guessed at any rate: the limit only keeps one client from loading the service. An
 * officer opening, answering and reloading makes a handful; an office behind one address a few dozen.
 */
const LINK_REQUESTS_PER_MINUTE = 60
const WINDOW_MS = 60_000
/** Addresses remembered at most; past it the windows that have run out are dropped, then the oldest. */
const MAX_ADDRESSES = 10_000

/** A fixed one-minute window per address, counted before the request is handled; over the limit: 429 with Retry-After. */
function linkRateLimiter ({ clock, perMinute = LINK_REQUESTS_PER_MINUTE }: { clock: Clock, perMinute?: number }) {
  const windows = new Map<string, { startedAt: number, count: number }>()
  return (address: string) => {
    const now = clock.now().getTime()
    let w = windows.get(address)
    if (!w || now - w.startedAt >= WINDOW_MS) {
      if (windows.size >= MAX_ADDRESSES) {
        for (const [a, old] of windows) if (now - old.startedAt >= WINDOW_MS) windows.delete(a)
        for (const a of windows.keys()) { if (windows.size < MAX_ADDRESSES) break; windows.delete(a) }
      }
      w = { startedAt: now, count: 0 }
      windows.set(address, w)
    }
    w.count++
    if (w.count > perMinute) throw tooManyRequests({ retryAfterSeconds: Math.max(1, Math.ceil((w.startedAt + WINDOW_MS - now) / 1000)) })
  }
}

type MyHearings = Pick<ReturnType<typeof createMyHearingsService>, 'detailOfMember' | 'respondAsMember'>

export type InvitationLinkService = ReturnType<typeof createInvitationLinkService>

export function createInvitationLinkService ({ db, clock, baseUrl, verify, myHearings, requestsPerMinute = LINK_REQUESTS_PER_MINUTE }: {
  db: Db
  clock: Clock
  baseUrl: string
  verify: (token: string) => VerifiedResponseLink
  myHearings: MyHearings
  requestsPerMinute?: number
}) {
  const admit = linkRateLimiter({ clock, perMinute: requestsPerMinute })

  /** The member and hearing a token names; a forged, truncated or run-out one is refused with its own problem. */
  function subjectOf (token: string) {
    const verified = verify(token)
    if (!verified.ok) {
      throw verified.reason === 'expired'
        ? errors.linkExpired(undefined, '听证已开始，该链接已失效。如有疑问，请联系听证协调员。')
        : errors.linkInvalid(undefined, '链接不完整或已被改动。请确认完整复制了邮件中的链接，或联系听证协调员。')
    }
    const { hearingId, subject } = verified.payload
    // only pool members on a panel are sent links
    if (subject.kind !== 'member') throw errors.invitationClosed({ hearingId })
    return { hearingId, memberId: subject.id }
  }

  /**
   * The invitation as its page shows it: what the mail told (title and texts masked as there), the bureau's
   * contact, the answer. Closed (409) once the hearing is cancelled or terminated, or the member has left the
   * panel other than by declining; a decline stays readable with its reason.
   */
  function view (memberId: number, hearingId: number) {
    let found: ReturnType<MyHearings['detailOfMember']>
    try {
      found = myHearings.detailOfMember(memberId, hearingId)
    } catch (error) {
      if (error instanceof DomainError && error.code === 'calendar.my_hearing_not_found') throw errors.invitationClosed({ hearingId })
      throw error
    }
    const { detail, regionPath, memberName } = found
    const invitation = detail.invitation
    if (!invitation || ENDED.includes(detail.status) || (!detail.seat.active && invitation.response !== 'declined')) throw errors.invitationClosed({ hearingId })
    const contact = effectiveDocumentSettings(db, regionPath)
    return {
      hearingId,
      invitee: { memberId, name: maskPersonalText(memberName) },
      title: maskPersonalText(detail.title),
      matterNumber: maskPersonalText(detail.matterNumber),
      procedureName: detail.procedureName,
      status: detail.status,
      statusName: detail.statusName,
      startsAt: detail.startsAt,
      endsAt: detail.endsAt,
      timeText: `${formatHearingTime(detail.startsAt, detail.endsAt)}（北京时间）`,
      venue: { name: maskPersonalText(detail.venue.name), address: maskPersonalText(detail.venue.address) },
      roleName: detail.seat.roleName,
      hostName: maskPersonalText(detail.hostName),
      bring: OFFICER_BRINGS,
      contact: { issuerName: contact.issuerName, person: contact.contactPerson, phone: contact.contactPhone },
      answer: {
        response: invitation.response,
        responseName: invitation.responseName,
        reason: invitation.reason,
        respondedAt: invitation.respondedAt,
        mayRespond: invitation.mayRespond
      }
    }
  }

  return {
    /** Counts a request of `address` to the link routes; past the limit: 429 request.rate_limited. */
    admit,

    /** The invitation page (PUBLIC_BASE_URL/invitation?token=…), where the links of earlier mails lead now. */
    pageUrl: (token: string) => invitationPageUrl({ baseUrl, token }),

    /** GET: what the page shows; reading records nothing (mail scanners open every link). */
    read (token: string) {
      const { memberId, hearingId } = subjectOf(token)
      return view(memberId, hearingId)
    },

    /** POST accept / decline (a reason needed): the answer, then the page's view of it. */
    respond (token: string, input: { action: 'accept' | 'decline', reason?: string | undefined }) {
      const { memberId, hearingId } = subjectOf(token)
      view(memberId, hearingId)
      myHearings.respondAsMember(memberId, hearingId, input, systemActor(LINK_ACTOR))
      return view(memberId, hearingId)
    },

    /** The hearing as a calendar file (METHOD:PUBLISH, the UID of the member's invitations), to add to a calendar app. */
    calendarFile (token: string) {
      const { memberId, hearingId } = subjectOf(token)
      view(memberId, hearingId)
      const entry = memberFeedEntry(db, { memberId, hearingId, baseUrl })
      if (!entry) throw errors.invitationClosed({ hearingId })
      return { hearingId, ics: buildFeedBytes({ owner: { ref: { kind: 'member', id: memberId } }, entries: [entry], now: clock.now(), baseUrl }) }
    }
  }
}
