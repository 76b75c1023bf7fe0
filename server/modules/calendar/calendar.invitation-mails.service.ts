import type { Db } from '../../../db/client.js'
import type { CalendarPersonKind, OutboxStatus } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import type { HearingsService } from '../hearings/hearings.service.js'
import { messageDeliveriesWithPrefix } from '../mail/mail.outbox.service.js'
import { parseInviteDedupeKey } from './calendar.identity.js'
import * as repo from './calendar.repository.js'

/** What a coordinator reads of a delivery: queued (or being sent, or retrying), sent, failed for good. */
export type MailState = 'queued' | 'sent' | 'failed'
const STATE_OF: Record<OutboxStatus, MailState | null> = { queued: 'queued', sending: 'queued', sent: 'sent', failed: 'failed', superseded: null }

export type InvitationMail = {
  personKind: CalendarPersonKind
  personId: number
  /** When the first calendar mail about the hearing was queued for the person. */
  firstQueuedAt: Date
  /** REQUEST while they are on the hearing, CANCEL once taken off it. */
  method: 'REQUEST' | 'CANCEL'
  /** The newest message that still counts (a superseded one never goes out), or null before any. */
  latest: { subject: string, state: MailState, queuedAt: Date, sentAt: Date | null, attempts: number } | null
  /** Messages sent to the person about the hearing. */
  sentCount: number
}

/**
 * The calendar mails of a hearing per person (everyone invited: host, recorder, officers, third parties, staff):
 * whether their latest invitation or update has gone out, so a coordinator knows whom to call. Read from the
 * outbox by the invitation's dedupe keys; no address, body or transport error is shown.
 */
export function createInvitationMailsService ({ db, hearings }: { db: Db, hearings: HearingsService }) {
  return {
    list (actor: Actor, hearingId: number): InvitationMail[] {
      hearings.requireHearing(db, actor, hearingId)
      const rows = repo.invitationRowsOf(db, hearingId)
      // everyone on the hearing's event shares its UID: the outbox is read once per UID, its messages sorted to their person
      const byPerson = new Map<string, ReturnType<typeof messageDeliveriesWithPrefix>>()
      for (const uid of new Set(rows.map((r) => r.uid))) {
        for (const m of messageDeliveriesWithPrefix(db, `invite:${uid}:`)) {
          const key = m.dedupeKey === null ? null : parseInviteDedupeKey(m.dedupeKey)
          if (key === null || key.uid !== uid) continue
          const person = `${uid} ${key.person.kind}-${key.person.id}`
          const theirs = byPerson.get(person)
          if (theirs) theirs.push(m)
          else byPerson.set(person, [m])
        }
      }
      return rows.map((row) => {
        const mine = byPerson.get(`${row.uid} ${row.personKind}-${row.personId}`) ?? []
        const counted = mine.filter((m) => STATE_OF[m.status] !== null)
        const last = counted[counted.length - 1]
        return {
          personKind: row.personKind,
          personId: row.personId,
          firstQueuedAt: row.createdAt,
          method: row.method,
          latest: last ? { subject: last.subject, state: STATE_OF[last.status]!, queuedAt: last.createdAt, sentAt: last.sentAt, attempts: last.attempts } : null,
          sentCount: counted.filter((m) => m.status === 'sent').length
        }
      })
    }
  }
}
