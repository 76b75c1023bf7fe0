import type { HearingStatus } from '../../../db/schema/index.js'

/** A hearing's status as everyone reads it: the hearing pages, the officers' own pages and the API's labels. */
export const HEARING_STATUS_NAMES: Record<HearingStatus, string> = {
  draft: '草稿',
  scheduled: '已排期',
  notified: '已通知',
  in_session: '听证中',
  suspended: '已中止',
  concluded: '已结束',
  terminated: '已终结',
  cancelled: '已取消'
}

/** Statuses in which a hearing still holds its people and venue. */
export const BOOKING_STATUSES: readonly HearingStatus[] = ['scheduled', 'notified', 'in_session', 'suspended']
