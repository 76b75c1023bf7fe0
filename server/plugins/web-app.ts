import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { existsSync, readFileSync } from 'node:fs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { projectPath } from '../common/paths.js'
import { WEB_APP_CSP } from '../common/content-security.js'

/** Where `vite build` (web/vite.config.ts) writes the interface; built by `npm run build`. */
export const WEB_ROOT = projectPath('dist', 'web')

/** Paths that never fall back to the interface: an unknown one there stays a problem+json 404. */
const NOT_INTERFACE = /^\/(api|healthz)(\/|$)/

export type WebFallback = (request: FastifyRequest, reply: FastifyReply) => boolean

/**
 * Whether a client would take the interface's HTML: a browser navigating (text/html), and any client that takes
 * anything (no Accept header, or a wildcard, as curl and link checkers send); not one that asks for JSON or a file.
 */
export function acceptsHtml (accept: string | undefined) {
  return accept === undefined || accept.trim() === '' || /(^|[\s,])(text\/html|text\/\*|\*\/\*)(\s*[;,]|\s*$)/i.test(accept)
}

/**
 * The web interface, from the same origin as the API. The hashed files under /assets are cached for a year
 * (their names change with their content); index.html is never cached, so a new release is picked up on the next
 * navigation. Any other GET outside the API that accepts HTML is answered with index.html (the interface's router
 * takes it from there). Without a build, nothing is served, every path answers as before, and the log says so.
 */
export default fp(async (app, { root }: { root: string }) => {
  const indexFile = `${root}/index.html`
  if (!existsSync(indexFile)) {
    app.log.warn({ indexFile }, 'the web interface is not built: run npm run build (npm start does), until then only the API is served')
    return
  }
  const index = readFileSync(indexFile)
  await app.register(fastifyStatic, {
    root: `${root}/assets`,
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    cacheControl: true,
    preCompressed: true,
    setHeaders: (res) => { res.setHeader('content-security-policy', WEB_APP_CSP) }
  })
  const sendIndex = (reply: FastifyReply) => reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('content-security-policy', WEB_APP_CSP)
    .send(index)
  const fallback: WebFallback = (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const path = request.url.split('?', 1)[0]!
    if (NOT_INTERFACE.test(path) || path.startsWith('/assets/')) return false
    if (!acceptsHtml(request.headers.accept)) return false
    void sendIndex(reply)
    return true
  }
  app.decorate('webFallback', fallback)
}, { name: 'web-app' })

declare module 'fastify' {
  interface FastifyInstance {
    webFallback?: WebFallback
  }
}
