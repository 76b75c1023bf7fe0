import ical, {
  ICalAttendeeRole, ICalAttendeeStatus, ICalAttendeeType, ICalCalendarMethod, ICalEventStatus,
  type ICalAttendeeData, type ICalCalendar
} from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'
import { maskPersonalText } from '../../shared/personal-data.js'
import { escapeText, foldLine, foldUtf8Lines, formatLocal, formatUtc } from './ics-text.js'
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
  /** Signed accept/decline links for this recipient (see signed-links.ts). */
  responseLinks?: { accept: string, decline: string }
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

const sameRef = (a: PersonRef, b: PersonRef) => a.kind === b.kind && a.id === b.id

/** Titles and numbers are masked; maskPersonalText is cheap for text without four digits in a row (a feed masks three texts per hearing). */
const text = maskPersonalText

type Notice = 'cancelled' | 'removed' | null

function summaryLine (hearing: CalendarHearing, notice: Notice) {
  const prefix = notice === 'cancelled' ? '【已取消】' : notice === 'removed' ? '【不再参加】' : ''
  return `${prefix}听证：${text(hearing.title)}（${text(hearing.matterNumber)}）`
}

/** The DESCRIPTION a recipient's invite carries; mail bodies repeat it (Outlook copies the body, not the ICS, into the event: Indico #6358). */
export function inviteText ({ hearing, recipient, method }: { hearing: CalendarHearing, recipient: CalendarRecipient, method: InviteMethod }) {
  const self = hearing.attendees.find((a) => sameRef(a.ref, recipient.ref))
  const notice: Notice = method === 'REQUEST' ? null : hearing.status === 'cancelled' ? 'cancelled' : 'removed'
  return descriptionText({ hearing, role: self?.role ?? recipient.role, response: self?.response, links: recipient.responseLinks, notice })
}

function descriptionText ({ hearing, role, response, links, notice }: {
  hearing: CalendarHearing
  role: AttendeeRole | undefined
  response: AttendeeResponse | undefined
  links: CalendarRecipient['responseLinks']
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
  // Every free-text field is masked in one pass; the links that follow are ours and stay as they are.
  let out = text(facts)
  if (links && notice === null) out += `请点击链接答复是否参加：\n接受：${links.accept}\n谢绝：${links.decline}\n`
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
    description: descriptionText({ hearing, role, response: self?.response, links: recipient.responseLinks, notice }),
    location: text(hearing.venue.address),
    url: hearing.url,
    status: notice !== null ? ICalEventStatus.CANCELLED : hearing.status === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: text(organizer.name), email: organizer.email },
    attendees
  })
  return cal.toString()
}

/** Seconds a subscribed client is told to wait before polling the feed again. */
export const FEED_REFRESH_SECONDS = 3600

/** What one feed event shows; the feed writer and the tests' ical-generator reference both render it. */
export type FeedEventView = {
  uid: string
  sequence: number
  start: Date
  end: Date
  summary: string
  description: string
  location: string
  url: string | null
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
  lastModified: Date | null
}

export function feedEventView ({ entry: { hearing, removed = false }, owner }: { entry: CalendarFeedEntry, owner: CalendarFeedOwner }): FeedEventView {
  const self = hearing.attendees.find((a) => sameRef(a.ref, owner.ref))
  const notice: Notice = hearing.status === 'cancelled' ? 'cancelled' : removed ? 'removed' : null
  return {
    uid: hearing.uid,
    sequence: hearing.sequence,
    start: hearing.start,
    end: hearing.end,
    summary: summaryLine(hearing, notice),
    description: descriptionText({ hearing, role: self?.role, response: self?.response, links: undefined, notice }),
    location: text(hearing.venue.address),
    url: hearing.url,
    status: notice !== null ? 'CANCELLED' : hearing.status === 'tentative' ? 'TENTATIVE' : 'CONFIRMED',
    lastModified: hearing.updatedAt ?? null
  }
}

export const FEED_PRODID = '-//tingzheng//hearings//ZH'
export const FEED_DESCRIPTION = '信访事项听证日程，由听证管理系统自动生成'
export const feedName = (owner: CalendarFeedOwner) => owner.name ? `听证日程（${text(owner.name)}）` : '听证日程'

let vtimezone: string | undefined
function shanghaiVtimezone () {
  vtimezone ??= (getVtimezoneComponent(CALENDAR_TIME_ZONE) ?? '').replace(/\r\n/g, '\n').replace(/\n/g, '\r\n').trim() + '\r\n'
  return vtimezone
}

type FeedInput = {
  owner: CalendarFeedOwner
  entries: readonly CalendarFeedEntry[]
  now: Date
  baseUrl: string
}

/** How feedParts writes content lines: folded (buildFeed), or whole, for buildFeedBytes to fold as bytes. */
type LineWriter = { line: (line: string) => string, text: (prefix: string, value: string) => string }
const FOLDED: LineWriter = { line: foldLine, text: (prefix, value) => foldLine(prefix + escapeText(value)) }
const WHOLE: LineWriter = { line: (line) => line, text: (prefix, value) => prefix + escapeText(value) }

/** The feed's text in pieces: the calendar's header, one string per event, the footer. */
function feedParts ({ owner, entries, now, baseUrl }: FeedInput, { line, text }: LineWriter): string[] {
  const ttl = `PT${FEED_REFRESH_SECONDS / 3600}H`
  const name = escapeText(feedName(owner))
  const out: string[] = [
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n' +
    `PRODID:${FEED_PRODID}\r\n${line(`URL:${baseUrl}`)}\r\nMETHOD:PUBLISH\r\n` +
    `${line(`NAME:${name}`)}\r\n${line(`X-WR-CALNAME:${name}`)}\r\n` +
    `${line(`X-WR-CALDESC:${FEED_DESCRIPTION}`)}\r\n` +
    (entries.length > 0 ? shanghaiVtimezone() : '') +
    `REFRESH-INTERVAL;VALUE=DURATION:${ttl}\r\nX-PUBLISHED-TTL:${ttl}\r\n`
  ]
  const stamp = formatUtc(now)
  // One string per event: a thousand-hearing feed is a thousand pieces, not fifteen thousand.
  for (const entry of entries) {
    const e = feedEventView({ entry, owner })
    out.push(`BEGIN:VEVENT\r\n${line(`UID:${e.uid}`)}\r\nSEQUENCE:${e.sequence}\r\n${FEED_STAMP_PROPERTY}${stamp}\r\n` +
      `DTSTART;TZID=${CALENDAR_TIME_ZONE}:${formatLocal(e.start, CALENDAR_TIME_ZONE)}\r\n` +
      `DTEND;TZID=${CALENDAR_TIME_ZONE}:${formatLocal(e.end, CALENDAR_TIME_ZONE)}\r\n` +
      `${text('SUMMARY:', e.summary)}\r\n${text('LOCATION:', e.location)}\r\n` +
      `${text('DESCRIPTION:', e.description)}\r\n${e.url ? `${text('URL;VALUE=URI:', e.url)}\r\n` : ''}STATUS:${e.status}\r\n` +
      `${e.lastModified ? `LAST-MODIFIED:${formatUtc(e.lastModified)}\r\n` : ''}END:VEVENT\r\n`)
  }
  out.push(`X-WR-TIMEZONE:${CALENDAR_TIME_ZONE}\r\nEND:VCALENDAR`)
  return out
}

/** How every event's DTSTAMP line starts; the feed's validator leaves these lines out (see feedEtag). */
export const FEED_STAMP_PROPERTY = 'DTSTAMP:'

/**
 * A personal feed (METHOD:PUBLISH, never REQUEST): the owner's hearings with the same UID and SEQUENCE as the
 * invites; cancelled hearings and hearings the owner was taken off stay in it as STATUS:CANCELLED, so clients
 * drop them instead of keeping phantom events. No ORGANIZER/ATTENDEE: a subscription is read-only.
 *
 * Written directly rather than through ical-generator, which needs ~0.2 ms per event (a 1,000-hearing feed took
 * 1.5 s); test/modules/calendar checks the output is byte-identical to ical-generator's for the same events.
 * Local times come from the zone data (zone.ts), never from the process's time zone.
 */
export function buildFeed (input: FeedInput): string {
  return feedParts(input, FOLDED).join('')
}

/**
 * Where buildFeedBytes encodes a feed before folding it into its own buffer: reused (the function never yields),
 * so a request does not map fresh megabytes it mostly leaves unused. Feeds too big for the cap get a buffer of
 * their own.
 */
let scratch = Buffer.alloc(0)
const SCRATCH_CAP = 8 * 1024 * 1024

/**
 * The same feed as UTF-8 bytes, for the feed route: its lines are encoded whole and folded as bytes (foldUtf8Lines,
 * a copy per fold instead of a look at every character), and the route sends the bytes as they are rather than
 * encoding a megabyte of text again (and once more for its length). test/modules/calendar checks it is the UTF-8
 * of buildFeed's text.
 */
export function buildFeedBytes (input: FeedInput): Buffer {
  const text = feedParts(input, WHOLE).join('')
  // A UTF-16 code unit never takes more than 3 bytes in UTF-8 (a surrogate pair: 4 bytes for 2 units).
  let target = scratch
  if (target.length < text.length * 3) {
    target = Buffer.allocUnsafe(text.length * 3)
    if (target.length <= SCRATCH_CAP) scratch = target
  }
  return foldUtf8Lines(target, target.write(text))
}
