import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../common/schemas.js'
import { ROLES } from '../../common/access.js'
import { sendDownload } from '../../common/download-reply.js'
import { ProvincialExportQuery } from './exports.schemas.js'

export const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { exports } = app.services
  const tags = ['exports']

  app.get('/exports/provincial', {
    config: { access: ROLES.readers },
    schema: {
      operationId: 'exportProvincialHearings',
      tags,
      summary: '导出期间内已结束听证的基本要件（报省信访信息系统；.xlsx 或 CSV，列见 docs/provincial-export.md）',
      querystring: ProvincialExportQuery,
      response: { 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => {
    const { from, to, format = 'xlsx' } = request.query
    const file = await exports.provincial(request.actor, { from, to, format })
    reply.header('X-Row-Count', String(file.rowCount))
    return sendDownload(reply, file)
  })
}
