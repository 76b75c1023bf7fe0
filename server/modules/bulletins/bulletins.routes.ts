import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { ROLES } from '../../common/access.js'
import { toApiTime } from '../../common/time.js'
import { sendPdf } from '../../common/pdf-reply.js'
import { sendDownload, XLSX_TYPE } from '../../common/download-reply.js'
import { bulletinPath, type BulletinSummary } from './bulletins.service.js'
import { BulletinDetailView, BulletinView, IssueBulletinBody } from './bulletins.schemas.js'

function bulletinView (b: BulletinSummary) {
  return {
    id: b.id,
    number: b.number,
    period: { from: b.periodFrom, to: b.periodTo },
    title: b.title,
    issuer: b.issuerName,
    issuedAt: toApiTime(b.issuedAt),
    issuedBy: b.issuedByName,
    summary: b.summary,
    sha256: b.sha256,
    pageCount: b.pageCount,
    byteSize: b.byteSize,
    pdf: `${bulletinPath(b.id)}.pdf`,
    xlsx: `${bulletinPath(b.id)}.xlsx`
  }
}

/** File name of a download: 文号 and title, e.g. 滨信访〔2026〕12号-关于….pdf */
const fileName = (b: { number: string, title: string }, ext: string) => `${b.number}-${b.title}.${ext}`

export const bulletinsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { bulletins } = app.services
  const tags = ['bulletins']

  app.post('/bulletins', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'issueBulletin',
      tags,
      summary: '印发听证工作情况通报（市级工作人员；听证率及得分、复查得分、月度走势，附图表）',
      body: IssueBulletinBody,
      response: { 201: BulletinView, 422: Type.Ref('ProblemDetails'), ...problemResponses }
    }
  }, async (request, reply) => reply.code(201).send(bulletinView(await bulletins.issue(request.actor, request.body))))

  app.get('/bulletins', {
    config: { access: ROLES.readers },
    schema: { operationId: 'listBulletins', tags, summary: '已印发的通报（新的在前）', response: { 200: Type.Object({ items: Type.Array(BulletinView) }), ...problemResponses } }
  }, async () => ({ items: bulletins.list().map(bulletinView) }))

  app.get('/bulletins/:id', {
    config: { access: ROLES.readers },
    schema: { operationId: 'getBulletin', tags, summary: '通报及其依据的数据', params: IdParam, response: { 200: BulletinDetailView, ...problemResponses } }
  }, async (request) => {
    const b = bulletins.get(request.params.id)
    return { ...bulletinView(b), figures: b.figures }
  })

  app.get('/bulletins/:id.pdf', {
    config: { access: ROLES.readers },
    schema: { operationId: 'downloadBulletinPdf', tags, summary: '下载通报 PDF（印发时保存的文件，逐字节相同）', params: IdParam, response: { ...problemResponses, 500: Type.Ref('ProblemDetails') } }
  }, async (request, reply) => {
    const b = bulletins.pdf(request.params.id)
    return sendPdf(reply, { bytes: b.bytes, sha256: b.sha256, name: fileName(b, 'pdf'), fallback: `bulletin-${b.id}.pdf` })
  })

  app.get('/bulletins/:id.xlsx', {
    config: { access: ROLES.readers },
    schema: { operationId: 'downloadBulletinXlsx', tags, summary: '下载通报数据 Excel（与 PDF 中的表格相同的数据）', params: IdParam, response: problemResponses }
  }, async (request, reply) => {
    const b = await bulletins.xlsx(request.params.id)
    return sendDownload(reply, { bytes: b.bytes, type: XLSX_TYPE, name: fileName(b, 'xlsx'), fallback: `bulletin-${b.id}.xlsx` })
  })
}
