import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { HOLIDAY_OVERRIDE_KINDS, type HolidayOverrideRow } from '../../../db/schema/index.js'
import { ApiDate, ApiTime, NoContent, problemResponses } from '../../shared/schemas.js'
import { toApiTime } from '../../shared/time.js'
import { ROLES } from '../../plugins/auth.js'
import { labelledEnum } from '../../shared/field-labels.js'

const KIND_LABELS = { workday: '上班', holiday: '放假' } as const
const Kind = labelledEnum(HOLIDAY_OVERRIDE_KINDS, KIND_LABELS, { title: '调整类别' })
const DateParam = Type.Object({ date: Type.With(ApiDate, { title: '日期' }) }, { additionalProperties: false })

const HolidayOverrideView = Type.Object({
  date: ApiDate,
  kind: Kind,
  note: Type.String(),
  updatedByName: Type.String(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

const Coverage = Type.Object({
  year: Type.Integer(),
  packageKnowsYear: Type.Boolean({ description: 'chinese-days 软件包是否已有该年的放假安排' }),
  overrideCount: Type.Integer(),
  known: Type.Boolean({ description: '软件包或调整表已覆盖该年；否则按工作日计算的期限会带警告' }),
  message: Type.Union([Type.String(), Type.Null()])
})

const UpsertBody = Type.Object({
  kind: Kind,
  note: Type.String({ title: '说明', minLength: 1, maxLength: 100, pattern: '\\S', description: '例如“元旦”“国庆节调休上班”' })
}, { additionalProperties: false })

function overrideView (o: HolidayOverrideRow) {
  return { date: o.date, kind: o.kind, note: o.note, updatedByName: o.updatedByName, createdAt: toApiTime(o.createdAt), updatedAt: toApiTime(o.updatedAt) }
}

export const calendarDaysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { calendarDays } = app.services
  const tags = ['calendar-days']

  app.get('/holiday-overrides', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'listHolidayOverrides',
      tags,
      summary: '节假日调整表（优先于内置节假日数据）',
      querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(HolidayOverrideView), coverage: Type.Union([Coverage, Type.Null()]) }), ...problemResponses }
    }
  }, async (request) => {
    const { items, coverage } = calendarDays.list(request.query)
    return { items: items.map(overrideView), coverage }
  })

  app.put('/holiday-overrides/:date', {
    config: { access: ROLES.admin },
    schema: { operationId: 'upsertHolidayOverride', tags, summary: '设定某日为上班或放假', params: DateParam, body: UpsertBody, response: { 200: HolidayOverrideView, 201: HolidayOverrideView, ...problemResponses } }
  }, async (request, reply) => {
    const { row, created } = calendarDays.upsert(request.actor, request.params.date, request.body)
    return reply.code(created ? 201 : 200).send(overrideView(row))
  })

  app.delete('/holiday-overrides/:date', {
    config: { access: ROLES.admin },
    schema: { operationId: 'deleteHolidayOverride', tags, summary: '删除某日的调整（恢复内置数据）', params: DateParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    calendarDays.remove(request.actor, request.params.date)
    return reply.code(204).send(null)
  })

  app.get('/calendar-days', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'listCalendarDays',
      tags,
      summary: '日期范围内每天是否工作日及依据',
      querystring: Type.Object({ from: ApiDate, to: ApiDate }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          days: Type.Array(Type.Object({ date: ApiDate, workday: Type.Boolean(), source: Type.Enum(['override', 'package', 'weekday_rule']), note: Type.Union([Type.String(), Type.Null()]) })),
          unknownYears: Type.Array(Type.Integer())
        }),
        ...problemResponses
      }
    }
  }, async (request) => calendarDays.days(request.query))
}
