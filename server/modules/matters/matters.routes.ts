import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { maskIdNumber, maskPhone } from '../../common/personal-data.js'
import type { Actor } from '../../common/actor.js'
import { ROLES } from '../../common/access.js'
import { seesPersonalData } from '../pool/pool.access.rules.js'
import { deadlineStatus } from './matters.time-limits.rules.js'
import type { MatterAggregate } from './matters.aggregate.js'
import type { RequestWindow } from './matters.deadlines.service.js'
import type { MatterDocument, MatterStage } from '../../../db/schema/index.js'
import { CONCLUSION_TYPES, MATTER_STAGES, NOTIFICATION_METHODS, PETITIONER_KINDS, THIRD_PARTY_SITUATIONS } from '../../../db/schema/enums.js'
import { sendPdf } from '../../common/pdf-reply.js'
import {
  CONCLUSION_TYPE_NAMES, MATTER_FLAGS, MATTER_FLAG_NAMES, MATTER_STATUSES, MATTER_STATUS_NAMES, NOTIFICATION_METHOD_NAMES, PETITIONER_KIND_NAMES, STAGE_NAMES, THIRD_PARTY_SITUATION_LABELS,
  matterHearability, matterStatusOf, openStageOf
} from './matters.rules.js'
import {
  AnswerReceiptBody, AnsweredWithoutNoticeList, CeasedFollowUpBody, CreateMatterBody, DeadlineList, DeadlineQuery, DecideStageBody, ExtendStageBody, MatterListQuery,
  MatterDocumentParams, MatterDocumentVerificationView, MatterDocumentView, MatterPage, MatterView, MatterVocabulary, NotificationBody, OpenStageBody, RegionQuery, StageParams, UpdateMatterBody, UpdateStageBody
} from './matters.schemas.js'

/** The API view of a matter; ID numbers and phones are masked unless the reader may see them in full. */
export function matterView (agg: MatterAggregate, { actor, today }: { actor: Actor, today: string }) {
  const m = agg.matter
  const full = seesPersonalData(actor, m.regionPath)
  const id = (v: string) => (full ? v : maskIdNumber(v))
  const phone = (v: string | null) => (v === null || full ? v : maskPhone(v))
  const hearability = matterHearability({ ...m, stages: agg.stages })
  return {
    id: m.id,
    number: m.number,
    title: m.title,
    summary: m.summary,
    specialty: m.specialtyCode !== null && m.specialtyLabel !== null ? { code: m.specialtyCode, label: m.specialtyLabel } : null,
    region: { id: m.regionId, name: m.regionName },
    petitionerKind: m.petitionerKind,
    petitionerKindName: PETITIONER_KIND_NAMES[m.petitionerKind],
    groupName: m.groupName,
    groupSize: m.groupSize,
    petitioners: agg.petitioners.map((p) => ({
      id: p.id,
      name: p.name,
      idNumber: id(p.idNumber),
      mobile: phone(p.mobile),
      address: p.address,
      homeVillage: p.homeVillageRegionId !== null && p.homeVillageName !== null ? { id: p.homeVillageRegionId, name: p.homeVillageName } : null,
      agents: p.agents.map((a) => ({
        id: a.id, name: a.name, idNumber: id(a.idNumber), phone: phone(a.phone), powerOfAttorneyNote: a.powerOfAttorneyNote, powerOfAttorneyDate: a.powerOfAttorneyDate
      }))
    })),
    personalDataMasked: !full,
    respondent: { id: m.respondentOrganisationId, name: m.respondentName },
    flags: Object.fromEntries(MATTER_FLAGS.map((f) => [f, m[f]])) as Record<typeof MATTER_FLAGS[number], boolean>,
    thirdPartySituations: m.thirdPartySituations.map((code) => ({ code, label: THIRD_PARTY_SITUATION_LABELS[code] })),
    stages: agg.stages.map((s) => {
      const status = deadlineStatus({ due: s.dueOn, today, decidedOn: s.decidedOn })
      return {
        stage: s.stage,
        stageName: STAGE_NAMES[s.stage],
        acceptingBody: s.acceptingBody,
        acceptedOn: s.acceptedOn,
        limitDays: s.limitDays,
        dayUnit: s.dayUnit,
        excludeHearingTime: s.excludeHearingTime,
        rulesetLabel: s.rulesetLabel,
        baseDueOn: s.baseDueOn,
        dueOn: s.dueOn,
        pausedDays: s.pausedDays,
        warnings: s.deadlineWarnings,
        extension: s.extensionDays === null
          ? null
          : { days: s.extensionDays, unit: s.extensionUnit, approvedBy: s.extensionApprovedBy ?? '', reason: s.extensionReason ?? '', approvedOn: s.extensionOn ?? '' },
        decidedOn: s.decidedOn,
        decisionSummary: s.decisionSummary,
        conclusionType: s.conclusionType,
        conclusionTypeName: s.conclusionType === null ? null : CONCLUSION_TYPE_NAMES[s.conclusionType],
        revokedForMissingRightsNotice: s.revokedForMissingRightsNotice,
        petitionerCeased: s.petitionerCeased,
        petitionerCeasedName: s.petitionerCeased === null ? null : (s.petitionerCeased ? '息诉罢访' : '未息诉罢访'),
        ceasedCheckedOn: s.ceasedCheckedOn,
        deadline: { state: status.state, daysRemaining: status.daysLeft, late: status.late },
        requestedOn: s.requestedOn,
        requestWindow: requestWindowView(s.requestWindow),
        answerReceivedOn: s.answerReceivedOn,
        rightsNoticeIssuedOn: s.rightsNoticeIssuedOn,
        answeredWithoutNotice: s.answeredWithoutNotice,
        notifications: s.notifications.map((n) => ({ id: n.id, notifiedOn: n.notifiedOn, method: n.method, methodName: NOTIFICATION_METHOD_NAMES[n.method], notifiedBy: n.notifiedBy, note: n.note })),
        hearingPauses: s.pauses.map((p) => ({ id: p.id, hearingId: p.hearingId, from: p.fromOn, to: p.toOn })),
        handler: s.handler
          ? { teamId: s.handler.teamId, teamName: s.handler.teamName, teamMemberId: s.handler.teamMemberId, userId: s.handler.userId, name: s.handler.name, method: s.handler.method, assignedAt: toApiTime(s.handler.assignedAt) }
          : null
      }
    }),
    currentStage: openStageOf(agg.stages)?.stage ?? null,
    answeredWithoutHearingNotice: agg.stages.some((s) => s.answeredWithoutNotice),
    hearability: { hearable: hearability.hearable, reasons: hearability.reasons, confidentiality: hearability.confidentiality },
    version: m.version,
    createdAt: toApiTime(m.createdAt),
    updatedAt: toApiTime(m.updatedAt)
  }
}

function requestWindowView (w: RequestWindow | null) {
  return w === null ? null : { ...w, previousStageName: STAGE_NAMES[w.previousStage] }
}

function matterSummary (agg: MatterAggregate, today: string) {
  const m = agg.matter
  const open = openStageOf(agg.stages)
  const latest = agg.stages.at(-1) ?? null
  const status = matterStatusOf(agg.stages, today)
  return {
    id: m.id,
    number: m.number,
    title: m.title,
    region: { id: m.regionId, name: m.regionName },
    respondent: { id: m.respondentOrganisationId, name: m.respondentName },
    petitionerKind: m.petitionerKind,
    currentStage: open?.stage ?? null,
    currentDueOn: open?.dueOn ?? null,
    answeredWithoutHearingNotice: agg.stages.some((s) => s.answeredWithoutNotice),
    hearable: matterHearability({ ...m, stages: agg.stages }).hearable,
    currentStageName: open ? STAGE_NAMES[open.stage] : null,
    latestStage: latest?.stage ?? null,
    latestStageName: latest ? STAGE_NAMES[latest.stage] : null,
    status,
    statusName: MATTER_STATUS_NAMES[status],
    currentDeadline: open
      ? (() => {
          const d = deadlineStatus({ due: open.dueOn, today })
          return { state: d.state, daysRemaining: d.daysLeft, dayUnit: open.dayUnit, warnings: open.deadlineWarnings }
        })()
      : null,
    version: m.version,
    createdAt: toApiTime(m.createdAt)
  }
}

const options = <K extends string>(names: Readonly<Record<K, string>>, order: readonly K[]) => order.map((code) => ({ code, label: names[code] }))

/** A document issued on a matter (听证权利告知书 before any hearing), without its bytes, with its stage. */
type MatterDocumentSummary = Pick<MatterDocument, 'id' | 'matterId' | 'kind' | 'number' | 'title' | 'recipientRef' | 'recipientName' | 'issuedAt' | 'issuedByName' | 'sha256' | 'pageCount' | 'byteSize'> & { stage: MatterStage }

function matterDocumentView (d: MatterDocumentSummary) {
  return {
    id: d.id,
    matterId: d.matterId,
    stage: d.stage,
    stageName: STAGE_NAMES[d.stage],
    kind: d.kind,
    number: d.number,
    title: d.title,
    recipientRef: d.recipientRef,
    recipientName: d.recipientName,
    issuedAt: toApiTime(d.issuedAt),
    issuedByName: d.issuedByName,
    sha256: d.sha256,
    pageCount: d.pageCount,
    byteSize: d.byteSize
  }
}

const ANSWER_CONSEQUENCE = '未告知听证权利即作出答复（处理意见），依规应由复查复核机构撤销并退回重办'

export const mattersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { matters, notices } = app.services
  const tags = ['matters']
  const view = (agg: MatterAggregate, actor: Actor) => matterView(agg, { actor, today: matters.today() })

  app.get('/matters', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listMatters', tags, summary: '信访事项列表（按权限范围）', querystring: MatterListQuery, response: { 200: MatterPage, ...problemResponses } }
  }, async (request) => {
    const page = matters.list(request.actor, request.query)
    return { ...page, items: page.items.map((agg) => matterSummary(agg, page.today)) }
  })

  app.get('/matters/vocabulary', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getMatterVocabulary', tags, summary: '信访事项各字段的取值及其中文名称（阶段、状态、邀请第三方的情形等）', response: { 200: MatterVocabulary, ...problemResponses } }
  }, async () => ({
    stages: options(STAGE_NAMES, MATTER_STAGES),
    statuses: options(MATTER_STATUS_NAMES, MATTER_STATUSES),
    petitionerKinds: options(PETITIONER_KIND_NAMES, PETITIONER_KINDS),
    thirdPartySituations: options(THIRD_PARTY_SITUATION_LABELS, THIRD_PARTY_SITUATIONS),
    flags: options(MATTER_FLAG_NAMES, MATTER_FLAGS),
    conclusionTypes: options(CONCLUSION_TYPE_NAMES, CONCLUSION_TYPES),
    notificationMethods: options(NOTIFICATION_METHOD_NAMES, NOTIFICATION_METHODS)
  }))

  app.get('/matters/deadlines', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listMatterDeadlines', tags, summary: '即将到期或已超期的办理期限', querystring: DeadlineQuery, response: { 200: DeadlineList, ...problemResponses } }
  }, async (request) => {
    const result = matters.deadlines(request.actor, request.query)
    return {
      today: result.today,
      within: result.within,
      dueBy: result.dueBy,
      items: result.items.map((r) => ({
        matterId: r.matterId,
        number: r.number,
        title: r.title,
        region: { id: r.regionId, name: r.regionName },
        stage: r.stage.stage,
        stageName: STAGE_NAMES[r.stage.stage],
        acceptedOn: r.stage.acceptedOn,
        dueOn: r.stage.dueOn,
        daysRemaining: r.daysRemaining,
        state: r.state,
        dayUnit: r.stage.dayUnit,
        extended: r.stage.extensionDays !== null,
        warnings: r.stage.deadlineWarnings,
        requestWindow: requestWindowView(r.requestWindow),
        handler: r.handler
      }))
    }
  })

  app.get('/matters/answered-without-notice', {
    config: { access: ROLES.poolReaders },
    schema: {
      operationId: 'listMattersAnsweredWithoutNotice',
      tags,
      summary: '未告知听证权利即作出处理意见的事项（应撤销退回）',
      querystring: RegionQuery,
      response: { 200: AnsweredWithoutNoticeList, ...problemResponses }
    }
  }, async (request) => ({
    items: matters.answeredWithoutNotice(request.actor, request.query).map((r) => ({
      matterId: r.matterId,
      number: r.number,
      title: r.title,
      region: { id: r.regionId, name: r.regionName },
      stage: r.stage.stage,
      stageName: STAGE_NAMES[r.stage.stage],
      acceptedOn: r.stage.acceptedOn,
      decidedOn: r.stage.decidedOn ?? '',
      rightsNoticeIssuedOn: r.stage.rightsNoticeIssuedOn,
      notificationsAfterDecision: r.notificationsAfterDecision,
      consequence: ANSWER_CONSEQUENCE
    }))
  }))

  app.get('/matters/:id', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getMatter', tags, summary: '信访事项详情', params: IdParam, response: { 200: MatterView, ...problemResponses } }
  }, async (request) => view(matters.get(request.actor, request.params.id), request.actor))

  app.post('/matters', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createMatter', tags, summary: '登记信访事项', body: CreateMatterBody, response: { 201: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(view(matters.create(request.actor, request.body), request.actor)))

  app.patch('/matters/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateMatter', tags, summary: '修改信访事项', params: IdParam, body: UpdateMatterBody, response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => view(matters.update(request.actor, request.params.id, request.body), request.actor))

  app.post('/matters/:id/stages', {
    config: { access: ROLES.managers },
    schema: { operationId: 'openMatterStage', tags, summary: '受理下一阶段（办理 → 复查 → 复核）', params: IdParam, body: OpenStageBody, response: { 201: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(view(matters.openStage(request.actor, request.params.id, request.body), request.actor)))

  app.patch('/matters/:id/stages/:stage', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateMatterStage', tags, summary: '更正受理机关或受理日期（期限随之重算）', params: StageParams, body: UpdateStageBody, response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => view(matters.updateStage(request.actor, request.params.id, request.params.stage, request.body), request.actor))

  app.post('/matters/:id/stages/:stage/extension', {
    config: { access: ROLES.managers },
    schema: { operationId: 'extendMatterStage', tags, summary: '延长办理期限（不超过 30 日，须批准人和理由）', params: StageParams, body: ExtendStageBody, response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => view(matters.extendStage(request.actor, request.params.id, request.params.stage, request.body), request.actor))

  app.post('/matters/:id/stages/:stage/decision', {
    config: { access: ROLES.managers },
    schema: { operationId: 'decideMatterStage', tags, summary: '登记处理（复查、复核）意见的作出日期', params: StageParams, body: DecideStageBody, response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => view(matters.decideStage(request.actor, request.params.id, request.params.stage, request.body), request.actor))

  app.put('/matters/:id/stages/:stage/ceased-follow-up', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'recordMatterCeasedFollowUp',
      tags,
      summary: '登记作出意见后的回访结果（是否息诉罢访及回访日期）',
      params: StageParams,
      body: CeasedFollowUpBody,
      response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request) => view(matters.recordCeasedFollowUp(request.actor, request.params.id, request.params.stage, request.body), request.actor))

  app.put('/matters/:id/stages/:stage/answer-receipt', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'recordMatterAnswerReceipt',
      tags,
      summary: '登记信访人收到本阶段书面答复的日期（请求复查、复核的期限自次日起算）',
      params: StageParams,
      body: AnswerReceiptBody,
      response: { 200: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request) => view(matters.recordAnswerReceipt(request.actor, request.params.id, request.params.stage, request.body), request.actor))

  app.post('/matters/:id/stages/:stage/rights-notice', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'issueMatterRightsNotice',
      tags,
      summary: '出具本阶段的听证权利告知书（无需先安排听证；分配文号、生成 PDF、登记 SHA-256，并记为已告知听证权利）',
      params: StageParams,
      response: { 201: MatterDocumentView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => reply.code(201).send(matterDocumentView(await notices.issueStageRightsNotice(request.actor, request.params.id, request.params.stage))))

  app.get('/matters/:id/documents', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listMatterDocuments', tags, summary: '信访事项已出具的文书（听证以外出具的听证权利告知书）', params: IdParam, response: { 200: Type.Object({ items: Type.Array(MatterDocumentView) }), ...problemResponses } }
  }, async (request) => ({ items: notices.listMatterDocuments(request.actor, request.params.id).map(matterDocumentView) }))

  app.get('/matters/:id/documents/:docId.pdf', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'downloadMatterDocument', tags, summary: '下载已出具文书的 PDF（与登记的 SHA-256 一致时才提供）', params: MatterDocumentParams, response: { ...problemResponses } }
  }, async (request, reply) => {
    const doc = notices.downloadMatterDocument(request.actor, request.params.id, request.params.docId)
    return sendPdf(reply, { bytes: doc.pdf, sha256: doc.sha256, name: `${doc.title}-${doc.number}-${doc.recipientName}.pdf`, fallback: `matter-${doc.matterId}-document-${doc.id}.pdf` })
  })

  app.get('/matters/:id/documents/:docId/verification', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'verifyMatterDocument', tags, summary: '核验已出具文书：重新计算存储的 PDF 的 SHA-256，与登记值比对', params: MatterDocumentParams, response: { 200: MatterDocumentVerificationView, ...problemResponses } }
  }, async (request) => {
    const v = notices.verifyMatterDocument(request.actor, request.params.id, request.params.docId)
    return { ...v, issuedAt: toApiTime(v.issuedAt), checkedAt: toApiTime(v.checkedAt) }
  })

  app.post('/matters/:id/hearing-notifications', {
    config: { access: ROLES.managers },
    schema: { operationId: 'recordHearingNotification', tags, summary: '登记听证权利告知', params: IdParam, body: NotificationBody, response: { 201: MatterView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(view(matters.recordNotification(request.actor, request.params.id, request.body), request.actor)))
}
