import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Hearing, HearingEvent, HearingParticipant, HearingStatus } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { requireApiTime, toApiTime } from '../../common/time.js'
import { invalidRequest } from '../../errors.js'
import { ROLES } from '../../common/access.js'
import { EDITABLE_STATUSES, HEARING_ACTIONS, HEARING_EVENT_NAMES, NOTICE_WAIVER_METHOD_NAMES, TERMINATION_GROUND_RULES, TERMINATION_GROUNDS, transitionAllowed, type HearingAction, type TerminationGround } from './hearings.lifecycle.js'
import { HEARING_STATUS_NAMES } from './hearings.status.rules.js'
import {
  ChangePreviewBody, HearingBody, HearingCalendar, HearingCalendarQuery, HearingDetail, HearingEventView, HearingListQuery, HearingPage, HearingWithProblems, PreviewBody, PreviewResult, TransitionBody, UpdateHearingBody
} from './hearings.schemas.js'

export function hearingView (h: Hearing, regionName?: string) {
  const { ruleset: _r, createdByUserId: _c, ...rest } = h
  return {
    ...rest,
    ...(regionName ? { regionName } : {}),
    statusName: HEARING_STATUS_NAMES[h.status],
    noticeWaiver: h.noticeWaiver ? { ...h.noticeWaiver, methodName: NOTICE_WAIVER_METHOD_NAMES[h.noticeWaiver.method] } : null,
    terminationGround: groundOf(h.terminationGround),
    terminationGroundName: groundName(h.terminationGround),
    startsAt: toApiTime(h.startsAt),
    endsAt: toApiTime(h.endsAt),
    createdAt: toApiTime(h.createdAt),
    updatedAt: toApiTime(h.updatedAt)
  }
}

const groundOf = (code: string | null) => code !== null && code in TERMINATION_GROUNDS ? code as TerminationGround : null
const groundName = (code: string | null) => { const g = groundOf(code); return g ? TERMINATION_GROUNDS[g] : null }
const statusName = (status: string | null) => status === null ? null : HEARING_STATUS_NAMES[status as HearingStatus] ?? status

/** A timeline entry: who (user id, name), when, what (with Chinese names), why (reason, ground), which request. */
export function eventView (e: HearingEvent) {
  return {
    id: e.id,
    action: e.action,
    actionName: HEARING_EVENT_NAMES[e.action] ?? e.action,
    fromStatus: e.fromStatus,
    fromStatusName: statusName(e.fromStatus),
    toStatus: e.toStatus,
    toStatusName: statusName(e.toStatus),
    reason: e.reason,
    ground: groundOf(e.ground),
    groundName: groundName(e.ground),
    details: e.details ?? {},
    sequence: e.sequence,
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    requestId: e.requestId,
    at: toApiTime(e.at)
  }
}

export function participantView (p: HearingParticipant) {
  return { ...p, respondedAt: toApiTime(p.respondedAt) }
}

/** An instant from the body; a value without offset is refused (a bare time is ambiguous). */
const instant = (value: string, field: string) => requireApiTime(value, { in: 'body', field })
const optionalInstant = (value: string | undefined, field: string) => value === undefined ? undefined : instant(value, field)
/** The widest calendar range (a month view shows six weeks; a little more for a quarter's list). */
const CALENDAR_MAX_DAYS = 100
/** The most entries one calendar answer holds (a busy city's six weeks are a few thousand at most). */
const CALENDAR_MAX_ENTRIES = 5_000
const queryInstant = (value: string | undefined, field: string) => value === undefined ? undefined : requireApiTime(value, { in: 'querystring', field })

export const hearingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { hearings } = app.services
  const tags = ['hearings']
  const schedulers = ROLES.hearingStaff

  app.post('/hearings/preview', {
    config: { access: schedulers },
    schema: { operationId: 'previewHearing', tags, summary: '预检听证安排（不保存），列出全部问题', body: PreviewBody, response: { 200: PreviewResult, ...problemResponses } }
  }, async (request) => hearings.preview(request.actor, { ...request.body, startsAt: instant(request.body.startsAt, 'startsAt'), endsAt: instant(request.body.endsAt, 'endsAt') }))

  app.post('/hearings/:id/preview', {
    config: { access: schedulers },
    schema: { operationId: 'previewHearingChange', tags, summary: '预检对已安排听证的修改（改期、延期、恢复、更换人员；不保存），列出全部问题', params: IdParam, body: ChangePreviewBody, response: { 200: PreviewResult, ...problemResponses } }
  }, async (request) => {
    const { startsAt, endsAt, ...rest } = request.body
    return hearings.previewChange(request.actor, request.params.id, { ...rest, startsAt: optionalInstant(startsAt, 'startsAt'), endsAt: optionalInstant(endsAt, 'endsAt') })
  })

  app.post('/hearings', {
    config: { access: schedulers },
    schema: { operationId: 'createHearing', tags, summary: '安排听证（有错误级问题时拒绝，409 附问题清单）', body: HearingBody, response: { 201: HearingWithProblems, ...problemResponses } }
  }, async (request, reply) => {
    const result = hearings.create(request.actor, { ...request.body, startsAt: instant(request.body.startsAt, 'startsAt'), endsAt: instant(request.body.endsAt, 'endsAt') })
    return reply.code(201).send({ hearing: hearingView(result.hearing), problems: result.problems })
  })

  app.get('/hearings', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listHearings', tags, summary: '听证列表（按时间段、场所、人员筛选；含事项编号、标题和场所名称）', querystring: HearingListQuery, response: { 200: HearingPage, ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const { items, total } = hearings.list(request.actor, {
      ...request.query,
      from: queryInstant(request.query.from, 'from'),
      to: queryInstant(request.query.to, 'to'),
      page,
      pageSize
    })
    return { items: items.map((r) => ({ ...hearingView(r.hearing, r.regionName), caseNumber: r.caseNumber, matterTitle: r.matterTitle, venueName: r.venueName })), total, page, pageSize }
  })

  app.get('/hearings/calendar', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'hearingCalendar', tags, summary: '日历：某时间段内的听证（不分页，仅含条目显示所需字段；可按场所、人员筛选）', querystring: HearingCalendarQuery, response: { 200: HearingCalendar, ...problemResponses } }
  }, async (request) => {
    const from = requireApiTime(request.query.from, { in: 'querystring', field: 'from' })
    const to = requireApiTime(request.query.to, { in: 'querystring', field: 'to' })
    if (!(to > from) || to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 86_400_000) {
      throw invalidRequest({ errors: [{ in: 'querystring', field: 'to', message: `截止时间应晚于起始时间，且相隔不超过 ${CALENDAR_MAX_DAYS} 天` }] })
    }
    const rows = hearings.calendar(request.actor, { from, to, memberId: request.query.memberId, venueId: request.query.venueId, limit: CALENDAR_MAX_ENTRIES + 1 })
    const items = rows.slice(0, CALENDAR_MAX_ENTRIES).map((r) => ({ ...r, statusName: HEARING_STATUS_NAMES[r.status], startsAt: toApiTime(r.startsAt), endsAt: toApiTime(r.endsAt) }))
    return { items, truncated: rows.length > CALENDAR_MAX_ENTRIES }
  })

  app.get('/hearings/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getHearing', tags, summary: '听证详情（参加人员、历史、抽取、回避申请、当前问题）', params: IdParam, response: { 200: HearingDetail, ...problemResponses } }
  }, async (request) => {
    const d = hearings.get(request.actor, request.params.id)
    return {
      ...hearingView(d.hearing, d.regionName),
      host: d.host,
      recorder: d.recorder,
      participants: d.participants.map(participantView),
      events: d.events.map(eventView),
      draws: d.draws.map((x) => ({ ...x, createdAt: toApiTime(x.createdAt) })),
      recusalRequests: d.recusalRequests.map((r) => ({ ...r, createdAt: toApiTime(r.createdAt), decidedAt: toApiTime(r.decidedAt) })),
      problems: d.problems,
      editable: EDITABLE_STATUSES.includes(d.hearing.status),
      actions: (Object.keys(HEARING_ACTIONS) as HearingAction[]).filter((a) => transitionAllowed(d.hearing.status, a))
        .map((a) => ({ action: a, label: HEARING_ACTIONS[a].label, needsReason: HEARING_ACTIONS[a].needsReason, needsNewTime: HEARING_ACTIONS[a].needsNewTime })),
      terminationGrounds: (Object.keys(TERMINATION_GROUNDS) as TerminationGround[]).map((code) => ({
        code, name: TERMINATION_GROUNDS[code], applies: TERMINATION_GROUND_RULES[code].from.includes(d.hearing.status), needsReason: TERMINATION_GROUND_RULES[code].needsReason
      }))
    }
  })

  app.patch('/hearings/:id', {
    config: { access: schedulers },
    schema: { operationId: 'updateHearing', tags, summary: '修改时间、场所、人员（带 version，过期 409）', params: IdParam, body: UpdateHearingBody, response: { 200: HearingWithProblems, ...problemResponses } }
  }, async (request) => {
    const { startsAt, endsAt, ...rest } = request.body
    const result = hearings.update(request.actor, request.params.id, { ...rest, startsAt: optionalInstant(startsAt, 'startsAt'), endsAt: optionalInstant(endsAt, 'endsAt') })
    return { hearing: hearingView(result.hearing), problems: result.problems }
  })

  app.get('/hearings/:id/events', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'listHearingEvents',
      tags,
      summary: '听证经过：每次状态变更和修改的操作人、时间、理由、终结理由及请求编号（按时间顺序）',
      params: IdParam,
      response: { 200: Type.Object({ items: Type.Array(HearingEventView) }), ...problemResponses }
    }
  }, async (request) => ({ items: hearings.events(request.actor, request.params.id).map(eventView) }))

  app.post('/hearings/:id/transitions', {
    config: { access: schedulers },
    schema: {
      operationId: 'transitionHearing',
      tags,
      summary: '状态变更：通知、开始、延期、中止、恢复、结束、终结、取消',
      description: [
        'notify 登记通知送达：须填写 noticeServedOn（不能晚于今天），送达日与听证日之间须满足该程序的通知提前期（不含送达日和听证日），不足的须同时登记信访人同意缩短期限的意见 noticeWaiver（422 hearings.notice_too_short 列明应提前的天数、最早可定的听证日和最迟送达日）。',
        'open 开始听证：须已登记通知送达，且只能在排定当日、开始时间前规定分钟数起（规则 openingWindow）；公开举行且规则要求公告的，须已按期发布公告（announcedOn）。',
        `terminate 终结：须选择终结理由 ground（${Object.entries(TERMINATION_GROUNDS).map(([code, name]) => `${code} ${name}`).join('；')}），“其他”须说明理由。`,
        '每次变更都记入听证经过（GET /hearings/{id}/events）：操作人、时间、理由、终结理由、请求编号。'
      ].join('\n'),
      params: IdParam,
      body: TransitionBody,
      response: { 200: HearingWithProblems, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request) => {
    const { startsAt, endsAt, ...rest } = request.body
    const result = hearings.transition(request.actor, request.params.id, { ...rest, startsAt: optionalInstant(startsAt, 'startsAt'), endsAt: optionalInstant(endsAt, 'endsAt') })
    return { hearing: hearingView(result.hearing), problems: [] }
  })
}
