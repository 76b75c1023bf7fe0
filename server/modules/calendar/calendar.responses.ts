import type { HearingStatus } from '../../../db/schema/index.js'
import { DECLINE_REASON_MAX } from './calendar.schemas.js'

/** A panel seat can be answered while the hearing is scheduled or notified and has not started. */
const ANSWERABLE: readonly HearingStatus[] = ['scheduled', 'notified']

/** Whether an invitation to a hearing can still be answered (by the mail's signed link or signed in): the one rule for both. */
export function invitationOpen (hearing: { status: HearingStatus, startsAt: Date }, now: Date): boolean {
  return ANSWERABLE.includes(hearing.status) && hearing.startsAt > now
}

/**
 * A decline reason as stored: control and format characters (bidi overrides among them) dropped, white space
 * collapsed, at most DECLINE_REASON_MAX characters; empty is null.
 */
export function cleanReason (value: string | null | undefined): string | null {
  if (!value) return null
  const cleaned = value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim()
  return cleaned === '' ? null : [...cleaned].slice(0, DECLINE_REASON_MAX).join('')
}
