import { passwordProblems } from './modules/accounts/accounts.password-policy.rules.js'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export type Config = {
  port: number
  host: string
  databasePath: string
  /** How long a write waits for another connection's lock before the request is answered 503. */
  databaseBusyTimeoutMs: number
  publicBaseUrl: string
  adminUsername: string
  adminPassword: string | undefined
  logLevel: LogLevel
  sessionTtlHours: number
  apiTokenMaxDays: number
  loginMaxFailures: number
  loginLockMinutes: number
  loginRateLimitPerMinute: number
  bodyLimitBytes: number
  /** Seconds a client has to send a whole request (headers and body); past it the answer is 408 and the connection is closed. */
  requestTimeoutSeconds: number
  /** log2 of the scrypt cost parameter N; stored with each hash, so raising it affects new passwords only. */
  passwordHashCost: number
  /** Key material for accept/decline links and sealed feed tokens; when unset a random key is kept in the app_secrets table. */
  linkSigningSecret: string | undefined
  smtpHost: string | undefined
  smtpPort: number
  smtpSecure: boolean
  smtpUser: string | undefined
  smtpPassword: string | undefined
  mailFrom: string | undefined
}

type Spec<K extends keyof Config> = {
  key: K
  env: string
  doc: string
  default: Config[K]
  parse: (raw: string) => Config[K] | Error
}

const int = (min: number, max: number) => (raw: string): number | Error => {
  if (!/^\d+$/.test(raw)) return new Error(`must be a whole number between ${min} and ${max}`)
  const n = Number(raw)
  return n >= min && n <= max ? n : new Error(`must be between ${min} and ${max}`)
}
const nonEmpty = (raw: string): string | Error => raw.trim() === '' ? new Error('must not be empty') : raw.trim()
const url = (raw: string): string | Error => {
  try {
    const u = new URL(raw)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return new Error('must be an http(s) URL')
    return raw.replace(/\/+$/, '')
  } catch { return new Error('must be an absolute URL such as https://tingzheng.example.gov.cn') }
}
const bool = (raw: string): boolean | Error => {
  if (/^(true|1|yes)$/i.test(raw)) return true
  if (/^(false|0|no)$/i.test(raw)) return false
  return new Error('must be true or false')
}
const mailbox = (raw: string): string | Error => /^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>\s*$/.test(raw.trim()) ? raw.trim() : new Error('must be an address such as tingzheng@example.gov.cn or "名称" <tingzheng@example.gov.cn>')
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Every setting, its environment variable, default and meaning; the README's table mirrors this list. */
export const CONFIG_SPEC: { [K in keyof Config]: Spec<K> }[keyof Config][] = [
  { key: 'port', env: 'PORT', doc: 'TCP port to listen on', default: 3000, parse: int(0, 65535) },
  { key: 'host', env: 'HOST', doc: 'interface to listen on (0.0.0.0 for all)', default: '127.0.0.1', parse: nonEmpty },
  { key: 'databasePath', env: 'DATABASE_PATH', doc: 'SQLite database file, created and migrated at start', default: './data/tingzheng.db', parse: nonEmpty },
  { key: 'databaseBusyTimeoutMs', env: 'DATABASE_BUSY_TIMEOUT_MS', doc: 'how long a write waits for another process\'s lock on the database before the request is answered 503 with Retry-After', default: 5000, parse: int(10, 60_000) },
  { key: 'publicBaseUrl', env: 'PUBLIC_BASE_URL', doc: 'URL users reach the service at (links in documents, invites, problem types); defaults to http://localhost:PORT', default: 'http://localhost:3000', parse: url },
  { key: 'adminUsername', env: 'ADMIN_USERNAME', doc: 'login name of the first administrator, created on an empty database', default: 'admin', parse: nonEmpty },
  {
    key: 'adminPassword',
    env: 'ADMIN_PASSWORD',
    doc: 'password of the first administrator (at least 10 characters, three of upper case, lower case, digits and symbols, not containing ADMIN_USERNAME, not a common password); when unset one is generated and printed once',
    default: undefined,
    // checked against the password policy below, once ADMIN_USERNAME is known
    parse: (raw) => raw
  },
  { key: 'logLevel', env: 'LOG_LEVEL', doc: 'fatal, error, warn, info, debug, trace or silent', default: 'info', parse: (raw) => LEVELS.includes(raw as LogLevel) ? raw as LogLevel : new Error(`must be one of ${LEVELS.join(', ')}`) },
  { key: 'sessionTtlHours', env: 'SESSION_TTL_HOURS', doc: 'lifetime of a login session', default: 12, parse: int(1, 24 * 30) },
  { key: 'apiTokenMaxDays', env: 'API_TOKEN_MAX_DAYS', doc: 'longest lifetime an API token may be given', default: 365, parse: int(1, 3650) },
  { key: 'loginMaxFailures', env: 'LOGIN_MAX_FAILURES', doc: 'consecutive wrong passwords before an account is locked', default: 5, parse: int(1, 100) },
  { key: 'loginLockMinutes', env: 'LOGIN_LOCK_MINUTES', doc: 'how long a locked account stays locked', default: 15, parse: int(1, 24 * 60) },
  { key: 'loginRateLimitPerMinute', env: 'LOGIN_RATE_LIMIT_PER_MINUTE', doc: 'login attempts allowed per client address per minute', default: 20, parse: int(1, 10_000) },
  { key: 'bodyLimitBytes', env: 'BODY_LIMIT_BYTES', doc: 'largest JSON request body accepted', default: 1024 * 1024, parse: int(1024, 100 * 1024 * 1024) },
  { key: 'requestTimeoutSeconds', env: 'REQUEST_TIMEOUT_SECONDS', doc: 'seconds a client has to send a whole request, headers and body (an upload too); past it the answer is 408 and the connection is closed', default: 30, parse: int(1, 3600) },
  { key: 'passwordHashCost', env: 'PASSWORD_HASH_COST', doc: 'scrypt cost as log2(N)', default: 15, parse: int(10, 20) },
  {
    key: 'linkSigningSecret',
    env: 'LINK_SIGNING_SECRET',
    doc: 'secret (at least 32 characters) that signs accept/decline links in invitations and seals calendar-feed tokens; when unset a random one is generated once and kept in the database. Changing it voids links already sent',
    default: undefined,
    parse: (raw) => raw.length >= 32 ? raw : new Error('must be at least 32 characters')
  },
  { key: 'smtpHost', env: 'SMTP_HOST', doc: 'SMTP server for outgoing mail; when unset nothing is sent and the outbox (GET /api/v1/outbox) keeps every message', default: undefined, parse: nonEmpty },
  { key: 'smtpPort', env: 'SMTP_PORT', doc: 'SMTP port (587 with STARTTLS, 465 with SMTP_SECURE=true, 25 inside a trusted network)', default: 587, parse: int(1, 65535) },
  { key: 'smtpSecure', env: 'SMTP_SECURE', doc: 'true: TLS from the first byte (port 465); false: plain connection upgraded with STARTTLS when the server offers it', default: false, parse: bool },
  { key: 'smtpUser', env: 'SMTP_USER', doc: 'SMTP login name; leave unset when the server needs none', default: undefined, parse: nonEmpty },
  { key: 'smtpPassword', env: 'SMTP_PASSWORD', doc: 'SMTP password', default: undefined, parse: (raw) => raw },
  { key: 'mailFrom', env: 'MAIL_FROM', doc: 'sender of outgoing mail, e.g. "滨海市信访局听证" <tingzheng@xfj.example.gov.cn>; required with SMTP_HOST', default: undefined, parse: mailbox }
]

/** Settings whose values never appear in error messages. */
const SECRET_KEYS = new Set<keyof Config>(['adminPassword', 'linkSigningSecret', 'smtpPassword'])

export class ConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Reads the configuration from environment variables; throws ConfigError listing every bad value. */
export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {}
  const problems: string[] = []
  for (const spec of CONFIG_SPEC) {
    const raw = env[spec.env]
    if (raw === undefined || raw === '') { out[spec.key] = spec.default; continue }
    const value = spec.parse(raw)
    if (value instanceof Error) problems.push(`${spec.env}=${SECRET_KEYS.has(spec.key) ? '***' : JSON.stringify(raw)}: ${value.message}`)
    else out[spec.key] = value
  }
  if (out.smtpHost !== undefined && out.mailFrom === undefined) problems.push('MAIL_FROM: required when SMTP_HOST is set')
  if (typeof out.adminPassword === 'string') {
    const weak = passwordProblems(out.adminPassword, { username: typeof out.adminUsername === 'string' ? out.adminUsername : undefined })
    if (weak.length > 0) problems.push(`ADMIN_PASSWORD=***: too weak: ${weak.join('；')}`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  if (env.PUBLIC_BASE_URL === undefined || env.PUBLIC_BASE_URL === '') out.publicBaseUrl = `http://localhost:${String(out.port)}`
  return out as Config
}

/** Defaults overridden for tests; never reads process.env. */
export function testConfig (overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), databasePath: ':memory:', logLevel: 'silent', passwordHashCost: 10, ...overrides }
}
