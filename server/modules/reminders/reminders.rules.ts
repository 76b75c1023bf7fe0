import type { HearingStatus, MemberStatus } from '../../../db/schema/enums.js'
import type { NotifierKind, ReminderKind } from '../../../db/schema/index.js'
import { addCalendarDays, dayNumber, shanghaiDateOf, shanghaiStartOfDay, type IsoDate } from '../../common/dates.js'
import type { WorkCalendar } from '../../common/workdays.js'
import { maskPersonalText } from '../../common/personal-data.js'
import { countDays, noticeLeadTimeOk, type NoticeLeadRule } from '../matters/matters.time-limits.rules.js'

// What the daily scan reminds of, when and to whom: pure functions over rows the repository read. See docs/reminders.md.

export const REMINDER_KIND_LIST = ['hearing_upcoming', 'minutes_overdue', 'term_ending', 'stage_deadline', 'notice_due'] as const satisfies readonly ReminderKind[]
export const NOTIFIER_KIND_LIST = ['wecom', 'webhook'] as const satisfies readonly NotifierKind[]

export const REMINDER_KIND_NAMES: Record<ReminderKind, string> = {
  hearing_upcoming: '听证即将举行',
  minutes_overdue: '笔录尚未定稿',
  term_ending: '听证员任期即将届满',
  stage_deadline: '办理期限即将届满',
  notice_due: '听证通知即将逾期送达'
}
export const NOTIFIER_KIND_NAMES: Record<NotifierKind, string> = { wecom: '企业微信群机器人', webhook: '通用 JSON Webhook' }

export type ReminderSettings = {
  enabled: boolean
  dailyTime: string
  hearingUpcoming: { enabled: boolean, days: number }
  minutesOverdue: { enabled: boolean, days: number }
  termEnding: { enabled: boolean, days: number }
  stageDeadline: { enabled: boolean, days: number }
  noticeDue: { enabled: boolean }
}

/**
 * Defaults while the administrator has not saved settings (all INFER, no rule prescribes reminders):
 * - 08:00: before office hours start in most bureaus (08:30), so the day's mail is waiting.
 * - hearings 3 days ahead: enough to rearrange a day, short enough that a reminder is not forgotten; the written
 *   notice itself goes out 3 working / 7 calendar days ahead (ruleset), this is the people's own reminder.
 * - minutes 3 days after the hearing: the minutes are signed on the spot and finalised right after the hearing;
 *   three days leaves time for a refused signature's record and a correction.
 * - terms 30 days ahead: a month leaves time for a reappointment decision (the pool's own "ending soon" list
 *   uses its own setting).
 * - stage deadlines 5 working days ahead: a working week before the 办理/复查/复核 limit, for the answer to be
 *   drafted, approved and served.
 * - notices: the last service day that keeps the ruleset's lead time, the day before and on the day.
 */
export const REMINDER_DEFAULTS: ReminderSettings = {
  enabled: true,
  dailyTime: '08:00',
  hearingUpcoming: { enabled: true, days: 3 },
  minutesOverdue: { enabled: true, days: 3 },
  termEnding: { enabled: true, days: 30 },
  stageDeadline: { enabled: true, days: 5 },
  noticeDue: { enabled: true }
}

/** A minutes reminder still goes out this many days after its due day (a service that was down catches up). */
export const MINUTES_CATCH_UP_DAYS = 7
/**
 * How far ahead hearings are looked at for the notice rule. INFER: the longest lead time in the presets is 10
 * working days, which with the National Day week spans about 20 calendar days; 60 days covers lead times of up to
 * about 35 working days.
 */
export const NOTICE_LOOKAHEAD_DAYS = 60

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

export function isDailyTime (value: string) {
  return TIME.test(value)
}

/** The instant the daily scan of `date` is due: `dailyTime` (HH:MM) on that Shanghai date. */
export function scheduledInstant (date: IsoDate, dailyTime: string): number {
  const m = TIME.exec(dailyTime)
  if (!m) throw new RangeError(`not a time of day: ${dailyTime}`)
  return shanghaiStartOfDay(date) + Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000
}

/** Today's Shanghai date and whether its scan is due (the daily time has passed). */
export function dailyRunDue (now: Date, dailyTime: string): { date: IsoDate, due: boolean } {
  const date = shanghaiDateOf(now)
  return { date, due: now.getTime() >= scheduledInstant(date, dailyTime) }
}

/** The cron expression (minute hour * * *) of the daily time, for the scheduler in Asia/Shanghai. */
export function cronOf (dailyTime: string) {
  const m = TIME.exec(dailyTime)
  if (!m) throw new RangeError(`not a time of day: ${dailyTime}`)
  return `${Number(m[2])} ${Number(m[1])} * * *`
}

/** [from, to) instants of the Shanghai dates `first` … `last`. */
export function dateRangeInstants (first: IsoDate, last: IsoDate): [number, number] {
  return [shanghaiStartOfDay(first), shanghaiStartOfDay(addCalendarDays(last, 1))]
}

export type Due = { dueOn: IsoDate }

// --- hearings in the next N days -----------------------------------------------------------------------------------

export const UPCOMING_STATUSES: readonly HearingStatus[] = ['scheduled', 'notified']

/** The dates a hearing reminder looks at: today through today + N. */
export function upcomingWindow (today: IsoDate, days: number): [IsoDate, IsoDate] {
  return [today, addCalendarDays(today, days)]
}

/** A hearing that takes place today or in the next `days` days and is still going ahead; due on its date. */
export function hearingUpcoming (h: { startsAt: Date, status: HearingStatus }, { today, days }: { today: IsoDate, days: number }): Due | null {
  if (!UPCOMING_STATUSES.includes(h.status)) return null
  const date = shanghaiDateOf(h.startsAt)
  const ahead = dayNumber(date) - dayNumber(today)
  return ahead >= 0 && ahead <= days ? { dueOn: date } : null
}

// --- minutes not finalised N days after the hearing ------------------------------------------------------------------

/** The hearing dates a minutes reminder looks at: due (date + N) between today − catch-up and today. */
export function minutesWindow (today: IsoDate, days: number): [IsoDate, IsoDate] {
  return [addCalendarDays(today, -days - MINUTES_CATCH_UP_DAYS), addCalendarDays(today, -days)]
}

/**
 * A hearing that took place (`recording`: in session, suspended or concluded) whose minutes have no final version
 * `days` days after its date; due on date + N, and still reminded up to MINUTES_CATCH_UP_DAYS later.
 */
export function minutesOverdue (h: { startsAt: Date, recording: boolean, minutesFinal: boolean }, { today, days }: { today: IsoDate, days: number }): Due | null {
  if (!h.recording || h.minutesFinal) return null
  const dueOn = addCalendarDays(shanghaiDateOf(h.startsAt), days)
  const late = dayNumber(today) - dayNumber(dueOn)
  return late >= 0 && late <= MINUTES_CATCH_UP_DAYS ? { dueOn } : null
}

// --- members' terms ending within N days --------------------------------------------------------------------------

/** An appointed (active or suspended) member whose term ends today or within `days` days; due on its last day. */
export function termEnding (m: { status: MemberStatus, termEnd: string | null }, { today, days }: { today: IsoDate, days: number }): Due | null {
  if ((m.status !== 'active' && m.status !== 'suspended') || m.termEnd === null) return null
  const left = dayNumber(m.termEnd) - dayNumber(today)
  return left >= 0 && left <= days ? { dueOn: m.termEnd } : null
}

// --- matter stage deadlines within N working days ------------------------------------------------------------------

/**
 * The last due date a stage reminder covers: the N-th working day after today (期间从次日起算, as the limits are
 * counted). A limit that ends on a weekend or holiday before that day is covered too.
 */
export function stageDeadlineHorizon (today: IsoDate, days: number, calendar: WorkCalendar): IsoDate {
  return countDays({ from: today, days, unit: 'working', calendar }).due
}

/** An open stage (not decided) due today or by the N-th working day from today; due on its due date. */
export function stageDeadlineDue (s: { dueOn: IsoDate, decidedOn: string | null }, { today, horizon }: { today: IsoDate, horizon: IsoDate }): Due | null {
  if (s.decidedOn !== null) return null
  return s.dueOn >= today && s.dueOn <= horizon ? { dueOn: s.dueOn } : null
}

// --- notices to serve by tomorrow ----------------------------------------------------------------------------------

/**
 * A scheduled hearing without a served notice whose last service day under its ruleset's lead time (the same
 * count the notify transition checks: whole days between service and hearing, neither counted) is today or
 * tomorrow; due on that day.
 */
export function noticeDue (h: { startsAt: Date, status: HearingStatus, noticeServedOn: string | null }, rule: NoticeLeadRule, { today, calendar }: { today: IsoDate, calendar: WorkCalendar }): Due | null {
  if (h.status !== 'scheduled' || h.noticeServedOn !== null) return null
  const hearingDate = shanghaiDateOf(h.startsAt)
  if (hearingDate <= today) return null
  const latest = noticeLeadTimeOk(today, hearingDate, rule, calendar).latestServiceDate
  return latest === today || latest === addCalendarDays(today, 1) ? { dueOn: latest } : null
}

// --- recipients ------------------------------------------------------------------------------------------------------

export type Recipient = { key: string, name: string, email: string | null, role: string }

/** One entry per key (the first role wins), in the order given. */
export function uniqueRecipients (list: readonly Recipient[]): Recipient[] {
  const seen = new Set<string>()
  return list.filter((r) => !seen.has(r.key) && seen.add(r.key))
}

/**
 * "The region's coordinators": the active coordinators of the subject's region or, when it has none, of the
 * nearest region above it that has some (INFER: a township matter goes to the township's coordinator, or the
 * county's when the township has no coordinator account; not every level above, which would flood the city).
 */
export function nearestCoordinators<C> (regionPath: string, byRegionPath: ReadonlyMap<string, readonly C[]>): readonly C[] {
  const ids = regionPath.split('/').filter(Boolean)
  for (let n = ids.length; n > 0; n--) {
    const found = byRegionPath.get(`/${ids.slice(0, n).join('/')}/`)
    if (found && found.length > 0) return found
  }
  return []
}

// --- messages --------------------------------------------------------------------------------------------------------

/** One reminder found by a scan, with what its messages say. `summary` names no person (it goes into digests). */
export type ReminderItem = {
  kind: ReminderKind
  subjectId: number
  dueOn: IsoDate
  regionPath: string
  /** Path of the record under PUBLIC_BASE_URL, e.g. /api/v1/hearings/12. */
  path: string
  summary: string
  /** What a mail adds for its recipient (may name the subject person: the mail goes to staff or to that person). */
  detail: string
  recipients: Recipient[]
}

/** The outbox dedupe key of a run's mail to one person: a run queues at most one mail per person. */
export function mailKey (runId: number, recipientKey: string) {
  return `reminder:${runId}:${recipientKey}`
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** A person's mail of one run: one item with its own subject, or several listed under one subject. */
export function reminderMail (items: readonly ReminderItem[], recipient: Recipient, baseUrl: string) {
  if (items.length === 0) throw new RangeError('a reminder mail lists at least one item')
  const first = items[0]!
  const subject = items.length === 1
    ? `【${REMINDER_KIND_NAMES[first.kind]}】${first.summary}`
    : `【听证管理系统提醒】您有 ${items.length} 项提醒：${REMINDER_KIND_NAMES[first.kind]}等`
  const body = items.length === 1
    ? [first.detail, '', `详情：${baseUrl}${first.path}`]
    : items.flatMap((item, i) => [`${NUMERALS[i] ?? String(i + 1)}、【${REMINDER_KIND_NAMES[item.kind]}】${item.detail}`, `详情：${baseUrl}${item.path}`, ''])
  const text = [
    `${recipient.name}（${recipient.role}）：`,
    '',
    ...body,
    ...(items.length === 1 ? [''] : []),
    '本邮件由听证管理系统每日提醒自动发送；同一事项的同一提醒只发送一次。'
  ].join('\n')
  return { subject, text }
}

/** WeCom markdown content is limited to 4096 bytes (UTF-8). */
export const WECOM_MAX_BYTES = 4096

export type Digest = { runId: number | null, scheduledFor: IsoDate, generatedAt: string, items: readonly ReminderItem[], test: boolean }

function counts (items: readonly ReminderItem[]) {
  const out: Partial<Record<ReminderKind, number>> = {}
  for (const i of items) out[i.kind] = (out[i.kind] ?? 0) + 1
  return out
}

/**
 * The WeCom group-robot message of a digest: markdown with one line per item under its kind, cut (with a note of
 * how many were left out) to stay within WECOM_MAX_BYTES. Names no person; ID and phone numbers are masked anyway.
 */
export function wecomPayload (digest: Digest, baseUrl: string) {
  const head = digest.test
    ? `### 听证管理系统：提醒通道测试\n这是一条测试消息（${digest.generatedAt}），收到即表示配置正确。`
    : `### 听证管理系统每日提醒（${digest.scheduledFor}）\n共 ${digest.items.length} 项`
  const lines: string[] = []
  for (const kind of REMINDER_KIND_LIST) {
    const ofKind = digest.items.filter((i) => i.kind === kind)
    if (ofKind.length === 0) continue
    lines.push(`**${REMINDER_KIND_NAMES[kind]}**（${ofKind.length}）`)
    for (const i of ofKind) lines.push(`> ${i.summary} [查看](${baseUrl}${i.path})`)
  }
  // lines are kept while they fit, with room for the note of what was left out
  const note = (n: number) => `……另有 ${n} 行未列出，请登录系统查看提醒记录`
  const masked = lines.map(maskPersonalText)
  const headText = maskPersonalText(head)
  let bytes = Buffer.byteLength(headText, 'utf8')
  const total = masked.reduce((sum, l) => sum + 1 + Buffer.byteLength(l, 'utf8'), bytes)
  let kept = masked.length
  if (total > WECOM_MAX_BYTES) {
    const room = WECOM_MAX_BYTES - 1 - Buffer.byteLength(note(masked.length), 'utf8')
    kept = 0
    while (kept < masked.length && bytes + 1 + Buffer.byteLength(masked[kept]!, 'utf8') <= room) bytes += 1 + Buffer.byteLength(masked[kept++]!, 'utf8')
  }
  const content = [headText, ...masked.slice(0, kept), ...(kept < masked.length ? [note(masked.length - kept)] : [])].join('\n')
  return { msgtype: 'markdown', markdown: { content } }
}

/** The generic webhook's JSON body (documented in docs/reminders.md). Names no person. */
export function webhookPayload (digest: Digest, baseUrl: string) {
  return {
    type: digest.test ? 'reminders.test' : 'reminders.digest',
    runId: digest.runId,
    scheduledFor: digest.scheduledFor,
    generatedAt: digest.generatedAt,
    counts: counts(digest.items),
    items: digest.items.map((i) => ({
      kind: i.kind,
      kindName: REMINDER_KIND_NAMES[i.kind],
      subjectId: i.subjectId,
      dueOn: i.dueOn,
      summary: maskPersonalText(i.summary),
      url: `${baseUrl}${i.path}`
    }))
  }
}

/** Wait before attempt n + 1 after attempt n failed: 1 min, then 10 min. */
export const NOTIFIER_BACKOFF_MS = [60_000, 600_000]
export const NOTIFIER_MAX_ATTEMPTS = 3

export function notifierBackoff (attempts: number, backoffMs: readonly number[] = NOTIFIER_BACKOFF_MS) {
  return backoffMs[Math.min(attempts, backoffMs.length) - 1] ?? 60_000
}

/** A URL shown back without what may be a credential: the query's values (the WeCom robot key) and any user info. */
export function maskUrl (value: string) {
  try {
    const url = new URL(value)
    const query = [...url.searchParams.keys()].map((k) => `${k}=***`).join('&')
    return `${url.protocol}//${url.host}${url.pathname}${query ? `?${query}` : ''}`
  } catch {
    return '***'
  }
}

export function isHttpUrl (value: string) {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}
