import type { HearingStatus, NoticeWaiverMethod } from '../../../db/schema/index.js'

/** What a user can do to a hearing's status; each action is allowed only from the listed states. */
export const HEARING_ACTIONS = {
  schedule: { from: ['draft'], to: 'scheduled', needsReason: false, needsNewTime: false, label: '确定排期' },
  notify: { from: ['scheduled'], to: 'notified', needsReason: false, needsNewTime: false, label: '已送达通知' },
  open: { from: ['notified'], to: 'in_session', needsReason: false, needsNewTime: false, label: '开始听证' },
  postpone: { from: ['scheduled', 'notified', 'in_session'], to: 'scheduled', needsReason: true, needsNewTime: true, label: '延期' },
  suspend: { from: ['in_session'], to: 'suspended', needsReason: true, needsNewTime: false, label: '中止' },
  resume: { from: ['suspended'], to: 'scheduled', needsReason: false, needsNewTime: true, label: '恢复（重新确定时间地点）' },
  conclude: { from: ['in_session'], to: 'concluded', needsReason: false, needsNewTime: false, label: '听证结束' },
  terminate: { from: ['scheduled', 'notified', 'in_session', 'suspended'], to: 'terminated', needsReason: true, needsNewTime: false, label: '终结' },
  cancel: { from: ['draft', 'scheduled', 'notified', 'suspended'], to: 'cancelled', needsReason: true, needsNewTime: false, label: '取消' }
} as const satisfies Record<string, { from: readonly HearingStatus[], to: HearingStatus, needsReason: boolean, needsNewTime: boolean, label: string }>

export type HearingAction = keyof typeof HEARING_ACTIONS

/**
 * Termination grounds (S13; analog S-A1): the petitioner withdraws, is absent without good reason (deemed to waive
 * the hearing, S13, S3b), or leaves during the hearing without permission; any other ground must be explained.
 */
export const TERMINATION_GROUNDS = {
  withdrawal: '信访人撤回听证申请',
  unexcused_absence: '信访人无正当理由不到场（视为放弃听证）',
  left_without_permission: '信访人未经许可中途退场',
  other: '其他'
} as const
export type TerminationGround = keyof typeof TERMINATION_GROUNDS

/**
 * When a ground can apply. Absence waives the hearing only once the notice (which warns of that, S3b) was served
 * and the hearing's day has come; leaving mid-hearing needs a hearing in session; `other` needs a reason.
 */
export const TERMINATION_GROUND_RULES: Record<TerminationGround, { from: readonly HearingStatus[], needsReason: boolean }> = {
  withdrawal: { from: ['scheduled', 'notified', 'in_session', 'suspended'], needsReason: false },
  unexcused_absence: { from: ['notified', 'in_session'], needsReason: false },
  left_without_permission: { from: ['in_session'], needsReason: false },
  other: { from: ['scheduled', 'notified', 'in_session', 'suspended'], needsReason: true }
}

/** How the petitioner's consent to a shorter notice period was obtained. */
export const NOTICE_WAIVER_METHOD_NAMES: Record<NoticeWaiverMethod, string> = {
  written: '书面',
  oral_record: '口头（记录在案）',
  phone_record: '电话（记录在案）',
  sms_record: '短信（留存记录）'
}

/** Names of everything the hearing timeline records (status changes, edits, panel changes). */
export const HEARING_EVENT_NAMES: Record<string, string> = {
  create: '安排听证',
  update: '修改听证安排',
  panel_drawn: '抽取听证员',
  panel_replacement: '更换听证员',
  participant_added: '增加参加人员',
  participant_withdrawn: '撤下参加人员',
  ...Object.fromEntries(Object.entries(HEARING_ACTIONS).map(([action, spec]) => [action, spec.label]))
}

/** Statuses in which time, venue and people may still be edited. */
export const EDITABLE_STATUSES: readonly HearingStatus[] = ['draft', 'scheduled', 'notified']

export function transitionAllowed (status: HearingStatus, action: HearingAction) {
  return (HEARING_ACTIONS[action].from as readonly HearingStatus[]).includes(status)
}

const MINUTE = 60_000
const DAY = 24 * 3600_000
const SHANGHAI_OFFSET = 8 * 3600_000

/** An instant as Shanghai wall-clock date and minute, e.g. 2026-12-10 09:00. */
export function shanghaiMinute (instant: number) {
  return new Date(instant + SHANGHAI_OFFSET).toISOString().slice(0, 16).replace('T', ' ')
}

/**
 * When the hearing may be opened, in UTC milliseconds [earliest, latest): from `minutesBeforeStart` before the
 * scheduled start until `minutesAfterStart` after it, and never past the end of the scheduled day (Shanghai).
 */
export function openingWindow (hearing: { startsAt: Date }, ruleset: { openingWindow: { minutesBeforeStart: number, minutesAfterStart: number | null } }) {
  const start = hearing.startsAt.getTime()
  const dayEnd = Math.floor((start + SHANGHAI_OFFSET) / DAY) * DAY + DAY - SHANGHAI_OFFSET
  const { minutesBeforeStart, minutesAfterStart } = ruleset.openingWindow
  return {
    earliest: start - minutesBeforeStart * MINUTE,
    latest: minutesAfterStart === null ? dayEnd : Math.min(dayEnd, start + minutesAfterStart * MINUTE + MINUTE)
  }
}
