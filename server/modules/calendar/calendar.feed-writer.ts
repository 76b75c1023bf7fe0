/*
 * The personal feed writer (METHOD:PUBLISH): a member's or a user's hearings as one iCalendar subscription, with
 * the same UIDs, SEQUENCEs and wording as the invites (calendar.ics.ts).
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { escapeText, foldLine, foldUtf8Lines, formatLocal, formatUtc } from './ics-text.js'
import {
  CALENDAR_TIME_ZONE, descriptionText, sameRef, summaryLine, text, type CalendarFeedEntry, type CalendarFeedOwner, type Notice
} from './calendar.ics.js'

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
    description: descriptionText({ hearing, role: self?.role, response: self?.response, link: undefined, notice }),
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
