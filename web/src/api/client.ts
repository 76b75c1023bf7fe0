import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'

/** The problem+json body every refusal carries (server/common/schemas.ts ProblemDetails). */
export type Problem = components['schemas']['ProblemDetails']

/** A refusal from the service, or a network failure shown as one. */
export class ApiProblem extends Error {
  readonly problem: Problem
  readonly requestId: string | null
  constructor (problem: Problem, requestId: string | null) {
    super(problem.title)
    this.problem = problem
    this.requestId = requestId ?? problem.requestId ?? null
  }

  get status () { return this.problem.status }
  get code () { return this.problem.code }
  /** Field errors by the field's path (`petitioners.0.idNumber`), for the form items that show them. */
  fieldErrors (): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) out[e.field] = out[e.field] ? `${out[e.field]}；${e.message}` : e.message
    return out
  }
}

const listeners = new Set<(problem: ApiProblem) => void>()
/** Called for every 401 outside sign-in: the session ended (expired, signed out elsewhere, password changed). */
export function onSessionEnded (listener: (problem: ApiProblem) => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

const networkProblem = (): Problem => ({ type: 'about:blank', title: '无法连接服务器，请检查网络后重试', status: 0, code: 'network.unreachable' })

const problems: Middleware = {
  async onResponse ({ response, request }) {
    if (response.ok) return undefined
    const requestId = response.headers.get('x-request-id')
    let body: Problem
    try {
      body = await response.clone().json() as Problem
    } catch {
      body = { type: 'about:blank', title: `服务器答复 ${response.status}`, status: response.status, code: 'http.unexpected' }
    }
    const problem = new ApiProblem(body, requestId)
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) for (const l of listeners) l(problem)
    throw problem
  },
  onError () { return new ApiProblem(networkProblem(), null) }
}

/**
 * The typed client: paths and bodies are checked against the service's OpenAPI document (schema.d.ts, generated).
 * The browser session is the HttpOnly cookie set by sign-in; the browser sends its Origin with every change, which
 * the service requires of cookie-authenticated writes.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(problems)

/** The data of a successful answer (refusals have already been thrown as ApiProblem by the middleware). */
export async function ok<T> (call: Promise<{ data?: T, error?: unknown }>): Promise<T> {
  const { data } = await call
  return data as T
}

/** Downloads a file answer (PDF, xlsx, ICS) as a Blob, with refusals thrown like any other call. */
export async function download (path: string, init: RequestInit = {}): Promise<{ blob: Blob, filename: string | null }> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init })
  } catch {
    throw new ApiProblem(networkProblem(), null)
  }
  if (!response.ok) {
    let body: Problem
    try { body = await response.json() as Problem } catch { body = { type: 'about:blank', title: `服务器答复 ${response.status}`, status: response.status, code: 'http.unexpected' } }
    const problem = new ApiProblem(body, response.headers.get('x-request-id'))
    if (response.status === 401) for (const l of listeners) l(problem)
    throw problem
  }
  const disposition = response.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return { blob: await response.blob(), filename: star?.[1] ? decodeURIComponent(star[1]) : plain?.[1] ?? null }
}

/** Saves a Blob under a file name, as the browser's own download. */
export function saveBlob (blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
