import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import cookie from '@fastify/cookie'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import fastJson from 'fast-json-stringify'
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Db } from '../db/client.js'
import type { Config } from './config.js'
import type { Clock } from './common/clock.js'
import type { Rng } from './common/random.js'
import pino from 'pino'
import { decodePercent, maskPersonalText, maskPersonalValues } from './common/personal-data.js'
import { ProblemDetails } from './common/schemas.js'
import problemDetails, { clientErrorReply, frameworkErrorReply } from './plugins/problem-details.js'
import auth from './plugins/auth.js'
import services, { createServices, type Services } from './services.js'
import openapi from './plugins/openapi.js'
import webApp from './plugins/web-app.js'
import securityHeaders, { securityHeaderSet, stampReply } from './plugins/security-headers.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { authRoutes } from './modules/accounts/accounts.sessions.routes.js'
import { usersRoutes } from './modules/accounts/accounts.users.routes.js'
import { regionsRoutes } from './modules/regions/regions.routes.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { organisationsRoutes } from './modules/organisations/organisations.routes.js'
import { poolRoutes } from './modules/pool/pool.routes.js'
import { venuesRoutes } from './modules/venues/venues.routes.js'
import { hearingsRoutes } from './modules/hearings/hearings.routes.js'
import { panelRoutes } from './modules/hearings/hearings.panel.routes.js'
import { provincialEntryRoutes } from './modules/hearings/hearings.provincial-entry.routes.js'
import { calendarRoutes } from './modules/calendar/calendar.routes.js'
import { mailRoutes } from './modules/mail/mail.routes.js'
import { mattersRoutes } from './modules/matters/matters.routes.js'
import { caseTeamsRoutes } from './modules/case-teams/case-teams.routes.js'
import { rulesetsRoutes } from './modules/rulesets/rulesets.routes.js'
import { calendarDaysRoutes } from './modules/calendar-days/calendar-days.routes.js'
import { noticesRoutes } from './modules/notices/notices.routes.js'
import { minutesRoutes } from './modules/minutes/minutes.routes.js'
import { deliberationRoutes } from './modules/minutes/minutes.deliberation.routes.js'
import { statisticsRoutes } from './modules/statistics/statistics.routes.js'
import { bulletinsRoutes } from './modules/bulletins/bulletins.routes.js'
import { remindersRoutes } from './modules/reminders/reminders.routes.js'
import { exportsRoutes } from './modules/exports/exports.routes.js'
import { remunerationRoutes } from './modules/remuneration/remuneration.routes.js'
import { assessmentsRoutes } from './modules/assessments/assessments.routes.js'
import { unprintableTextHook } from './modules/documents/documents.entry.js'

export const APP_VERSION = '0.1.0'

export type AppDeps = {
  /** The built web interface to serve (server/plugins/web-app.ts); the service passes dist/web, API tests none. */
  webRoot?: string
  config: Config
  db: Db
  sqlite: Database.Database
  clock: Clock
  rng: Rng
  services?: Services
  /** Where logs go; defaults to stdout. Tests pass a stream to inspect what was logged. */
  logStream?: NodeJS.WritableStream
}

/** Paths whose values never reach the log. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password', '*.newPassword', '*.currentPassword', '*.token', '*.idNumber', '*.phone', '*.mobile'
]

function ajvFor (part: 'body' | 'other') {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: part === 'other',
    strict: false,
    // errors carry the failing schema, so validation messages can name the field (its title) and list allowed values
    verbose: true
  })
  addFormats.default(ajv)
  return ajv
}

/** Query parameters whose values never reach the log: credentials, and search text (names, ID or phone numbers). */
const SECRET_PARAMS = new Set(['token', 'sig', 'q', 'name', 'phone', 'mobile', 'idnumber', 'password', 'email'])

/** One query parameter as a form decodes it ('+' is a space), never throwing on bad escapes. */
const decodeParam = (raw: string) => decodePercent(raw.replace(/\+/g, ' '))

/**
 * The request URL as logged: the calendar feed token and secret parameters replaced, everything else decoded
 * (%33%37… is 37…) and then masked, so an ID or mobile number shows up in no spelling a client may send.
 */
export function logUrl (url: string): string {
  const at = url.indexOf('?')
  const path = maskPersonalText(decodePercent((at < 0 ? url : url.slice(0, at)).replace(/(\/calendar\/feeds\/)[^/?#]+/gi, '$1[redacted]')))
  if (at < 0) return path
  const query = url.slice(at + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=')
    const key = decodeParam(eq < 0 ? pair : pair.slice(0, eq))
    if (SECRET_PARAMS.has(key.trim().toLowerCase())) return `${maskPersonalText(key)}=[redacted]`
    return eq < 0 ? maskPersonalText(key) : `${maskPersonalText(key)}=${maskPersonalText(decodeParam(pair.slice(eq + 1)))}`
  })
  return `${path}?${query.join('&')}`
}

export function loggerOptions (config: Pick<Config, 'logLevel'>, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method: string, url: string, ip?: string }) => ({
        method: req.method,
        url: logUrl(req.url),
        remoteAddress: req.ip
      }),
      // an error's message, stack and fields may echo input (a parser quoting the body, a value in a message)
      err: (error: Error) => maskPersonalValues(pino.stdSerializers.err(error))
    },
    hooks: {
      // message strings too; an Error logged on its own would otherwise lend its message unmasked
      logMethod (args: unknown[], method: (...args: unknown[]) => void) {
        if (args[0] instanceof Error && typeof args[1] !== 'string') args.splice(0, 1, { err: args[0] }, args[0].message)
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = maskPersonalText(args[i] as string)
        method.apply(this, args)
      }
    }
  } as FastifyServerOptions['logger']
}

/** Builds the HTTP application; never listens (server/main.ts owns the process). */
export async function buildApp (deps: AppDeps) {
  const { config } = deps
  const publicOrigin = new URL(config.publicBaseUrl).origin
  // computed once: the hook on every request and the errors answered before any hook use the same set
  const headers = securityHeaderSet({ https: publicOrigin.startsWith('https:') })
  const frameworkProblem = frameworkErrorReply(config.publicBaseUrl)
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
    // a request (headers and body) not received within this time is answered 408 and its connection closed, so
    // a client trickling a body cannot hold a connection; Node checks every connectionsCheckingInterval
    requestTimeout: config.requestTimeoutSeconds * 1000,
    http: {
      headersTimeout: config.requestTimeoutSeconds * 1000,
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutSeconds * 250)
    },
    // what Node's parser refuses before any route (the timeout above, a broken body) is answered as a problem too
    clientErrorHandler: clientErrorReply(config.publicBaseUrl, headers),
    // a URL the router cannot decode, or a path parameter over maxParamLength: answered before any hook runs
    frameworkErrors: (error, request, reply) => {
      stampReply(request, reply, headers)
      void frameworkProblem(error, request, reply as FastifyReply)
    }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const bodyAjv = ajvFor('body')
  const otherAjv = ajvFor('other')
  // Compiled on a route's first request rather than at start-up: with over a hundred routes, compiling
  // every schema up front costs most of a second of cold start.
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : otherAjv
    let compiled: ValidateFunction | undefined
    const validate = (data: unknown) => {
      compiled ??= ajv.compile(schema)
      const ok = compiled(data)
      validate.errors = compiled.errors
      return ok
    }
    validate.errors = null as ValidateFunction['errors']
    return validate
  })
  app.addSchema(ProblemDetails)
  // Response serializers likewise: built for a route and status on first use.
  app.setSerializerCompiler(({ schema }) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data: unknown) => (serialize ??= fastJson(schema as Parameters<typeof fastJson>[0], { schema: app.getSchemas() as Record<string, Parameters<typeof fastJson>[0]> }))(data)
  })

  const svc = deps.services ?? createServices(deps)

  await app.register(problemDetails, { publicBaseUrl: config.publicBaseUrl })
  await app.register(cookie)
  await app.register(securityHeaders, { headers })
  await app.register(services, { services: svc })
  await app.register(auth, { resolveToken: svc.auth.resolveToken, publicOrigin })
  await app.register(openapi, { publicBaseUrl: config.publicBaseUrl, version: APP_VERSION })

  if (deps.webRoot !== undefined) await app.register(webApp, { root: deps.webRoot })
  await app.register(healthRoutes, { sqlite: deps.sqlite })
  await app.register(async (api) => {
    // text that no document font can draw is refused when entered, so that nothing stored is unprintable
    api.addHook('preHandler', unprintableTextHook)
    await api.register(authRoutes, { secureCookie: config.publicBaseUrl.startsWith('https:') })
    await api.register(usersRoutes)
    await api.register(regionsRoutes)
    await api.register(auditRoutes)
    await api.register(rulesetsRoutes)
    await api.register(calendarDaysRoutes)
    await api.register(organisationsRoutes)
    await api.register(poolRoutes)
    await api.register(venuesRoutes)
    await api.register(hearingsRoutes)
    await api.register(panelRoutes)
    await api.register(provincialEntryRoutes)
    await api.register(calendarRoutes)
    await api.register(mailRoutes)
    await api.register(mattersRoutes)
    await api.register(caseTeamsRoutes)
    await api.register(noticesRoutes)
    await api.register(minutesRoutes)
    await api.register(deliberationRoutes)
    await api.register(statisticsRoutes)
    await api.register(bulletinsRoutes)
    await api.register(remindersRoutes)
    await api.register(exportsRoutes)
    await api.register(remunerationRoutes)
    await api.register(assessmentsRoutes)
  }, { prefix: '/api/v1' })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
