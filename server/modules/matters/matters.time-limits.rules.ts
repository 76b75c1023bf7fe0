import { daysBetween, fromDayNumber, tryDayNumber, yearOf, type IsoDate } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { extensionIncomplete, extensionNotAllowed, extensionTooLong, timeLimitInvalidDate, invalidPause } from './matters.errors.js'
import { STAGE_NAMES } from './matters.rules.js'
import { DEFAULT_RULESET } from '../rulesets/rulesets.config.js'

export type DayUnit = 'calendar' | 'working'

const MAX_SPAN_DAYS = 36_525

/** Inclusive range of dates that do not count towards a time limit (e.g. from the decision to hold a hearing to service of its conclusion). */
export type PauseWindow = { from: IsoDate, to: IsoDate }

export type CalendarWarning = { code: 'calendar.unknown_year', year: number, message: string }

export type TimeLimit = { days: number, unit: DayUnit, excludeHearingTime: boolean }

/** The window to ask for a stage, counted from the day after the petitioner received the previous stage's answer. */
export type RequestWindowRule = { days: number, unit: DayUnit }

export type DeadlineLimits = {
  handling: TimeLimit
  handlingExtension: { maxDays: number, unit: DayUnit }
  review: TimeLimit
  reReview: TimeLimit
  /** 复查 and 复核 request windows; the national ones (nationalRequestWindow) when absent. */
  reviewRequest?: RequestWindowRule | undefined
  reReviewRequest?: RequestWindowRule | undefined
}

/**
 * The national window to ask for 复查 or 复核 (ruleset defaults `deadlines.reviewRequest` / `reReviewRequest`, which cite
 * their sources), for limits and for stage rows stored before stages carried their own window.
 */
export function nationalRequestWindow (stage: 'review' | 'reReview'): RequestWindowRule {
  const { reviewRequest, reReviewRequest } = DEFAULT_RULESET.deadlines
  return { ...(stage === 'review' ? reviewRequest : reReviewRequest) }
}

export type Stage = 'handling' | 'review' | 'reReview'

/** Stage time limits snapshot stored on a stage row, as the deadline functions expect them. */
export function limitsFromStage (s: {
  stage: Stage, limitDays: number, dayUnit: 'calendar' | 'working', excludeHearingTime: boolean, extensionMaxDays: number, extensionUnit: 'calendar' | 'working'
}): DeadlineLimits {
  const limit = { days: s.limitDays, unit: s.dayUnit, excludeHearingTime: s.excludeHearingTime }
  return { handling: limit, review: limit, reReview: limit, handlingExtension: { maxDays: s.extensionMaxDays, unit: s.extensionUnit } }
}

export type Extension = { days: number, approvedBy: string, reason: string }

function requireDate (value: string, field: string): number {
  const n = tryDayNumber(value)
  if (n === null) throw timeLimitInvalidDate({ field, value }, `“${field}”不是有效日期（应为 YYYY-MM-DD）：${value}`)
  return n
}

function unknownYearWarning (year: number): CalendarWarning {
  return {
    code: 'calendar.unknown_year',
    year,
    message: `${year}年的法定节假日安排尚未录入（内置数据不含该年，也未确认该年已全部录入），工作日按周一至周五推算；请在节假日调整表中录入该年放假和调休安排并确认该年已录入，期限将自动重算`
  }
}

function pauseIntervals (pauses: readonly PauseWindow[]): [number, number][] {
  return pauses.map((p, i) => {
    const from = requireDate(p.from, `pauses[${i}].from`)
    const to = requireDate(p.to, `pauses[${i}].to`)
    if (to < from) throw invalidPause({ index: i }, `第${i + 1}个时间段的结束日早于开始日`)
    return [from, to] as [number, number]
  })
}

export type CountResult = {
  due: IsoDate
  /** Days inside pause windows that were skipped (only days that would otherwise have counted). */
  pausedDays: number
  warnings: CalendarWarning[]
}

/**
 * The last day of a period of `days` days (calendar or working) counted from the day after `from`
 * (期间从次日起算); days inside `pauses` are not counted. 0 days ends on `from`.
 */
export function countDays ({ from, days, unit, calendar, pauses = [] }: {
  from: IsoDate
  days: number
  unit: DayUnit
  calendar?: WorkCalendar | undefined
  pauses?: readonly PauseWindow[]
}): CountResult {
  const start = requireDate(from, 'from')
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`)
  if (unit === 'working' && !calendar) throw new TypeError('working days need a WorkCalendar')
  const windows = pauseIntervals(pauses)
  const unknown = new Set<number>()
  let counted = 0
  let pausedDays = 0
  let n = start
  while (counted < days) {
    if (++n - start > MAX_SPAN_DAYS) throw new RangeError('period does not end within 100 years')
    const date = fromDayNumber(n)
    let counts = true
    if (unit === 'working') {
      const year = yearOf(date)
      if (!calendar!.isKnownYear(year)) unknown.add(year)
      counts = calendar!.isWorkday(date)
    }
    if (!counts) continue
    if (windows.some(([a, b]) => n >= a && n <= b)) { pausedDays++; continue }
    counted++
  }
  return { due: fromDayNumber(n), pausedDays, warnings: [...unknown].sort().map(unknownYearWarning) }
}

export type DeadlineResult = {
  stage: Stage
  acceptedOn: IsoDate
  days: number
  unit: DayUnit
  /** Due date without extension. */
  baseDue: IsoDate
  /** Due date including the extension, if any. */
  due: IsoDate
  extension: (Extension & { unit: DayUnit }) | null
  /** Whether hearing time was excluded under the ruleset (pauses are ignored otherwise). */
  hearingTimeExcluded: boolean
  pausedDays: number
  warnings: CalendarWarning[]
}

/**
 * Due date of a stage under the ruleset's limits: 办理 60 days (extendable by up to 30 with approver and
 * reason), 复查 30 days, 复核 30 days; each counted from the day after acceptance, in calendar or working
 * days, skipping hearing time when the limit says so.
 */
export function stageDeadline ({ stage, acceptedOn, limits, calendar, hearingPauses = [], extension }: {
  stage: Stage
  acceptedOn: IsoDate
  limits: DeadlineLimits
  calendar?: WorkCalendar | undefined
  hearingPauses?: readonly PauseWindow[]
  extension?: Extension | null | undefined
}): DeadlineResult {
  const limit = limits[stage]
  const pauses = limit.excludeHearingTime ? hearingPauses : []
  const base = countDays({ from: acceptedOn, days: limit.days, unit: limit.unit, calendar, pauses })
  let due = base.due
  let pausedDays = base.pausedDays
  const warnings = [...base.warnings]
  let applied: DeadlineResult['extension'] = null
  if (extension) {
    if (stage !== 'handling') throw extensionNotAllowed({ stage }, `${STAGE_NAMES[stage]}期限不能延长`)
    const max = limits.handlingExtension.maxDays
    if (!Number.isInteger(extension.days) || extension.days < 1 || extension.days > max) {
      throw extensionTooLong({ days: extension.days, maxDays: max }, `延长期限应为 1 至 ${max} 日`)
    }
    if (extension.approvedBy.trim() === '' || extension.reason.trim() === '') throw extensionIncomplete()
    const extra = countDays({ from: due, days: extension.days, unit: limits.handlingExtension.unit, calendar, pauses })
    due = extra.due
    pausedDays += extra.pausedDays
    for (const w of extra.warnings) if (!warnings.some((x) => x.year === w.year)) warnings.push(w)
    applied = { ...extension, unit: limits.handlingExtension.unit }
  }
  return {
    stage,
    acceptedOn,
    days: limit.days,
    unit: limit.unit,
    baseDue: base.due,
    due,
    extension: applied,
    hearingTimeExcluded: limit.excludeHearingTime,
    pausedDays,
    warnings
  }
}

export type DeadlineState = 'open' | 'due_soon' | 'due_today' | 'overdue' | 'closed'

/** Where a deadline stands on `today`: closed once decided, overdue after the due day. */
export function deadlineStatus ({ due, today, decidedOn = null, dueSoonDays = 7 }: {
  due: IsoDate
  today: IsoDate
  decidedOn?: IsoDate | null
  dueSoonDays?: number
}): { state: DeadlineState, daysLeft: number, late: boolean } {
  const dueN = requireDate(due, 'due')
  if (decidedOn) {
    const decided = requireDate(decidedOn, 'decidedOn')
    return { state: 'closed', daysLeft: dueN - decided, late: decided > dueN }
  }
  const daysLeft = dueN - requireDate(today, 'today')
  const state: DeadlineState = daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'due_today' : daysLeft <= dueSoonDays ? 'due_soon' : 'open'
  return { state, daysLeft, late: daysLeft < 0 }
}

export type NoticeLeadRule = { days: number, unit: DayUnit }

export type NoticeLeadResult = {
  ok: boolean
  requiredDays: number
  unit: DayUnit
  /** Whole days strictly between service and hearing (neither counted), of the rule's unit. */
  clearDays: number
  /** First hearing date that this service date allows. */
  earliestHearingDate: IsoDate
  /** Last service date that still allows this hearing date. */
  latestServiceDate: IsoDate
  warnings: CalendarWarning[]
  message: string
}

/**
 * Whether a notice served on `servedOn` gives enough lead time before a hearing on `hearingDate`
 * ("X日前通知"): whole days strictly between the two are counted, the service day and the hearing day
 * excluded (S3b, S26); for working days only working days between them count.
 */
export function noticeLeadTimeOk (servedOn: IsoDate, hearingDate: IsoDate, rule: NoticeLeadRule, calendar?: WorkCalendar): NoticeLeadResult {
  const served = requireDate(servedOn, 'servedOn')
  const hearing = requireDate(hearingDate, 'hearingDate')
  if (rule.unit === 'working' && !calendar) throw new TypeError('working days need a WorkCalendar')
  const unknown = new Set<number>()
  const counts = (n: number) => {
    if (rule.unit === 'calendar') return true
    const date = fromDayNumber(n)
    if (!calendar!.isKnownYear(yearOf(date))) unknown.add(yearOf(date))
    return calendar!.isWorkday(date)
  }
  let clearDays = 0
  for (let n = served + 1; n < hearing; n++) if (counts(n)) clearDays++

  let n = served
  for (let counted = 0; counted < rule.days;) if (counts(++n)) counted++
  const earliestHearingDate = fromDayNumber(n + 1)

  let m = hearing
  for (let counted = 0; counted < rule.days;) if (counts(--m)) counted++
  const latestServiceDate = fromDayNumber(m - 1)

  const ok = clearDays >= rule.days
  const unitName = rule.unit === 'working' ? '个工作日' : '日'
  const message = ok
    ? `通知送达（${servedOn}）与听证日（${hearingDate}）之间相隔 ${clearDays}${unitName}，符合提前 ${rule.days}${unitName}通知的要求`
    : `通知送达（${servedOn}）与听证日（${hearingDate}）之间仅相隔 ${clearDays}${unitName}，应提前 ${rule.days}${unitName}通知（不含送达当日和听证当日）；按此送达日最早可定于 ${earliestHearingDate}，或最迟于 ${latestServiceDate} 送达`
  return {
    ok,
    requiredDays: rule.days,
    unit: rule.unit,
    clearDays,
    earliestHearingDate,
    latestServiceDate,
    warnings: [...unknown].sort().map(unknownYearWarning),
    message
  }
}

export type RequestWindowResult = {
  /** Last day on which the request is in time. */
  endsOn: IsoDate
  late: boolean
  /** Calendar days from the end of the window to the request (0 when in time). */
  daysOver: number
  warnings: CalendarWarning[]
}

/**
 * Whether a request for 复查 or 复核 made on `requestedOn` lies within the window counted from the day after the
 * petitioner received the previous answer on `receivedOn` (“自收到书面答复之日起 30 日内”, 期间从次日起算).
 */
export function requestWindowCheck ({ receivedOn, requestedOn, rule, calendar }: {
  receivedOn: IsoDate
  requestedOn: IsoDate
  rule: RequestWindowRule
  calendar?: WorkCalendar | undefined
}): RequestWindowResult {
  requireDate(requestedOn, 'requestedOn')
  const { due: endsOn, warnings } = countDays({ from: receivedOn, days: rule.days, unit: rule.unit, calendar })
  const daysOver = Math.max(0, daysBetween(endsOn, requestedOn))
  return { endsOn, late: daysOver > 0, daysOver, warnings }
}

/** Days of `unit` strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function countedDaysBetween ({ from, to, unit, calendar }: { from: IsoDate, to: IsoDate, unit: DayUnit, calendar?: WorkCalendar | undefined }): number {
  const a = requireDate(from, 'from')
  const b = requireDate(to, 'to')
  if (unit === 'calendar') return Math.max(0, b - a)
  if (!calendar) throw new TypeError('working days need a WorkCalendar')
  let n = 0
  for (let d = a + 1; d <= b; d++) if (calendar.isWorkday(fromDayNumber(d))) n++
  return n
}
