/*
 * A hearing as a calendar event: the model (CalendarHearing, attendees, recipients), the wording every invite and
 * feed entry carries, and the invites (METHOD:REQUEST/CANCEL, written with ical-generator). The feed writer is
 * calendar.feed-writer.ts.
 */
import ical, {
  ICalAttendeeRole, ICalAttendeeStatus, ICalAttendeeType, ICalCalendarMethod, ICalEventStatus,
  type ICalAttendeeData, type ICalCalendar
} from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'
import { maskPersonalText } from '../../common/personal-data.js'
import { wallClock, type WallClock } from './zone.js'

export const CALENDAR_TIME_ZONE = 'Asia/Shanghai'
const PRODUCT = { company: 'tingzheng', product: 'hearings', language: 'ZH' }

/** Whose row a person is: a login user, a pool member (听证员库成员) or a hearing participant (e.g. the respondent handler). */
export type PersonKind = 'user' | 'member' | 'participant'
export type PersonRef = { kind: PersonKind, id: number }

export const ATTENDEE_ROLES = ['host', 'recorder', 'panel', 'respondent'] as const
export type AttendeeRole = typeof ATTENDEE_ROLES[number]
export const ATTENDEE_ROLE_NAMES: Record<AttendeeRole, string> = {
  host: '主持人',
  recorder: '记录员',
  panel: '听证员',
  respondent: '承办人'
}

export type AttendeeResponse = 'needs-action' | 'accepted' | 'declined'
const RESPONSE_NAMES: Record<AttendeeResponse, string> = { 'needs-action': '待答复', accepted: '已接受', declined: '已谢绝' }
const PARTSTAT: Record<AttendeeResponse, ICalAttendeeStatus> = {
  'needs-action': ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED
}

export type HearingProcedure = 'simple' | 'general'
const PROCEDURE_NAMES: Record<HearingProcedure, string> = { simple: '简易程序', general: '一般程序' }

export type CalendarHearingStatus = 'confirmed' | 'tentative' | 'cancelled'

export type CalendarAttendee = {
  ref: PersonRef
  name: string
  /** People without an address are named in the description but cannot be ATTENDEEs. */
  email: string | null
  role: AttendeeRole
  /** Their recorded answer, becomes PARTSTAT. */
  response: AttendeeResponse
}

/**
 * What a calendar entry shows about a hearing. Deliberately has no field for the petitioner's ID number or
 * phone: nothing can carry them into an invite or a feed.
 */
export type CalendarHearing = {
  id: number
  /** The event's UID: stable for the hearing's whole life, whatever address the service moves to (calendar.identity.ts). */
  uid: string
  /** Raised by every change of time, venue or people (RFC 5545 §3.8.7.4); becomes SEQUENCE. */
  sequence: number
  status: CalendarHearingStatus
  start: Date
  end: Date
  venue: { name: string, address: string }
  /** Short Chinese title, e.g. 供暖费退还问题听证会. */
  title: string
  /** Optional one-line summary of the matter (事项概要). */
  summary?: string | null
  /** The matter's number (信访事项编号). */
  matterNumber: string
  procedure: HearingProcedure
  /**
   * A page about the hearing that people can open, or null. The service has none yet (the web interface that
   * will serve /hearings/{id} comes later), so invites and feeds carry no link that would answer 404.
   */
  url: string | null
  attendees: CalendarAttendee[]
  /** Last change of the hearing; becomes LAST-MODIFIED and the feed's Last-Modified. */
  updatedAt?: Date
}

/** Who a particular invite goes to; the content is built for them. */
export type CalendarRecipient = {
  ref: PersonRef
  name: string
  email: string
  /** Their role when they are no longer among the attendees (removed, recused, replaced). */
  role?: AttendeeRole
  /** The signed link to this recipient's invitation page, where they accept or decline (see signed-links.ts). */
  responseLink?: string
}

export type CalendarOrganizer = { name: string, email: string }
export type InviteMethod = 'REQUEST' | 'CANCEL'

export type CalendarFeedOwner = { ref: { kind: 'user' | 'member', id: number }, name?: string }
export type CalendarFeedEntry = {
  hearing: CalendarHearing
  /** The owner was taken off this hearing (declined, recused, replaced): it stays in their feed as cancelled. */
  removed?: boolean
}

/**
 * ical-generator writes a native Date's *process-local* wall clock under TZID (its documented behaviour for Date values), so every instant
 * is handed over as a luxon DateTime already in the zone it is written in.
 */
function zoned (date: Date, zone: string) {
  const value = DateTime.fromJSDate(date, { zone })
  if (!value.isValid) throw new TypeError('calendar: invalid date')
  return value
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']
const two = (n: number) => String(n).padStart(2, '0')

function dayText (d: WallClock) {
  return `${d.year}年${d.month}月${d.day}日（星期${WEEKDAYS[d.weekday - 1]!}）`
}

/** 2026年12月1日（星期二）09:30—11:00, in Beijing time. */
export function formatHearingTime (start: Date, end: Date) {
  const s = wallClock(start, CALENDAR_TIME_ZONE)
  const e = wallClock(end, CALENDAR_TIME_ZONE)
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day
  return `${dayText(s)}${two(s.hour)}:${two(s.minute)}—${sameDay ? '' : dayText(e)}${two(e.hour)}:${two(e.minute)}`
}

export const sameRef = (a: PersonRef, b: PersonRef) => a.kind === b.kind && a.id === b.id

/** Titles and numbers are masked; maskPersonalText is cheap for text without four digits in a row (a feed masks three texts per hearing). */
export const text = maskPersonalText

export type Notice = 'cancelled' | 'removed' | null

export function summaryLine (hearing: CalendarHearing, notice: Notice) {
  const prefix = notice === 'cancelled' ? '【已取消】' : notice === 'removed' ? '【不再参加】' : ''
  return `${prefix}听证：${text(hearing.title)}（${text(hearing.matterNumber)}）`
}

/** The DESCRIPTION a recipient's invite carries; mail bodies repeat it (Outlook copies the body, not the ICS, into the event: Indico #6358). */
export function inviteText ({ hearing, recipient, method }: { hearing: CalendarHearing, recipient: CalendarRecipient, method: InviteMethod }) {
  const self = hearing.attendees.find((a) => sameRef(a.ref, recipient.ref))
  const notice: Notice = method === 'REQUEST' ? null : hearing.status === 'cancelled' ? 'cancelled' : 'removed'
  return descriptionText({ hearing, role: self?.role ?? recipient.role, response: self?.response, link: recipient.responseLink, notice })
}

export function descriptionText ({ hearing, role, response, link, notice }: {
  hearing: CalendarHearing
  role: AttendeeRole | undefined
  response: AttendeeResponse | undefined
  link: CalendarRecipient['responseLink']
  notice: Notice
}) {
  const names: Record<AttendeeRole, string[]> = { host: [], recorder: [], panel: [], respondent: [] }
  for (const a of hearing.attendees) names[a.role].push(a.response === 'declined' ? `${a.name}（已谢绝）` : a.name)
  let facts = ''
  if (notice === 'cancelled') facts += '本次听证已取消，原定日程作废。\n\n'
  if (notice === 'removed') facts += '您已不再参加本次听证，此前发出的日程邀请作废。\n\n'
  facts += `${hearing.title}（${PROCEDURE_NAMES[hearing.procedure]}）\n事项编号：${hearing.matterNumber}\n`
  if (hearing.summary) facts += `事项概要：${hearing.summary}\n`
  facts += `时间：${formatHearingTime(hearing.start, hearing.end)}（北京时间）\n地点：${hearing.venue.name}（${hearing.venue.address}）\n`
  for (const r of ATTENDEE_ROLES) if (names[r].length > 0) facts += `${ATTENDEE_ROLE_NAMES[r]}：${names[r].join('、')}\n`
  if (role && notice === null) facts += `\n您的身份：${ATTENDEE_ROLE_NAMES[role]}${response ? `（${RESPONSE_NAMES[response]}）` : ''}\n`
  // Every free-text field is masked in one pass; the link that follows is ours and stays as it is.
  let out = text(facts)
  if (link && notice === null) out += `请打开以下链接查看听证信息并答复（接受或谢绝），无需登录：\n答复：${link}\n`
  return hearing.url ? `${out}\n听证详情：${hearing.url}` : out
}

function icalAttendee (a: { name: string, email: string, role: AttendeeRole | undefined, response: AttendeeResponse | undefined }, rsvp: boolean): ICalAttendeeData {
  return {
    name: text(a.name),
    email: a.email,
    role: a.role === undefined ? ICalAttendeeRole.NON : a.role === 'host' ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ,
    type: ICalAttendeeType.INDIVIDUAL,
    rsvp,
    status: a.response === undefined ? null : PARTSTAT[a.response]
  }
}

function newCalendar (method: ICalCalendarMethod): ICalCalendar {
  // No calendar-wide zone: ical-generator would then also write DTSTAMP as a floating local time; each event
  // carries TZID instead and the generator still emits one VTIMEZONE per zone used.
  return ical({ prodId: PRODUCT, method, timezone: { name: null, generator: getVtimezoneComponent } })
}

/**
 * One recipient's iTIP message about a hearing (RFC 5546): REQUEST to invite or update, CANCEL when the hearing
 * is cancelled (every attendee listed) or when the recipient was taken off it (only they are listed).
 * The caller raises `hearing.sequence` before sending an update or a cancellation.
 */
export function buildInvite ({ hearing, recipient, method, now, organizer }: {
  hearing: CalendarHearing
  recipient: CalendarRecipient
  method: InviteMethod
  now: Date
  organizer: CalendarOrganizer
}): string {
  if (method === 'REQUEST' && hearing.status === 'cancelled') throw new Error('a cancelled hearing is announced with method CANCEL')
  const self = hearing.attendees.find((a) => sameRef(a.ref, recipient.ref))
  const role = self?.role ?? recipient.role
  const recipientAttendee = { name: recipient.name, email: recipient.email, role, response: self?.response }
  const notice: Notice = method === 'REQUEST' ? null : hearing.status === 'cancelled' ? 'cancelled' : 'removed'
  const rsvp = method === 'REQUEST'

  // The respondent's copy and a removal notice name nobody else's address (RDV-SP's per-recipient content).
  const everyone = notice !== 'removed' && role !== 'respondent'
  const others = everyone
    ? hearing.attendees.filter((a): a is CalendarAttendee & { email: string } => a.email !== null && !sameRef(a.ref, recipient.ref))
    : []
  const attendees = [recipientAttendee, ...others].map((a) => icalAttendee(a, rsvp))

  const cal = newCalendar(method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL)
  cal.createEvent({
    id: hearing.uid,
    sequence: hearing.sequence,
    stamp: zoned(now, 'utc'),
    lastModified: hearing.updatedAt ? zoned(hearing.updatedAt, 'utc') : null,
    start: zoned(hearing.start, CALENDAR_TIME_ZONE),
    end: zoned(hearing.end, CALENDAR_TIME_ZONE),
    timezone: CALENDAR_TIME_ZONE,
    summary: summaryLine(hearing, notice),
    description: descriptionText({ hearing, role, response: self?.response, link: recipient.responseLink, notice }),
    location: text(hearing.venue.address),
    url: hearing.url,
    status: notice !== null ? ICalEventStatus.CANCELLED : hearing.status === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: text(organizer.name), email: organizer.email },
    attendees
  })
  return cal.toString()
}
