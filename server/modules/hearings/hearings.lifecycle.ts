import type { HearingStatus } from '../../../db/schema/index.js'

/** What a user can do to a hearing's status; each action is allowed only from the listed states. */
export const HEARING_ACTIONS = {
  schedule: { from: ['draft'], to: 'scheduled', needsReason: false, needsNewTime: false, label: '确定排期' },
  notify: { from: ['scheduled'], to: 'notified', needsReason: false, needsNewTime: false, label: '已送达通知' },
  open: { from: ['scheduled', 'notified'], to: 'in_session', needsReason: false, needsNewTime: false, label: '开始听证' },
  postpone: { from: ['scheduled', 'notified', 'in_session'], to: 'scheduled', needsReason: true, needsNewTime: true, label: '延期' },
  suspend: { from: ['in_session'], to: 'suspended', needsReason: true, needsNewTime: false, label: '中止' },
  resume: { from: ['suspended'], to: 'scheduled', needsReason: false, needsNewTime: true, label: '恢复（重新确定时间地点）' },
  conclude: { from: ['in_session'], to: 'concluded', needsReason: false, needsNewTime: false, label: '听证结束' },
  terminate: { from: ['scheduled', 'notified', 'in_session', 'suspended'], to: 'terminated', needsReason: true, needsNewTime: false, label: '终结' },
  cancel: { from: ['draft', 'scheduled', 'notified', 'suspended'], to: 'cancelled', needsReason: true, needsNewTime: false, label: '取消' }
} as const satisfies Record<string, { from: readonly HearingStatus[], to: HearingStatus, needsReason: boolean, needsNewTime: boolean, label: string }>

export type HearingAction = keyof typeof HEARING_ACTIONS

/** Termination grounds (DOMAIN.md §6.2–§6.3); unexcused absence counts as waiving the hearing. */
export const TERMINATION_GROUNDS = {
  withdrawal: '信访人撤回听证申请',
  unexcused_absence: '信访人无正当理由不到场（视为放弃听证）',
  left_without_permission: '信访人未经许可中途退场',
  other: '其他'
} as const
export type TerminationGround = keyof typeof TERMINATION_GROUNDS

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

/** Statuses in which time, venue and people may still be edited. */
export const EDITABLE_STATUSES: readonly HearingStatus[] = ['draft', 'scheduled', 'notified']

export function transitionAllowed (status: HearingStatus, action: HearingAction) {
  return (HEARING_ACTIONS[action].from as readonly HearingStatus[]).includes(status)
}
