import type { Db } from '../../../db/client.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { PROCEDURE_NAMES } from '../rulesets/rulesets.config.js'
import type { PanelService } from '../hearings/hearings.panel.service.js'
import * as repo from './calendar.my-hearings.repository.js'
import type { MyHearingRow, MySeatRow } from './calendar.my-hearings.repository.js'
import { RESPONSE_NAMES, SEAT_ROLE_NAMES, isUpcoming, type SeatRole } from './calendar.my-hearings.rules.js'
import { HEARING_STATUS_NAMES } from '../hearings/hearings.status.rules.js'
import { cleanReason, invitationOpen } from './calendar.responses.js'
import * as errors from './calendar.errors.js'

/** The most past hearings listed: an officer sits on a few dozen a year. */
const PAST_LIMIT = 100

export type MyHearing = ReturnType<typeof viewOf>

/** The seat that speaks for the member on a hearing: host or recorder, else their active participant row, else the latest. */
function seatOf (hearing: MyHearingRow, seats: MySeatRow[], memberId: number) {
  if (hearing.hostMemberId === memberId) return { role: 'host' as SeatRole, row: null }
  if (hearing.recorderMemberId === memberId) return { role: 'recorder' as SeatRole, row: null }
  const rows = seats.filter((s) => s.hearingId === hearing.id)
  const row = rows.find((s) => s.active) ?? rows[rows.length - 1]!
  return { role: row.kind as SeatRole, row }
}

function viewOf (hearing: MyHearingRow, seats: MySeatRow[], memberId: number, now: Date) {
  const { role, row } = seatOf(hearing, seats, memberId)
  return {
    hearingId: hearing.id,
    matterNumber: hearing.matterNumber,
    title: hearing.matterTitle,
    procedure: hearing.procedure,
    procedureName: PROCEDURE_NAMES[hearing.procedure],
    status: hearing.status,
    statusName: HEARING_STATUS_NAMES[hearing.status],
    startsAt: hearing.startsAt,
    endsAt: hearing.endsAt,
    regionName: hearing.regionName,
    venue: { name: hearing.venueName, address: hearing.venueAddress },
    upcoming: isUpcoming(hearing, now),
    seat: { role, roleName: SEAT_ROLE_NAMES[role], active: row?.active ?? true, endedReason: row?.endedReason ?? null },
    // Only drawn officers are asked to accept (calendar.responses.ts answers their signed links the same way).
    invitation: row && row.kind === 'officer'
      ? {
          participantId: row.id,
          response: row.response,
          responseName: RESPONSE_NAMES[row.response],
          reason: row.responseReason,
          respondedAt: row.respondedAt,
          mayRespond: row.active && row.response === 'pending' && invitationOpen(hearing, now)
        }
      : null
  }
}

/**
 * An officer's (or host's) own hearings and their answers to invitations, for the account linked to a pool member
 * (users.pool_member_id). Everything is found through that member, wherever the hearing's region: an officer
 * serves across townships and their account's region does not limit what they were invited to.
 */
export function createMyHearingsService ({ db, clock, panel }: { db: Db, clock: Clock, panel: Pick<PanelService, 'respond'> }) {
  function memberOf (actor: Actor) {
    const member = actor.userId === null ? null : repo.linkedMemberOf(db, actor.userId)
    if (!member) throw errors.noLinkedMember()
    return member
  }

  function one (memberId: number, hearingId: number) {
    const { hearings, seats } = repo.hearingsOfMember(db, memberId, hearingId)
    const hearing = hearings[0]
    if (!hearing) throw errors.myHearingNotFound({ hearingId })
    return { hearing, view: viewOf(hearing, seats, memberId, clock.now()) }
  }

  /** One hearing of the member's, as their page shows it, and the path of its region (for the bureau's contact). */
  function detailOf (memberId: number, hearingId: number) {
    const { hearing, view } = one(memberId, hearingId)
    const people = repo.peopleOfHearing(db, hearing)
    const detail = {
      ...view,
      hostName: people.hostName,
      recorderName: people.recorderName,
      panel: people.panel.map((p) => ({ name: p.name, seat: p.rank, response: p.response, responseName: RESPONSE_NAMES[p.response] }))
    }
    return { detail, regionPath: hearing.regionPath }
  }

  function get (actor: Actor, hearingId: number) {
    return detailOf(memberOf(actor).id, hearingId).detail
  }

  /**
   * The one rule of answering, signed in or by the mail's signed link (invitationOpen), through the same use case
   * (panel.respond): a decline promotes an alternate or opens the seat for a redraw and queues the updated
   * invitations. A decline needs a reason: the coordinator must know why. Answering again the same way changes
   * nothing; the other way, once answered, is refused (the coordinator changes it).
   */
  function answer (seat: MySeatRow, hearing: MyHearingRow, input: { action: 'accept' | 'decline', reason?: string | undefined }, by: Actor) {
    const participantId = seat.id
    const response = input.action === 'accept' ? 'accepted' : 'declined'
    if (seat.response === response) return
    if (seat.response !== 'pending') throw errors.invitationAnswered({ participantId, response: seat.response })
    if (!seat.active || !invitationOpen(hearing, clock.now())) throw errors.invitationClosed({ participantId, hearingStatus: hearing.status })
    const reason = input.action === 'decline' ? cleanReason(input.reason) : null
    if (input.action === 'decline' && reason === null) {
      throw errors.declineReasonRequired({ errors: [{ in: 'body', field: 'reason', message: '请填写不能参加的理由，协调员将据此另行安排' }] })
    }
    panel.respond(by, hearing.id, participantId, { response, ...(reason !== null ? { reason } : {}) })
  }

  return {
    /** Upcoming hearings by start, then past ones (ended, cancelled, terminated), latest first. */
    list (actor: Actor) {
      const member = memberOf(actor)
      const now = clock.now()
      const { hearings, seats } = repo.hearingsOfMember(db, member.id)
      const views = hearings.map((h) => viewOf(h, seats, member.id, now))
      const byStart = (a: MyHearing, b: MyHearing) => a.startsAt.getTime() - b.startsAt.getTime() || a.hearingId - b.hearingId
      return {
        member,
        upcoming: views.filter((v) => v.upcoming).sort(byStart),
        past: views.filter((v) => !v.upcoming).sort((a, b) => byStart(b, a)).slice(0, PAST_LIMIT)
      }
    },

    get,

    /** Accepts or declines one's own invitation while signed in (answer), recorded as the officer's own act. */
    respond (actor: Actor, participantId: number, input: { action: 'accept' | 'decline', reason?: string | undefined }) {
      const member = memberOf(actor)
      const { hearings, seats } = repo.hearingsOfMember(db, member.id)
      const seat = seats.find((s) => s.id === participantId && s.kind === 'officer')
      const hearing = seat && hearings.find((h) => h.id === seat.hearingId)
      if (!seat || !hearing) throw errors.invitationNotFound({ participantId })
      // The seat is the caller's own (checked above): the answer is theirs, wherever the hearing's region.
      answer(seat, hearing, input, { ...actor, scopePath: null })
      return get(actor, hearing.id)
    },

    /** What the member's invitation page (the mail's signed link) shows of a hearing: their page's view of it, and their name. */
    detailOfMember (memberId: number, hearingId: number) {
      return { ...detailOf(memberId, hearingId), memberName: repo.memberNameOf(db, memberId) }
    },

    /**
     * An answer by the mail's signed link, which names the member and the hearing: their officer seat on it (the
     * active one, else the latest), by the same rule as signed in, recorded as `by` (the link, not a user).
     */
    respondAsMember (memberId: number, hearingId: number, input: { action: 'accept' | 'decline', reason?: string | undefined }, by: Actor) {
      const { hearings, seats } = repo.hearingsOfMember(db, memberId, hearingId)
      const officerSeats = seats.filter((s) => s.kind === 'officer')
      const seat = officerSeats.find((s) => s.active) ?? officerSeats.at(-1)
      const hearing = hearings[0]
      if (!seat || !hearing) throw errors.invitationClosed({ hearingId })
      answer(seat, hearing, input, by)
    }
  }
}
