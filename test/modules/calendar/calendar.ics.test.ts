import { afterAll, describe, expect, test } from 'vitest'
import ical, { ICalCalendarMethod } from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { buildInvite, type CalendarHearing } from '../../../server/modules/calendar/calendar.ics.js'
import { buildFeed } from '../../../server/modules/calendar/calendar.feed-writer.js'
import { calendarDemoFiles } from '../../../server/modules/calendar/calendar.demo.js'
import { hearingUid } from '../../../server/modules/calendar/calendar.identity.js'
import { parseBoth, unfold, type ParsedCalendar } from './ics-parsers.js'
import { aHearing, BASE_URL, HOST, OFFICER_A, OFFICER_B, OFFICER_C, ORGANIZER, RECORDER, RESPONDENT, recipientOf } from './fixtures.js'

// vitest.config.ts pins TZ=UTC; these checks must hold in a server that is *not* on Chinese time, and
// America/New_York is 12 or 13 hours off Shanghai. Node re-reads TZ when it is assigned.
const previousTz = process.env.TZ
process.env.TZ = 'America/New_York'
afterAll(() => { process.env.TZ = previousTz })

const NOW = new Date('2026-11-28T01:00:00.000Z')
const UID = 'hearing-42@tz.binzhou.example.gov.cn'

function expectEvent (calendar: ParsedCalendar, hearing: CalendarHearing, { method, status }: { method: string, status: string }) {
  expect(calendar.method).toBe(method)
  expect(calendar.timezones).toEqual(['Asia/Shanghai'])
  expect(calendar.events).toHaveLength(1)
  const [event] = calendar.events
  expect(event).toMatchObject({
    uid: UID,
    sequence: hearing.sequence,
    status,
    start: hearing.start.toISOString(),
    end: hearing.end.toISOString(),
    startTzid: 'Asia/Shanghai',
    dtstamp: NOW.toISOString(),
    location: hearing.venue.address,
    url: hearing.url,
    organizer: { email: ORGANIZER.email, cn: ORGANIZER.name }
  })
  return event!
}

describe('invites across create → change → cancel, read by ical.js and node-ical, in a New York process', () => {
  test('the process really runs in America/New_York (otherwise the time-zone checks below prove nothing)', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/New_York')
    expect(new Date('2026-12-01T01:30:00Z').getHours()).toBe(20)
  })

  test('create: REQUEST, SEQUENCE 0, 09:30–11:00 Shanghai as the right instants, VTIMEZONE, attendees with RSVP and PARTSTAT from their answers', () => {
    const hearing = aHearing()
    const ics = buildInvite({ hearing, recipient: recipientOf(OFFICER_A), method: 'REQUEST', now: NOW, organizer: ORGANIZER })

    expect(ics).toContain('METHOD:REQUEST\r\n')
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20261201T093000\r\n')
    expect(ics).toContain('DTEND;TZID=Asia/Shanghai:20261201T110000\r\n')
    expect(ics).toContain('DTSTAMP:20261128T010000Z\r\n')
    expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Shanghai\r\n[\s\S]*TZOFFSETTO:\+0800[\s\S]*END:VTIMEZONE/)
    for (const calendar of parseBoth(ics).both) {
      const event = expectEvent(calendar, hearing, { method: 'REQUEST', status: 'CONFIRMED' })
      expect(event.summary).toBe('听证：供暖费退还问题听证会（滨信听〔2026〕12号）')
      expect(event.attendees.map((a) => [a.email, a.partstat, a.rsvp, a.role])).toEqual([
        ['wang@example.cn', 'NEEDS-ACTION', true, 'REQ-PARTICIPANT'],
        ['host@example.cn', 'ACCEPTED', true, 'CHAIR'],
        ['recorder@example.cn', 'ACCEPTED', true, 'REQ-PARTICIPANT'],
        ['zhao@example.cn', 'ACCEPTED', true, 'REQ-PARTICIPANT'],
        ['qian@example.cn', 'DECLINED', true, 'REQ-PARTICIPANT'],
        ['sun@dept.example.cn', 'NEEDS-ACTION', true, 'REQ-PARTICIPANT']
      ])
      expect(event.attendees[0]!.cn).toBe('王听证')
      expect(event.description).toContain('时间：2026年12月1日（星期二）09:30—11:00（北京时间）')
      expect(event.description).toContain('地点：第一听证室（滨海市渤海路1号信访局三楼）')
      expect(event.description).toContain('您的身份：听证员（待答复）')
      expect(event.description).toContain(`听证详情：${BASE_URL}/hearings/42`)
    }
  })

  test('change: the time moves, the UID stays, SEQUENCE goes up, and both parsers read the new instants', () => {
    const first = aHearing()
    const moved = aHearing({ sequence: 1, start: new Date('2026-12-03T06:00:00Z'), end: new Date('2026-12-03T07:30:00Z') })
    const before = parseBoth(buildInvite({ hearing: first, recipient: recipientOf(OFFICER_B), method: 'REQUEST', now: NOW, organizer: ORGANIZER }))
    const ics = buildInvite({ hearing: moved, recipient: recipientOf(OFFICER_B), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20261203T140000\r\n')
    for (const [i, calendar] of parseBoth(ics).both.entries()) {
      const event = expectEvent(calendar, moved, { method: 'REQUEST', status: 'CONFIRMED' })
      expect(event.uid).toBe(before.both[i]!.events[0]!.uid)
      expect(event.sequence).toBeGreaterThan(before.both[i]!.events[0]!.sequence)
      expect(event.start).toBe('2026-12-03T06:00:00.000Z')
      expect(event.description).toContain('2026年12月3日（星期四）14:00—15:30')
    }
  })

  test('cancel: METHOD:CANCEL and STATUS:CANCELLED with the same UID and a higher SEQUENCE, to every attendee, without RSVP', () => {
    const cancelled = aHearing({ sequence: 2, status: 'cancelled', start: new Date('2026-12-03T06:00:00Z'), end: new Date('2026-12-03T07:30:00Z') })
    const ics = buildInvite({ hearing: cancelled, recipient: recipientOf(HOST), method: 'CANCEL', now: NOW, organizer: ORGANIZER })
    expect(ics).toContain('METHOD:CANCEL\r\n')
    expect(ics).not.toContain('METHOD:REQUEST')
    for (const calendar of parseBoth(ics).both) {
      const event = expectEvent(calendar, cancelled, { method: 'CANCEL', status: 'CANCELLED' })
      expect(event.sequence).toBe(2)
      expect(event.summary).toMatch(/^【已取消】/)
      expect(event.attendees).toHaveLength(6)
      expect(event.attendees.every((a) => a.rsvp === false)).toBe(true)
      expect(event.description).toMatch(/^本次听证已取消/)
    }
  })

  test('a REQUEST for a cancelled hearing is refused: cancellation must go out as CANCEL (cal.diy #29706)', () => {
    expect(() => buildInvite({ hearing: aHearing({ status: 'cancelled' }), recipient: recipientOf(HOST), method: 'REQUEST', now: NOW, organizer: ORGANIZER }))
      .toThrow(/CANCEL/)
  })

  test('removing one officer: they get CANCEL naming only themselves, the others an update without them, same UID, higher SEQUENCE', () => {
    const after = aHearing({ sequence: 1, attendees: [HOST, RECORDER, OFFICER_A, OFFICER_B, RESPONDENT] })
    const removal = buildInvite({ hearing: after, recipient: recipientOf(OFFICER_C, { role: 'panel' }), method: 'CANCEL', now: NOW, organizer: ORGANIZER })
    const update = buildInvite({ hearing: after, recipient: recipientOf(OFFICER_A), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(removal).both) {
      const event = expectEvent(calendar, after, { method: 'CANCEL', status: 'CANCELLED' })
      expect(event.attendees.map((a) => a.email)).toEqual(['qian@example.cn'])
      expect(event.summary).toMatch(/^【不再参加】/)
      expect(event.description).toMatch(/^您已不再参加本次听证/)
      expect(event.description).not.toContain('您的身份')
    }
    for (const calendar of parseBoth(update).both) {
      const event = expectEvent(calendar, after, { method: 'REQUEST', status: 'CONFIRMED' })
      expect(event.attendees.map((a) => a.email)).not.toContain('qian@example.cn')
      expect(event.attendees).toHaveLength(5)
    }
  })

  test('replacing the host keeps the UID (cal.diy #23216): only SEQUENCE and the CHAIR change', () => {
    const newHost = { ...HOST, ref: { kind: 'member' as const, id: 3 }, name: '周主持', email: 'zhou@example.cn', response: 'needs-action' as const }
    const replaced = aHearing({ sequence: 1, attendees: [newHost, RECORDER, OFFICER_A] })
    const ics = buildInvite({ hearing: replaced, recipient: recipientOf(newHost), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(ics).both) {
      const event = expectEvent(calendar, replaced, { method: 'REQUEST', status: 'CONFIRMED' })
      expect(event.attendees.filter((a) => a.role === 'CHAIR').map((a) => a.email)).toEqual(['zhou@example.cn'])
    }
  })

  test('a hearing\'s UID is named after the installation, not after the address the service is reached at', () => {
    const uid = hearingUid({ hearingId: 42, installationId: '0b8f1c9e-4d2a-4f6b-9c3e-7a5d1e2f3b4c' })
    expect(uid).toBe('hearing-42@0b8f1c9e-4d2a-4f6b-9c3e-7a5d1e2f3b4c')
    const ics = buildInvite({ hearing: aHearing({ uid }), recipient: recipientOf(HOST), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(ics).both) expect(calendar.events[0]!.uid).toBe(uid)
  })

  test('text with commas, semicolons, backslashes and new lines survives escaping in both parsers', () => {
    const hearing = aHearing({ title: '听证,含逗号;分号\\反斜杠', venue: { name: '室', address: '渤海路1号;三楼,东侧' } })
    const ics = buildInvite({ hearing, recipient: recipientOf(HOST), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(ics).both) {
      expect(calendar.events[0]!.summary).toBe('听证：听证,含逗号;分号\\反斜杠（滨信听〔2026〕12号）')
      expect(calendar.events[0]!.location).toBe('渤海路1号;三楼,东侧')
    }
  })
})

describe('content per recipient', () => {
  const link = `${BASE_URL}/invitation?token=v1.42.member-11.answer.x`

  test("a recipient's own invitation link is in the description; another recipient's invite has none", () => {
    const hearing = aHearing()
    const mine = buildInvite({ hearing, recipient: recipientOf(OFFICER_A, { responseLink: link }), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    const theirs = buildInvite({ hearing, recipient: recipientOf(OFFICER_B), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(mine).both) {
      expect(calendar.events[0]!.description).toContain(`答复：${link}`)
      expect(calendar.events[0]!.description).toContain('（接受或谢绝）')
    }
    expect(unfold(theirs)).not.toContain('/invitation?token=')
  })

  test("the respondent handler's copy lists no one else's address", () => {
    const ics = buildInvite({ hearing: aHearing(), recipient: recipientOf(RESPONDENT), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(ics).both) {
      expect(calendar.events[0]!.attendees.map((a) => a.email)).toEqual(['sun@dept.example.cn'])
      expect(calendar.events[0]!.description).toContain('您的身份：承办人')
    }
    for (const other of [HOST, RECORDER, OFFICER_A, OFFICER_B, OFFICER_C]) expect(unfold(ics)).not.toContain(other.email!)
  })

  test('a recipient who is not an attendee (a coordinator) is listed as NON-PARTICIPANT so the invite is valid iTIP', () => {
    const ics = buildInvite({ hearing: aHearing(), recipient: { ref: { kind: 'user', id: 5 }, name: '协调员', email: 'coord@xfj.example.cn' }, method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    for (const calendar of parseBoth(ics).both) {
      expect(calendar.events[0]!.attendees[0]).toMatchObject({ email: 'coord@xfj.example.cn', role: 'NON-PARTICIPANT', partstat: null })
    }
  })

  test('no petitioner ID number or phone reaches an invite or a feed, even when smuggled into free-text fields', () => {
    const idNumber = '370102199001011234'
    const phone = '13812345678'
    const hearing = aHearing({
      title: `张三（身份证${idNumber}）供暖费听证`,
      summary: `信访人电话${phone}，身份证号${idNumber}`,
      venue: { name: `第一听证室 联系${phone}`, address: `渤海路1号 ${idNumber}` },
      attendees: [{ ...HOST, name: `张主持${phone}` }, OFFICER_A]
    })
    const outputs = [
      buildInvite({ hearing, recipient: recipientOf(OFFICER_A), method: 'REQUEST', now: NOW, organizer: ORGANIZER }),
      buildInvite({ hearing: { ...hearing, status: 'cancelled', sequence: 1 }, recipient: recipientOf(OFFICER_A), method: 'CANCEL', now: NOW, organizer: ORGANIZER }),
      buildFeed({ owner: { ref: OFFICER_A.ref as { kind: 'member', id: number } }, entries: [{ hearing }], now: NOW, baseUrl: BASE_URL })
    ]
    for (const ics of outputs) {
      const flat = unfold(ics)
      expect(flat).not.toContain(idNumber)
      expect(flat).not.toContain(phone)
      expect(flat).toContain('370102********1234')
      expect(flat).toContain('138****5678')
      for (const calendar of parseBoth(ics).both) {
        const event = calendar.events[0]!
        expect(JSON.stringify(event)).not.toContain(idNumber)
        expect(JSON.stringify(event)).not.toContain(phone)
      }
    }
  })

  test('the input type has no field that could carry the petitioner\'s ID number or phone', () => {
    const hearing: CalendarHearing = {
      ...aHearing(),
      // @ts-expect-error CalendarHearing has no petitioner fields (checked by tsc)
      petitionerIdNumber: '370102199001011234'
    }
    const ics = buildInvite({ hearing, recipient: recipientOf(HOST), method: 'REQUEST', now: NOW, organizer: ORGANIZER })
    expect(unfold(ics)).not.toContain('370102199001011234')
  })
})

describe('personal feed', () => {
  test('METHOD:PUBLISH with the invites\' UID and SEQUENCE; cancelled hearings and hearings the owner left stay as STATUS:CANCELLED', () => {
    const entries = [
      { hearing: aHearing({ id: 42, sequence: 1 }) },
      { hearing: aHearing({ id: 43, uid: 'hearing-43@tz.binzhou.example.gov.cn', sequence: 3, status: 'cancelled', start: new Date('2026-12-02T01:00:00Z'), end: new Date('2026-12-02T02:00:00Z') }) },
      { hearing: aHearing({ id: 44, uid: 'hearing-44@tz.binzhou.example.gov.cn', sequence: 2, start: new Date('2026-12-04T06:00:00Z'), end: new Date('2026-12-04T08:00:00Z') }), removed: true }
    ]
    const ics = buildFeed({ owner: { ref: { kind: 'member', id: 11 }, name: '王听证' }, entries, now: NOW, baseUrl: BASE_URL })
    expect(ics).toContain('METHOD:PUBLISH\r\n')
    expect(ics).not.toMatch(/METHOD:(REQUEST|CANCEL)/)
    expect(ics).not.toMatch(/^(ATTENDEE|ORGANIZER)/m)
    expect(ics).toContain('X-WR-TIMEZONE:Asia/Shanghai\r\n')
    expect(ics.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1)
    for (const calendar of parseBoth(ics).both) {
      expect(calendar.method).toBe('PUBLISH')
      const byUid = Object.fromEntries(calendar.events.map((e) => [e.uid, e]))
      expect(byUid[UID]).toMatchObject({ sequence: 1, status: 'CONFIRMED', start: '2026-12-01T01:30:00.000Z', startTzid: 'Asia/Shanghai' })
      expect(byUid['hearing-43@tz.binzhou.example.gov.cn']).toMatchObject({ sequence: 3, status: 'CANCELLED', start: '2026-12-02T01:00:00.000Z' })
      expect(byUid['hearing-44@tz.binzhou.example.gov.cn']).toMatchObject({ sequence: 2, status: 'CANCELLED', start: '2026-12-04T06:00:00.000Z' })
      expect(byUid[UID]!.description).toContain('您的身份：听证员')
      expect(byUid[UID]!.description).not.toContain('/invitation?token=')
    }
  })

  test('an empty feed is still a calendar both parsers accept', () => {
    const ics = buildFeed({ owner: { ref: { kind: 'user', id: 1 } }, entries: [], now: NOW, baseUrl: BASE_URL })
    for (const calendar of parseBoth(ics).both) expect(calendar.events).toEqual([])
  })
})

describe('the time-zone trap of native Dates under TZID is what these checks catch', () => {
  test('ical-generator given native Dates writes New York wall-clock time under TZID=Asia/Shanghai, which both parsers read as the wrong instant', () => {
    const hearing = aHearing()
    const cal = ical({ method: ICalCalendarMethod.REQUEST, timezone: { name: null, generator: getVtimezoneComponent } })
    cal.createEvent({ id: UID, start: hearing.start, end: hearing.end, timezone: 'Asia/Shanghai', stamp: NOW, summary: 'x' })
    const naive = cal.toString()
    expect(naive).toContain('DTSTART;TZID=Asia/Shanghai:20261130T203000')
    for (const calendar of parseBoth(naive).both) {
      expect(calendar.events[0]!.start).not.toBe(hearing.start.toISOString())
      expect(() => expectEvent(calendar, hearing, { method: 'REQUEST', status: 'CONFIRMED' })).toThrow()
    }
  })
})

describe('demo files', () => {
  test('invite, update, cancellation and feed carry one UID with rising SEQUENCE', () => {
    const files = calendarDemoFiles({ hearing: aHearing(), recipient: { ...recipientOf(OFFICER_A), ref: { kind: 'member', id: 11 } }, organizer: ORGANIZER, baseUrl: BASE_URL, now: NOW })
    const read = (name: string) => parseBoth(files[name]!).icaljs
    expect(Object.keys(files)).toEqual(['calendar-1-invite.ics', 'calendar-2-update.ics', 'calendar-3-cancel.ics', 'calendar-feed.ics'])
    expect(['calendar-1-invite.ics', 'calendar-2-update.ics', 'calendar-3-cancel.ics', 'calendar-feed.ics'].map((n) => {
      const c = read(n)
      return [c.method, c.events[0]!.uid, c.events[0]!.sequence, c.events[0]!.status]
    })).toEqual([
      ['REQUEST', UID, 0, 'CONFIRMED'],
      ['REQUEST', UID, 1, 'CONFIRMED'],
      ['CANCEL', UID, 2, 'CANCELLED'],
      ['PUBLISH', UID, 2, 'CANCELLED']
    ])
    expect(read('calendar-2-update.ics').events[0]!.start).toBe('2026-12-02T01:30:00.000Z')
  })
})
