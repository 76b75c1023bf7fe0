/** An error a client can act on: carries its HTTP status, a stable code and a Chinese title. */
export class DomainError extends Error {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly detail?: string
  readonly extra?: Record<string, unknown>

  constructor (code: string, status: number, title: string, detail?: string, extra?: Record<string, unknown>) {
    super(detail ?? title)
    this.name = 'DomainError'
    this.code = code
    this.status = status
    this.title = title
    if (detail !== undefined) this.detail = detail
    if (extra !== undefined) this.extra = extra
  }
}

const catalogue = new Map<string, { status: number, title: string }>()

/** Declares an error kind once; the returned factory builds occurrences of it. */
export function defineError (code: string, status: number, title: string) {
  catalogue.set(code, { status, title })
  return (extra?: Record<string, unknown>, detail?: string) => new DomainError(code, status, title, detail, extra)
}

/** Every declared problem code, for the problem-type documentation page. */
export function problemCatalogue () {
  return [...catalogue.entries()].map(([code, v]) => ({ code, ...v })).sort((a, b) => a.code.localeCompare(b.code))
}

export const notAuthenticated = defineError('auth.unauthenticated', 401, '未登录或登录已失效')
export const forbidden = defineError('auth.forbidden', 403, '无权执行此操作')
export const versionConflict = defineError('request.version_conflict', 409, '数据已被他人修改，请刷新后重试')
export const invalidRequest = defineError('request.invalid', 400, '请求参数不正确')
export const internalError = defineError('internal.error', 500, '服务器内部错误')
export const routeNotFound = defineError('route.not_found', 404, '请求的地址不存在')
