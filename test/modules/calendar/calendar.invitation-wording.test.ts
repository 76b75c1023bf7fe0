import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { hearingParticipantsTable } from '../../../db/schema/index.js'
import { inviteMail } from '../../../server/modules/calendar/calendar.mail.js'
import { cleanReason } from '../../../server/modules/calendar/calendar.responses.js'
import { aHearing, BASE_URL, ORGANIZER, RESPONDENT, recipientOf } from './fixtures.js'
import { linkIn, outbox, scheduledHearing, tokenOf } from './hearing-fixture.js'

const subjectKind = (subject: string) => subject.split('：')[0]

describe('the first mail to each person fits what they are asked', () => {
  test('a drawn officer is invited (听证邀请, the invitation page\'s link, no calendar-reply promise); host and recorder are told their role without links; a later change is 听证变更', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const mails = outbox(f.t)
    const officer = f.emailOf(drawn.official[0]!)
    const first = mails.find((m) => m.to === officer)!
    expect(first.method).toBe('REQUEST')
    expect(subjectKind(first.subject)).toBe('听证邀请')
    expect(first.text).toContain('您被抽取为以下听证的听证员，特邀请您参加')
    expect(linkIn(first.text)).toMatch(new RegExp(`^${BASE_URL}/invitation\\?token=v1\\.\\d+\\.member-\\d+\\.answer\\.`))
    expect(first.text).toContain('请打开下方链接答复是否参加；如不能参加，请在页面上点击“谢绝”并填写理由。')

    const host = mails.filter((m) => m.to === 'li.zhuchi@example.cn')
    expect(subjectKind(host[0]!.subject)).toBe('听证安排')
    expect(host[0]!.text).toContain('您被指定为以下听证的主持人')
    const recorder = mails.filter((m) => m.to === 'zhao.jilu@example.cn')
    expect(recorder[0]!.text).toContain('您被指定为以下听证的记录员')
    for (const m of [...host, ...recorder]) expect(linkIn(m.text)).toBeUndefined()
    // The panel draw is news to host and recorder, not a first invitation.
    expect(host.map((m) => subjectKind(m.subject))).toEqual(['听证安排', '听证变更'])

    for (const m of mails) expect(m.text).not.toContain('在日历中接受')

    const before = mails.length
    const moved = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' } })
    expect(moved.statusCode).toBe(200)
    expect(outbox(f.t).slice(before).map((m) => subjectKind(m.subject))).toEqual(Array(5).fill('听证变更'))
  })

  test('a member who joins later (a promoted alternate, one drawn in a witnessed redraw round) is first invited, not told of a change', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const decline = async (memberId: number) => {
      const seat = f.t.db.select().from(hearingParticipantsTable).all().find((p) => p.memberId === memberId && p.active)!
      const res = await f.t.app.inject({ method: 'POST', url: `${f.url}/participants/${seat.id}/response`, headers: f.t.admin.headers, payload: { response: 'declined', reason: '出差' } })
      expect(res.statusCode).toBe(200)
    }
    const firstMailTo = (memberId: number) => outbox(f.t).find((m) => m.to === f.emailOf(memberId))
    expect(firstMailTo(drawn.alternates[0]!)).toBeUndefined()
    await decline(drawn.official[0]!)
    const promoted = firstMailTo(drawn.alternates[0]!)!
    expect([promoted.method, subjectKind(promoted.subject)]).toEqual(['REQUEST', '听证邀请'])
    expect(linkIn(promoted.text)).toBeDefined()
    // no alternate left: the seat waits for a redraw round, whose member is invited too
    await decline(drawn.official[1]!)
    expect((await f.t.app.inject({ method: 'POST', url: `${f.url}/draw-commitments`, headers: f.t.admin.headers, payload: { witnessName: '赵见证' } })).statusCode).toBe(201)
    const redraw = await f.t.app.inject({ method: 'POST', url: `${f.url}/draws`, headers: f.t.admin.headers, payload: { witnessName: '钱见证', witnessValue: '20261201' } })
    expect(redraw.statusCode).toBe(201)
    const newcomer = firstMailTo(redraw.json().official[0])!
    expect([newcomer.method, subjectKind(newcomer.subject)]).toEqual(['REQUEST', '听证邀请'])
    // those already on it hear of the change
    const stayed = outbox(f.t).filter((m) => m.to === f.emailOf(drawn.official[2]!)).map((m) => subjectKind(m.subject))
    expect(stayed[0]).toBe('听证邀请')
    expect(stayed.slice(1).every((k) => k === '听证变更')).toBe(true)
    expect(stayed.length).toBeGreaterThan(1)
  })

  test('a respondent handler is told to attend for their unit, without links', () => {
    const mail = inviteMail({ hearing: aHearing(), recipient: recipientOf(RESPONDENT), method: 'REQUEST', now: new Date('2026-11-28T01:00:00Z'), organizer: ORGANIZER, kind: 'invite' })
    expect(subjectKind(mail.subject)).toBe('听证安排')
    expect(mail.text).toContain('请您作为责任单位承办人按时参加以下听证')
    expect(mail.text).not.toContain('答复：')
  })

  test('every link a mail or its calendar carries opens a page (the invitation page: its API answers); no link to a hearing page that does not exist yet', async () => {
    const f = await scheduledHearing()
    await f.draw()
    const mails = outbox(f.t)
    expect(mails.length).toBeGreaterThan(0)
    for (const m of mails) {
      expect(m.text).not.toMatch(/\/hearings\/\d/)
      expect(m.ics).not.toMatch(/\/hearings\/\d|^URL/m)
      expect(m.cal.events[0]!.url ?? null).toBeNull()
      for (const link of m.text.match(/https?:\/\/\S+/g) ?? []) {
        const url = new URL(link)
        // the page is the web interface's (not built for these tests); what it shows comes from this call
        const path = url.pathname === '/invitation' ? `/api/v1/calendar/invitation${url.search}` : url.pathname + url.search
        const res = await f.t.app.inject({ method: 'GET', url: path })
        expect([link, res.statusCode]).toEqual([link, 200])
      }
    }
  })
})

describe('declining through the link takes a reason', () => {
  test('the reason is stored as the decline reason, white space collapsed; a bidi override is refused on the field', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const decliner = drawn.official[0]!
    const token = tokenOf(linkIn(outbox(f.t).find((m) => m.to === f.emailOf(decliner))!.text)!)
    const decline = (reason: string) => f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/decline', payload: { token, reason } })
    const refused = await decline('当天需出庭，\u202e无法参加')
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toMatchObject({ code: 'documents.control_characters', errors: [{ field: 'reason' }] })
    const done = await decline('  当天需出庭，\n\t无法参加 ')
    expect(done.statusCode, done.body).toBe(200)
    const seat = f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all().find((p) => p.memberId === decliner)
    expect(seat).toMatchObject({ response: 'declined', responseReason: '当天需出庭， 无法参加' })
  })

  test('without a reason (empty or blank) the decline is refused on the field and nothing changes; accepting needs none', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const [decliner, accepter] = drawn.official as [number, number]
    const mails = outbox(f.t)
    const token = tokenOf(linkIn(mails.find((m) => m.to === f.emailOf(decliner))!.text)!)
    for (const reason of ['', '  \n ']) {
      const refused = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/decline', payload: { token, reason } })
      expect(refused.statusCode).toBe(422)
      expect(refused.json()).toMatchObject({ code: 'calendar.decline_reason_required', title: '请填写谢绝的理由', errors: [{ in: 'body', field: 'reason' }] })
    }
    const accepted = await f.t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/accept', payload: { token: tokenOf(linkIn(mails.find((m) => m.to === f.emailOf(accepter))!.text)!) } })
    expect(accepted.statusCode).toBe(200)
    const seats = f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all()
    expect(seats.find((p) => p.memberId === decliner)).toMatchObject({ response: 'pending', responseReason: null, active: true })
    expect(seats.find((p) => p.memberId === accepter)).toMatchObject({ response: 'accepted' })
    expect(outbox(f.t)).toHaveLength(mails.length)
  })

  test('cleanReason drops control and format characters, collapses white space and keeps 200 characters', () => {
    expect(cleanReason('  出差\n\t在外\u200b ')).toBe('出差 在外')
    expect(cleanReason(' \n ')).toBeNull()
    expect(cleanReason(undefined)).toBeNull()
    expect([...cleanReason('听'.repeat(300))!]).toHaveLength(200)
  })
})
