import type { ResponseAction } from './signed-links.js'
import { DECLINE_REASON_MAX } from './calendar.schemas.js'

/** Plain pages shown after following an accept/decline link; everything interpolated is escaped. */

export type ResponseHearingSummary = { title: string, time: string, venue: string }

export type ResponsePageView =
  | { kind: 'confirm', action: ResponseAction, hearing: ResponseHearingSummary | null, token: string, formAction: string }
  | { kind: 'accepted' | 'declined', hearing: ResponseHearingSummary | null }
  | { kind: 'expired' | 'invalid' | 'closed' | 'unavailable' }

export type ResponsePageKind = ResponsePageView['kind']

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml (value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const TEXT: Record<ResponsePageKind, { title: string, lead: string }> = {
  confirm: { title: '', lead: '' },
  accepted: { title: '已确认参加', lead: '感谢您的答复，已记录您将参加本次听证。时间、地点如有变动，将另行通知。' },
  declined: { title: '已谢绝', lead: '已记录您不参加本次听证，协调员将另行安排。' },
  expired: { title: '链接已过期', lead: '该答复链接已过期。如仍需答复，请联系听证协调员。' },
  invalid: { title: '链接无效', lead: '该链接不完整或已失效。请确认完整复制了邮件中的链接，或联系听证协调员。' },
  closed: { title: '无需答复', lead: '该听证已取消或已举行，或您已不在本次听证的人员名单中，无需再答复。' },
  unavailable: { title: '暂时无法办理', lead: '系统暂时无法记录您的答复，请稍后再试，或联系听证协调员。' }
}

const CONFIRM: Record<ResponseAction, { title: string, lead: string, button: string }> = {
  accept: { title: '确认参加听证', lead: '请确认您将参加以下听证：', button: '确认参加' },
  decline: { title: '确认谢绝听证邀请', lead: '请确认您不能参加以下听证。确认后，协调员将另行安排。', button: '确认谢绝' }
}

/**
 * A decline reason as stored: control and format characters (bidi overrides among them) dropped, white space
 * collapsed, at most DECLINE_REASON_MAX characters; empty is null.
 */
export function cleanReason (value: string | null | undefined): string | null {
  if (!value) return null
  const cleaned = value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim()
  return cleaned === '' ? null : [...cleaned].slice(0, DECLINE_REASON_MAX).join('')
}

function hearingBlock (hearing: ResponseHearingSummary | null) {
  if (!hearing) return ''
  return `<dl><dt>听证</dt><dd>${escapeHtml(hearing.title)}</dd><dt>时间</dt><dd>${escapeHtml(hearing.time)}</dd><dt>地点</dt><dd>${escapeHtml(hearing.venue)}</dd></dl>`
}

/** Where the page points for everything else: the web interface's "my hearings" (sign-in first). */
type ResponsePageOptions = { homeUrl?: string | undefined }

function page (title: string, body: string, { homeUrl }: ResponsePageOptions) {
  const home = homeUrl ? `\n<p class="home"><a href="${escapeHtml(homeUrl)}">登录系统，查看我的全部听证安排</a></p>` : ''
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)} · 信访事项听证</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f6f6;color:#222;font-size:16px;line-height:1.6}main{max-width:36rem;margin:0 auto;padding:1.25rem;background:#fff;box-sizing:border-box;min-height:100vh}@media (min-width:600px){main{margin:3rem auto;padding:2rem;border-radius:8px;min-height:0}}h1{font-size:1.35rem;margin-top:0}dl{display:grid;grid-template-columns:3em minmax(0,1fr);gap:.4rem;overflow-wrap:anywhere}dt{color:#666}dd{margin:0}label{display:block;margin-bottom:.3rem}textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem}button{font-size:1rem;min-height:44px;width:100%;padding:.6rem 1.6rem;border:0;border-radius:4px;background:#b22222;color:#fff;cursor:pointer}@media (min-width:600px){button{width:auto}}.home{margin-top:1.5rem;font-size:.95rem}.home a{color:#b22222}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}${home}
</main>
</body>
</html>
`
}

export function renderResponsePage (view: ResponsePageView, options: ResponsePageOptions = {}): string {
  if (view.kind === 'confirm') {
    const t = CONFIRM[view.action]
    const form = `<form method="get" action="${escapeHtml(view.formAction)}">` +
      `<input type="hidden" name="token" value="${escapeHtml(view.token)}">` +
      '<input type="hidden" name="confirm" value="1">' +
      (view.action === 'decline'
        ? `<p><label for="reason">谢绝理由（选填，将告知协调员）</label><br><textarea id="reason" name="reason" rows="3" maxlength="${DECLINE_REASON_MAX}"></textarea></p>`
        : '') +
      `<button type="submit">${escapeHtml(t.button)}</button></form>`
    return page(t.title, `<p>${escapeHtml(t.lead)}</p>\n${hearingBlock(view.hearing)}\n${form}`, options)
  }
  const t = TEXT[view.kind]
  const hearing = view.kind === 'accepted' || view.kind === 'declined' ? hearingBlock(view.hearing) : ''
  return page(t.title, `<p>${escapeHtml(t.lead)}</p>${hearing ? '\n' + hearing : ''}`, options)
}
