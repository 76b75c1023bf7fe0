import type { HearingStatus, ParticipantResponse } from '../../../db/schema/index.js'
import { MEMBER_ROLE_LABELS } from '../pool/pool.rules.js'
import { BOOKING_STATUSES } from '../hearings/hearings.status.rules.js'

/** What a pool member is on a hearing, as their own pages name it. */
export const SEAT_ROLES = ['host', 'recorder', 'officer', 'alternate', 'third_party'] as const
export type SeatRole = typeof SEAT_ROLES[number]
export const SEAT_ROLE_NAMES: Record<SeatRole, string> = {
  host: MEMBER_ROLE_LABELS.host,
  recorder: MEMBER_ROLE_LABELS.recorder,
  officer: MEMBER_ROLE_LABELS.officer,
  alternate: '候补听证员',
  third_party: MEMBER_ROLE_LABELS.third_party
}

export const RESPONSE_NAMES: Record<ParticipantResponse, string> = { pending: '待答复', accepted: '已接受', declined: '已谢绝' }

/** Listed under "upcoming" while it still holds its people and has not ended. */
export function isUpcoming (hearing: { status: HearingStatus, endsAt: Date }, now: Date): boolean {
  return BOOKING_STATUSES.includes(hearing.status) && hearing.endsAt > now
}
