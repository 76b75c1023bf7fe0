import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Venue } from '../../../db/schema/index.js'
import { ApiTime, IdParam, NoContent, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'

const Name = Type.String({ title: '场所名称', minLength: 1, maxLength: 60, pattern: '\\S' })
const VenueView = Type.Object({
  id: Type.Integer(),
  regionId: Type.Integer(),
  regionName: Type.Optional(Type.String()),
  name: Type.String(),
  address: Type.String(),
  capacity: Type.Integer(),
  active: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})
const RegionId = Type.Integer({ title: '所属区划', minimum: 1 })
const Address = Type.String({ title: '地址', minLength: 1, maxLength: 200, pattern: '\\S' })
const Capacity = Type.Integer({ title: '容纳人数', minimum: 1, maximum: 10_000 })
const Note = Type.String({ title: '备注', maxLength: 500 })
const CreateVenueBody = Type.Object({
  regionId: RegionId,
  name: Name,
  address: Address,
  capacity: Capacity,
  note: Type.Optional(Type.Union([Note, Type.Null()]))
}, { additionalProperties: false })
const UpdateVenueBody = Type.Object({
  regionId: Type.Optional(RegionId),
  name: Type.Optional(Name),
  address: Type.Optional(Address),
  capacity: Type.Optional(Capacity),
  note: Type.Optional(Type.Union([Note, Type.Null()])),
  active: Type.Optional(Type.Boolean({ title: '启用' })),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1 }))
}, { additionalProperties: false, minProperties: 1 })

function venueView (v: Venue, regionName?: string) {
  return { ...v, ...(regionName ? { regionName } : {}), createdAt: toApiTime(v.createdAt), updatedAt: toApiTime(v.updatedAt) }
}

export const venuesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { venues } = app.services
  const tags = ['venues']

  app.get('/venues', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listVenues', tags, summary: '听证场所列表', querystring: Type.Object({ regionId: Type.Optional(RegionId), includeInactive: Type.Optional(Type.Boolean({ title: '包括已停用的场所' })) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(VenueView) }), ...problemResponses } }
  }, async (request) => ({ items: venues.list(request.actor, request.query).map((r) => venueView(r.venue, r.regionName)) }))

  app.get('/venues/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getVenue', tags, summary: '场所详情', params: IdParam, response: { 200: VenueView, ...problemResponses } }
  }, async (request) => venueView(venues.get(request.actor, request.params.id)))

  app.post('/venues', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createVenue', tags, summary: '新建听证场所', body: CreateVenueBody, response: { 201: VenueView, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(venueView(venues.create(request.actor, request.body))))

  app.patch('/venues/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updateVenue', tags, summary: '修改或停用场所', params: IdParam, body: UpdateVenueBody, response: { 200: VenueView, ...problemResponses } }
  }, async (request) => venueView(venues.update(request.actor, request.params.id, request.body)))

  app.delete('/venues/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'deleteVenue', tags, summary: '删除未使用的场所', params: IdParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    venues.remove(request.actor, request.params.id)
    return reply.code(204).send(null)
  })
}
