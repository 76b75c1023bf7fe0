import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Security headers and the request id on every response, set once per request from values computed at
 * start-up.
 *
 * The service answers JSON, ICS and PDF, plus two kinds of HTML: the API explorer (whose plugin sets its
 * own CSP for its static files) and the small accept/decline pages, which use `HTML_PAGE_CSP`. So the
 * default is the OWASP set for APIs: nothing may load or frame a response, no MIME sniffing, no referrer.
 * @fastify/helmet gave much the same headers, but through two hooks that rebuilt the CSP string on every
 * request; that cost a third of a cached list request. These values never change while the process runs.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/** For the server-rendered pages: inline styles (no scripts), forms posting back to this service. */
export const HTML_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

export function securityHeaderSet ({ https }: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': API_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-permitted-cross-domain-policies': 'none',
    // only meaningful (and only honoured by browsers) when the service is reached over https
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {})
  }
}

/** Stamps a reply; also used for the errors fastify raises before any hook runs (see frameworkErrors). */
export function stampReply (request: FastifyRequest, reply: FastifyReply, headers: Record<string, string>) {
  void reply.headers(headers).header('x-request-id', request.id)
}

export default fp(async (app, { headers }: { headers: Record<string, string> }) => {
  // Set in onRequest (not onSend) so that error responses, which keep headers already set, carry them too.
  app.addHook('onRequest', (request, reply, done) => {
    stampReply(request, reply, headers)
    done()
  })
}, { name: 'security-headers' })
