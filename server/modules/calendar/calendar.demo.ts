import { buildInvite, type CalendarHearing, type CalendarOrganizer, type CalendarRecipient } from './calendar.ics.js'
import { buildFeed } from './calendar.feed-writer.js'

/**
 * Calendar files for the demo output folder: the invite, an update that moves the hearing by
 * `moveByMinutes`, the cancellation, and the recipient's personal feed showing the hearing as cancelled.
 * File name → content; the demo command writes them as they are.
 */
export function calendarDemoFiles ({ hearing, recipient, organizer, baseUrl, now, moveByMinutes = 24 * 60 }: {
  hearing: CalendarHearing
  recipient: CalendarRecipient & { ref: { kind: 'user' | 'member', id: number } }
  organizer: CalendarOrganizer
  baseUrl: string
  now: Date
  moveByMinutes?: number
}): Record<string, string> {
  const shift = moveByMinutes * 60_000
  const moved: CalendarHearing = { ...hearing, sequence: hearing.sequence + 1, start: new Date(hearing.start.getTime() + shift), end: new Date(hearing.end.getTime() + shift) }
  const cancelled: CalendarHearing = { ...moved, sequence: moved.sequence + 1, status: 'cancelled' }
  const invite = (h: CalendarHearing, method: 'REQUEST' | 'CANCEL') => buildInvite({ hearing: h, recipient, method, now, organizer })
  return {
    'calendar-1-invite.ics': invite(hearing, 'REQUEST'),
    'calendar-2-update.ics': invite(moved, 'REQUEST'),
    'calendar-3-cancel.ics': invite(cancelled, 'CANCEL'),
    'calendar-feed.ics': buildFeed({ owner: { ref: recipient.ref, name: recipient.name }, entries: [{ hearing: cancelled }], now, baseUrl })
  }
}
