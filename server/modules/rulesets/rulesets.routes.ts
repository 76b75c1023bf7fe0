import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Ruleset } from '../../../db/schema/index.js'
import { IdParam, NoContent, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import {
  AssignRulesetBody, CreateRulesetBody, CreateRulesetVersionBody, EffectiveRulesetView, RulesetListQuery, RulesetPresetView, RulesetView
} from './rulesets.schemas.js'

function rulesetView ({ ruleset, latestVersion, regionCount }: { ruleset: Ruleset, latestVersion: number, regionCount: number }) {
  return {
    id: ruleset.id,
    name: ruleset.name,
    version: ruleset.version,
    latestVersion,
    description: ruleset.description,
    basePreset: ruleset.basePreset,
    config: ruleset.config,
    regionCount,
    createdByName: ruleset.createdByName,
    createdAt: toApiTime(ruleset.createdAt)
  }
}

export const rulesetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rulesets } = app.services
  const tags = ['rulesets']

  app.get('/ruleset-presets', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listRulesetPresets', tags, summary: '预设听证规则（全国默认及各地办法），每项取值附来源', response: { 200: Type.Object({ items: Type.Array(RulesetPresetView) }), ...problemResponses } }
  }, async () => ({ items: rulesets.presets().map((p) => ({ ...p })) }))

  app.get('/rulesets', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listRulesets', tags, summary: '听证规则及其版本', querystring: RulesetListQuery, response: { 200: Type.Object({ items: Type.Array(RulesetView) }), ...problemResponses } }
  }, async (request) => ({ items: rulesets.list(request.query).map(rulesetView) }))

  app.get('/rulesets/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getRuleset', tags, summary: '听证规则的某一版本', params: IdParam, response: { 200: RulesetView, ...problemResponses } }
  }, async (request) => rulesetView(rulesets.get(request.params.id)))

  app.post('/rulesets', {
    config: { access: ROLES.admin },
    schema: { operationId: 'createRuleset', tags, summary: '新建听证规则（第 1 版）', body: CreateRulesetBody, response: { 201: RulesetView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(rulesetView(rulesets.create(request.actor, request.body))))

  app.post('/rulesets/:id/versions', {
    config: { access: ROLES.admin },
    schema: { operationId: 'createRulesetVersion', tags, summary: '修改听证规则：生成新版本（旧版本不变）', params: IdParam, body: CreateRulesetVersionBody, response: { 201: RulesetView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(rulesetView(rulesets.createVersion(request.actor, request.params.id, request.body))))

  app.put('/regions/:id/ruleset', {
    config: { access: ROLES.managers },
    schema: { operationId: 'assignRegionRuleset', tags, summary: '为区划选用听证规则版本（下级区划继承）', params: IdParam, body: AssignRulesetBody, response: { 200: EffectiveRulesetView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => ({ regionId: request.params.id, ...rulesets.assign(request.actor, request.params.id, request.body) }))

  app.delete('/regions/:id/ruleset', {
    config: { access: ROLES.managers },
    schema: { operationId: 'unassignRegionRuleset', tags, summary: '取消区划自选规则，改为继承上级', params: IdParam, response: { 204: NoContent, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request, reply) => {
    rulesets.unassign(request.actor, request.params.id)
    return reply.code(204).send(null)
  })

  app.get('/regions/:id/effective-ruleset', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getEffectiveRuleset', tags, summary: '区划实际适用的听证规则（沿上级区划逐级合并）', params: IdParam, response: { 200: EffectiveRulesetView, 422: Type.Ref('ProblemDetails'), ...problemResponses } }
  }, async (request) => rulesets.effective(request.actor, request.params.id))
}
