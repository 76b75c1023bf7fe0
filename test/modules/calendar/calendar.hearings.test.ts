import { afterAll, describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditLogTable, calendarRemovalsTable, hearingParticipantsTable, hearingsTable } from '../../../db/schema/index.js'
import { createTestApp, seedRegionTree } from '../../helpers/app.js'
import { aMatter, aMember, anOrganisation, aVenue } from '../../helpers/factories.js'
import { calendarHearingFor, calendarHearingsFor } from '../../../server/modules/calendar/calendar.hearings.js'
import { installationIdOf } from '../../../server/modules/calendar/calendar.identity.js'
import { BASE_URL } from './fixtures.js'
import { parseBoth, unfold } from './ics-parsers.js'
import { linkIn, ORGANIZER_EMAIL, outbox, scheduledHearing, tokenOf } from './hearing-fixture.js'

// The whole life of a hearing runs with the process 12–13 hours off Beijing time.
const previousTz = process.env.TZ
process.env.TZ = 'America/New_York'
afterAll(() => { process.env.TZ = previousTz })

describe('calendar invitations follow the hearing', () => {
  test('create → panel drawn → time moved → decline by link → cancel: one UID, rising SEQUENCE, REQUEST/CANCEL to the right people', async () => {
    const f = await scheduledHearing()
    const uid = `hearing-${f.hearingId}@${installationIdOf(f.t.db)}`
    const everyone = () => outbox(f.t)

    // Created: host and recorder are invited at SEQUENCE 0.
    let mails = everyone()
    expect(mails.map((m) => [m.to, m.method, m.cal.events[0]!.sequence])).toEqual([
      ['li.zhuchi@example.cn', 'REQUEST', 0], ['zhao.jilu@example.cn', 'REQUEST', 0]
    ])

    // Panel drawn: everyone on it gets SEQUENCE 1; officers with accept/decline links, host and recorder without.
    const drawn = await f.draw()
    const seen = mails.length
    mails = everyone().slice(seen)
    const officerEmails = drawn.official.map(f.emailOf)
    expect(mails.map((m) => m.to).sort()).toEqual(['li.zhuchi@example.cn', 'zhao.jilu@example.cn', ...officerEmails].sort())
    for (const m of mails) {
      const e = m.cal.events[0]!
      expect(m.method).toBe('REQUEST')
      expect(m.cal.method).toBe('REQUEST')
      expect(m.cal.timezones).toEqual(['Asia/Shanghai'])
      expect(e).toMatchObject({ uid, sequence: 1, status: 'CONFIRMED', startTzid: 'Asia/Shanghai', start: '2026-12-10T01:00:00.000Z', end: '2026-12-10T03:00:00.000Z' })
      expect(e.organizer?.email).toBe(ORGANIZER_EMAIL)
      expect(e.location).toBe(f.venue.address)
      expect(unfold(m.ics)).toContain('DTSTART;TZID=Asia/Shanghai:20261210T090000')
      const attendees = Object.fromEntries(e.attendees.map((a) => [a.email, a.partstat]))
      expect(attendees).toEqual({
        'li.zhuchi@example.cn': 'ACCEPTED',
        'zhao.jilu@example.cn': 'ACCEPTED',
        ...Object.fromEntries(officerEmails.map((o) => [o, 'NEEDS-ACTION']))
      })
      expect(e.attendees.every((a) => a.rsvp === true)).toBe(true)
      const isOfficer = officerEmails.includes(m.to)
      expect(Boolean(linkIn(m.text))).toBe(isOfficer)
      expect(Boolean(e.description?.includes(`${BASE_URL}/invitation?token=`))).toBe(isOfficer)
    }
    // The alternate is not on the panel and is not invited.
    expect(mails.map((m) => m.to)).not.toContain(f.emailOf(drawn.alternates[0]!))

    // Time moved by a day: an update to all five at SEQUENCE 2, with the new times.
    const moved = await f.t.app.inject({
      method: 'PATCH',
      url: f.url,
      headers: f.t.admin.headers,
      payload: { version: f.version(), startsAt: '2026-12-11T14:00:00+08:00', endsAt: '2026-12-11T16:00:00+08:00' }
    })
    expect(moved.statusCode).toBe(200)
    const before = everyone().length
    mails = everyone().slice(seen + 5)
    expect(mails).toHaveLength(5)
    for (const m of mails) {
      expect(m.cal.events[0]).toMatchObject({ uid, sequence: 2, start: '2026-12-11T06:00:00.000Z', end: '2026-12-11T08:00:00.000Z', startTzid: 'Asia/Shanghai' })
      expect(m.subject).toMatch(/^听证变更：/)
    }

    // The first officer follows the link from their latest invitation: the page reads the invitation (recording
    // nothing), and declining there with a reason records the answer.
    const decliner = drawn.official[0]!
    const alternate = drawn.alternates[0]!
    const token = tokenOf(linkIn(mails.find((m) => m.to === f.emailOf(decliner))!.text)!)
    const page = await f.t.app.inject({ method: 'GET', url: `/api/v1/calendar/invitation?token=${token}` })
    expect(page.statusCode).toBe(200)
    expect(page.json().answer).toMatchObject({ response: 'pending', mayRespond: true })
    expect(everyone()).toHaveLength(before)
    const declined = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/decline', payload: { token, reason: '当天需出差' } })
    expect(declined.statusCode).toBe(200)
    expect(declined.json().answer).toMatchObject({ response: 'declined', reason: '当天需出差', mayRespond: false })

    const seats = f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all()
    expect(seats.find((p) => p.memberId === decliner)).toMatchObject({ active: false, response: 'declined' })
    expect(seats.find((p) => p.memberId === alternate)).toMatchObject({ active: true, kind: 'officer' })
    const panelNow = [...drawn.official.slice(1), alternate]

    mails = everyone().slice(before)
    const byTo = new Map(mails.map((m) => [m.to, m]))
    expect(mails).toHaveLength(6)
    expect(byTo.get(f.emailOf(decliner))).toMatchObject({ method: 'CANCEL' })
    const cancelToDecliner = byTo.get(f.emailOf(decliner))!.cal
    expect(cancelToDecliner.method).toBe('CANCEL')
    expect(cancelToDecliner.events[0]).toMatchObject({ uid, sequence: 3, status: 'CANCELLED' })
    expect(cancelToDecliner.events[0]!.attendees.map((a) => a.email)).toEqual([f.emailOf(decliner)])
    for (const id of [f.host.id, f.recorder.id, ...panelNow]) {
      const m = byTo.get(f.emailOf(id))!
      expect(m.method).toBe('REQUEST')
      expect(m.cal.events[0]).toMatchObject({ uid, sequence: 3, status: 'CONFIRMED' })
      const attendees = m.cal.events[0]!.attendees.map((a) => a.email)
      expect(attendees).toContain(f.emailOf(alternate))
      expect(attendees).not.toContain(f.emailOf(decliner))
    }
    // The promoted alternate is asked to answer; the audit says the answer came through the link.
    expect(linkIn(byTo.get(f.emailOf(alternate))!.text)).toBeDefined()
    const audit = f.t.db.select().from(auditLogTable).all().map((a) => [a.action, a.actorName])
    expect(audit).toContainEqual(['hearing.panel_replacement', '邀请答复链接'])

    // Declining again through the same link changes nothing.
    const again = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/decline', payload: { token, reason: '再次谢绝' } })
    expect(again.statusCode).toBe(200)
    expect(again.json().answer).toMatchObject({ response: 'declined', reason: '当天需出差' })
    expect(everyone()).toHaveLength(before + 6)

    // Cancelled: METHOD:CANCEL to everyone still on it, SEQUENCE 4; the decliner hears nothing more.
    const cancelled = await f.t.app.inject({ method: 'POST', url: `${f.url}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: f.version(), reason: '信访人撤回听证申请' } })
    expect(cancelled.statusCode).toBe(200)
    mails = everyone().slice(before + 6)
    expect(mails.map((m) => m.to).sort()).toEqual([f.host.id, f.recorder.id, ...panelNow].map(f.emailOf).sort())
    for (const m of mails) {
      expect(m.method).toBe('CANCEL')
      expect(m.cal.method).toBe('CANCEL')
      expect(m.cal.events[0]).toMatchObject({ uid, sequence: 4, status: 'CANCELLED', start: '2026-12-11T06:00:00.000Z' })
      expect(m.subject).toMatch(/^听证取消：/)
      expect(linkIn(m.text)).toBeUndefined()
    }

    // Across the whole life: one UID, and each person's SEQUENCE only rises.
    const all = everyone()
    expect(new Set(all.map((m) => m.cal.events[0]!.uid))).toEqual(new Set([uid]))
    for (const to of new Set(all.map((m) => m.to))) {
      const seqs = all.filter((m) => m.to === to).map((m) => m.cal.events[0]!.sequence)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      expect(new Set(seqs).size).toBe(seqs.length)
    }
    // No petitioner ID number or phone anywhere.
    const petitioner = f.t.sqlite.prepare('select id_number as idNumber, mobile from matter_petitioners where matter_id = ?').get(f.matter.id) as { idNumber: string, mobile: string }
    const everything = JSON.stringify(all)
    expect(everything).not.toContain(petitioner.idNumber)
    expect(everything).not.toContain(petitioner.mobile)

    // Personal feeds after the cancellation: the decliner's and the host's both show it as cancelled.
    for (const memberId of [decliner, f.host.id]) {
      const feed = await f.t.app.inject({ method: 'GET', url: `/api/v1/pool/members/${memberId}/calendar-feed`, headers: f.t.admin.headers })
      expect(feed.statusCode).toBe(200)
      const ics = await f.t.app.inject({ method: 'GET', url: new URL(feed.json().url).pathname })
      expect(ics.statusCode).toBe(200)
      for (const cal of parseBoth(ics.body).both) {
        expect(cal.method).toBe('PUBLISH')
        expect(cal.events.map((e) => [e.uid, e.sequence, e.status, e.startTzid, e.start])).toEqual([[uid, 4, 'CANCELLED', 'Asia/Shanghai', '2026-12-11T06:00:00.000Z']])
      }
    }
  })

  test('calendarHearingFor maps people, PARTSTAT and status; removing the recorder sends them a CANCEL and keeps the hearing in their feed', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const entry = calendarHearingFor(f.t.db, f.hearingId, { baseUrl: BASE_URL })!
    expect(entry).toMatchObject({ id: f.hearingId, uid: `hearing-${f.hearingId}@${installationIdOf(f.t.db)}`, sequence: 1, status: 'confirmed', procedure: 'simple', matterNumber: f.matter.number, venue: { name: f.venue.name, address: f.venue.address } })
    expect(entry.attendees.map((a) => [a.role, a.ref.id, a.response])).toEqual([
      ['host', f.host.id, 'accepted'], ['recorder', f.recorder.id, 'accepted'], ...drawn.official.map((id) => ['panel', id, 'needs-action'])
    ])
    expect(calendarHearingFor(f.t.db, 9999, { baseUrl: BASE_URL })).toBeNull()

    const newRecorder = aMember(f.t.db, { homeRegionId: f.regions.townA2.id, name: '钱记录', email: 'qian.jilu@example.cn', roleOfficer: false })
    const before = outbox(f.t).length
    const res = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), recorderMemberId: newRecorder.id } })
    expect(res.statusCode).toBe(200)
    const mails = outbox(f.t).slice(before)
    const old = mails.find((m) => m.to === 'zhao.jilu@example.cn')!
    expect(old.method).toBe('CANCEL')
    expect(old.subject).toMatch(/^听证安排变更（您不再参加）/)
    expect(old.cal.events[0]).toMatchObject({ sequence: 2, status: 'CANCELLED' })
    expect(mails.find((m) => m.to === 'qian.jilu@example.cn')).toMatchObject({ method: 'REQUEST' })
    expect(f.t.db.select().from(calendarRemovalsTable).all()).toMatchObject([{ hearingId: f.hearingId, memberId: f.recorder.id, role: 'recorder', sequence: 2 }])

    const feed = f.t.services.calendar.getFeed(f.t.admin.actor, { kind: 'member', id: f.recorder.id })
    const ics = await f.t.app.inject({ method: 'GET', url: new URL(feed.url).pathname })
    for (const cal of parseBoth(ics.body).both) expect(cal.events.map((e) => [e.sequence, e.status])).toEqual([[2, 'CANCELLED']])
    expect(unfold(ics.body)).toContain('【不再参加】')

    // A change the calendar does not show (notice served) announces nothing.
    const count = outbox(f.t).length
    const notified = await f.t.app.inject({ method: 'POST', url: `${f.url}/transitions`, headers: f.t.admin.headers, payload: { action: 'notify', version: f.version(), noticeServedOn: '2026-11-28' } })
    expect(notified.statusCode).toBe(200)
    expect(outbox(f.t)).toHaveLength(count)
  })

  test('people without a mailbox are skipped and only counted in the log line, which holds no personal data', async () => {
    const lines: { fields: Record<string, unknown>, message: string }[] = []
    const f = await scheduledHearing({ recorderEmail: null })
    f.t.services.calendarInvites.useLogger({ info: (fields, message) => lines.push({ fields, message }) })
    await f.draw()
    expect(outbox(f.t).map((m) => m.to)).not.toContain(null)
    expect(outbox(f.t).filter((m) => m.cal.events[0]!.sequence === 1)).toHaveLength(4)
    expect(lines).toEqual([{ message: 'calendar invitations queued', fields: { hearingId: f.hearingId, sequence: 1, change: 'panel', queued: 4, duplicates: 0, withoutEmail: 1 } }])
    expect(JSON.stringify(lines)).not.toMatch(/@|赵记录/)
  })
})

describe('many hearings at once', () => {
  test('calendarHearingsFor gives each hearing its own people: panel in seat order, then respondent representatives; inactive seats and alternates left out', async () => {
    const t = await createTestApp({ config: { publicBaseUrl: BASE_URL } })
    const regions = seedRegionTree(t)
    const matter = aMatter(t.db, { regionId: regions.townA.id, respondentOrganisationId: anOrganisation(t.db).id })
    const venue = aVenue(t.db, regions.townA.id)
    const m = Array.from({ length: 6 }, (_, i) => aMember(t.db, { homeRegionId: regions.townA.id, name: `成员${i + 1}`, email: i === 5 ? null : `m${i + 1}@example.cn` }))
    const at = new Date('2026-12-01T01:00:00Z')
    const hearing = (i: number, isPublic = true) => t.db.insert(hearingsTable).values({
      matterId: matter.id,
      regionId: regions.townA.id,
      procedure: 'general',
      isPublic,
      startsAt: new Date(at.getTime() + i * 86_400_000),
      endsAt: new Date(at.getTime() + i * 86_400_000 + 3_600_000),
      venueId: venue.id,
      hostMemberId: m[0]!.id,
      recorderMemberId: m[1]!.id,
      panelSize: 3,
      status: i === 2 ? 'cancelled' : 'scheduled',
      rulesetLabel: 'x',
      rulesetFingerprint: 'x',
      ruleset: {},
      uid: `h-${i}`,
      sequence: i,
      createdAt: at,
      updatedAt: new Date(at.getTime() + i)
    }).returning().get()
    const [a, b, c] = [hearing(0), hearing(1, false), hearing(2)]
    const seat = (hearingId: number, values: Partial<typeof hearingParticipantsTable.$inferInsert>) =>
      t.db.insert(hearingParticipantsTable).values({ hearingId, kind: 'officer', createdAt: at, ...values }).returning().get()
    // Inserted out of seat order and interleaved across hearings.
    seat(b.id, { memberId: m[4]!.id, rank: 2, response: 'declined' })
    seat(a.id, { memberId: m[3]!.id, rank: 3, response: 'accepted' })
    seat(a.id, { memberId: m[2]!.id, rank: 1 })
    seat(a.id, { memberId: m[5]!.id, rank: 2, active: false })
    seat(a.id, { memberId: m[5]!.id, kind: 'alternate', rank: 1 })
    const rep = seat(a.id, { kind: 'respondent_rep', name: null, memberId: m[5]!.id, email: 'rep@example.cn', response: 'accepted' })
    seat(b.id, { memberId: m[2]!.id, rank: 1, response: 'accepted' })
    const anonymous = seat(b.id, { kind: 'respondent_rep', name: null, email: null })

    const out = calendarHearingsFor(t.db, [c.id, a.id, b.id, a.id, 9999], { baseUrl: BASE_URL })
    expect([...out.keys()].sort()).toEqual([a.id, b.id, c.id].sort())
    const people = (id: number) => out.get(id)!.attendees.map((p) => [p.role, p.ref.kind, p.ref.id, p.name, p.email, p.response])
    const host = ['host', 'member', m[0]!.id, '成员1', 'm1@example.cn', 'accepted']
    const recorder = ['recorder', 'member', m[1]!.id, '成员2', 'm2@example.cn', 'accepted']
    expect(people(a.id)).toEqual([host, recorder,
      ['panel', 'member', m[2]!.id, '成员3', 'm3@example.cn', 'needs-action'], ['panel', 'member', m[3]!.id, '成员4', 'm4@example.cn', 'accepted'],
      ['respondent', 'participant', rep.id, '成员6', 'rep@example.cn', 'accepted']])
    expect(people(b.id)).toEqual([host, recorder,
      ['panel', 'member', m[2]!.id, '成员3', 'm3@example.cn', 'accepted'], ['panel', 'member', m[4]!.id, '成员5', 'm5@example.cn', 'declined'],
      ['respondent', 'participant', anonymous.id, '被申请单位承办人', null, 'needs-action']])
    expect(people(c.id)).toEqual([host, recorder])
    expect(out.get(a.id)).toMatchObject({ uid: `hearing-${a.id}@${installationIdOf(t.db)}`, sequence: 0, status: 'confirmed', summary: matter.summary || null, start: a.startsAt, end: a.endsAt, updatedAt: a.updatedAt, url: null })
    expect(out.get(b.id)).toMatchObject({ summary: null, procedure: 'general', venue: { name: venue.name, address: venue.address }, matterNumber: matter.number, title: matter.title })
    expect(out.get(c.id)).toMatchObject({ status: 'cancelled', sequence: 2 })
    for (const id of [a.id, b.id, c.id]) expect(calendarHearingFor(t.db, id, { baseUrl: BASE_URL })).toEqual(out.get(id))
    expect(calendarHearingsFor(t.db, [], { baseUrl: BASE_URL }).size).toBe(0)
  })
})

describe('accepting through the link', () => {
  test('accepting on the invitation page records the answer; PARTSTAT becomes ACCEPTED in the next update (a venue change); accepting again is unchanged', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const member = drawn.official[1]!
    const invite = outbox(f.t).find((m) => m.to === f.emailOf(member) && m.cal.events[0]!.sequence === 1)!
    const token = tokenOf(linkIn(invite.text)!)
    const before = outbox(f.t).length
    const res = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/accept', payload: { token } })
    expect(res.statusCode).toBe(200)
    expect(res.json().answer).toMatchObject({ response: 'accepted', responseName: '已接受' })
    const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === member)!
    expect(seat).toMatchObject({ active: true, response: 'accepted' })
    // An answer is not a change of time, venue or people: no mail.
    expect(outbox(f.t)).toHaveLength(before)
    const again = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/accept', payload: { token } })
    expect(again.statusCode).toBe(200)

    const moved = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), venueId: aVenue(f.t.db, f.regions.townA.id, '第二听证室').id } })
    expect(moved.statusCode).toBe(200)
    const update = outbox(f.t).slice(before)
    expect(update).toHaveLength(5)
    for (const m of update) {
      const partstat = m.cal.events[0]!.attendees.find((a) => a.email === f.emailOf(member))!.partstat
      expect(partstat).toBe('ACCEPTED')
      expect(m.cal.events[0]!.location).toMatch(/黄河路/)
    }
    // The member who already answered gets no links any more.
    expect(linkIn(update.find((m) => m.to === f.emailOf(member))!.text)).toBeUndefined()
  })
})

describe('pool member feed addresses', () => {
  test('a coordinator of the member\'s region gets and resets the feed URL; the old URL answers 404 at once; others get 404', async () => {
    const f = await scheduledHearing()
    const coordinator = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    const outsider = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyB.id })
    const officer = f.t.userWithToken({ role: 'officer', regionId: f.regions.countyA.id })
    const path = `/api/v1/pool/members/${f.host.id}/calendar-feed`

    const first = await f.t.app.inject({ method: 'GET', url: path, headers: coordinator.headers })
    expect(first.statusCode).toBe(200)
    expect(first.json().webcalUrl).toMatch(/^webcal:\/\/tz\.binzhou\.example\.gov\.cn\/api\/v1\/calendar\/feeds\/.+\.ics$/)
    const oldPath = new URL(first.json().url).pathname
    const feed = await f.t.app.inject({ method: 'GET', url: oldPath })
    expect(feed.statusCode).toBe(200)
    for (const cal of parseBoth(feed.body).both) expect(cal.events.map((e) => [e.sequence, e.status])).toEqual([[0, 'CONFIRMED']])

    const reset = await f.t.app.inject({ method: 'POST', url: `${path}/reset`, headers: coordinator.headers })
    expect(reset.statusCode).toBe(200)
    expect(reset.json().url).not.toBe(first.json().url)
    expect((await f.t.app.inject({ method: 'GET', url: oldPath })).statusCode).toBe(404)
    expect((await f.t.app.inject({ method: 'GET', url: new URL(reset.json().url).pathname })).statusCode).toBe(200)

    const hidden = await f.t.app.inject({ method: 'GET', url: path, headers: outsider.headers })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().code).toBe('pool.member_not_found')
    expect((await f.t.app.inject({ method: 'POST', url: `${path}/reset`, headers: outsider.headers })).statusCode).toBe(404)
    expect((await f.t.app.inject({ method: 'GET', url: path, headers: officer.headers })).statusCode).toBe(403)
    expect((await f.t.app.inject({ method: 'GET', url: '/api/v1/pool/members/99999/calendar-feed', headers: f.t.admin.headers })).statusCode).toBe(404)
  })

  test('a user\'s own feed lists the hearings they scheduled', async () => {
    const f = await scheduledHearing()
    const mine = await f.t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: f.t.admin.headers })
    const ics = await f.t.app.inject({ method: 'GET', url: new URL(mine.json().url).pathname })
    for (const cal of parseBoth(ics.body).both) expect(cal.events.map((e) => e.uid)).toEqual([`hearing-${f.hearingId}@${installationIdOf(f.t.db)}`])
    const other = f.t.userWithToken({ role: 'coordinator', regionId: f.regions.countyA.id })
    const theirs = await f.t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: other.headers })
    const empty = await f.t.app.inject({ method: 'GET', url: new URL(theirs.json().url).pathname })
    for (const cal of parseBoth(empty.body).both) expect(cal.events).toEqual([])
  })
})
