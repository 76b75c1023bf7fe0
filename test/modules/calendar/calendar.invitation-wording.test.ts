import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { hearingParticipantsTable } from '../../../db/schema/index.js'
import { inviteMail } from '../../../server/modules/calendar/calendar.mail.js'
import { cleanReason, renderResponsePage } from '../../../server/modules/calendar/calendar.pages.js'
import { aHearing, ORGANIZER, RESPONDENT, recipientOf } from './fixtures.js'
import { linkIn, outbox, scheduledHearing } from './hearing-fixture.js'

const subjectKind = (subject: string) => subject.split('：')[0]

describe('the first mail to each person fits what they are asked', () => {
  test('a drawn officer is invited (听证邀请, links, no calendar-reply promise); host and recorder are told their role without links; a later change is 听证变更', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const mails = outbox(f.t)
    const officer = f.emailOf(drawn.official[0]!)
    const first = mails.find((m) => m.to === officer)!
    expect(first.method).toBe('REQUEST')
    expect(subjectKind(first.subject)).toBe('听证邀请')
    expect(first.text).toContain('您被抽取为以下听证的听证员，特邀请您参加')
    expect(linkIn(first.text, '接受')).toBeDefined()
    expect(linkIn(first.text, '谢绝')).toBeDefined()

    const host = mails.filter((m) => m.to === 'li.zhuchi@example.cn')
    expect(subjectKind(host[0]!.subject)).toBe('听证安排')
    expect(host[0]!.text).toContain('您被指定为以下听证的主持人')
    const recorder = mails.filter((m) => m.to === 'zhao.jilu@example.cn')
    expect(recorder[0]!.text).toContain('您被指定为以下听证的记录员')
    for (const m of [...host, ...recorder]) expect([linkIn(m.text, '接受'), linkIn(m.text, '谢绝')]).toEqual([undefined, undefined])
    // The panel draw is news to host and recorder, not a first invitation.
    expect(host.map((m) => subjectKind(m.subject))).toEqual(['听证安排', '听证变更'])

    for (const m of mails) expect(m.text).not.toContain('在日历中接受')

    const before = mails.length
    const moved = await f.t.app.inject({ method: 'PATCH', url: f.url, headers: f.t.admin.headers, payload: { version: f.version(), startsAt: '2026-12-11T09:00:00+08:00', endsAt: '2026-12-11T11:00:00+08:00' } })
    expect(moved.statusCode).toBe(200)
    expect(outbox(f.t).slice(before).map((m) => subjectKind(m.subject))).toEqual(Array(5).fill('听证变更'))
  })

  test('a respondent handler is told to attend for their unit, without links', () => {
    const mail = inviteMail({ hearing: aHearing(), recipient: recipientOf(RESPONDENT), method: 'REQUEST', now: new Date('2026-11-28T01:00:00Z'), organizer: ORGANIZER, kind: 'invite' })
    expect(subjectKind(mail.subject)).toBe('听证安排')
    expect(mail.text).toContain('请您作为责任单位承办人按时参加以下听证')
    expect(mail.text).not.toContain('接受：')
  })

  test('every link a mail or its calendar carries opens a page; no link to a hearing page that does not exist yet', async () => {
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
        const res = await f.t.app.inject({ method: 'GET', url: url.pathname + url.search })
        expect([link, res.statusCode]).toEqual([link, 200])
      }
    }
  })
})

describe('declining through the link takes a reason', () => {
  test('the decline page asks for a reason and the answer stores it as the decline reason', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const decliner = drawn.official[0]!
    const link = new URL(linkIn(outbox(f.t).find((m) => m.to === f.emailOf(decliner))!.text, '谢绝')!)
    const page = await f.t.app.inject({ method: 'GET', url: link.pathname + link.search })
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<textarea id="reason" name="reason" rows="3" maxlength="200"><\/textarea>/)
    const reason = '当天需出庭，\u202e无法参加'
    const done = await f.t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}&confirm=1&reason=${encodeURIComponent(reason)}` })
    expect(done.statusCode).toBe(200)
    const seat = f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all().find((p) => p.memberId === decliner)
    expect(seat).toMatchObject({ response: 'declined', responseReason: '当天需出庭， 无法参加' })
  })

  test('without a reason the decline records how it came in; the accept page asks for none', async () => {
    const f = await scheduledHearing()
    const drawn = await f.draw()
    const [decliner, accepter] = drawn.official as [number, number]
    const mails = outbox(f.t)
    const decline = new URL(linkIn(mails.find((m) => m.to === f.emailOf(decliner))!.text, '谢绝')!)
    expect((await f.t.app.inject({ method: 'GET', url: `${decline.pathname}${decline.search}&confirm=1&reason=` })).statusCode).toBe(200)
    const accept = new URL(linkIn(mails.find((m) => m.to === f.emailOf(accepter))!.text, '接受')!)
    expect((await f.t.app.inject({ method: 'GET', url: accept.pathname + accept.search })).body).not.toContain('<textarea')
    const seats = f.t.db.select().from(hearingParticipantsTable).where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all()
    expect(seats.find((p) => p.memberId === decliner)).toMatchObject({ response: 'declined', responseReason: '通过邀请邮件中的链接谢绝' })
  })

  test('cleanReason drops control and format characters, collapses white space and keeps 200 characters', () => {
    expect(cleanReason('  出差\n\t在外\u200b ')).toBe('出差 在外')
    expect(cleanReason(' \n ')).toBeNull()
    expect(cleanReason(undefined)).toBeNull()
    expect([...cleanReason('听'.repeat(300))!]).toHaveLength(200)
    expect(renderResponsePage({ kind: 'confirm', action: 'decline', hearing: null, token: 't', formAction: '/x' })).toContain('谢绝理由')
  })
})
