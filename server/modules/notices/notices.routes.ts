import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { DocumentService as DocumentServiceRow } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { sendPdf } from '../../common/pdf-reply.js'
import type { IssuedDocumentSummary } from './notices.repository.js'
import { DocumentService, DocumentSettingsBody, DocumentSettingsView, DocumentVerificationView, HearingAndDocument, IssueDocumentBody, IssuedDocumentView, ServiceBody } from './notices.schemas.js'

function serviceView (s: DocumentServiceRow) {
  return { id: s.id, method: s.method, servedOn: s.servedOn, signedBy: s.signedBy, note: s.note, recordedByName: s.recordedByName, createdAt: toApiTime(s.createdAt) }
}

function documentView (d: IssuedDocumentSummary & { services?: DocumentServiceRow[] }) {
  return {
    id: d.id,
    hearingId: d.hearingId,
    kind: d.kind,
    number: d.number,
    title: d.title,
    recipientRef: d.recipientRef,
    recipientName: d.recipientName,
    issuedAt: toApiTime(d.issuedAt),
    issuedByName: d.issuedByName,
    sha256: d.sha256,
    pageCount: d.pageCount,
    byteSize: d.byteSize,
    ...(d.services ? { services: d.services.map(serviceView) } : {})
  }
}

export const noticesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { notices } = app.services
  const tags = ['documents']
  const issuers = ROLES.hearingStaff

  app.get('/regions/:id/document-settings', {
    config: { access: ROLES.managers },
    schema: { operationId: 'getRegionDocumentSettings', tags, summary: '区域文书设置（出具机关、联系人、文号机关代字）及实际生效的设置', params: IdParam, response: { 200: DocumentSettingsView, ...problemResponses } }
  }, async (request) => notices.effectiveSettings(request.actor, request.params.id))

  app.put('/regions/:id/document-settings', {
    config: { access: ROLES.managers },
    schema: { operationId: 'setRegionDocumentSettings', tags, summary: '设置区域文书信息；下级区域未设置时沿用', params: IdParam, body: DocumentSettingsBody, response: { 200: DocumentSettingsView, ...problemResponses } }
  }, async (request) => notices.setSettings(request.actor, request.params.id, request.body))

  app.post('/hearings/:id/documents', {
    config: { access: issuers },
    schema: { operationId: 'issueHearingDocument', tags, summary: '出具文书（分配文号、生成 PDF、登记 SHA-256）', params: IdParam, body: IssueDocumentBody, response: { 201: IssuedDocumentView, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
  }, async (request, reply) => reply.code(201).send(documentView(await notices.issue(request.actor, request.params.id, request.body))))

  app.get('/hearings/:id/documents', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'listHearingDocuments', tags, summary: '已出具文书登记（含送达记录）', params: IdParam, response: { 200: Type.Object({ items: Type.Array(IssuedDocumentView) }), ...problemResponses } }
  }, async (request) => ({ items: notices.list(request.actor, request.params.id).map(documentView) }))

  app.get('/hearings/:id/documents/:docId.pdf', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'downloadHearingDocument', tags, summary: '下载已出具文书的 PDF：出具时存储的字节，先核对登记的 SHA-256（X-Content-SHA256）；不一致时 500 documents.integrity_failed', params: HearingAndDocument, response: { ...problemResponses, 500: Type.Ref('ProblemDetails') } }
  }, async (request, reply) => {
    const doc = notices.download(request.actor, request.params.id, request.params.docId)
    const name = `${doc.title}${doc.number ? `-${doc.number}` : ''}-${doc.recipientName}.pdf`
    return sendPdf(reply, { bytes: doc.pdf, sha256: doc.sha256, name, fallback: `hearing-${doc.hearingId}-document-${doc.id}.pdf` })
  })

  app.get('/hearings/:id/documents/:docId/verification', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'verifyHearingDocument', tags, summary: '核验已出具文书：重新计算存储的 PDF 的 SHA-256，与登记值比对', params: HearingAndDocument, response: { 200: DocumentVerificationView, ...problemResponses } }
  }, async (request) => {
    const v = notices.verify(request.actor, request.params.id, request.params.docId)
    return { ...v, issuedAt: toApiTime(v.issuedAt), checkedAt: toApiTime(v.checkedAt) }
  })

  app.post('/hearings/:id/documents/:docId/service', {
    config: { access: issuers },
    schema: { operationId: 'recordDocumentService', tags, summary: '登记送达（方式、日期、签收人）', params: HearingAndDocument, body: ServiceBody, response: { 201: DocumentService, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
  }, async (request, reply) => reply.code(201).send(serviceView(notices.recordService(request.actor, request.params.id, request.params.docId, request.body))))
}
