import { describe, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { auditLogTable, hearingParticipantsTable, matterPetitionersTable } from '../../../db/schema/index.js'
import { LINK_SECRET_NAME } from '../../../server/modules/calendar/calendar.service.js'
import { deriveKey, signResponseToken } from '../../../server/modules/calendar/signed-links.js'
import { getOrCreateSecret } from '../../../server/modules/secrets/secrets.service.js'
import { api, expectProblem } from '../remuneration/remuneration.fixture.js'
import { BASE_URL } from './fixtures.js'
import { linkIn, outbox, scheduledHearing, tokenOf } from './hearing-fixture.js'
import { parseBoth } from './ics-parsers.js'

/**
 * The invitation page's API (GET/POST /api/v1/calendar/invitation…): the hearing of 10 December 2026, 09:00–11:00
 * (Shanghai), drawn; each officer's token read from the mail in the outbox, as the page gets it. No one signs in.
 */
async function invited () {
  const f = await scheduledHearing()
  const drawn = await f.draw()
  const [first, second] = drawn.official as [number, number, number]
  const tokenFor = (memberId: number) => tokenOf(linkIn(outbox(f.t).filter((m) => m.to === f.emailOf(memberId)).at(-1)!.text)!)
  const seatOf = (memberId: number) => f.t.db.select().from(hearingParticipantsTable)
    .where(eq(hearingParticipantsTable.hearingId, f.hearingId)).all().filter((p) => p.memberId === memberId)
  const anonymous = {}
  const read = (token: string) => api(f.t, 'GET', `/api/v1/calendar/invitation?token=${encodeURIComponent(token)}`, undefined, anonymous)
  const answer = (action: 'accept' | 'decline', body: Record<string, unknown>) => api(f.t, 'POST', `/api/v1/calendar/invitation/${action}`, body, anonymous)
  return { ...f, drawn, first, second, tokenFor, seatOf, read, answer }
}

describe('reading an invitation by its link (GET /calendar/invitation)', () => {
  test('shows what the invitation tells, the bureau\'s contact and the pending answer, without signing in; records nothing', async () => {
    const f = await invited()
    const mails = outbox(f.t).length
    const res = await f.read(f.tokenFor(f.first))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const name = f.pool.find((m) => m.id === f.first)!.name
    expect(res.json()).toEqual({
      hearingId: f.hearingId,
      invitee: { memberId: f.first, name },
      title: f.matter.title,
      matterNumber: f.matter.number,
      procedureName: '简易程序',
      status: 'scheduled',
      statusName: '已排期',
      startsAt: '2026-12-10T09:00:00.000+08:00',
      endsAt: '2026-12-10T11:00:00.000+08:00',
      timeText: '2026年12月10日（星期四）09:00—11:00（北京时间）',
      venue: { name: '渤海街道听证室', address: f.venue.address },
      roleName: '听证员',
      hostName: '李主持',
      bring: ['本人居民身份证或其他有效身份证件', '听证前收到的案卷材料（请妥善保管，注意保密）'],
      // no region has document settings here: the defaults named after the city
      contact: { issuerName: `${f.regions.city.name}信访局`, person: '信访局听证办公室', phone: '12345' },
      answer: { response: 'pending', responseName: '待答复', reason: null, respondedAt: null, mayRespond: true }
    })
    // nothing about the petitioner: neither name nor ID number nor phone
    const petitioner = f.t.db.select().from(matterPetitionersTable).where(eq(matterPetitionersTable.matterId, f.matter.id)).get()!
    for (const secret of [petitioner.name, petitioner.idNumber, petitioner.mobile].filter((v): v is string => Boolean(v))) expect(res.body).not.toContain(secret)
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending', active: true }])
    expect(outbox(f.t)).toHaveLength(mails)
  })

  test('an expired link is 410, a tampered, truncated or foreign one 400, each with its Chinese title; a missing one fails validation', async () => {
    const f = await invited()
    const token = f.tokenFor(f.first)
    const tampered = token.replace(`.member-${f.first}.`, `.member-${f.second}.`)
    expect(expectProblem(await f.read(tampered), 400, 'calendar.link_invalid')).toMatchObject({ title: '邀请链接无效', detail: expect.stringContaining('完整复制') })
    expectProblem(await f.read(token.slice(0, -3)), 400, 'calendar.link_invalid')
    expectProblem(await f.answer('accept', { token: tampered }), 400, 'calendar.link_invalid')
    expectProblem(await api(f.t, 'GET', '/api/v1/calendar/invitation', undefined, {}), 400, 'request.invalid')
    // valid up to the second before the start (09:00 Shanghai), expired from then on
    f.t.clock.set('2026-12-10T00:59:59.000Z')
    expect((await f.read(token)).statusCode).toBe(200)
    f.t.clock.set('2026-12-10T01:00:00.000Z')
    expect(expectProblem(await f.read(token), 410, 'calendar.link_expired')).toMatchObject({ title: '邀请链接已过期' })
    expectProblem(await f.answer('decline', { token, reason: '迟到' }), 410, 'calendar.link_expired')
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending' }])
  })

  test('a cancelled hearing, or a member taken off it, is closed (409); a token for no one on the panel too', async () => {
    const f = await invited()
    const token = f.tokenFor(f.first)
    const cancelled = await f.t.app.inject({ method: 'POST', url: `${f.url}/transitions`, headers: f.t.admin.headers, payload: { action: 'cancel', version: f.version(), reason: '信访人撤回听证申请' } })
    expect(cancelled.statusCode).toBe(200)
    expect(expectProblem(await f.read(token), 409, 'calendar.invitation_closed').title).toBe('该听证已取消、已开始，或您已不在人员名单中，无需再答复')
    expectProblem(await f.answer('accept', { token }), 409, 'calendar.invitation_closed')

    const secret = getOrCreateSecret({ db: f.t.db, clock: f.t.clock, rng: f.t.rng, name: LINK_SECRET_NAME })
    const stranger = signResponseToken({ key: deriveKey(secret, 'response links'), hearingId: f.hearingId, subject: { kind: 'member', id: f.host.id }, action: 'answer', expiresAt: new Date('2026-12-10T01:00:00Z') })
    expectProblem(await f.read(stranger), 409, 'calendar.invitation_closed')
  })
})

describe('answering by the link (POST /calendar/invitation/accept|decline)', () => {
  test('accepting records the answer as the link\'s, shows it, and cannot be turned into a decline', async () => {
    const f = await invited()
    const token = f.tokenFor(f.first)
    const res = await f.answer('accept', { token })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().answer).toEqual({ response: 'accepted', responseName: '已接受', reason: null, respondedAt: '2026-11-28T09:00:00.000+08:00', mayRespond: false })
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'accepted', active: true }])
    const audit = f.t.db.select().from(auditLogTable).all().filter((a) => a.action === 'hearing.panel_accept')
    expect(audit.map((a) => [a.actorName, a.actorUserId])).toEqual([['邀请答复链接', null]])
    // the same answer again changes nothing; the other one is refused
    expect((await f.answer('accept', { token })).statusCode).toBe(200)
    expect(expectProblem(await f.answer('decline', { token, reason: '改变主意' }), 409, 'calendar.invitation_answered').title).toBe('您已答复过该邀请；如需更改，请联系听证协调员')
    expect((await f.read(token)).json().answer.response).toBe('accepted')
  })

  test('declining needs a reason; with one, the next alternate is promoted and invited, and the page shows the decline', async () => {
    const f = await invited()
    const token = f.tokenFor(f.second)
    const before = outbox(f.t).length
    const refused = expectProblem(await f.answer('decline', { token, reason: ' ' }), 422, 'calendar.decline_reason_required')
    expect(refused.errors).toMatchObject([{ in: 'body', field: 'reason', message: expect.stringContaining('理由') }])
    expect(outbox(f.t)).toHaveLength(before)

    const res = await f.answer('decline', { token, reason: '当天在外地开庭' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().answer).toMatchObject({ response: 'declined', responseName: '已谢绝', reason: '当天在外地开庭', mayRespond: false })
    expect(f.seatOf(f.second)).toMatchObject([{ response: 'declined', responseReason: '当天在外地开庭', active: false }])
    const alternate = f.drawn.alternates[0]!
    expect(f.seatOf(alternate).find((p) => p.active)).toMatchObject({ kind: 'officer', response: 'pending' })
    // the promoted alternate gets their own link; the decliner's still reads their decline
    expect(linkIn(outbox(f.t).slice(before).find((m) => m.to === f.emailOf(alternate))!.text)).toBeDefined()
    expect((await f.read(token)).json().answer).toMatchObject({ response: 'declined', reason: '当天在外地开庭' })
  })

  test('bodies are closed: an unknown field, an over-long reason or a missing token is refused', async () => {
    const f = await invited()
    const token = f.tokenFor(f.first)
    expectProblem(await f.answer('accept', { token, reason: 'x' }), 400, 'request.invalid')
    expectProblem(await f.answer('decline', { token, reason: '长'.repeat(201) }), 400, 'request.invalid')
    expectProblem(await f.answer('accept', {}), 400, 'request.invalid')
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending' }])
  })
})

describe('the links of earlier mails and the calendar file', () => {
  test('an old accept or decline link is a 303 to the invitation page with its token, whatever confirm and reason it carries; the page reads its token', async () => {
    const f = await invited()
    const secret = getOrCreateSecret({ db: f.t.db, clock: f.t.clock, rng: f.t.rng, name: LINK_SECRET_NAME })
    const key = deriveKey(secret, 'response links')
    for (const action of ['accept', 'decline'] as const) {
      const token = signResponseToken({ key, hearingId: f.hearingId, subject: { kind: 'member', id: f.first }, action, expiresAt: new Date('2026-12-10T01:00:00Z') })
      for (const extra of ['', '&confirm=1&reason=%E5%87%BA%E5%B7%AE']) {
        const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/calendar/responses?token=${token}${extra}` })
        expect(res.statusCode).toBe(303)
        expect(res.headers.location).toBe(`${BASE_URL}/invitation?token=${token}`)
        expect(res.headers['cache-control']).toBe('no-store')
      }
      expect((await f.read(token)).json().answer.mayRespond).toBe(true)
    }
    // following the old links answers nothing: the page does, on a click
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending' }])
    const empty = await f.t.app.inject({ method: 'GET', url: '/api/v1/calendar/responses' })
    expect([empty.statusCode, empty.headers.location]).toEqual([303, `${BASE_URL}/invitation?token=`])
  })

  test('the calendar file is the member\'s event (their invitation\'s UID) as METHOD:PUBLISH, for download', async () => {
    const f = await invited()
    const invite = outbox(f.t).filter((m) => m.to === f.emailOf(f.first)).at(-1)!
    const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/calendar/invitation.ics?token=${f.tokenFor(f.first)}` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="hearing-${f.hearingId}.ics"`)
    for (const cal of parseBoth(res.body).both) {
      expect(cal.method).toBe('PUBLISH')
      expect(cal.events).toHaveLength(1)
      expect(cal.events[0]).toMatchObject({ uid: invite.cal.events[0]!.uid, status: 'CONFIRMED', start: '2026-12-10T01:00:00.000Z', end: '2026-12-10T03:00:00.000Z' })
      expect(cal.events[0]!.description).not.toContain('token=')
    }
    expectProblem(await api(f.t, 'GET', '/api/v1/calendar/invitation.ics?token=v1.x', undefined, {}), 400, 'calendar.link_invalid')
  })

  test('every link route is limited per client address: past 60 a minute, 429 with Retry-After until the minute is over', async () => {
    const f = await invited()
    const token = f.tokenFor(f.first)
    for (let i = 0; i < 59; i++) expect((await f.read('v1.x')).statusCode).toBe(400)
    expect((await f.read(token)).statusCode).toBe(200)
    const limited = expectProblem(await f.answer('accept', { token }), 429, 'request.rate_limited')
    expect(limited.title).toBe('请求过于频繁，请稍后再试')
    expect(limited.retryAfterSeconds).toBe(60)
    expect(f.seatOf(f.first)).toMatchObject([{ response: 'pending' }])
    f.t.clock.advance(30_000)
    const later = await f.read(token)
    expect([later.statusCode, later.headers['retry-after']]).toEqual([429, '30'])
    f.t.clock.advance(30_000)
    expect((await f.answer('accept', { token })).statusCode).toBe(200)
  })
})
