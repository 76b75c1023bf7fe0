import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { PersonKind, PersonRef } from './calendar.ics.js'

/**
 * Invitation links: `v1.<hearingId>.<kind>-<id>.<action>.<expires, unix seconds>.<HMAC-SHA256, base64url>`.
 * Mails now carry one link with the action `answer` (the page asks: accept or decline); the `accept` and
 * `decline` tokens of the links sent before stay valid and are read the same way (docs/calendar.md).
 */

export type ResponseAction = 'accept' | 'decline' | 'answer'

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
const TOKEN = /^v1\.(\d{1,15})\.(user|member|participant)-(\d{1,15})\.(accept|decline|answer)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/

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

/** The web interface's page for one invitation (web/src/views/invitation/): mails link here. */
const INVITATION_PAGE_PATH = '/invitation'

/** The link a mail carries: the interface's invitation page with the person's token, valid until `expiresAt`. */
export function invitationLink ({ key, baseUrl, hearingId, subject, expiresAt }: {
  key: Buffer, baseUrl: string, hearingId: number, subject: PersonRef, expiresAt: Date
}) {
  return invitationPageUrl({ baseUrl, token: signResponseToken({ key, hearingId, subject, action: 'answer', expiresAt }) })
}

/** The invitation page for a token (encoded: a link must survive whatever a client pasted as the token). */
export function invitationPageUrl ({ baseUrl, token }: { baseUrl: string, token: string }) {
  return `${baseUrl}${INVITATION_PAGE_PATH}?token=${encodeURIComponent(token)}`
}
