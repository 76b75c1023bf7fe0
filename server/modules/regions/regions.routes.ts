import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Region } from '../../../db/schema/index.js'
import { IdParam, NoContent, NotModified, problemResponses } from '../../common/schemas.js'
import { clientHasCurrent, etagOf } from '../../common/http-cache.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { REGION_LEVEL_NAMES } from './regions.rules.js'
import { CreateRegionBody, MoveRegionBody, RegionDetail, RegionListItem, RegionListQuery, RegionSummary, UpdateRegionBody } from './regions.schemas.js'

const views = new WeakMap<Region, ReturnType<typeof buildRegionView>>()
const listBodies = new WeakMap<Region[], { body: Buffer, etag: string }>()

/** Region rows are immutable objects (cached lists reuse them), so their views are memoised. */
export function regionView (r: Region) {
  let view = views.get(r)
  if (!view) { view = buildRegionView(r); views.set(r, view) }
  return view
}

function buildRegionView (r: Region) {
  return { ...regionListItem(r), createdAt: toApiTime(r.createdAt), updatedAt: toApiTime(r.updatedAt) }
}

/** The list gives tree nodes without the timestamps, which the detail has: it is read on nearly every screen. */
export function regionListItem (r: Region) {
  return { id: r.id, parentId: r.parentId, name: r.name, level: r.level, levelName: REGION_LEVEL_NAMES[r.level], code: r.code, version: r.version }
}

export const regionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { regions } = app.services
  const tags = ['regions']

  app.get('/regions', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listRegions', tags, summary: '行政区划列表（按权限范围）', querystring: RegionListQuery, response: { 200: Type.Object({ items: Type.Array(RegionListItem) }), 304: NotModified, ...problemResponses } }
  }, async (request, reply) => {
    const rows = regions.list(request.actor, request.query)
    // cached lists come back as the same array: their JSON is built, encoded and tagged once
    let list = listBodies.get(rows)
    if (!list) {
      const body = Buffer.from(JSON.stringify({ items: rows.map(regionListItem) }))
      list = { body, etag: etagOf(body) }
      listBodies.set(rows, list)
    }
    // the web UI revalidates the tree on every screen; an unchanged tree costs it a 304 without a body
    void reply.header('etag', list.etag).header('cache-control', 'private, no-cache')
    if (clientHasCurrent(request, list.etag)) return reply.code(304).send(null)
    return reply.type('application/json; charset=utf-8').send(list.body)
  })

  app.get('/regions/:id', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getRegion', tags, summary: '区划详情', params: IdParam, response: { 200: RegionDetail, ...problemResponses } }
  }, async (request) => {
    const { region, ancestors, childCount } = regions.get(request.actor, request.params.id)
    return { ...regionView(region), ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, level: a.level })), childCount }
  })

  app.post('/regions', {
    config: { access: ROLES.admin },
    schema: { operationId: 'createRegion', tags, summary: '新建区划', body: CreateRegionBody, response: { 201: RegionSummary, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(regionView(regions.create(request.actor, request.body))))

  app.patch('/regions/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'updateRegion', tags, summary: '修改区划名称或代码', params: IdParam, body: UpdateRegionBody, response: { 200: RegionSummary, ...problemResponses } }
  }, async (request) => regionView(regions.update(request.actor, request.params.id, request.body)))

  app.post('/regions/:id/move', {
    config: { access: ROLES.admin },
    schema: { operationId: 'moveRegion', tags, summary: '调整上级区划', params: IdParam, body: MoveRegionBody, response: { 200: RegionSummary, ...problemResponses } }
  }, async (request) => regionView(regions.move(request.actor, request.params.id, request.body)))

  app.delete('/regions/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'deleteRegion', tags, summary: '删除区划（无下级且无关联数据时）', params: IdParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    regions.remove(request.actor, request.params.id)
    return reply.code(204).send(null)
  })
}
