import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto'
import { sha256Hex } from '../../common/hash.js'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number, r: number, p: number, maxmem: number }) => Promise<Buffer>

const KEY_LENGTH = 32

/** Hashes a password with scrypt; the parameters travel with the hash (`scrypt$N$r$p$salt$key`). */
export async function hashPassword (password: string, { cost }: { cost: number }): Promise<string> {
  const N = 2 ** cost
  const r = 8
  const p = 1
  const salt = randomBytes(16)
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r })
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword (password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !saltText || !keyText) return false
  const N = Number(n)
  const expected = Buffer.from(keyText, 'base64url')
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(saltText, 'base64url'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

const decoys = new Map<number, Promise<string>>()
/** A hash of a password nobody knows, one per cost, so unknown usernames cost as much time as known ones. */
export function decoyHash (cost: number) {
  let decoy = decoys.get(cost)
  if (decoy === undefined) {
    decoy = hashPassword(randomBytes(12).toString('hex'), { cost })
    decoys.set(cost, decoy)
  }
  return decoy
}

export const TOKEN_PREFIX = 'tz_'

/** A fresh bearer token: the plain text goes to the client once; only its hash is stored. */
export function newToken (bytes: Buffer) {
  const token = TOKEN_PREFIX + bytes.toString('base64url')
  return { token, hash: sha256Hex(token), prefix: token.slice(0, 8) }
}

export function generatePassword (bytes: Buffer): string {
  return bytes.toString('base64url').slice(0, 20)
}
