import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import type { LineRow } from './remuneration.repository.js'
import { ENTRY_KIND_NAMES, KIND_NAMES, ROLE_NAMES, STATUS_NAMES, yuan } from './remuneration.rules.js'
import {
  BatchBody, BatchView, CorrectionBody, GenerateBody, GenerateResult, LedgerQuery, LinePage, LinePageQuery, LineView, MyLineList, MyLineQuery, TotalsQuery, TotalsView
} from './remuneration.schemas.js'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function lineView (line: LineRow) {
  return {
    id: line.id,
    hearing: { id: line.hearingId, caseNumber: line.caseNumber },
    member: { id: line.memberId, name: line.memberName },
    role: line.role,
    roleName: ROLE_NAMES[line.role],
    entryKind: line.entryKind,
    entryKindName: ENTRY_KIND_NAMES[line.entryKind],
    relatedLineId: line.relatedLineId,
    reason: line.reason,
    payer: { id: line.payerRegionId, name: line.payerName },
    serviceDate: line.serviceDate,
    year: line.year,
    startedAt: toApiTime(line.startedAt),
    endedAt: toApiTime(line.endedAt),
    minutes: line.minutes,
    halfDays: line.halfDays,
    remunerationKind: line.remunerationKind,
    remunerationKindName: KIND_NAMES[line.remunerationKind],
    rateYuan: yuan(line.rateFen),
    amountYuan: yuan(line.amountFen),
    status: line.status,
    statusName: STATUS_NAMES[line.status],
    batchId: line.batchId,
    paidOn: line.paidOn,
    version: line.version,
    createdAt: toApiTime(line.createdAt),
    updatedAt: toApiTime(line.updatedAt)
  }
}

const listView = (lines: LineRow[]) => ({
  items: lines.map(lineView),
  total: { lines: lines.length, halfDays: lines.reduce((n, l) => n + l.halfDays, 0), amountYuan: yuan(lines.reduce((n, l) => n + l.amountFen, 0)) }
})

export const remunerationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { remuneration } = app.services
  const tags = ['remuneration']

  app.get('/remuneration/lines', {
    config: { access: ROLES.readers },
    schema: { operationId: 'listRemunerationLines', tags, summary: '听证报酬明细（按年度、支付单位、人员、支付状态筛选；只含本区域支付的；给出 page 或 pageSize 时分页）', querystring: LinePageQuery, response: { 200: LinePage, ...problemResponses } }
  }, async (request) => {
    const { page, pageSize, ...filters } = request.query
    if (page === undefined && pageSize === undefined) return listView(remuneration.list(request.actor, filters))
    const r = remuneration.page(request.actor, request.query)
    return { items: r.lines.map(lineView), total: { lines: r.totals.lines, halfDays: r.totals.halfDays, amountYuan: yuan(r.totals.amountFen) }, page: r.page, pageSize: r.pageSize }
  })

  app.get('/remuneration/lines/:id', {
    config: { access: ROLES.readers },
    schema: { operationId: 'getRemunerationLine', tags, summary: '报酬明细详情', params: IdParam, response: { 200: LineView, ...problemResponses } }
  }, async (request) => lineView(remuneration.get(request.actor, request.params.id)))

  app.post('/remuneration/lines/:id/corrections', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'correctRemunerationLine',
      tags,
      summary: '更正报酬明细：原明细不改动，另记一条冲销明细（注明理由），给出更正后的半天数或标准时再记一条更正明细',
      params: IdParam,
      body: CorrectionBody,
      response: { 201: Type.Object({ items: Type.Array(LineView) }), 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => reply.code(201).send({ items: remuneration.correct(request.actor, request.params.id, request.body).map(lineView) }))

  app.post('/remuneration/generate', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'generateRemunerationLines',
      tags,
      summary: '为已结束的听证补记报酬明细（可重复执行：已有明细的人员不再重复生成）',
      body: GenerateBody,
      response: { 200: GenerateResult, ...problemResponses }
    }
  }, async (request) => {
    const result = remuneration.generate(request.actor, request.body)
    return { hearings: result.hearings, created: result.created.map(lineView) }
  })

  app.post('/remuneration/batches', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'createRemunerationBatch',
      tags,
      summary: '登记支付批次：所选待支付明细（同一支付单位）标记为已支付，记支付日期和凭证号；已支付的明细不能再修改',
      body: BatchBody,
      response: { 201: BatchView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => {
    const { batch, lines, payerName } = remuneration.createBatch(request.actor, request.body)
    return reply.code(201).send({
      id: batch.id,
      payer: { id: batch.payerRegionId, name: payerName },
      paidOn: batch.paidOn,
      reference: batch.reference,
      note: batch.note,
      lineCount: batch.lineCount,
      totalYuan: yuan(batch.totalFen),
      createdBy: batch.createdByName,
      createdAt: toApiTime(batch.createdAt),
      lines: lines.map(lineView)
    })
  })

  app.get('/remuneration/totals', {
    config: { access: ROLES.readers },
    schema: { operationId: 'getRemunerationTotals', tags, summary: '年度报酬合计（按人员或按支付单位）', querystring: TotalsQuery, response: { 200: TotalsView, ...problemResponses } }
  }, async (request) => {
    const rows = remuneration.totals(request.actor, request.query)
    const sum = (pick: (r: typeof rows[number]) => number) => rows.reduce((n, r) => n + pick(r), 0)
    return {
      year: request.query.year,
      by: request.query.by,
      items: rows.map((r) => ({ id: r.id, name: r.name, lines: r.lines, halfDays: r.halfDays, amountYuan: yuan(r.amountFen), paidYuan: yuan(r.paidFen), unpaidYuan: yuan(r.unpaidFen) })),
      total: { lines: sum((r) => r.lines), halfDays: sum((r) => r.halfDays), amountYuan: yuan(sum((r) => r.amountFen)), paidYuan: yuan(sum((r) => r.paidFen)), unpaidYuan: yuan(sum((r) => r.unpaidFen)) }
    }
  })

  app.get('/remuneration/ledger.xlsx', {
    config: { access: ROLES.readers },
    schema: { operationId: 'exportRemunerationLedger', tags, summary: '下载年度听证报酬台账（Excel，供财务支付）', querystring: LedgerQuery, produces: [XLSX_TYPE], response: problemResponses }
  }, async (request, reply) => {
    const buffer = await remuneration.ledgerXlsx(request.actor, request.query)
    const name = `听证报酬台账-${request.query.year}.xlsx`
    return reply.type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="remuneration-${request.query.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(buffer)
  })

  app.get('/me/remuneration', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getMyRemuneration', tags, summary: '本人的听证报酬明细（账号须关联听证员库人员）', querystring: MyLineQuery, response: { 200: MyLineList, ...problemResponses } }
  }, async (request) => {
    const { memberId, lines } = remuneration.mine(request.actor, request.query)
    return { memberId, ...listView(lines) }
  })
}
