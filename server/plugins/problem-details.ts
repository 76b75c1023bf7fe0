import fp from 'fastify-plugin'
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorObject } from 'ajv'
import { DomainError, defineError, routeNotFound, internalError } from '../errors.js'
import { isBusyError } from '../common/sqlite-errors.js'
import { ENUM_LABELS, PATTERN_HINTS, childSchema, fieldLabel, propertyLabel, schemaAt, schemaTitle } from '../common/field-labels.js'

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

export type FieldError = { in: string, field: string, label: string, message: string }

const TYPE_NAMES: Readonly<Record<string, string>> = {
  integer: '整数', number: '数字', string: '文字', boolean: 'true 或 false', array: '列表', object: '对象', null: 'null'
}
const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  'date-time': '应为带时区的日期时间，例如 2026-12-08T09:30:00+08:00',
  date: '应为日期，例如 2026-12-08',
  time: '应为带时区的时间，例如 09:30:00+08:00',
  email: '应为电子邮箱地址，例如 xfj@example.gov.cn',
  uri: '应为完整的网址，例如 https://example.gov.cn/',
  url: '应为完整的网址，例如 https://example.gov.cn/',
  uuid: '应为 UUID，例如 123e4567-e89b-12d3-a456-426614174000'
}

type Schema = Record<string, unknown>
const asSchema = (value: unknown): Schema => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Schema : {})

/** `应为以下取值之一：officer（听证员）、host（主持人）`: the values a field allows, with their labels where the schema has them. */
function oneOfValues (values: readonly unknown[], labels: readonly (string | undefined)[]) {
  const shown = values.map((v, i) => `${typeof v === 'string' ? v : JSON.stringify(v)}${labels[i] ? `（${labels[i]}）` : ''}`)
  return `应为以下取值之一：${shown.join('、')}`
}

function enumMessage (schema: Schema, values: readonly unknown[]) {
  const labels = schema[ENUM_LABELS]
  return oneOfValues(values, Array.isArray(labels) ? labels as string[] : [])
}

function typeMessage (type: unknown) {
  const types = (Array.isArray(type) ? type : String(type).split(',')).map((t) => TYPE_NAMES[String(t)] ?? String(t))
  return `应为${types.map((t, i) => (i === 0 && /^[A-Za-z]/.test(t) ? ` ${t}` : t)).join('或')}`
}

/** What a clerk reads for one failed keyword; `name` is the Chinese name of the property a required/unknown error is about. */
function keywordMessage (e: ErrorObject, name: string): string {
  const p = e.params as Record<string, unknown>
  const parent = asSchema(e.parentSchema)
  switch (e.keyword) {
    case 'type': return typeMessage(p.type)
    case 'format': return FORMAT_MESSAGES[String(p.format)] ?? `格式不正确（应为 ${String(p.format)} 格式）`
    case 'enum': return enumMessage(parent, p.allowedValues as unknown[])
    case 'const': return `应为 ${typeof p.allowedValue === 'string' ? p.allowedValue : JSON.stringify(p.allowedValue)}`
    case 'minLength': return Number(p.limit) <= 1 ? '不能为空' : `长度不能少于 ${String(p.limit)} 个字符`
    case 'maxLength': return `长度不能超过 ${String(p.limit)} 个字符`
    case 'pattern': return PATTERN_HINTS[String(p.pattern)] ?? '格式不正确'
    case 'minimum': return `不能小于 ${String(p.limit)}`
    case 'maximum': return `不能大于 ${String(p.limit)}`
    case 'exclusiveMinimum': return `应大于 ${String(p.limit)}`
    case 'exclusiveMaximum': return `应小于 ${String(p.limit)}`
    case 'multipleOf': return `应为 ${String(p.multipleOf)} 的整数倍`
    case 'minItems': return Number(p.limit) <= 1 ? '至少填写 1 项' : `至少填写 ${String(p.limit)} 项`
    case 'maxItems': return `最多填写 ${String(p.limit)} 项`
    case 'uniqueItems': return `第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项重复`
    case 'minProperties': return Number(p.limit) <= 1 ? '至少填写一项内容' : `至少填写 ${String(p.limit)} 项内容`
    case 'maxProperties': return `最多填写 ${String(p.limit)} 项内容`
    case 'required': return `缺少必填字段“${name}”(${String(p.missingProperty)})`
    case 'additionalProperties': return `不允许的字段“${String(p.additionalProperty)}”`
    case 'dependencies':
    case 'dependentRequired': return `填写“${String(p.property)}”时须同时填写“${String(p.missingProperty)}”`
    default: return '取值不符合要求'
  }
}

type Failure = { error: ErrorObject, message?: string }

/** The branch number of an error raised inside a union (`…/anyOf/2/type` → 2). */
function branchOf (union: ErrorObject, inner: ErrorObject) {
  return Number(inner.schemaPath.slice(union.schemaPath.length + 1).split('/')[0])
}

/** What each branch of a union is, for a message when the value fits none of them. */
function describeBranch (branch: Schema): string {
  if ('const' in branch) return typeof branch.const === 'string' ? branch.const : JSON.stringify(branch.const)
  if (Array.isArray(branch.enum)) return branch.enum.map(String).join('、')
  return TYPE_NAMES[String(branch.type)] ?? '对象'
}

/**
 * A union (anyOf/oneOf) fails with an error from every branch. The clerk is told about the branch the value
 * was meant for: a nullable field's null branch is left out, and among the others the one whose type the value
 * has (fewest errors first). A union of constants is an enum and says so.
 */
function resolveUnion (union: ErrorObject, inner: ErrorObject[]): Failure[] {
  const branches = Array.isArray(union.schema) ? (union.schema as unknown[]).map(asSchema) : []
  if (branches.length > 0 && branches.every((b) => 'const' in b)) {
    return [{ error: union, message: oneOfValues(branches.map((b) => b.const), branches.map((b) => schemaTitle(b) ?? (typeof b.description === 'string' ? b.description : undefined))) }]
  }
  const live = branches.map((b, i) => ({ b, i })).filter(({ b }) => b.type !== 'null').map(({ i }) => i)
  const errorsOf = (i: number) => inner.filter((e) => branchOf(union, e) === i)
  const misfit = (i: number) => errorsOf(i).some((e) => e.instancePath === union.instancePath && ['type', 'const', 'enum'].includes(e.keyword))
  const fitting = live.filter((i) => !misfit(i)).sort((a, b) => errorsOf(a).length - errorsOf(b).length)
  const chosen = live.length === 1 ? live[0] : fitting[0]
  if (chosen !== undefined && errorsOf(chosen).length > 0) return collapse(errorsOf(chosen))
  const described = live.map((i) => describeBranch(branches[i]!))
  return [{ error: union, message: `应为${[...new Set(described)].join('或')}` }]
}

/** The errors with every union replaced by the errors of the branch it is about, in the order Ajv gave them. */
function collapse (errors: ErrorObject[]): Failure[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
  const inside = (e: ErrorObject, u: ErrorObject) => e.schemaPath.startsWith(`${u.schemaPath}/`)
  const outer = unions.filter((u) => !unions.some((o) => o !== u && inside(u, o)))
  const out: Failure[] = []
  for (const e of errors) {
    if (outer.includes(e)) out.push(...resolveUnion(e, errors.filter((x) => inside(x, e))))
    else if (!outer.some((u) => inside(e, u))) out.push({ error: e })
  }
  return out
}

/**
 * The offending fields of an Ajv validation failure (compiled with `verbose`), in words a clerk understands:
 * `field` is the machine path a client maps to its form, `label` the field's Chinese name (the schema's
 * `title`, else the common-field list), `message` what is wrong and what is allowed. `root` is the schema of
 * the request part (`body`, `querystring`…), for the labels of the enclosing fields.
 */
export function fieldErrors (errors: ErrorObject[], context: string, root?: unknown): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  // an empty text breaks both minLength and the "not only blanks" pattern: one message is enough
  const empty = new Set(errors.filter((e) => e.keyword === 'minLength').map((e) => e.instancePath))
  for (const { error: e, message } of collapse(errors)) {
    if (e.keyword === 'pattern' && (e.params as { pattern?: string }).pattern === '\\S' && empty.has(e.instancePath)) continue
    const params = e.params as Record<string, unknown>
    const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined
    const path = e.instancePath.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')
    const field = [path, extra].filter(Boolean).join('.') || '(根)'
    const own = extra !== undefined ? asSchema(asSchema(e.parentSchema).properties)[extra] : e.parentSchema
    // an unknown field has no Chinese name: it is shown as sent, under the names of the fields around it
    const label = e.keyword === 'additionalProperties'
      ? [path === '' ? '' : fieldLabel(root, path, context), extra].filter(Boolean).join('·')
      : fieldLabel(root, field, context, own)
    const name = extra === undefined ? label : propertyLabel(extra, childSchema(schemaAt(root, path), extra) ?? own)
    const text = message ?? keywordMessage(e, name)
    const key = `${field}\u0000${text}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ in: context, field, label, message: text })
  }
  return out
}

/** The route's schema of one part of the request (`body`, `querystring`, `params`, `headers`). */
function requestSchema (request: FastifyRequest, part: string): unknown {
  const schema = request.routeOptions.schema as Record<string, unknown> | undefined
  return schema?.[part] ?? (part === 'querystring' ? schema?.query : undefined)
}

/** A service's field errors get the same Chinese labels as validation errors, read from the route's schemas. */
function withFieldLabels (request: FastifyRequest, error: DomainError): DomainError {
  const errors = error.extra?.errors
  if (error.status >= 500 || !Array.isArray(errors) || errors.every((e) => typeof e?.label === 'string')) return error
  const labelled = errors.map((e: { in?: unknown, field?: unknown, label?: unknown }) => {
    if (typeof e?.label === 'string' || typeof e?.field !== 'string') return e
    const part = typeof e.in === 'string' ? e.in : 'body'
    return { ...e, label: fieldLabel(requestSchema(request, part), e.field, part) }
  })
  return new DomainError(error.code, error.status, error.title, error.detail, { ...error.extra, errors: labelled })
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

const requestTimeout = defineError('request.timeout', 408, '请求发送超时')
const headersTooLarge = defineError('request.headers_too_large', 431, '请求头过大')
const malformedRequest = defineError('request.malformed', 400, '请求格式不正确')

/** Parser and timeout errors of the HTTP server that are the client's doing, by their code; anything else is a 400. */
const CLIENT_ERRORS: Record<string, () => DomainError> = {
  ERR_HTTP_REQUEST_TIMEOUT: () => requestTimeout({}, '请求未在规定时间内发送完毕（例如上传过慢或中途停止），连接已关闭，请重新发送'),
  HPE_HEADER_OVERFLOW: () => headersTooLarge()
}

/**
 * For fastify's `clientErrorHandler`: what Node's HTTP parser refuses (a request not complete within
 * requestTimeout, a broken chunked body, a body cut short, oversized headers) never reaches a route, and
 * fastify's default answer is plain JSON. Written straight to the socket as a problem, then the connection is
 * closed. Nothing is written once a response has started on the socket.
 */
export function clientErrorReply (publicBaseUrl: string, headers: Record<string, string>) {
  return function (this: { log: { debug: (o: object, m: string) => void } }, error: Error & { code?: string }, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const problem = (error.code ? CLIENT_ERRORS[error.code] : undefined)?.() ?? malformedRequest()
    this.log.debug({ err: error }, 'client error')
    const requestId = randomUUID()
    const body = JSON.stringify({
      type: `${publicBaseUrl}/api/problems#${problem.code}`,
      title: problem.title,
      status: problem.status,
      code: problem.code,
      requestId,
      ...(problem.detail !== undefined ? { detail: problem.detail } : {})
    })
    const head = [
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      `x-request-id: ${requestId}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
    ]
    if (socket.writable && socket.bytesWritten === 0) socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy())
    else socket.destroy()
  }
}

/** Turns every error, including unknown routes and framework errors, into application/problem+json. */
export default fp(async (app, { publicBaseUrl }: { publicBaseUrl: string }) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      // the log keeps what the answer leaves out: err carries the detail (its message) and the extra fields
      if (error.status >= 500) request.log.error({ err: error }, 'domain error')
      return send(request, reply, publicBaseUrl, withFieldLabels(request, error))
    }
    if (error.validation) {
      const context = error.validationContext ?? 'body'
      return send(request, reply, publicBaseUrl, invalid({ errors: fieldErrors(error.validation as ErrorObject[], context, requestSchema(request, context)) }))
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

  // outside the API, a browser's navigation gets the web interface (server/plugins/web-app.ts), which routes it itself
  app.setNotFoundHandler((request, reply) => {
    if (app.webFallback?.(request, reply) === true) return
    return send(request, reply, publicBaseUrl, routeNotFound({ method: request.method }))
  })
}, { name: 'problem-details' })
