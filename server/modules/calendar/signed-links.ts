import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { PersonKind, PersonRef } from './calendar.ics.js'

/** Accept/decline links: `v1.<hearingId>.<kind>-<id>.<action>.<expires, unix seconds>.<HMAC-SHA256, base64url>`. */

export const RESPONSE_ACTIONS = ['accept', 'decline'] as const
export type ResponseAction = typeof RESPONSE_ACTIONS[number]

export type ResponseLinkPayload = {
  hearingId: number
  subject: PersonRef
  action: ResponseAction
  expiresAt: Date
}

export type VerifiedResponseLink =
  | { ok: true, payload: ResponseLinkPayload }
  | { ok: false, reason: 'invalid' }
  | { ok: false, reason: 'expired', payload: ResponseLinkPayload }

const VERSION = 'v1'
const TOKEN = /^v1\.(\d{1,15})\.(user|member|participant)-(\d{1,15})\.(accept|decline)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/

/** A key for one purpose derived from the configured or stored secret, so one secret can serve several uses. */
export function deriveKey (secret: Buffer | string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `tingzheng ${purpose}`, 32))
}

function canonical ({ hearingId, subject, action }: ResponseLinkPayload, expSeconds: number) {
  return [VERSION, hearingId, subject.kind, subject.id, action, expSeconds].join('\n')
}

function mac (key: Buffer, payload: ResponseLinkPayload, expSeconds: number) {
  return createHmac('sha256', key).update(canonical(payload, expSeconds)).digest()
}

/** The token for one answer of one person to one hearing; valid until `expiresAt` (rounded down to the second). */
export function signResponseToken ({ key, ...payload }: ResponseLinkPayload & { key: Buffer }): string {
  const exp = Math.floor(payload.expiresAt.getTime() / 1000)
  if (!Number.isSafeInteger(payload.hearingId) || payload.hearingId < 1) throw new RangeError('hearingId must be a positive integer')
  if (!Number.isSafeInteger(payload.subject.id) || payload.subject.id < 1) throw new RangeError('subject id must be a positive integer')
  if (!Number.isSafeInteger(exp) || exp < 0) throw new RangeError('expiresAt must be a valid date')
  const signature = mac(key, payload, exp).toString('base64url')
  return [VERSION, payload.hearingId, `${payload.subject.kind}-${payload.subject.id}`, payload.action, exp, signature].join('.')
}

/**
 * Checks the signature first (constant-time), then the expiry against `now` from the injected clock: a forged
 * token is `invalid` whatever its date, and only a genuine one can be `expired`.
 */
export function verifyResponseToken ({ key, token, now }: { key: Buffer, token: string, now: Date }): VerifiedResponseLink {
  const match = TOKEN.exec(token)
  if (!match) return { ok: false, reason: 'invalid' }
  // the pattern admits only these kinds and actions
  const [, hearingId, kind, id, action, exp, signature] = match as [string, string, PersonKind, string, ResponseAction, string, string] & RegExpExecArray
  const payload: ResponseLinkPayload = {
    hearingId: Number(hearingId),
    subject: { kind, id: Number(id) },
    action,
    expiresAt: new Date(Number(exp) * 1000)
  }
  // Compared as text: base64url's last character has spare bits, so decoded bytes would accept 4 spellings.
  const given = Buffer.from(signature)
  const expected = Buffer.from(mac(key, payload, Number(exp)).toString('base64url'))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  if (now.getTime() >= payload.expiresAt.getTime()) return { ok: false, reason: 'expired', payload }
  return { ok: true, payload }
}

export const RESPONSE_PATH = '/api/v1/calendar/responses'

export function responseUrl ({ baseUrl, token }: { baseUrl: string, token: string }) {
  return `${baseUrl}${RESPONSE_PATH}?token=${token}`
}

/** Both links for one person and hearing, ready for CalendarRecipient.responseLinks. */
export function responseLinks ({ key, baseUrl, hearingId, subject, expiresAt }: {
  key: Buffer, baseUrl: string, hearingId: number, subject: PersonRef, expiresAt: Date
}) {
  const link = (action: ResponseAction) => responseUrl({ baseUrl, token: signResponseToken({ key, hearingId, subject, action, expiresAt }) })
  return { accept: link('accept'), decline: link('decline') }
}
