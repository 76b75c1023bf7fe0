import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Hearing, HearingParticipant } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../shared/schemas.js'
import { requireApiTime, toApiTime } from '../../shared/time.js'
import { ROLES } from '../../plugins/auth.js'
import { HEARING_STATUS_NAMES } from './hearings.lifecycle.js'
import {
  HearingBody, HearingDetail, HearingListQuery, HearingPage, HearingWithProblems, PreviewBody, PreviewResult, TransitionBody, UpdateHearingBody
} from './hearings.schemas.js'

export function hearingView (h: Hearing, regionName?: string) {
  const { ruleset: _r, createdByUserId: _c, ...rest } = h
  return {
    ...rest,
    ...(regionName ? { regionName } : {}),
    statusName: HEARING_STATUS_NAMES[h.status],
    startsAt: toApiTime(h.startsAt),
    endsAt: toApiTime(h.endsAt),
    createdAt: toApiTime(h.createdAt),
    updatedAt: toApiTime(h.updatedAt)
  }
}

export function participantView (p: HearingParticipant) {
  return { ...p, respondedAt: toApiTime(p.respondedAt) }
}

/** An instant from the body; a value without offset is refused (a bare time is ambiguous). */
const instant = (value: string, field: string) => requireApiTime(value, { in: 'body', field })
const optionalInstant = (value: string | undefined, field: string) => value === undefined ? undefined : instant(value, field)
const queryInstant = (value: string | undefined, field: string) => value === undefined ? undefined : requireApiTime(value, { in: 'querystring', field })

export const hearingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { hearings } = app.services
  const tags = ['hearings']
  const schedulers = ['admin', 'coordinator', 'host'] as const

  app.post('/hearings/preview', {
    config: { access: schedulers },
    schema: { operationId: 'previewHearing', tags, summary: '预检听证安排（不保存），列出全部问题', body: PreviewBody, response: { 200: PreviewResult, ...problemResponses } }
  }, async (request) => hearings.preview(request.actor, { ...request.body, startsAt: instant(request.body.startsAt, 'startsAt'), endsAt: instant(request.body.endsAt, 'endsAt') }))

  app.post('/hearings', {
    config: { access: schedulers },
    schema: { operationId: 'createHearing', tags, summary: '安排听证（有错误级问题时拒绝，409 附问题清单）', body: HearingBody, response: { 201: HearingWithProblems, ...problemResponses } }
  }, async (request, reply) => {
    const result = hearings.create(request.actor, { ...request.body, startsAt: instant(request.body.startsAt, 'startsAt'), endsAt: instant(request.body.endsAt, 'endsAt') })
    return reply.code(201).send({ hearing: hearingView(result.hearing), problems: result.problems })
  })

  app.get('/hearings', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listHearings', tags, summary: '听证列表', querystring: HearingListQuery, response: { 200: HearingPage, ...problemResponses } }
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
    return { items: items.map((r) => hearingView(r.hearing, r.regionName)), total, page, pageSize }
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
      events: d.events.map((e) => ({ ...e, at: toApiTime(e.at) })),
      draws: d.draws.map((x) => ({ ...x, createdAt: toApiTime(x.createdAt) })),
      recusalRequests: d.recusalRequests,
      problems: d.problems
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

  app.post('/hearings/:id/transitions', {
    config: { access: schedulers },
    schema: { operationId: 'transitionHearing', tags, summary: '状态变更：通知、开始、延期、中止、恢复、结束、终结、取消', params: IdParam, body: TransitionBody, response: { 200: HearingWithProblems, ...problemResponses } }
  }, async (request) => {
    const { startsAt, endsAt, ...rest } = request.body
    const result = hearings.transition(request.actor, request.params.id, { ...rest, startsAt: optionalInstant(startsAt, 'startsAt'), endsAt: optionalInstant(endsAt, 'endsAt') })
    return { hearing: hearingView(result.hearing), problems: [] }
  })
}
