import ICAL from 'ical.js'
import nodeIcal from 'node-ical'

/** One reading of a calendar, the same shape from either parser, so the two can be checked against each other. */
export type ParsedAttendee = { email: string, cn: string | null, partstat: string | null, rsvp: boolean | null, role: string | null }
export type ParsedEvent = {
  uid: string
  sequence: number
  status: string | null
  start: string
  end: string
  startTzid: string | null
  dtstamp: string
  summary: string
  description: string | null
  location: string | null
  url: string | null
  organizer: { email: string, cn: string | null } | null
  attendees: ParsedAttendee[]
}
export type ParsedCalendar = { method: string | null, timezones: string[], events: ParsedEvent[] }

const mailbox = (value: string) => value.replace(/^mailto:/i, '').toLowerCase()
const bool = (value: unknown) => value === undefined || value === null ? null : value === true || String(value).toUpperCase() === 'TRUE'

export function parseWithIcalJs (text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text))
  const timezones = root.getAllSubcomponents('vtimezone')
  for (const tz of timezones) ICAL.TimezoneService.register(tz)
  const events = root.getAllSubcomponents('vevent').map((v): ParsedEvent => {
    const event = new ICAL.Event(v)
    const organizer = v.getFirstProperty('organizer')
    const str = (name: string) => {
      const value = v.getFirstPropertyValue(name)
      return value === null || value === undefined ? null : String(value)
    }
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: str('status'),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startTzid: (v.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) ?? null,
      dtstamp: (v.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
      summary: event.summary,
      description: str('description'),
      location: str('location'),
      url: str('url'),
      organizer: organizer ? { email: mailbox(String(organizer.getFirstValue())), cn: (organizer.getParameter('cn') as string | undefined) ?? null } : null,
      attendees: v.getAllProperties('attendee').map((p) => ({
        email: mailbox(String(p.getFirstValue())),
        cn: (p.getParameter('cn') as string | undefined) ?? null,
        partstat: (p.getParameter('partstat') as string | undefined) ?? null,
        rsvp: bool(p.getParameter('rsvp')),
        role: (p.getParameter('role') as string | undefined) ?? null
      }))
    }
  })
  return { method: (root.getFirstPropertyValue('method') as string | null) ?? null, timezones: timezones.map((tz) => String(tz.getFirstPropertyValue('tzid'))), events }
}

type Param = string | { val: string, params: Record<string, unknown> }
const val = (p: Param | undefined) => p === undefined ? null : typeof p === 'string' ? p : p.val
const params = (p: Param | undefined) => typeof p === 'object' ? p.params : {}

export function parseWithNodeIcal (text: string): ParsedCalendar {
  const data = nodeIcal.sync.parseICS(text) as Record<string, Record<string, unknown> | undefined>
  const components = Object.entries(data).filter(([key]) => key !== 'vcalendar').map(([, c]) => c!)
  const events = components.filter((c) => c.type === 'VEVENT').map((e): ParsedEvent => {
    const attendees = ([] as Param[]).concat((e.attendee as Param | Param[] | undefined) ?? [])
    const organizer = e.organizer as Param | undefined
    const start = e.start as Date & { tz?: string }
    return {
      uid: String(e.uid),
      sequence: Number(e.sequence ?? 0),
      status: (e.status as string | undefined) ?? null,
      start: start.toISOString(),
      end: (e.end as Date).toISOString(),
      startTzid: start.tz ?? null,
      dtstamp: (e.dtstamp as Date).toISOString(),
      summary: String(val(e.summary as Param)),
      description: val(e.description as Param | undefined),
      location: val(e.location as Param | undefined),
      url: val(e.url as Param | undefined),
      organizer: organizer ? { email: mailbox(val(organizer)!), cn: (params(organizer).CN as string | undefined) ?? null } : null,
      attendees: attendees.map((a) => ({
        email: mailbox(val(a)!),
        cn: (params(a).CN as string | undefined) ?? null,
        partstat: (params(a).PARTSTAT as string | undefined) ?? null,
        rsvp: bool(params(a).RSVP),
        role: (params(a).ROLE as string | undefined) ?? null
      }))
    }
  })
  const method = (data.vcalendar?.method as string | undefined) ?? (events.length > 0 ? (components.find((c) => c.type === 'VEVENT')?.method as string | undefined) ?? null : null)
  return { method, timezones: components.filter((c) => c.type === 'VTIMEZONE').map((c) => String(c.tzid)), events }
}

/** Both parsers; fails loudly when they disagree on anything checked here. */
export function parseBoth (text: string) {
  const a = parseWithIcalJs(text)
  const b = parseWithNodeIcal(text)
  return { icaljs: a, nodeIcal: b, both: [a, b] as const }
}

/** The text with RFC 5545 line folding undone, for substring checks. */
export function unfold (text: string) {
  return text.replace(/\r\n[ \t]/g, '')
}
