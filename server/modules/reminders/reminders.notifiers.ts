import { createHmac } from 'node:crypto'
import type { NotifierKind } from '../../../db/schema/index.js'
import { maskPersonalText } from '../../common/personal-data.js'

// Posting a digest to a notifier over HTTP. The URL (which for WeCom holds the robot's key) never reaches an
// error text or a log; what a server answers is cut short and masked before it is stored.

export const SIGNATURE_HEADER = 'x-tingzheng-signature'
export const TIMESTAMP_HEADER = 'x-tingzheng-timestamp'
const TIMEOUT_MS = 10_000
const MAX_ERROR_CHARS = 200

/**
 * The generic webhook's signature: `sha256=` and the hex HMAC-SHA256, keyed with the notifier's secret, of
 * `<timestamp>.<body>` (timestamp: Unix seconds, also sent in x-tingzheng-timestamp, so a receiver can refuse
 * replays).
 */
export function webhookSignature (secret: string, timestamp: string, body: string) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`
}

export type PostOutcome = { ok: true } | { ok: false, error: string }

const short = (text: string) => maskPersonalText(text.replace(/\s+/g, ' ').trim()).slice(0, MAX_ERROR_CHARS)

/** Why a request failed, without the URL: the network error's code or name. */
function describeFailure (error: unknown) {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `超时（${TIMEOUT_MS / 1000} 秒内无应答）`
    if (cause && typeof cause.code === 'string') return `连接失败：${cause.code}`
    return `请求失败：${error.name}`
  }
  return '请求失败'
}

/**
 * Posts `body` (JSON text) to the notifier. WeCom answers 200 also for a refusal, with `{"errcode":…,"errmsg":…}`:
 * only errcode 0 counts as delivered. A generic webhook is delivered on any 2xx.
 */
export async function postDigest ({ kind, url, secret, body, at }: { kind: NotifierKind, url: string, secret: string | null, body: string, at: Date }): Promise<PostOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'tingzheng-reminders' }
  if (kind === 'webhook' && secret) {
    const timestamp = String(Math.floor(at.getTime() / 1000))
    headers[TIMESTAMP_HEADER] = timestamp
    headers[SIGNATURE_HEADER] = webhookSignature(secret, timestamp, body)
  }
  let response: Response
  let text: string
  try {
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) })
    text = await response.text()
  } catch (error) {
    return { ok: false, error: describeFailure(error) }
  }
  if (response.status < 200 || response.status > 299) return { ok: false, error: short(`HTTP ${response.status}${text ? `：${text}` : ''}`) }
  if (kind !== 'wecom') return { ok: true }
  let answer: { errcode?: unknown, errmsg?: unknown }
  try {
    answer = JSON.parse(text) as typeof answer
  } catch {
    return { ok: false, error: short(`企业微信应答不是 JSON：${text}`) }
  }
  if (answer.errcode === 0) return { ok: true }
  return { ok: false, error: short(`企业微信 errcode ${String(answer.errcode)}：${String(answer.errmsg ?? '')}`) }
}
