import { describe, expect, test } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { auditLogTable, hearingParticipantsTable, usersTable } from '../../../db/schema/index.js'
import { api, expectProblem, linkedAccount } from '../remuneration/remuneration.fixture.js'
import { linkIn, outbox, scheduledHearing, tokenOf } from './hearing-fixture.js'
import { parseBoth } from './ics-parsers.js'

/** The hearing of 10 December 2026, 09:00–11:00 (Shanghai), drawn: three officers and the alternates, each officer with an account. */
async function invited () {
  const f = await scheduledHearing()
  const drawn = await f.draw()
  const [first, second] = drawn.official as [number, number, number]
  const me = linkedAccount(f.t, first)
  const colleague = linkedAccount(f.t, second)
  const seatOf = (memberId: number) => f.t.db.select().from(hearingParticipantsTable)
    .where(and(eq(hearingParticipantsTable.hearingId, f.hearingId), eq(hearingParticipantsTable.memberId, memberId))).all()
  return { ...f, drawn, me, colleague, seatOf, first, second }
}

describe('my hearings (GET /me/hearings)', () => {
  test('an officer sees the hearing they were drawn for, with their seat and a pending invitation they may answer', async () => {
    const f = await invited()
    const res = await api(f.t, 'GET', '/api/v1/me/hearings', undefined, f.me.headers)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.member).toEqual({ id: f.first, name: f.pool.find((m) => m.id === f.first)!.name })
    expect(body.past).toEqual([])
    expect(body.upcoming).toHaveLength(1)
    const participantId = f.seatOf(f.first)[0]!.id
    expect(body.upcoming[0]).toEqual({
      hearingId: f.hearingId,
      matterNumber: f.matter.number,
      title: f.matter.title,
      procedure: 'simple',
      procedureName: '简易程序',
      status: 'scheduled',
      statusName: '已排期',
      startsAt: '2026-12-10T09:00:00.000+08:00',
      endsAt: '2026-12-10T11:00:00.000+08:00',
      regionName: f.regions.townA.name,
      venue: { name: '渤海街道听证室', address: f.venue.address },
      upcoming: true,
      seat: { role: 'officer', roleName: '听证员', active: true, endedReason: null },
      invitation: { participantId, response: 'pending', responseName: '待答复', reason: null, respondedAt: null, mayRespond: true }
    })
  })

  test('the host sees it as host, without an invitation; the detail names host, recorder and panel', async () => {
    const f = await invited()
    const host = linkedAccount(f.t, f.host.id, 'host')
    const list = (await api(f.t, 'GET', '/api/v1/me/hearings', undefined, host.headers)).json()
    expect(list.upcoming.map((h: { seat: { role: string }, invitation: unknown }) => [h.seat.role, h.invitation])).toEqual([['host', null]])
    const detail = await api(f.t, 'GET', `/api/v1/me/hearings/${f.hearingId}`, undefined, f.me.headers)
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json()).toMatchObject({ hostName: '李主持', recorderName: '赵记录' })
    expect(detail.json().panel.map((p: { name: string, seat: number, response: string }) => p.name)).toEqual(
      f.drawn.official.map((id) => f.pool.find((m) => m.id === id)!.name))
  })

  test('only officer and host accounts linked to a pool member; a hearing the member is not on is 404', async () => {
    const f = await invited()
    expectProblem(await api(f.t, 'GET', '/api/v1/me/hearings'), 403, 'auth.forbidden')
    const unlinked = f.t.userWithToken({ role: 'officer' })
    expectProblem(await api(f.t, 'GET', '/api/v1/me/hearings', undefined, unlinked.headers), 404, 'calendar.no_linked_member')
    const outsider = linkedAccount(f.t, f.pool.find((m) => !f.drawn.official.includes(m.id) && !f.drawn.alternates.includes(m.id))?.id ?? f.recorder.id)
    const outsiderList = (await api(f.t, 'GET', '/api/v1/me/hearings', undefined, outsider.headers)).json()
    if (outsiderList.upcoming.length === 0) expectProblem(await api(f.t, 'GET', `/api/v1/me/hearings/${f.hearingId}`, undefined, outsider.headers), 404, 'calendar.my_hearing_not_found')
    expectProblem(await api(f.t, 'GET', '/api/v1/me/hearings/9999', undefined, f.me.headers), 404, 'calendar.my_hearing_not_found')
  })
})

describe('answering an invitation signed in', () => {
  test('a decline needs a reason: an empty or blank one is refused with a field error and nothing changes', async () => {
    const f = await invited()
    const participantId = f.seatOf(f.first)[0]!.id
    const mails = outbox(f.t).length
    for (const reason of ['', '   ', '\n\t ']) {
      const problem = expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${participantId}/decline`, { reason }, f.me.headers), 422, 'calendar.decline_reason_required')
      expect(problem.errors).toMatchObject([{ in: 'body', field: 'reason' }])
    }
    expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${participantId}/decline`, {}, f.me.headers), 400, 'request.invalid')
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending', active: true }])
    expect(outbox(f.t)).toHaveLength(mails)
  })

  test('a decline with a reason does what a declined link does: the seat ends, the first alternate is promoted, updated invitations are queued', async () => {
    const f = await invited()
    const participantId = f.seatOf(f.first)[0]!.id
    const alternate = f.drawn.alternates[0]!
    const mails = outbox(f.t).length
    const res = await api(f.t, 'POST', `/api/v1/me/invitations/${participantId}/decline`, { reason: '  当天需出差，\n无法参加 ' }, f.me.headers)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      hearingId: f.hearingId,
      seat: { role: 'officer', active: false },
      invitation: { participantId, response: 'declined', responseName: '已谢绝', reason: '当天需出差， 无法参加', respondedAt: '2026-11-28T09:00:00.000+08:00', mayRespond: false }
    })
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'declined', responseReason: '当天需出差， 无法参加', active: false }])
    expect(f.seatOf(alternate).find((s) => s.active)).toMatchObject({ kind: 'officer' })
    expect(res.json().panel.map((p: { name: string }) => p.name)).toContain(f.pool.find((m) => m.id === alternate)!.name)
    const queued = outbox(f.t).slice(mails)
    expect(queued.find((m) => m.to === f.emailOf(f.first))).toMatchObject({ method: 'CANCEL' })
    expect(queued.find((m) => m.to === f.emailOf(alternate))).toMatchObject({ method: 'REQUEST' })
    // recorded as the officer's own act
    const audit = f.t.db.select().from(auditLogTable).where(eq(auditLogTable.actorUserId, f.me.user.id)).all()
    expect(audit.length).toBeGreaterThan(0)

    // answering the same way again changes nothing; the other way is refused; the declined hearing stays listed, ended
    const again = await api(f.t, 'POST', `/api/v1/me/invitations/${participantId}/decline`, { reason: '重复' }, f.me.headers)
    expect(again.statusCode).toBe(200)
    expect(again.json().invitation.reason).toBe('当天需出差， 无法参加')
    expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${participantId}/accept`, undefined, f.me.headers), 409, 'calendar.invitation_answered')
    const list = (await api(f.t, 'GET', '/api/v1/me/hearings', undefined, f.me.headers)).json()
    expect(list.upcoming[0]).toMatchObject({ seat: { active: false }, invitation: { response: 'declined' } })
  })

  test('an accept is recorded as the officer, audited; another member\'s invitation is not found', async () => {
    const f = await invited()
    const mine = f.seatOf(f.first)[0]!.id
    const theirs = f.seatOf(f.second)[0]!.id
    expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${theirs}/accept`, undefined, f.me.headers), 404, 'calendar.invitation_not_found')
    expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${theirs}/decline`, { reason: '代为谢绝' }, f.me.headers), 404, 'calendar.invitation_not_found')
    expect(f.seatOf(f.second)).toMatchObject([{ response: 'pending', active: true }])
    const res = await api(f.t, 'POST', `/api/v1/me/invitations/${mine}/accept`, undefined, f.me.headers)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().invitation).toMatchObject({ response: 'accepted', responseName: '已接受', mayRespond: false })
    const audit = f.t.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'hearing.panel_accept')).all()
    expect(audit).toMatchObject([{ actorUserId: f.me.user.id, entityId: String(f.hearingId) }])
  })

  test('once the hearing has started (same rule as the mail links) the invitation is closed', async () => {
    const f = await invited()
    const mine = f.seatOf(f.first)[0]!.id
    f.t.clock.set('2026-12-10T01:00:00.000Z') // 09:00 in Shanghai: the start
    // the first session has run out by then: the member's account of today
    f.t.db.update(usersTable).set({ poolMemberId: null }).where(eq(usersTable.id, f.me.user.id)).run()
    const late = linkedAccount(f.t, f.first)
    const list = (await api(f.t, 'GET', '/api/v1/me/hearings', undefined, late.headers)).json()
    expect(list.upcoming[0].invitation).toMatchObject({ response: 'pending', mayRespond: false })
    expectProblem(await api(f.t, 'POST', `/api/v1/me/invitations/${mine}/accept`, undefined, late.headers), 409, 'calendar.invitation_closed')
    // the mail's signed link has run out by then too (it expires at the start)
    const mail = outbox(f.t).find((m) => m.to === f.emailOf(f.first))!
    const token = tokenOf(linkIn(mail.text)!)
    expectProblem(await api(f.t, 'GET', `/api/v1/calendar/invitation?token=${token}`, undefined, {}), 410, 'calendar.link_expired')
    expectProblem(await api(f.t, 'POST', '/api/v1/calendar/invitation/accept', { token }, {}), 410, 'calendar.link_expired')
  })
})

describe('the signed link and the feed of a linked account', () => {
  test('an answer by the link shows on the officer\'s own pages, and one signed in shows on the link\'s page', async () => {
    const f = await invited()
    const mail = outbox(f.t).find((m) => m.to === f.emailOf(f.first))!
    const token = tokenOf(linkIn(mail.text)!)
    const page = (await api(f.t, 'GET', `/api/v1/calendar/invitation?token=${token}`, undefined, {})).json()
    // the link's page names the member, whom the interface compares with the signed-in account's member
    expect(page.invitee).toEqual({ memberId: f.first, name: f.pool.find((m) => m.id === f.first)!.name })
    expect((await api(f.t, 'POST', '/api/v1/calendar/invitation/accept', { token }, {})).statusCode).toBe(200)
    const mine = (await api(f.t, 'GET', `/api/v1/me/hearings/${f.hearingId}`, undefined, f.me.headers)).json()
    expect(mine.invitation).toMatchObject({ response: 'accepted', mayRespond: false })

    const colleagueToken = tokenOf(linkIn(outbox(f.t).find((m) => m.to === f.emailOf(f.second))!.text)!)
    const seat = f.seatOf(f.second)[0]!.id
    expect((await api(f.t, 'POST', `/api/v1/me/invitations/${seat}/decline`, { reason: '外出学习' }, f.colleague.headers)).statusCode).toBe(200)
    const theirs = (await api(f.t, 'GET', `/api/v1/calendar/invitation?token=${colleagueToken}`, undefined, {})).json()
    expect(theirs.answer).toMatchObject({ response: 'declined', reason: '外出学习', mayRespond: false })
    // once answered, the other answer is the coordinator's to make, by either way
    expectProblem(await api(f.t, 'POST', '/api/v1/calendar/invitation/accept', { token: colleagueToken }, {}), 409, 'calendar.invitation_answered')
  })

  test('an officer\'s own subscription (GET /me/calendar-feed) holds the hearings of their pool member', async () => {
    const f = await invited()
    const feed = await api(f.t, 'GET', '/api/v1/me/calendar-feed', undefined, f.me.headers)
    expect(feed.statusCode).toBe(200)
    const ics = await f.t.app.inject({ method: 'GET', url: new URL(feed.json().url).pathname })
    expect(ics.statusCode).toBe(200)
    for (const cal of parseBoth(ics.body).both) expect(cal.events.map((e) => e.status)).toEqual(['CONFIRMED'])
    const unlinked = f.t.userWithToken({ role: 'officer' })
    const empty = await api(f.t, 'GET', '/api/v1/me/calendar-feed', undefined, unlinked.headers)
    const none = await f.t.app.inject({ method: 'GET', url: new URL(empty.json().url).pathname })
    for (const cal of parseBoth(none.body).both) expect(cal.events).toEqual([])
  })
})
