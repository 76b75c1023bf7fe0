import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { HolidayOverrideRow } from '../../../db/schema/index.js'
import { HOLIDAY_OVERRIDE_KINDS } from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, NoContent, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { labelledEnum } from '../../common/field-labels.js'

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

const YearParam = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false })

const Coverage = Type.Object({
  year: Type.Integer(),
  packageKnowsYear: Type.Boolean({ description: 'chinese-days 软件包是否已有该年的放假安排' }),
  overrideCount: Type.Integer(),
  confirmed: Type.Union([Type.Object({ note: Type.String(), confirmedByName: Type.String(), confirmedAt: ApiTime }), Type.Null()], { description: '管理员确认该年放假和调休安排已全部录入调整表' }),
  known: Type.Boolean({ description: '软件包已有该年安排，或管理员已确认该年已全部录入；只录入个别日期不算。否则按工作日计算的期限会带警告' }),
  message: Type.Union([Type.String(), Type.Null()])
})

const ConfirmYearBody = Type.Object({
  note: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: '依据，例如“国务院办公厅关于2027年部分节假日安排的通知已全部录入”' })
}, { additionalProperties: false })

type CoverageRow = { year: number, packageKnowsYear: boolean, overrideCount: number, confirmed: { note: string, confirmedByName: string, confirmedAt: Date } | null, known: boolean, message: string | null }
function coverageView (c: CoverageRow) {
  return { ...c, confirmed: c.confirmed ? { ...c.confirmed, confirmedAt: toApiTime(c.confirmed.confirmedAt) } : null }
}

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
    return { items: items.map(overrideView), coverage: coverage ? coverageView(coverage) : null }
  })

  app.get('/calendar-years', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'listCalendarYears',
      tags,
      summary: '各年份工作日日历是否完整（内置数据或管理员确认已全部录入）',
      querystring: Type.Object({
        from: Type.Integer({ minimum: 2000, maximum: 2100 }),
        to: Type.Integer({ minimum: 2000, maximum: 2100 })
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Coverage) }), ...problemResponses }
    }
  }, async (request) => ({ items: calendarDays.years(request.query).map(coverageView) }))

  app.put('/calendar-years/:year', {
    config: { access: ROLES.admin },
    schema: {
      operationId: 'confirmCalendarYear',
      tags,
      summary: '确认某年的放假和调休安排已全部录入调整表（该年按工作日计算的期限不再提示，并自动重算）',
      params: YearParam,
      body: ConfirmYearBody,
      response: { 200: Coverage, 201: Coverage, ...problemResponses }
    }
  }, async (request, reply) => {
    const { coverage, created } = calendarDays.confirmYear(request.actor, request.params.year, request.body)
    return reply.code(created ? 201 : 200).send(coverageView(coverage))
  })

  app.delete('/calendar-years/:year', {
    config: { access: ROLES.admin },
    schema: { operationId: 'withdrawCalendarYear', tags, summary: '撤销某年“已全部录入”的确认', params: YearParam, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    calendarDays.withdrawYear(request.actor, request.params.year)
    return reply.code(204).send(null)
  })

  app.put('/holiday-overrides/:date', {
    config: { access: ROLES.admin },
    schema: { operationId: 'upsertHolidayOverride', tags, summary: '设定某日为上班或放假（按工作日计算且期间含该日的期限自动重算）', params: DateParam, body: UpsertBody, response: { 200: HolidayOverrideView, 201: HolidayOverrideView, ...problemResponses } }
  }, async (request, reply) => {
    const { row, created } = calendarDays.upsert(request.actor, request.params.date, request.body)
    return reply.code(created ? 201 : 200).send(overrideView(row))
  })

  app.delete('/holiday-overrides/:date', {
    config: { access: ROLES.admin },
    schema: { operationId: 'deleteHolidayOverride', tags, summary: '删除某日的调整（恢复内置数据；相关期限自动重算）', params: DateParam, response: { 204: NoContent, ...problemResponses } }
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
