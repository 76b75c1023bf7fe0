import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Organisation, OrganisationAlias } from '../../../db/schema/index.js'
import { IdParam, NoContent, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { ALIAS_KIND_LABELS, ORGANISATION_KIND_LABELS } from './organisations.rules.js'
import {
  CreateOrganisationBody, OrganisationDetail, OrganisationListQuery, OrganisationPage, UpdateOrganisationBody
} from './organisations.schemas.js'

export function organisationView (org: Organisation & { regionName: string | null }, aliases: readonly OrganisationAlias[]) {
  return {
    id: org.id,
    name: org.name,
    kind: org.kind,
    kindLabel: org.kind ? ORGANISATION_KIND_LABELS[org.kind] : null,
    regionId: org.regionId,
    regionName: org.regionName,
    note: org.note,
    aliases: aliases.filter((a) => a.organisationId === org.id).map((a) => ({ alias: a.alias, kind: a.kind, kindLabel: ALIAS_KIND_LABELS[a.kind] })),
    version: org.version,
    createdAt: toApiTime(org.createdAt),
    updatedAt: toApiTime(org.updatedAt)
  }
}

function detailView ({ org, aliases, equivalentIds }: { org: Organisation & { regionName: string | null }, aliases: OrganisationAlias[], equivalentIds: number[] }) {
  return { ...organisationView(org, aliases), equivalentOrganisationIds: equivalentIds }
}

export const organisationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { organisations } = app.services
  const tags = ['organisations']

  app.get('/organisations', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listOrganisations', tags, summary: '单位列表（名称、简称、曾用名检索）', querystring: OrganisationListQuery, response: { 200: OrganisationPage, ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = organisations.list(request.actor, { ...request.query, page, pageSize })
    return { items: result.items.map((o) => organisationView(o, result.aliases)), total: result.total, page, pageSize }
  })

  app.get('/organisations/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getOrganisation', tags, summary: '单位详情（含别名及同一单位的其他记录）', params: IdParam, response: { 200: OrganisationDetail, ...problemResponses } }
  }, async (request) => detailView(organisations.get(request.actor, request.params.id)))

  app.post('/organisations', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createOrganisation', tags, summary: '新建单位', body: CreateOrganisationBody, response: { 201: OrganisationDetail, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(detailView(organisations.create(request.actor, request.body))))

  app.patch('/organisations/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateOrganisation', tags, summary: '修改单位（改名时原名称默认记为曾用名）', params: IdParam, body: UpdateOrganisationBody, response: { 200: OrganisationDetail, ...problemResponses } }
  }, async (request) => detailView(organisations.update(request.actor, request.params.id, request.body)))

  app.delete('/organisations/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'deleteOrganisation', tags, summary: '删除单位（未被引用时）', params: IdParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    organisations.remove(request.actor, request.params.id)
    return reply.code(204).send(null)
  })
}
