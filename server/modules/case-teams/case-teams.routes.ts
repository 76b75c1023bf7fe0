import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { STAGE_NAMES } from '../matters/matters.rules.js'
import { teamStatus, type TeamAggregate } from './case-teams.service.js'
import { ASSIGNMENT_METHOD_NAMES, CASE_TEAM_ROLE_NAMES, MIN_TEAMS, MIN_TEAM_PEOPLE, nextInRotation } from './case-teams.rules.js'
import { AssignBody, AssignmentView, CaseTeamView, ComplianceView, CreateCaseTeamBody, TeamListQuery, UpdateCaseTeamBody } from './case-teams.schemas.js'

export function caseTeamView (agg: TeamAggregate) {
  const t = agg.team
  const status = teamStatus(agg)
  const counting = agg.members.filter((m) => m.userDisabled !== true)
  const leader = counting.find((m) => m.role === 'leader')
  const next = t.active ? nextInRotation(counting, t.lastRotationOrder) : null
  return {
    id: t.id,
    name: t.name,
    region: { id: t.regionId, name: t.regionName, level: t.regionLevel },
    active: t.active,
    note: t.note,
    members: agg.members.map((m) => ({
      id: m.id, userId: m.userId, name: m.name, position: m.position, role: m.role, roleName: CASE_TEAM_ROLE_NAMES[m.role], rotationOrder: m.rotationOrder, counts: m.userDisabled !== true, poolMember: m.poolMember
    })),
    leader: leader ? { id: leader.id, name: leader.name } : null,
    people: status.people,
    compliant: status.compliant,
    problems: status.problems,
    nextInRotation: next ? { id: next.id, name: next.name } : null,
    version: t.version,
    createdAt: toApiTime(t.createdAt),
    updatedAt: toApiTime(t.updatedAt)
  }
}

const RULE = `每个团队不少于 ${MIN_TEAM_PEOPLE} 人并有负责人；市级不少于 ${MIN_TEAMS.city} 个团队，每个县（市、区）不少于 ${MIN_TEAMS.county} 个团队`

export const caseTeamsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { caseTeams } = app.services
  const tags = ['case-teams']

  app.get('/case-teams', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listCaseTeams', tags, summary: '复查复核案件办理团队列表', querystring: TeamListQuery, response: { 200: Type.Object({ items: Type.Array(CaseTeamView) }), ...problemResponses } }
  }, async (request) => ({ items: caseTeams.list(request.actor, request.query).map(caseTeamView) }))

  app.get('/case-teams/compliance', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getCaseTeamCompliance', tags, summary: '案件办理团队设置是否达标（市级≥3个、各县≥2个，每队≥3人并有负责人）', response: { 200: ComplianceView, ...problemResponses } }
  }, async (request) => {
    const result = caseTeams.compliance(request.actor)
    return {
      compliant: result.compliant,
      rule: RULE,
      regions: result.regions.map((r) => ({
        region: { id: r.region.id, name: r.region.name, level: r.region.level },
        required: r.required,
        teamCount: r.teamCount,
        compliantTeams: r.compliantTeams,
        compliant: r.compliant,
        teams: r.teams.map((t) => ({ id: t.team.id, name: t.team.name, people: t.people, hasLeader: t.hasLeader, compliant: t.compliant, problems: t.problems }))
      }))
    }
  })

  app.get('/case-teams/:id', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getCaseTeam', tags, summary: '案件办理团队详情', params: IdParam, response: { 200: CaseTeamView, ...problemResponses } }
  }, async (request) => caseTeamView(caseTeams.get(request.actor, request.params.id)))

  app.post('/case-teams', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createCaseTeam', tags, summary: '组建案件办理团队', body: CreateCaseTeamBody, response: { 201: CaseTeamView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(caseTeamView(caseTeams.create(request.actor, request.body))))

  app.patch('/case-teams/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateCaseTeam', tags, summary: '调整案件办理团队', params: IdParam, body: UpdateCaseTeamBody, response: { 200: CaseTeamView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => caseTeamView(caseTeams.update(request.actor, request.params.id, request.body)))

  app.get('/case-teams/:id/assignments', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listCaseAssignments', tags, summary: '团队承办记录', params: IdParam, response: { 200: Type.Object({ items: Type.Array(AssignmentView) }), ...problemResponses } }
  }, async (request) => ({
    items: caseTeams.assignments(request.actor, request.params.id).map((r) => ({
      id: r.assignment.id,
      matterId: r.assignment.matterId,
      stage: r.stage,
      stageName: STAGE_NAMES[r.stage],
      teamId: r.assignment.teamId,
      teamMember: { id: r.assignment.teamMemberId, name: r.memberName },
      method: r.assignment.method,
      methodName: ASSIGNMENT_METHOD_NAMES[r.assignment.method],
      reason: r.assignment.reason,
      assignedBy: r.assignment.assignedByName,
      assignedAt: toApiTime(r.assignment.assignedAt),
      current: r.assignment.current
    }))
  }))

  app.post('/case-teams/:id/assignments', {
    config: { access: ROLES.managers },
    schema: { operationId: 'assignCaseHandler', tags, summary: '确定信访事项当前阶段的承办人（轮流或负责人指定）', params: IdParam, body: AssignBody, response: { 201: AssignmentView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => {
    const r = caseTeams.assign(request.actor, request.params.id, request.body)
    return reply.code(201).send({
      id: r.assignment.id,
      matterId: r.assignment.matterId,
      stage: r.stage,
      stageName: r.stageName,
      teamId: r.assignment.teamId,
      teamMember: { id: r.member.id, name: r.member.name },
      method: r.assignment.method,
      methodName: ASSIGNMENT_METHOD_NAMES[r.assignment.method],
      reason: r.assignment.reason,
      assignedBy: r.assignment.assignedByName,
      assignedAt: toApiTime(r.assignment.assignedAt),
      current: r.assignment.current,
      matterVersion: r.matterVersion
    })
  })
}
