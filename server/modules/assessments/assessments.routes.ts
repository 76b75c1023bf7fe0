import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { OfficerAssessment } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import type { AssessmentsService } from './assessments.service.js'
import { ASSESSED_ROLE_NAMES, overallOf } from './assessments.rules.js'
import { AssessmentBody, AssessmentView, HearingAssessments, HearingMemberParams, MemberAssessments } from './assessments.schemas.js'

function assessmentView (a: OfficerAssessment, memberName: string) {
  return {
    id: a.id,
    hearingId: a.hearingId,
    member: { id: a.memberId, name: memberName },
    role: a.role,
    roleName: ASSESSED_ROLE_NAMES[a.role],
    attendance: a.attendance,
    preparation: a.preparation,
    impartiality: a.impartiality,
    conduct: a.conduct,
    overall: overallOf(a),
    note: a.note,
    assessorName: a.assessorName,
    version: a.version,
    createdAt: toApiTime(a.createdAt),
    updatedAt: toApiTime(a.updatedAt)
  }
}

function memberAssessmentsView (r: ReturnType<AssessmentsService['ofMember']>) {
  return {
    member: { id: r.member.id, name: r.member.name },
    summary: r.summary,
    standing: r.standing,
    items: r.items.map((a) => ({ ...assessmentView(a, r.member.name), caseNumber: a.caseNumber, hearingStartsAt: toApiTime(a.hearingStartsAt) }))
  }
}

/** Hearing staff, and officer accounts (the account linked to a hearing's host member may be an officer account). */
const ASSESSORS = ['admin', 'coordinator', 'host', 'officer'] as const

export const assessmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assessments } = app.services
  const tags = ['assessments']

  app.get('/hearings/:id/assessments', {
    config: { access: [...ASSESSORS, 'auditor'] },
    schema: { operationId: 'listHearingAssessments', tags, summary: '本场听证应考核的听证员、第三方参与人员及其考核', params: IdParam, response: { 200: HearingAssessments, ...problemResponses } }
  }, async (request) => {
    const r = assessments.ofHearing(request.actor, request.params.id)
    return {
      hearingId: r.hearing.id,
      mayAssess: r.mayAssess,
      editableUntil: toApiTime(r.editableUntil),
      items: r.items.map((i) => ({ member: { id: i.memberId, name: i.name }, role: i.role, roleName: ASSESSED_ROLE_NAMES[i.role], assessment: i.assessment ? assessmentView(i.assessment, i.name) : null }))
    }
  })

  app.put('/hearings/:id/assessments/:memberId', {
    config: { access: ASSESSORS },
    schema: {
      operationId: 'putHearingAssessment',
      tags,
      summary: '听证结束后，主持人考核听证员或第三方参与人员（出勤、准备、公正、纪律作风，各 1–5 分）；修改期限内可修改本人作出的考核',
      params: HearingMemberParams,
      body: AssessmentBody,
      response: { 200: AssessmentView, 201: AssessmentView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => {
    const { assessment, created, memberName } = assessments.put(request.actor, request.params.id, request.params.memberId, request.body)
    return reply.code(created ? 201 : 200).send(assessmentView(assessment, memberName))
  })

  app.get('/pool/members/:id/assessments', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getPoolMemberAssessments', tags, summary: '人员的考核记录、各项平均分及续聘提示', params: IdParam, response: { 200: MemberAssessments, ...problemResponses } }
  }, async (request) => memberAssessmentsView(assessments.ofMember(request.actor, request.params.id)))

  app.get('/me/assessments', {
    config: { access: ['officer', 'host'] },
    schema: { operationId: 'getMyAssessments', tags, summary: '本人的考核记录、各项平均分及续聘提示（账号须关联听证员库人员）', response: { 200: MemberAssessments, ...problemResponses } }
  }, async (request) => memberAssessmentsView(assessments.mine(request.actor)))
}
