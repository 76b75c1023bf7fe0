import { expect } from 'vitest'
import { eq } from 'drizzle-orm'
import { hearingsTable, outboxMessagesTable } from '../../../db/schema/index.js'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { BASE_URL } from './fixtures.js'
import { parseBoth, type ParsedCalendar } from './ics-parsers.js'

/** A scheduled hearing driven through the API, and the invitations it queues, for the calendar tests. */

export const MAIL_FROM = '"滨海市信访局听证办公室" <tingzheng@xfj.binzhou.example.gov.cn>'
export const ORGANIZER_EMAIL = 'tingzheng@xfj.binzhou.example.gov.cn'

/** A simple-procedure hearing (no composition rules) with a host, a recorder and a pool of five, all with mailboxes. */
export async function scheduledHearing ({ recorderEmail = 'zhao.jilu@example.cn' }: { recorderEmail?: string | null } = {}) {
  const t = await createTestApp({ config: { publicBaseUrl: BASE_URL, mailFrom: MAIL_FROM } })
  const regions = seedRegionTree(t)
  const respondent = anOrganisation(t.db, '东城区住房和城乡建设局')
  const matter = aMatter(t.db, { regionId: regions.townA.id, respondentOrganisationId: respondent.id, villageId: regions.villageA.id })
  const venue = aVenue(t.db, regions.townA.id, '渤海街道听证室')
  const host = aMember(t.db, { homeRegionId: regions.townA2.id, name: '李主持', email: 'li.zhuchi@example.cn' })
  const recorder = aMember(t.db, { homeRegionId: regions.townA2.id, name: '赵记录', email: recorderEmail })
  const pool = Array.from({ length: 5 }, (_, i) => aMember(t.db, {
    homeRegionId: regions.townA.id, name: `听证员${i + 1}`, email: `officer${i + 1}@example.cn`, roleHost: false, roleRecorder: false
  }))
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/hearings',
    headers: t.admin.headers,
    payload: {
      matterId: matter.id,
      procedure: 'simple',
      panelSize: 3,
      startsAt: '2026-12-10T09:00:00+08:00',
      endsAt: '2026-12-10T11:00:00+08:00',
      venueId: venue.id,
      hostMemberId: host.id,
      recorderMemberId: recorder.id
    }
  })
  expect(created.statusCode).toBe(201)
  const hearingId: number = created.json().hearing.id
  const url = `/api/v1/hearings/${hearingId}`
  const version = () => t.db.select().from(hearingsTable).where(eq(hearingsTable.id, hearingId)).get()!.version
  const draw = async () => {
    const res = await t.app.inject({ method: 'POST', url: `${url}/draws`, headers: t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '8241' } })
    expect(res.statusCode).toBe(201)
    return res.json() as { official: number[], alternates: number[] }
  }
  return { t, regions, matter, venue, host, recorder, pool, hearingId, url, version, draw, emailOf: (id: number) => [host, recorder, ...pool].find((m) => m.id === id)!.email! }
}

export type Mail = { id: number, to: string, subject: string, text: string, method: string, ics: string, cal: ParsedCalendar }

/** Every queued invitation, its calendar read by both parsers (which must agree on what is checked). */
export function outbox (t: { db: Awaited<ReturnType<typeof createTestApp>>['db'] }): Mail[] {
  return t.db.select().from(outboxMessagesTable).orderBy(outboxMessagesTable.id).all().map((m) => {
    expect(m.attachments).toHaveLength(1)
    const a = m.attachments[0]!
    const ics = Buffer.from(a.contentBase64, 'base64').toString('utf8')
    const { icaljs, nodeIcal } = parseBoth(ics)
    for (const cal of [icaljs, nodeIcal]) expect(cal.events).toHaveLength(1)
    const pick = (c: ParsedCalendar) => {
      const e = c.events[0]!
      return { method: c.method, tz: c.timezones, uid: e.uid, sequence: e.sequence, status: e.status, start: e.start, end: e.end, tzid: e.startTzid, organizer: e.organizer?.email, attendees: e.attendees.map((x) => [x.email, x.partstat, x.rsvp]) }
    }
    expect(pick(nodeIcal)).toEqual(pick(icaljs))
    return { id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, method: a.method!, ics, cal: icaljs }
  })
}

/** The link to the recipient's invitation page a mail or its calendar carries (panel members who have not answered). */
export const linkIn = (text: string) => /答复：(\S+)/.exec(text)?.[1]

/** The token of an invitation page link. */
export const tokenOf = (link: string) => new URL(link).searchParams.get('token')!
