import { createCipheriv, createDecipheriv } from 'node:crypto'
import { sha256Hex } from '../../common/hash.js'

/** Feed tokens: 32 random bytes as base64url (43 characters); looked up by SHA-256, kept sealed so the owner can see the URL again. */

export function newFeedToken (bytes: Buffer) {
  if (bytes.length < 32) throw new RangeError('a feed token needs 32 random bytes')
  return bytes.toString('base64url')
}

export function hashFeedToken (token: string) {
  return sha256Hex(token)
}

/** AES-256-GCM: base64url(iv ‖ ciphertext ‖ tag). */
export function sealToken ({ key, token, iv }: { key: Buffer, token: string, iv: Buffer }) {
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
}

/** The token, or null when it was sealed under another key (LINK_SIGNING_SECRET changed) or is damaged. */
export function unsealToken ({ key, sealed }: { key: Buffer, sealed: string }): string | null {
  const raw = Buffer.from(sealed, 'base64url')
  if (raw.length < 12 + 16 + 1) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** https (or http in development) and webcal forms of the feed URL; some clients fail on webcal:// (RDV-SP #4426). */
export function feedUrls ({ baseUrl, token }: { baseUrl: string, token: string }) {
  const url = `${baseUrl}/api/v1/calendar/feeds/${token}.ics`
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') }
}
