import { describe, expect, test } from 'vitest'
import { deriveKey, responseLinks, signResponseToken, verifyResponseToken } from '../../../server/modules/calendar/signed-links.js'
import { escapeHtml, renderResponsePage } from '../../../server/modules/calendar/calendar.pages.js'

const key = deriveKey(Buffer.alloc(32, 7), 'response links')
const expiresAt = new Date('2026-12-01T01:30:00Z')
const before = new Date('2026-11-28T01:00:00Z')
const payload = { hearingId: 42, subject: { kind: 'member' as const, id: 11 }, action: 'accept' as const, expiresAt }

describe('signed accept/decline links', () => {
  test('a signed token verifies and gives back hearing, person, action and expiry', () => {
    const token = signResponseToken({ key, ...payload })
    expect(token).toMatch(/^v1\.42\.member-11\.accept\.1796088600\.[A-Za-z0-9_-]{43}$/)
    expect(verifyResponseToken({ key, token, now: before })).toEqual({ ok: true, payload })
  })

  test('changing any part of the token, or another key, makes it invalid', () => {
    const token = signResponseToken({ key, ...payload })
    const [v, h, who, action, exp, sig] = token.split('.') as [string, string, string, string, string, string]
    const forged = [
      [v, '43', who, action, exp, sig],
      [v, h, 'member-12', action, exp, sig],
      [v, h, 'participant-11', action, exp, sig],
      [v, h, who, 'decline', exp, sig],
      [v, h, who, action, String(Number(exp) + 3600), sig],
      [v, h, who, action, exp, sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A')]
    ].map((parts) => parts.join('.'))
    for (const t of forged) expect(verifyResponseToken({ key, token: t, now: before })).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyResponseToken({ key: deriveKey(Buffer.alloc(32, 8), 'response links'), token, now: before })).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyResponseToken({ key: deriveKey(Buffer.alloc(32, 7), 'feed tokens'), token, now: before })).toEqual({ ok: false, reason: 'invalid' })
  })

  test('malformed tokens are invalid, never an exception', () => {
    for (const t of ['', 'x', 'v1', 'v2.42.member-11.accept.1.abc', 'v1.42.member-11.accept.1796088600.short', `v1.42.admin-1.accept.1796088600.${'A'.repeat(43)}`, '%00'.repeat(100)]) {
      expect(verifyResponseToken({ key, token: t, now: before })).toEqual({ ok: false, reason: 'invalid' })
    }
  })

  test('expiry is judged by the injected clock: valid a second before, expired from the instant on', () => {
    const token = signResponseToken({ key, ...payload })
    expect(verifyResponseToken({ key, token, now: new Date(expiresAt.getTime() - 1000) }).ok).toBe(true)
    expect(verifyResponseToken({ key, token, now: expiresAt })).toEqual({ ok: false, reason: 'expired', payload })
  })

  test('an expired token with a forged signature is reported invalid, not expired', () => {
    const token = signResponseToken({ key, ...payload }).replace(/\.[^.]+$/, '.' + 'A'.repeat(43))
    expect(verifyResponseToken({ key, token, now: new Date('2030-01-01T00:00:00Z') })).toEqual({ ok: false, reason: 'invalid' })
  })

  test('responseLinks gives both URLs under the public base URL, each verifying to its own action', () => {
    const links = responseLinks({ key, baseUrl: 'https://tz.example.gov.cn', hearingId: 42, subject: { kind: 'participant', id: 5 }, expiresAt })
    for (const action of ['accept', 'decline'] as const) {
      const url = new URL(links[action])
      expect(url.origin + url.pathname).toBe('https://tz.example.gov.cn/api/v1/calendar/responses')
      const result = verifyResponseToken({ key, token: url.searchParams.get('token')!, now: before })
      expect(result).toMatchObject({ ok: true, payload: { hearingId: 42, subject: { kind: 'participant', id: 5 }, action } })
    }
  })
})

describe('confirmation pages', () => {
  const hearing = { title: '<script>alert(1)</script>听证', time: '2026年12月1日（星期二）09:30—11:00', venue: '"第一"听证室 & 会议室' }

  test('every interpolated value is escaped', () => {
    expect(escapeHtml('<a href="x">\'&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    const html = renderResponsePage({ kind: 'confirm', action: 'decline', hearing, token: 'v1."><script>', formAction: 'https://x/"onmouseover="' })
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('"onmouseover="')
    expect(html).not.toContain('value="v1.">')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;听证')
    expect(html).toContain('&quot;第一&quot;听证室 &amp; 会议室')
    expect(html).toContain('value="v1.&quot;&gt;&lt;script&gt;"')
  })

  test('each outcome has its own plain Chinese page', () => {
    const pages = {
      accepted: renderResponsePage({ kind: 'accepted', hearing }),
      declined: renderResponsePage({ kind: 'declined', hearing: null }),
      expired: renderResponsePage({ kind: 'expired' }),
      invalid: renderResponsePage({ kind: 'invalid' }),
      closed: renderResponsePage({ kind: 'closed' }),
      unavailable: renderResponsePage({ kind: 'unavailable' })
    }
    expect(pages.accepted).toContain('<h1>已确认参加</h1>')
    expect(pages.declined).toContain('<h1>已谢绝</h1>')
    expect(pages.expired).toContain('<h1>链接已过期</h1>')
    expect(pages.invalid).toContain('<h1>链接无效</h1>')
    expect(pages.closed).toContain('<h1>无需答复</h1>')
    for (const html of Object.values(pages)) {
      expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/)
      expect(html).toContain('<meta charset="utf-8">')
      expect(html).not.toContain('<form')
    }
  })

  test('the confirmation page carries the token only in a GET form that adds confirm=1', () => {
    const html = renderResponsePage({ kind: 'confirm', action: 'accept', hearing, token: 'v1.42.member-11.accept.1.sig', formAction: 'https://x/api/v1/calendar/responses' })
    expect(html).toContain('<h1>确认参加听证</h1>')
    expect(html).toContain('<form method="get" action="https://x/api/v1/calendar/responses">')
    expect(html).toContain('<input type="hidden" name="confirm" value="1">')
    expect(html).toContain('<button type="submit">确认参加</button>')
  })
})
