import type { Db } from '../../../db/client.js'
import type { HearingStatus } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import { systemActor } from '../../common/actor.js'
import { DomainError } from '../../errors.js'
import { hearingById, participantsOfHearing } from '../hearings/hearings.lookup.service.js'
import type { PanelService } from '../hearings/hearings.panel.service.js'
import type { PersonRef } from './calendar.ics.js'
import type { ResponseHearingFacts, ResponseRecorder } from './calendar.service.js'
import { calendarHearingFor } from './calendar.hearings.js'

/** A panel seat can be answered while the hearing is scheduled or notified and has not started. */
const ANSWERABLE: readonly HearingStatus[] = ['scheduled', 'notified']

/** Whether an invitation to a hearing can still be answered (by a signed link or signed in): the one rule for both. */
export function invitationOpen (hearing: { status: HearingStatus, startsAt: Date }, now: Date): boolean {
  return ANSWERABLE.includes(hearing.status) && hearing.startsAt > now
}

const LINK_ACTOR = '邀请答复链接'
const DECLINE_REASON = '通过邀请邮件中的链接谢绝'

/**
 * Answers given through signed accept/decline links, recorded by the scheduling rules (hearings.panel respond):
 * a decline promotes an alternate (or redraws) and queues the updated invitations in the same transaction.
 * Only panel members are asked; the link's signature is the credential, so the answer is recorded as the system.
 */
export function panelResponseRecorder ({ db, clock, panel, baseUrl }: { db: Db, clock: Clock, panel: Pick<PanelService, 'respond'>, baseUrl: string }): ResponseRecorder {
  function seat (hearingId: number, subject: PersonRef) {
    if (subject.kind !== 'member') return null
    const found = hearingById(db, hearingId, null)
    if (!found || !invitationOpen(found.hearing, clock.now())) return null
    const participant = participantsOfHearing(db, hearingId).find((p) => p.active && p.kind === 'officer' && p.memberId === subject.id)
    if (!participant) return null
    const entry = calendarHearingFor(db, hearingId, { baseUrl })
    if (!entry) return null
    const facts: ResponseHearingFacts = { title: entry.title, start: entry.start, end: entry.end, venueName: entry.venue.name }
    return { participant, facts }
  }

  return {
    describe: ({ hearingId, subject }) => seat(hearingId, subject)?.facts ?? null,

    record: ({ hearingId, subject, action, reason }) => {
      const found = seat(hearingId, subject)
      if (!found) return { outcome: 'closed' }
      const response = action === 'accept' ? 'accepted' : 'declined'
      const { participant, facts } = found
      if (participant.response !== 'pending') return { outcome: participant.response === response ? 'unchanged' : 'closed', hearing: facts }
      try {
        // the reason typed on the page is the panel's decline reason; without one, how the decline came in
        panel.respond(systemActor(LINK_ACTOR), hearingId, participant.id, { response, ...(response === 'declined' ? { reason: reason || DECLINE_REASON } : {}) })
      } catch (error) {
        // Answered meanwhile, or the hearing changed under the link: nothing left to record.
        if (error instanceof DomainError && error.status < 500) return { outcome: 'closed' }
        throw error
      }
      return { outcome: 'recorded', hearing: facts }
    }
  }
}
