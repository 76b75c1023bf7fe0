import { describe, expect, test, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { appSecretsTable, auditLogTable, calendarFeedTokensTable, usersTable } from '../../../db/schema/index.js'
import { createTestDb } from '../../helpers/app.js'
import type { FeedOwnerRef } from '../../../server/modules/calendar/calendar.service.js'
import { signResponseToken, deriveKey } from '../../../server/modules/calendar/signed-links.js'
import { createCalendarTestApp } from './calendar-app.js'
import { aHearing, OFFICER_A } from './fixtures.js'
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
  const token = (link: string) => new URL(link).searchParams.get('token')!

  test('without LINK_SIGNING_SECRET a random key is stored once and survives a restart: links and feed URLs stay valid', async () => {
    const handle = createTestDb()
    const before = await createCalendarTestApp({ db: handle })
    const me = before.userWithToken()
    const link = before.calendar.invitationLink({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    const feed = before.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id })
    expect(before.db.select().from(appSecretsTable).all()).toHaveLength(1)
    await before.app.close()

    const after = await createCalendarTestApp({ db: handle })
    expect(after.calendar.getFeed(me.actor, { kind: 'user', id: me.user.id }).url).toBe(feed.url)
    expect(after.calendar.verifyInvitationToken(token(link))).toMatchObject({ ok: true, payload: { hearingId: 42, subject: OFFICER_A.ref, action: 'answer' } })
    // genuine, so past the signature: there is no hearing 42, which the page is told as closed, not as a bad link
    const res = await after.app.inject({ method: 'GET', url: `/api/v1/calendar/invitation?token=${token(link)}` })
    expect([res.statusCode, res.json().code]).toEqual([409, 'calendar.invitation_closed'])
    expect(after.db.select().from(appSecretsTable).all()).toHaveLength(1)
    handle.sqlite.close()
  })

  test('with LINK_SIGNING_SECRET nothing is stored, and links signed under another secret are invalid', async () => {
    const t = await createCalendarTestApp({ config: { linkSigningSecret: 'x'.repeat(40) } })
    const link = t.calendar.invitationLink({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    expect(t.db.select().from(appSecretsTable).all()).toHaveLength(0)
    expect(t.calendar.verifyInvitationToken(token(link)).ok).toBe(true)
    const foreign = signResponseToken({ key: deriveKey('y'.repeat(40), 'response links'), hearingId: 42, subject: OFFICER_A.ref, action: 'answer', expiresAt: new Date('2026-12-01T00:00:00Z') })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/invitation?token=${foreign}` })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'calendar.link_invalid', title: '邀请链接无效' })
  })

  test('the signature never reaches the log', async () => {
    const t = await createCalendarTestApp({ captureLogs: true })
    const link = t.calendar.invitationLink({ hearingId: 42, subject: OFFICER_A.ref, expiresAt: new Date('2026-12-01T00:00:00Z') })
    await t.app.inject({ method: 'GET', url: `/api/v1/calendar/invitation?token=${token(link)}` })
    await t.app.inject({ method: 'GET', url: `/api/v1/calendar/responses?token=${token(link)}` })
    await t.app.inject({ method: 'POST', url: '/api/v1/calendar/invitation/accept', payload: { token: token(link) } })
    expect(t.logs.join('')).toContain('calendar/invitation?token=[redacted]')
    expect(t.logs.join('')).not.toContain(token(link).split('.').at(-1)!)
  })
})
