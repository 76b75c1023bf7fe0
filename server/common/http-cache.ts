import type { FastifyRequest } from 'fastify'
import { sha256Hex } from './hash.js'

/** A strong entity tag for a response body that is built once and sent many times. */
export function etagOf (body: string | Uint8Array): string {
  return `"${sha256Hex(body).slice(0, 32)}"`
}

/** True when the client already holds this representation (If-None-Match, RFC 9110 §13.1.2). */
export function clientHasCurrent (request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match']
  if (header === undefined) return false
  if (header.trim() === '*') return true
  // weak comparison: W/"x" and "x" name the same representation
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
