import type { DbOrTx } from '../../../db/client.js'
import type { HearingStatus, ParticipantResponse } from '../../../db/schema/index.js'
import { defaultHearingUid, installationIdOf, memberInvitationUids } from './calendar.identity.js'
import { type AttendeeResponse, type CalendarAttendee, type CalendarFeedEntry, type CalendarHearing, type CalendarHearingStatus, type CalendarOrganizer } from './calendar.ics.js'
import type { FeedEntriesProvider } from './calendar.service.js'
import * as repo from './calendar.hearings.repository.js'

/**
 * Hearings as calendar entries. Only what an invite shows is selected: the petitioners' table is never read,
 * so no ID number or phone can reach an invite or a feed.
 */

const RESPONSE: Record<ParticipantResponse, AttendeeResponse> = { pending: 'needs-action', accepted: 'accepted', declined: 'declined' }

export function calendarStatusOf (status: HearingStatus): CalendarHearingStatus {
  if (status === 'cancelled' || status === 'terminated') return 'cancelled'
  return status === 'draft' ? 'tentative' : 'confirmed'
}

/** Rows ordered by hearing, as runs: where each hearing's rows start and end. */
function runsByHearing (rows: readonly (readonly [number, ...unknown[]])[]) {
  const runs = new Map<number, { from: number, to: number }>()
  for (let i = 0; i < rows.length; i++) {
    const hearingId = rows[i]![0]
    const run = runs.get(hearingId)
    if (run) run.to = i + 1
    else runs.set(hearingId, { from: i, to: i + 1 })
  }
  return runs
}

const NO_ROWS = { from: 0, to: 0 }

/**
 * Several hearings at once (a feed has hundreds): four prepared queries whatever their number. Each comes with
 * the UID of its event as published to anyone not stored otherwise (see calendar.identity.ts).
 */
export function calendarHearingsFor (db: DbOrTx, hearingIds: readonly number[], { baseUrl }: { baseUrl: string }): Map<number, CalendarHearing> {
  const out = new Map<number, CalendarHearing>()
  if (hearingIds.length === 0) return out
  const found = repo.calendarRowsFor(db, hearingIds)
  if (!found) return out
  const { rows, seats, respondents, members } = found
  const installationId = installationIdOf(db)
  const member = (id: number, role: CalendarAttendee['role'], response: AttendeeResponse): CalendarAttendee => {
    const m = members.get(id)
    return { ref: { kind: 'member', id }, name: m?.[1] ?? '', email: m?.[2] || null, role, response }
  }

  const seatRuns = runsByHearing(seats)
  const respondentRuns = runsByHearing(respondents)
  for (const r of rows) {
    const [id, sequence, status, procedure, isPublic, startsAt, endsAt, updatedAt, hostMemberId, recorderMemberId, venueName, venueAddress, matterNumber, matterTitle, matterSummary, adoptedUid] = r
    // Host and recorder are appointed by the bureau, not invited to choose: they count as accepted.
    const attendees: CalendarAttendee[] = [member(hostMemberId, 'host', 'accepted'), member(recorderMemberId, 'recorder', 'accepted')]
    const seatRun = seatRuns.get(id) ?? NO_ROWS
    for (let i = seatRun.from; i < seatRun.to; i++) {
      const [, memberId, response] = seats[i]!
      if (memberId !== null) attendees.push(member(memberId, 'panel', RESPONSE[response]))
    }
    const respondentRun = respondentRuns.get(id) ?? NO_ROWS
    for (let i = respondentRun.from; i < respondentRun.to; i++) {
      const [, participantId, memberId, name, email, response] = respondents[i]!
      const shown = name ?? (memberId !== null ? members.get(memberId)?.[1] : undefined) ?? '被申请单位承办人'
      attendees.push({ ref: { kind: 'participant', id: participantId }, name: shown, email: email || null, role: 'respondent', response: RESPONSE[response] })
    }
    out.set(id, {
      id,
      uid: defaultHearingUid({ hearingId: id, installationId, adopted: adoptedUid }),
      sequence,
      status: calendarStatusOf(status),
      start: new Date(startsAt),
      end: new Date(endsAt),
      venue: { name: venueName, address: venueAddress },
      title: matterTitle,
      // A hearing held in private does not describe its matter in anyone's calendar.
      summary: isPublic && matterSummary ? matterSummary : null,
      matterNumber,
      procedure,
      // no page about a hearing exists yet: the web interface serving /hearings/{id} comes later
      url: null,
      attendees,
      updatedAt: new Date(updatedAt)
    })
  }
  return out
}

/**
 * One hearing as a calendar entry: venue, matter, host, recorder, the active panel and the respondent's
 * representatives, PARTSTAT from their recorded answer; cancelled and terminated hearings are `cancelled`.
 * Null when there is no such hearing. Reads in the caller's transaction when given one.
 */
export function calendarHearingFor (db: DbOrTx, hearingId: number, { baseUrl }: { baseUrl: string }): CalendarHearing | null {
  return calendarHearingsFor(db, [hearingId], { baseUrl }).get(hearingId) ?? null
}

/** ORGANIZER: the mailbox mail is sent from (MAIL_FROM), or a no-reply address on the service's host. */
export function calendarOrganizer ({ mailFrom, publicBaseUrl }: { mailFrom: string | undefined, publicBaseUrl: string }): CalendarOrganizer {
  const fallbackName = '信访事项听证办公室'
  if (!mailFrom) return { name: fallbackName, email: `no-reply@${new URL(publicBaseUrl).hostname}` }
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom)
  if (match) return { name: match[1]?.trim() || fallbackName, email: match[2]!.trim() }
  return { name: fallbackName, email: mailFrom.trim() }
}

/** Hearings as a member's own feed shows them: each under the UID their invitations carried, the ones they left as removed. */
function memberEntries (db: DbOrTx, memberId: number, ids: readonly number[], baseUrl: string): CalendarFeedEntry[] {
  const uids = memberInvitationUids(db, memberId, ids)
  return [...calendarHearingsFor(db, ids, { baseUrl }).values()].map((shown): CalendarFeedEntry => {
    const uid = uids.get(shown.id)
    const hearing = uid === undefined ? shown : { ...shown, uid }
    const onIt = hearing.attendees.some((a) => a.ref.kind === 'member' && a.ref.id === memberId)
    return onIt ? { hearing } : { hearing, removed: true }
  })
}

/** One hearing as the member's own feed shows it (the calendar file of their invitation page), or null. */
export function memberFeedEntry (db: DbOrTx, { memberId, hearingId, baseUrl }: { memberId: number, hearingId: number, baseUrl: string }): CalendarFeedEntry | null {
  return memberEntries(db, memberId, [hearingId], baseUrl)[0] ?? null
}

/** The feed provider for createCalendarService: member and user feeds from the hearings tables. */
export function hearingFeedEntries ({ db, baseUrl }: { db: DbOrTx, baseUrl: string }): FeedEntriesProvider {
  const ofMember = (memberId: number) => memberEntries(db, memberId, repo.memberHearingIds(db, memberId), baseUrl)
  const byStart = (a: CalendarFeedEntry, b: CalendarFeedEntry) => a.hearing.start.getTime() - b.hearing.start.getTime() || a.hearing.id - b.hearing.id

  return (owner) => {
    if (owner.kind === 'member') return ofMember(owner.id).sort(byStart)
    // A user's feed: the hearings they scheduled and, for an account linked to a pool member (an officer's or
    // host's), everything that member's own feed shows, under the same UIDs, so both feeds never disagree.
    const memberId = repo.linkedMemberIdOf(db, owner.id)
    const asMember = memberId === null ? [] : ofMember(memberId)
    const seen = new Set(asMember.map((e) => e.hearing.id))
    const scheduled = [...calendarHearingsFor(db, repo.userHearingIds(db, owner.id).filter((id) => !seen.has(id)), { baseUrl }).values()].map((hearing) => ({ hearing }))
    return [...asMember, ...scheduled].sort(byStart)
  }
}
