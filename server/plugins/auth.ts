import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { SESSION_COOKIE, type Access } from '../common/access.js'
import type { Actor } from '../common/actor.js'
import { forbidden, notAuthenticated, defineError } from '../errors.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    actor: Actor
  }
  interface FastifyInstance {
    /** Every route with the access it declared: the authorisation matrix, checked by tests. */
    routeAccess: { method: string, url: string, access: Access }[]
  }
}

const csrfRejected = defineError('auth.csrf_rejected', 403, '跨站请求被拒绝')
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Routes registered by plugins we do not write (API explorer, the web interface's static files) and therefore cannot annotate. */
const PUBLIC_PREFIXES = ['/api/docs', '/assets/']

export type TokenResolver = (token: string, requestId: string) => Actor | null

function bearerToken (request: FastifyRequest): { token: string, via: 'header' | 'cookie' } | null | 'malformed' {
  const header = request.headers.authorization
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    return match?.[1] ? { token: match[1], via: 'header' } : 'malformed'
  }
  const cookie = request.cookies?.[SESSION_COOKIE]
  return cookie ? { token: cookie, via: 'cookie' } : null
}

/**
 * Deny by default: a route that declares no access fails the start-up, and every request to a
 * non-public route needs a valid token whose role is listed.
 */
export default fp(async (app, { resolveToken, publicOrigin }: { resolveToken: TokenResolver, publicOrigin: string }) => {
  app.decorateRequest('actor', null as unknown as Actor)
  const matrix: { method: string, url: string, access: Access }[] = []
  app.decorate('routeAccess', matrix)

  app.addHook('onRoute', (route) => {
    route.config ??= {}
    if (route.config.access === undefined) {
      if (!PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares no access; add config.access`)
      }
      route.config.access = 'public'
    }
    for (const method of [route.method].flat()) matrix.push({ method, url: route.url, access: route.config.access })
  })

  app.addHook('onRequest', async (request) => {
    if (request.is404) return
    const access = request.routeOptions.config.access
    if (access === 'public') return
    const credentials = bearerToken(request)
    if (credentials === null || credentials === 'malformed') throw notAuthenticated()
    const actor = resolveToken(credentials.token, request.id)
    if (actor === null) throw notAuthenticated()
    // A browser sends the session cookie along with a request any other site makes; it also sends that site's
    // Origin with every POST, PUT, PATCH and DELETE. So a change authenticated by the cookie alone must come
    // with our own Origin; one without (a form or script from elsewhere, or a client that is not a browser) is
    // refused. Bearer tokens are never sent by the browser on its own and need no such check.
    if (credentials.via === 'cookie' && !SAFE_METHODS.has(request.method) && request.headers.origin !== publicOrigin) {
      throw csrfRejected(undefined, request.headers.origin === undefined
        ? '以登录 Cookie 提交的修改须带有本系统的 Origin 请求头'
        : '请求来自其他网站，以登录 Cookie 提交的修改只接受本系统页面发出的请求')
    }
    if (access === undefined || actor.role === 'system' || !access.includes(actor.role)) throw forbidden({ role: actor.role })
    request.actor = actor
  })
}, { name: 'auth', dependencies: ['@fastify/cookie'] })
