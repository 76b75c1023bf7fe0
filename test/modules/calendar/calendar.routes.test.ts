import { describe, expect, test, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { appSecretsTable, auditLogTable, calendarFeedTokensTable, usersTable } from '../../../db/schema/index.js'
import { createTestDb } from '../../helpers/app.js'
import type { FeedOwnerRef, ResponseRecorder } from '../../../server/modules/calendar/calendar.service.js'
import { signResponseToken, deriveKey } from '../../../server/modules/calendar/signed-links.js'
import { createCalendarTestApp } from './calendar-app.js'
import { aHearing, BASE_URL, OFFICER_A } from './fixtures.js'
import { parseBoth } from './ics-parsers.js'

const feedPath = (url: string) => new URL(url).pathname

/** Each owner sees a feed made for them: user 1 one hearing, user 2 another, both with a cancelled one. */
function fixtureFeeds (owner: FeedOwnerRef) {
  return [
    { hearing: aHearing({ id: 100 + owner.id, uid: `hearing-${100 + owner.id}@tz`, sequence: 1 }) },
    { hearing: aHearing({ id: 200 + owner.id, uid: `hearing-${200 + owner.id}@tz`, sequence: 4, status: 'cancelled' as const, updatedAt: new Date('2026-11-25T00:00:00Z') }) }
  ]
}

describe('personal calendar feeds', () => {
  test('GET /me/calendar-feed creates the feed once and returns the same https and webcal URLs after; only a hash and a sealed copy are stored', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const me = t.userWithToken()
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: me.headers })
    expect(first.statusCode).toBe(200)
    const body = first.json()
    expect(body.url).toMatch(/^https:\/\/tz\.binzhou\.example\.gov\.cn\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/)
    expect(body.webcalUrl).toBe(body.url.replace(/^https:/, 'webcal:'))
    expect(body.createdAt).toBe('2026-11-28T09:00:00.000+08:00')
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: me.headers })
    expect(again.json()).toEqual(body)

    const token = /feeds\/([^.]+)\.ics$/.exec(body.url)![1]!
    const stored = t.db.select().from(calendarFeedTokensTable).all()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ ownerKind: 'user', ownerId: me.user.id, revokedAt: null })
    expect(JSON.stringify(stored)).not.toContain(token)
    const audit = t.db.select().from(auditLogTable).all()
    expect(audit.map((a) => a.action)).toEqual(['calendar_feed.create'])
    expect(JSON.stringify(audit)).not.toContain(token)
  })

  test('the feed answers text/calendar with cache headers, METHOD:PUBLISH and the owner\'s hearings, cancelled ones included', async () => {
    const provider = vi.fn(fixtureFeeds)
    const t = await createCalendarTestApp({ feedEntries: provider })
    const me = t.userWithToken()
    const { url } = t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id })

    const res = await t.app.inject({ method: 'GET', url: feedPath(url) })

    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['cache-control']).toBe('private, max-age=300')
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/)
    expect(res.headers['last-modified']).toBe('Wed, 25 Nov 2026 00:00:00 GMT')
    expect(provider).toHaveBeenCalledWith({ kind: 'user', id: me.user.id })
    for (const calendar of parseBoth(res.body).both) {
      expect(calendar.method).toBe('PUBLISH')
      expect(calendar.events.map((e) => [e.uid, e.sequence, e.status])).toEqual([
        [`hearing-${100 + me.user.id}@tz`, 1, 'CONFIRMED'],
        [`hearing-${200 + me.user.id}@tz`, 4, 'CANCELLED']
      ])
    }
    const head = await t.app.inject({ method: 'HEAD', url: feedPath(url) })
    expect(head.statusCode).toBe(200)
    expect(head.headers.etag).toBe(res.headers.etag)
  })

  test('clients revalidate: the ETag stays while only the clock moves, and If-None-Match / If-Modified-Since get 304', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const me = t.userWithToken()
    const path = feedPath(t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url)
    const first = await t.app.inject({ method: 'GET', url: path })
    t.clock.advance(3600_000)
    const second = await t.app.inject({ method: 'GET', url: path })
    expect(second.body).not.toBe(first.body)
    expect(second.headers.etag).toBe(first.headers.etag)

    const etag = String(first.headers.etag)
    const notModified = await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': etag } })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.body).toBe('')
    expect((await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode).toBe(304)
    expect((await t.app.inject({ method: 'GET', url: path, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: path, headers: { 'if-modified-since': String(first.headers['last-modified']) } })).statusCode).toBe(304)
    expect((await t.app.inject({ method: 'GET', url: path, headers: { 'if-modified-since': 'Thu, 19 Nov 2026 00:00:00 GMT' } })).statusCode).toBe(200)
  })

  test('the ETag is the SHA-256 of the feed without its DTSTAMP lines', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const me = t.userWithToken()
    const res = await t.app.inject({ method: 'GET', url: feedPath(t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url) })
    expect(res.body).toMatch(/^DTSTAMP:/m)
    const expected = createHash('sha256').update(res.body.replace(/^DTSTAMP:.*\r\n/gm, '')).digest('base64url').slice(0, 32)
    expect(res.headers.etag).toBe(`"${expected}"`)
    expect(res.headers['content-length']).toBe(String(res.rawPayload.length))
  })

  test('reset: the old URL answers 404 at once, the new one works, and the audit log records it', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const me = t.userWithToken()
    const old = (await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: me.headers })).json().url as string
    expect((await t.app.inject({ method: 'GET', url: feedPath(old) })).statusCode).toBe(200)

    const reset = await t.app.inject({ method: 'POST', url: '/api/v1/me/calendar-feed/reset', headers: me.headers })
    expect(reset.statusCode).toBe(200)
    const fresh = reset.json().url as string
    expect(fresh).not.toBe(old)

    const gone = await t.app.inject({ method: 'GET', url: feedPath(old) })
    expect(gone.statusCode).toBe(404)
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(gone.json().code).toBe('calendar.feed_not_found')
    expect((await t.app.inject({ method: 'GET', url: feedPath(fresh) })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: me.headers })).json().url).toBe(fresh)
    expect(t.db.select().from(auditLogTable).all().map((a) => a.action)).toEqual(['calendar_feed.create', 'calendar_feed.reset'])
  })

  test('a token opens its own feed only, and is no login: it gets 401 on the API', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const a = t.userWithToken()
    const b = t.userWithToken()
    const urlA = t.calendar.getFeed(a.actor, { kind: 'user', id: a.user.id }).url
    const urlB = t.calendar.getFeed(b.actor, { kind: 'user', id: b.user.id }).url
    const feedA = (await t.app.inject({ method: 'GET', url: feedPath(urlA) })).body
    expect(feedA).toContain(`hearing-${100 + a.user.id}@tz`)
    expect(feedA).not.toContain(`hearing-${100 + b.user.id}@tz`)
    expect((await t.app.inject({ method: 'GET', url: feedPath(urlB) })).body).toContain(`hearing-${100 + b.user.id}@tz`)

    const tokenA = /feeds\/([^.]+)\.ics$/.exec(urlA)![1]!
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me/calendar-feed', headers: { authorization: `Bearer ${tokenA}` } })
    expect(api.statusCode).toBe(401)
  })

  test('a disabled user\'s feed answers 404', async () => {
    const t = await createCalendarTestApp({ feedEntries: fixtureFeeds })
    const me = t.userWithToken()
    const path = feedPath(t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url)
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200)
    t.db.update(usersTable).set({ disabled: true }).where(eq(usersTable.id, me.user.id)).run()
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404)
  })

  test('member feeds are separate from user feeds with the same id', async () => {
    const seen: FeedOwnerRef[] = []
    const t = await createCalendarTestApp({ feedEntries: (owner) => { seen.push(owner); return [] } })
    const me = t.userWithToken()
    const member = t.calendar.getFeed(me.actor, { kind: 'member', id: me.user.id }).url
    const user = t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url
    expect(member).not.toBe(user)
    await t.app.inject({ method: 'GET', url: feedPath(member) })
    expect(seen).toEqual([{ kind: 'member', id: me.user.id }])
  })

  test('unknown, garbled or over-long tokens get 404 or 414, never 500', async () => {
    const t = await createCalendarTestApp()
    for (const token of ['nope', 'a'.repeat(43), '%E4%B8%AD%E6%96%87', 'a.b.c', '..%2F..%2Fetc']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feeds/${token}.ics` })
      expect(res.statusCode, token).toBe(404)
    }
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feeds/${'a'.repeat(300)}.ics` })
    expect(long.statusCode).toBe(414)
  })

  test('feed tokens never reach the log', async () => {
    const t = await createCalendarTestApp({ captureLogs: true })
    const me = t.userWithToken()
    const url = t.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url
    const token = /feeds\/([^.]+)\.ics$/.exec(url)![1]!
    await t.app.inject({ method: 'GET', url: feedPath(url) })
    await t.app.inject({ method: 'GET', url: `${feedPath(url)}?x=1` })
    const all = t.logs.join('')
    expect(all).toContain('/api/v1/calendar/feeds/[redacted]')
    expect(all).not.toContain(token)
  })
})

describe('the link-signing secret', () => {
  test('without LINK_SIGNING_SECRET a random key is stored once and survives a restart: links and feed URLs stay valid', async () => {
    const handle = createTestDb()
    const recorder: ResponseRecorder = { describe: () => ({ title: '听证', start: new Date(), end: new Date(), venueName: '室' }), record: () => ({ outcome: 'recorded' }) }
    const before = await createCalendarTestApp({ db: handle, responses: recorder })
    const me = before.userWithToken()
    const links = before.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    const feed = before.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id })
    expect(before.db.select().from(appSecretsTable).all()).toHaveLength(1)
    await before.app.close()

    const after = await createCalendarTestApp({ db: handle, responses: recorder })
    expect(after.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url).toBe(feed.url)
    const res = await after.app.inject({ method: 'GET', url: links.accept.replace(BASE_URL, '') })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('确认参加听证')
    expect(after.db.select().from(appSecretsTable).all()).toHaveLength(1)
    handle.sqlite.close()
  })

  test('with LINK_SIGNING_SECRET nothing is stored, and links signed under another secret are invalid', async () => {
    const recorder: ResponseRecorder = { describe: () => ({ title: '听证', start: new Date(), end: new Date(), venueName: '室' }), record: () => ({ outcome: 'recorded' }) }
    const t = await createCalendarTestApp({ responses: recorder, config: { linkSigningSecret: 'x'.repeat(40) } })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    expect(t.db.select().from(appSecretsTable).all()).toHaveLength(0)
    expect((await t.app.inject({ method: 'GET', url: links.accept.replace(BASE_URL, '') })).statusCode).toBe(200)
    const foreign = signResponseToken({ key: deriveKey('y'.repeat(40), 'response links'), hearingId: 42, subject: OFFICER_A.ref, action: 'accept', expiresAt: new Date('2026-12-01T00:00:00Z') })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/responses?token=${foreign}` })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('链接无效')
  })
})

describe('accept / decline links', () => {
  const facts = { title: '供暖费退还问题听证会', start: new Date('2026-12-01T01:30:00Z'), end: new Date('2026-12-01T03:00:00Z'), venueName: '第一听证室' }

  function recorder (outcome: 'recorded' | 'unchanged' | 'closed' = 'recorded') {
    return { describe: vi.fn(() => facts), record: vi.fn(() => ({ outcome, hearing: facts })) }
  }

  test('following a link shows a confirmation page and records nothing; its button records the answer and shows the result', async () => {
    const responses = recorder()
    const t = await createCalendarTestApp({ responses })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    const path = links.decline.replace(BASE_URL, '')

    const shown = await t.app.inject({ method: 'GET', url: path })
    expect(shown.statusCode).toBe(200)
    expect(shown.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(shown.headers['cache-control']).toBe('no-store')
    expect(shown.headers['referrer-policy']).toBe('no-referrer')
    expect(shown.body).toContain('<h1>确认谢绝听证邀请</h1>')
    expect(shown.body).toContain('2026年12月1日（星期二）09:30—11:00（北京时间）')
    expect(shown.body).toContain(`action="${BASE_URL}/api/v1/calendar/responses"`)
    expect(responses.describe).toHaveBeenCalledWith({ hearingId: 42, subject: { kind: 'member', id: 11 } })
    expect(responses.record).not.toHaveBeenCalled()

    const done = await t.app.inject({ method: 'GET', url: `${path}&confirm=1` })
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('<h1>已谢绝</h1>')
    expect(responses.record).toHaveBeenCalledWith({ hearingId: 42, subject: { kind: 'member', id: 11 }, action: 'decline', at: t.clock.now(), reason: null })
  })

  test('accepting shows 已确认参加', async () => {
    const responses = recorder()
    const t = await createCalendarTestApp({ responses })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: { kind: 'participant', id: 31 }, expiresAt: new Date('2026-12-01T00:00:00Z') })
    const res = await t.app.inject({ method: 'GET', url: `${links.accept.replace(BASE_URL, '')}&confirm=1` })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>已确认参加</h1>')
    expect(responses.record).toHaveBeenCalledWith(expect.objectContaining({ subject: { kind: 'participant', id: 31 }, action: 'accept' }))
  })

  test('an expired link gets 410 and a tampered or missing one 400, with plain pages, and nothing is recorded', async () => {
    const responses = recorder()
    const t = await createCalendarTestApp({ responses })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-11-28T02:00:00Z') })
    const path = links.accept.replace(BASE_URL, '')
    t.clock.advance(3600_000)
    const expired = await t.app.inject({ method: 'GET', url: `${path}&confirm=1` })
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('链接已过期')
    const tampered = await t.app.inject({ method: 'GET', url: path.replace('accept', 'decline') })
    expect(tampered.statusCode).toBe(400)
    expect(tampered.body).toContain('链接无效')
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/responses' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('链接无效')
    expect(responses.record).not.toHaveBeenCalled()
  })

  test('a hearing that is over or a person no longer on it gets 409 无需答复', async () => {
    const t = await createCalendarTestApp({ responses: { describe: () => null, record: () => ({ outcome: 'closed' }) } })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    for (const suffix of ['', '&confirm=1']) {
      const res = await t.app.inject({ method: 'GET', url: links.accept.replace(BASE_URL, '') + suffix })
      expect(res.statusCode).toBe(409)
      expect(res.body).toContain('无需答复')
    }
  })

  test('until the scheduling rules are wired in, a valid link gets 503 暂时无法办理', async () => {
    const t = await createCalendarTestApp()
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    const res = await t.app.inject({ method: 'GET', url: links.accept.replace(BASE_URL, '') })
    expect(res.statusCode).toBe(503)
    expect(res.body).toContain('暂时无法办理')
  })

  test('the signature never reaches the log', async () => {
    const t = await createCalendarTestApp({ responses: recorder(), captureLogs: true })
    const links = t.calendar.responseLinks({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    await t.app.inject({ method: 'GET', url: links.accept.replace(BASE_URL, '') })
    const token = new URL(links.accept).searchParams.get('token')!
    expect(t.logs.join('')).not.toContain(token.split('.').at(-1)!)
  })
})
