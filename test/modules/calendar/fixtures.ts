import type { CalendarAttendee, CalendarHearing, CalendarRecipient } from '../../../server/modules/calendar/calendar.ics.js'

export const BASE_URL = 'https://tz.binzhou.example.gov.cn'
export const ORGANIZER = { name: '滨海市信访局听证办公室', email: 'tingzheng@xfj.binzhou.example.gov.cn' }

export const HOST: CalendarAttendee = { ref: { kind: 'member', id: 1 }, name: '张主持', email: 'host@example.cn', role: 'host', response: 'accepted' }
export const RECORDER: CalendarAttendee = { ref: { kind: 'member', id: 2 }, name: '李记录', email: 'recorder@example.cn', role: 'recorder', response: 'accepted' }
export const OFFICER_A: CalendarAttendee = { ref: { kind: 'member', id: 11 }, name: '王听证', email: 'wang@example.cn', role: 'panel', response: 'needs-action' }
export const OFFICER_B: CalendarAttendee = { ref: { kind: 'member', id: 12 }, name: '赵听证', email: 'zhao@example.cn', role: 'panel', response: 'accepted' }
export const OFFICER_C: CalendarAttendee = { ref: { kind: 'member', id: 13 }, name: '钱听证', email: 'qian@example.cn', role: 'panel', response: 'declined' }
export const RESPONDENT: CalendarAttendee = { ref: { kind: 'participant', id: 31 }, name: '孙承办', email: 'sun@dept.example.cn', role: 'respondent', response: 'needs-action' }

export function aHearing (overrides: Partial<CalendarHearing> = {}): CalendarHearing {
  return {
    id: 42,
    uid: 'hearing-42@tz.binzhou.example.gov.cn',
    sequence: 0,
    status: 'confirmed',
    start: new Date('2026-12-01T01:30:00Z'), // 09:30 in Shanghai
    end: new Date('2026-12-01T03:00:00Z'),
    venue: { name: '第一听证室', address: '滨海市渤海路1号信访局三楼' },
    title: '供暖费退还问题听证会',
    summary: '信访人要求退还2025年度供暖费，责任单位已作出不予退还的答复。',
    matterNumber: '滨信听〔2026〕12号',
    procedure: 'general',
    url: `${BASE_URL}/hearings/42`,
    attendees: [HOST, RECORDER, OFFICER_A, OFFICER_B, OFFICER_C, RESPONDENT],
    updatedAt: new Date('2026-11-20T02:00:00Z'),
    ...overrides
  }
}

export const recipientOf = (a: CalendarAttendee, extra: Partial<CalendarRecipient> = {}): CalendarRecipient =>
  ({ ref: a.ref, name: a.name, email: a.email!, ...extra })
