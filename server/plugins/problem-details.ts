import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import localizeAll from 'ajv-i18n'
import type { ErrorObject } from 'ajv'
import { DomainError, defineError, routeNotFound, internalError } from '../errors.js'
import { isBusyError } from '../shared/sqlite-errors.js'

const malformedJson = defineError('request.malformed_json', 400, '请求体不是合法的 JSON')
const emptyBody = defineError('request.empty_body', 400, '请求体为空')
const bodyTooLarge = defineError('request.body_too_large', 413, '请求体过大')
const unsupportedMediaType = defineError('request.unsupported_media_type', 415, '不支持的请求内容类型')
const invalid = defineError('request.invalid', 400, '请求参数不正确')
const otherClientError = defineError('request.bad_request', 400, '请求无法处理')
const badUrl = defineError('request.bad_url', 400, '请求地址无法解析')
const urlTooLong = defineError('request.url_too_long', 414, '请求地址过长')
const databaseBusy = defineError('service.busy', 503, '系统繁忙，请稍后重试')
/** Seconds a client is asked to wait after the database stayed locked past busy_timeout. */
const BUSY_RETRY_AFTER_SECONDS = 1

const FASTIFY_CODES: Record<string, (extra?: Record<string, unknown>) => DomainError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: malformedJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: emptyBody,
  FST_ERR_CTP_BODY_TOO_LARGE: bodyTooLarge,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: otherClientError,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: unsupportedMediaType,
  FST_ERR_BAD_URL: badUrl,
  FST_ERR_MAX_PARAM_LENGTH: urlTooLong
}

export type FieldError = { in: string, field: string, message: string }

/** The offending fields of an Ajv validation failure, with Chinese messages. */
export function fieldErrors (errors: ErrorObject[], context: string): FieldError[] {
  const copy = errors.map((e) => ({ ...e }))
  ;(localizeAll as unknown as { zh: (errors: ErrorObject[]) => void }).zh(copy)
  return copy.map((e) => {
    const params = e.params as Record<string, unknown>
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.')
    const field = [path, extra].filter(Boolean).join('.') || '(根)'
    const message = e.keyword === 'additionalProperties' ? `不允许的字段“${extra ?? ''}”` : (e.message ?? '取值不正确')
    return { in: context, field, message }
  })
}

/** The only extra fields of a server-side (5xx) problem a client sees; everything else stays in the log. */
const PUBLIC_SERVER_FIELDS = ['retryAfterSeconds'] as const

/**
 * What of a problem reaches the client. A 4xx problem is about the request and tells all of it; the detail and
 * extra of a 5xx problem describe the server (file paths, messages of the cause, SQL) and are logged instead.
 */
function publicPart (error: DomainError): { extra: Record<string, unknown> | undefined, detail: string | undefined } {
  if (error.status < 500) return { extra: error.extra, detail: error.detail }
  const extra: Record<string, unknown> = {}
  for (const key of PUBLIC_SERVER_FIELDS) if (error.extra?.[key] !== undefined) extra[key] = error.extra[key]
  return { extra, detail: undefined }
}

function send (request: FastifyRequest, reply: FastifyReply, baseUrl: string, error: DomainError) {
  const { extra, detail } = publicPart(error)
  const body: Record<string, unknown> = {
    ...extra,
    type: `${baseUrl}/api/problems#${error.code}`,
    title: error.title,
    status: error.status,
    code: error.code,
    instance: request.url.split('?')[0],
    requestId: request.id
  }
  if (detail !== undefined) body.detail = detail
  const retry = extra?.retryAfterSeconds
  if (typeof retry === 'number') void reply.header('retry-after', String(retry))
  return reply.code(error.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body)
}

/**
 * For fastify's `frameworkErrors` option: a URL the router cannot decode or an over-long path parameter is
 * answered before any hook or error handler runs, so it is turned into a problem here.
 */
export function frameworkErrorReply (publicBaseUrl: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = error.code ? FASTIFY_CODES[error.code] : undefined
    return send(request, reply, publicBaseUrl, known ? known() : otherClientError())
  }
}

/** Turns every error, including unknown routes and framework errors, into application/problem+json. */
export default fp(async (app, { publicBaseUrl }: { publicBaseUrl: string }) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      // the log keeps what the answer leaves out: err carries the detail (its message) and the extra fields
      if (error.status >= 500) request.log.error({ err: error }, 'domain error')
      return send(request, reply, publicBaseUrl, error)
    }
    if (error.validation) {
      return send(request, reply, publicBaseUrl, invalid({ errors: fieldErrors(error.validation as ErrorObject[], error.validationContext ?? 'body') }))
    }
    const status = error.statusCode ?? 500
    if (status < 500) {
      const known = error.code ? FASTIFY_CODES[error.code] : undefined
      if (known) return send(request, reply, publicBaseUrl, known())
      if (status === 429) return send(request, reply, publicBaseUrl, new DomainError('request.rate_limited', 429, '请求过于频繁，请稍后再试'))
      return send(request, reply, publicBaseUrl, new DomainError(`request.${(error.code ?? 'bad_request').toLowerCase()}`, status, '请求无法处理'))
    }
    if (isBusyError(error)) {
      request.log.warn({ err: error }, 'database busy past busy_timeout')
      return send(request, reply, publicBaseUrl, databaseBusy({ retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS }))
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(request, reply, publicBaseUrl, internalError())
  })

  app.setNotFoundHandler((request, reply) => send(request, reply, publicBaseUrl, routeNotFound({ method: request.method })))
}, { name: 'problem-details' })
