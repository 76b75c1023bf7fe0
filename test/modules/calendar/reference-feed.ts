import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'
import { CALENDAR_TIME_ZONE, type CalendarFeedEntry, type CalendarFeedOwner } from '../../../server/modules/calendar/calendar.ics.js'
import { FEED_DESCRIPTION, FEED_REFRESH_SECONDS, feedEventView, feedName } from '../../../server/modules/calendar/calendar.feed-writer.js'

/** The feed as the documented ical-generator + luxon recipe writes it (ical-generator + luxon DateTimes): the reference buildFeed must match. */
export function referenceFeed ({ owner, entries, now, baseUrl }: { owner: CalendarFeedOwner, entries: readonly CalendarFeedEntry[], now: Date, baseUrl: string }) {
  const cal = ical({ prodId: { company: 'tingzheng', product: 'hearings', language: 'ZH' }, method: ICalCalendarMethod.PUBLISH, timezone: { name: null, generator: getVtimezoneComponent } })
  cal.name(feedName(owner))
  cal.description(FEED_DESCRIPTION)
  cal.url(baseUrl)
  cal.ttl(FEED_REFRESH_SECONDS)
  cal.x([{ key: 'X-WR-TIMEZONE', value: CALENDAR_TIME_ZONE }])
  for (const entry of entries) {
    const e = feedEventView({ entry, owner })
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: DateTime.fromJSDate(now, { zone: 'utc' }),
      lastModified: e.lastModified ? DateTime.fromJSDate(e.lastModified, { zone: 'utc' }) : null,
      start: DateTime.fromJSDate(e.start, { zone: CALENDAR_TIME_ZONE }),
      end: DateTime.fromJSDate(e.end, { zone: CALENDAR_TIME_ZONE }),
      timezone: CALENDAR_TIME_ZONE,
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
      status: ICalEventStatus[e.status]
    })
  }
  return cal.toString()
}
