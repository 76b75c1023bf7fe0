import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiDate, IdParam, problemResponses } from '../../common/schemas.js'
import { ROLES } from '../../common/access.js'
import { hearingView } from './hearings.routes.js'
import { HearingView } from './hearings.schemas.js'

const ProvincialEntryBody = Type.Object({
  enteredOn: Type.With(ApiDate, { title: '录入日期', description: '听证要素录入省信访信息系统的日期：不早于听证日，不晚于今天' }),
  ref: Type.Optional(Type.Union([Type.String({ title: '省系统登记编号', maxLength: 100 }), Type.Null()])),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1 }))
}, { additionalProperties: false })

export const provincialEntryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { provincialEntry } = app.services

  app.put('/hearings/:id/provincial-entry', {
    config: { access: ROLES.hearingStaff },
    schema: {
      operationId: 'recordHearingProvincialEntry',
      tags: ['hearings'],
      summary: '登记听证要素录入省信访信息系统（录入日期、省系统登记编号）',
      params: IdParam,
      body: ProvincialEntryBody,
      response: { 200: HearingView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request) => {
    const result = provincialEntry.recordProvincialEntry(request.actor, request.params.id, request.body)
    return hearingView(result.hearing, result.regionName)
  })
}
