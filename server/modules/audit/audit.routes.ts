import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiTime, Page, PageQuery, problemResponses } from '../../common/schemas.js'
import { requireApiTime, toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'

const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: ApiTime,
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  diff: Type.Object({
    before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])
  })
})

const AuditQuery = Type.Object({
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  actorUserId: Type.Optional(Type.Integer({ minimum: 1 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'inclusive' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'exclusive' })),
  ...PageQuery
}, { additionalProperties: false })

const instant = (value: string | undefined, field: string) => value === undefined ? undefined : requireApiTime(value, { in: 'querystring', field })

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { audit } = app.services

  app.get('/audit', {
    config: { access: ROLES.auditors },
    schema: { operationId: 'queryAuditLog', tags: ['audit'], summary: '审计日志查询（按对象、操作人、时间）', querystring: AuditQuery, response: { 200: Page(AuditEntryView), ...problemResponses } }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = audit.query(request.actor, {
      ...request.query,
      from: instant(request.query.from, 'from'),
      to: instant(request.query.to, 'to'),
      page,
      pageSize
    })
    return {
      items: result.items.map(({ regionPath: _r, ...e }) => ({ ...e, at: toApiTime(e.at) })),
      total: result.total,
      page,
      pageSize
    }
  })
}
