import { describe, expect, test } from 'vitest'
import { deriveKey, invitationLink, signResponseToken, verifyResponseToken } from '../../../server/modules/calendar/signed-links.js'

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

  test('a mail\'s link is the invitation page under the public base URL, its token for either answer (action answer)', () => {
    const url = new URL(invitationLink({ key, baseUrl: 'https://tz.example.gov.cn', hearingId: 42, subject: { kind: 'member', id: 5 }, expiresAt }))
    expect(url.origin + url.pathname).toBe('https://tz.example.gov.cn/invitation')
    expect([...url.searchParams.keys()]).toEqual(['token'])
    const token = url.searchParams.get('token')!
    expect(token).toMatch(/^v1\.42\.member-5\.answer\.1796088600\.[A-Za-z0-9_-]{43}$/)
    expect(verifyResponseToken({ key, token, now: before })).toEqual({ ok: true, payload: { hearingId: 42, subject: { kind: 'member', id: 5 }, action: 'answer', expiresAt } })
  })

  test('the accept and decline tokens of earlier mails still verify, each to its own action', () => {
    for (const action of ['accept', 'decline'] as const) {
      const token = signResponseToken({ key, ...payload, action })
      expect(verifyResponseToken({ key, token, now: before })).toEqual({ ok: true, payload: { ...payload, action } })
    }
  })
})
