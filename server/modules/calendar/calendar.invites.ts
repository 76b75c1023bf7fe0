import type { Tx } from '../../../db/client.js'
import type { Hearing, HearingStatus, RemovedRole } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { HearingChangeEvent, HearingChangeListener } from '../hearings/hearings.service.js'
import { enqueueMail } from '../mail/mail.outbox.service.js'
import { inviteMail } from './calendar.mail.js'
import type { CalendarOrganizer, CalendarRecipient, InviteMethod, PersonRef } from './calendar.ics.js'
import { calendarHearingFor } from './calendar.hearings.js'
import { membersByIds, recordRemoval } from './calendar.hearings.repository.js'
import { installationIdOf, invitationsOf, recordInvitation, reinvitationUid } from './calendar.identity.js'

type LinkSigner = (input: { hearingId: number, subject: PersonRef, expiresAt: Date }) => string
type InviteLogger = { info: (fields: Record<string, unknown>, message: string) => void }

const ENDED: readonly HearingStatus[] = ['cancelled', 'terminated']

function fieldsChanged (a: Hearing, b: Hearing) {
  return a.startsAt.getTime() !== b.startsAt.getTime() || a.endsAt.getTime() !== b.endsAt.getTime() || a.venueId !== b.venueId ||
    a.hostMemberId !== b.hostMemberId || a.recorderMemberId !== b.recorderMemberId || a.procedure !== b.procedure || a.isPublic !== b.isPublic
}

/**
 * Whether a change is news to the people on the hearing: its time, venue, people or (calendar) status changed.
 * Drafts are never announced, nor the cancellation of a hearing that was only ever a draft.
 */
export function announces ({ kind, hearing, previous }: Pick<HearingChangeEvent, 'kind' | 'hearing' | 'previous'>) {
  if (hearing.status === 'draft') return false
  if (previous && (previous.status === 'draft' || ENDED.includes(previous.status)) && ENDED.includes(hearing.status)) return false
  if (kind === 'created' || kind === 'panel' || !previous) return true
  if (ENDED.includes(hearing.status) || previous.status === 'draft') return true
  return fieldsChanged(previous, hearing)
}

function removedRole (previous: Hearing | null, memberId: number): RemovedRole {
  if (previous?.hostMemberId === memberId) return 'host'
  if (previous?.recorderMemberId === memberId) return 'recorder'
  return 'panel'
}

/**
 * Queues calendar invitations for every announced change of a hearing, in the change's own transaction:
 * METHOD:REQUEST (same UID, SEQUENCE = the hearing's) to everyone still on it, with the signed link to their
 * invitation page for panel members who have not answered; METHOD:CANCEL to each member taken off it and to everyone when the
 * hearing is cancelled or terminated. People without a mailbox are skipped and only counted. Each person gets
 * every message under the UID of their first invitation (calendar_invitations), until a CANCEL ends it: put
 * back on the hearing, they are invited under a new UID. The outbox's dedupe key makes each (UID, sequence,
 * method, recipient) one message, however often the change is told; its thread (UID, recipient) delivers them
 * in order and drops what a later one overtook before delivery.
 */
export function createHearingInvites ({ clock, baseUrl, organizer, invitationLink }: {
  clock: Clock
  baseUrl: string
  organizer: CalendarOrganizer
  invitationLink: LinkSigner
}) {
  let logger: InviteLogger | null = null

  const listener: HearingChangeListener = (tx: Tx, event) => {
    const members = event.removedMemberIds
    if (!announces(event)) return
    const hearing = calendarHearingFor(tx, event.hearing.id, { baseUrl })
    if (!hearing) return
    const now = clock.now()
    const cancelled = hearing.status === 'cancelled'
    const counts = { queued: 0, duplicates: 0, withoutEmail: 0 }
    const done = new Set<string>()
    const sent = invitationsOf(tx, hearing.id)

    const send = (recipient: Omit<CalendarRecipient, 'email'> & { email: string | null }, method: InviteMethod) => {
      const key = `${recipient.ref.kind}-${recipient.ref.id}`
      if (done.has(key)) return
      done.add(key)
      if (!recipient.email) { counts.withoutEmail++; return }
      const before = sent.get(key)
      // A CANCEL is final for its UID: someone put back on after one is invited to a new event.
      const reinvited = before?.method === 'CANCEL' && method === 'REQUEST'
      const uid = reinvited ? reinvitationUid({ hearingId: hearing.id, sequence: hearing.sequence, installationId: installationIdOf(tx) }) : before?.uid ?? hearing.uid
      // the first message someone gets about the event invites them (worded for their role), later ones update
      const kind = method === 'REQUEST' ? (before === undefined || reinvited ? 'invite' : 'update') : undefined
      const message = inviteMail({ hearing: { ...hearing, uid }, recipient: { ...recipient, email: recipient.email }, method, now, organizer, ...(kind ? { kind } : {}) })
      const { queued } = enqueueMail(tx, { ...message, at: now })
      if (!queued) { counts.duplicates++; return }
      counts.queued++
      recordInvitation(tx, { hearingId: hearing.id, person: recipient.ref, uid, sequence: hearing.sequence, method, at: now })
    }

    for (const a of hearing.attendees) {
      const asks = !cancelled && a.role === 'panel' && a.response === 'needs-action' && a.ref.kind === 'member' && a.email !== null
      // The link stays valid until the hearing starts; an answer after that is no longer useful.
      const link = asks ? invitationLink({ hearingId: hearing.id, subject: a.ref, expiresAt: hearing.start }) : undefined
      send({ ref: a.ref, name: a.name, email: a.email, ...(link ? { responseLink: link } : {}) }, cancelled ? 'CANCEL' : 'REQUEST')
    }

    const stillOn = new Set(hearing.attendees.filter((a) => a.ref.kind === 'member').map((a) => a.ref.id))
    const removed = [...new Set(members)].filter((id) => !stillOn.has(id))
    if (removed.length > 0) {
      const people = membersByIds(tx, removed)
      for (const m of people) {
        const role = removedRole(event.previous, m.id)
        recordRemoval(tx, { hearingId: hearing.id, memberId: m.id, role, sequence: hearing.sequence, at: now })
        send({ ref: { kind: 'member', id: m.id }, name: m.name, email: m.email || null, role }, 'CANCEL')
      }
    }
    logger?.info({ hearingId: hearing.id, sequence: hearing.sequence, change: event.kind, ...counts }, 'calendar invitations queued')
  }

  return {
    listener,
    /** Where the per-change summary line goes (counts only, no names or addresses). */
    useLogger (next: InviteLogger | null) { logger = next }
  }
}
