import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { HearingRecordKind } from '../../../db/schema/index.js'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { requireApiTime } from '../../common/time.js'
import { sendPdf } from '../../common/pdf-reply.js'
import type { HearingRecordSummary } from './minutes.service.js'
import {
  AttendanceBody, CorrectionBody, DeliberationBody, EditEntryBody, EntryBody, EntryParams, EventBody, EvidenceBody, PdfQuery, RecordVerificationView, RecordVersionParams, RecordView,
  SignatoriesView, SignatureBody
} from './minutes.schemas.js'

function versionView (r: HearingRecordSummary) {
  return {
    id: r.id,
    version: r.version,
    previousId: r.previousId,
    correctionReason: r.correctionReason,
    status: r.status,
    contentSha256: r.contentSha256,
    pdfSha256: r.pdfSha256,
    pageCount: r.pageCount,
    byteSize: r.byteSize,
    finalisedAt: toApiTime(r.finalisedAt),
    finalisedByName: r.finalisedByName,
    revision: r.revision,
    updatedAt: toApiTime(r.updatedAt)
  }
}

export function recordView (r: HearingRecordSummary, all?: HearingRecordSummary[]) {
  return { ...versionView(r), kind: r.kind, hearingId: r.hearingId, content: r.content, ...(all ? { versions: all.map(versionView) } : {}) }
}

const FILE_NAMES: Record<HearingRecordKind, { zh: string, en: string }> = {
  minutes: { zh: '听证笔录', en: 'minutes' },
  deliberation: { zh: '听证评议记录', en: 'deliberation-record' }
}

export const minutesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { minutes } = app.services
  const tags = ['minutes']
  const recorders = ROLES.hearingStaff
  const writeResponses = { 200: RecordView, ...problemResponses, 413: Type.Ref('ProblemDetails'), 422: Type.Ref('ProblemDetails') }

  app.get('/hearings/:id/minutes', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getMinutes', tags, summary: '听证笔录（当前版本及版本历史）', params: IdParam, response: { 200: RecordView, ...problemResponses } }
  }, async (request) => {
    const { current, versions } = minutes.get(request.actor, request.params.id, 'minutes')
    return recordView(current, versions)
  })

  app.post('/hearings/:id/minutes', {
    config: { access: recorders },
    schema: { operationId: 'startMinutes', tags, summary: '开始制作听证笔录：按听证的当事人和参加人员生成第 1 版草稿（已有笔录时原样返回，不重复生成）', params: IdParam, response: writeResponses }
  }, async (request) => {
    const { current, versions } = minutes.start(request.actor, request.params.id)
    return recordView(current, versions)
  })

  app.get('/hearings/:id/minutes/signatories', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getMinutesSignatories', tags, summary: '笔录当前版本的签名人员（主持人、听证员、记录员、到场的参加人员）及各自的签名、确认或拒绝签名情况', params: IdParam, response: { 200: SignatoriesView, ...problemResponses } }
  }, async (request) => ({ items: minutes.signatories(request.actor, request.params.id) }))

  app.put('/hearings/:id/minutes/attendance', {
    config: { access: recorders },
    schema: { operationId: 'setMinutesAttendance', tags, summary: '记录到场情况（到场、未到场、由代理人参加）', params: IdParam, body: AttendanceBody, response: writeResponses }
  }, async (request) => recordView(minutes.setAttendance(request.actor, request.params.id, request.body)))

  app.post('/hearings/:id/minutes/entries', {
    config: { access: recorders },
    schema: { operationId: 'addMinutesEntry', tags, summary: '记录一段发言（宣布、回避询问、陈述、询问、辩论、最后陈述、结束），按录入顺序', params: IdParam, body: EntryBody, response: writeResponses }
  }, async (request) => recordView(minutes.addEntry(request.actor, request.params.id, request.body)))

  app.put('/hearings/:id/minutes/entries/:seq', {
    config: { access: recorders },
    schema: { operationId: 'editMinutesEntry', tags, summary: '修改草稿中的一段记录（定稿后须先提出更正；原文保留在已定稿的版本中）', params: EntryParams, body: EditEntryBody, response: writeResponses }
  }, async (request) => recordView(minutes.editEntry(request.actor, request.params.id, request.params.seq, request.body)))

  app.post('/hearings/:id/minutes/evidence', {
    config: { access: recorders },
    schema: { operationId: 'addMinutesEvidence', tags, summary: '登记一份证据（自动编号）及质证意见', params: IdParam, body: EvidenceBody, response: writeResponses }
  }, async (request) => recordView(minutes.addEvidence(request.actor, request.params.id, request.body)))

  app.post('/hearings/:id/minutes/events', {
    config: { access: recorders },
    schema: { operationId: 'addMinutesEvent', tags, summary: '记录延期、中止、恢复、休会等情况', params: IdParam, body: EventBody, response: writeResponses }
  }, async (request) => recordView(minutes.addEvent(request.actor, request.params.id, { ...request.body, at: requireApiTime(request.body.at, { in: 'body', field: 'at' }) })))

  app.post('/hearings/:id/minutes/signatures', {
    config: { access: recorders },
    schema: { operationId: 'recordMinutesSignature', tags, summary: '登记签名或拒绝签名（拒绝的须有主持人注明）；更正后的笔录须重新签名，或登记本人确认更正的方式', params: IdParam, body: SignatureBody, response: writeResponses }
  }, async (request) => recordView(minutes.sign(request.actor, request.params.id, request.body)))

  for (const kind of ['minutes', 'deliberation'] as const) {
    const label = FILE_NAMES[kind].zh
    const suffix = kind === 'minutes' ? 'Minutes' : 'Deliberation'
    app.post(`/hearings/:id/${kind}/finalise`, {
      config: { access: recorders },
      schema: { operationId: `finalise${suffix}`, tags, summary: `${label}定稿：锁定内容，生成并存储 PDF，登记内容和 PDF 的 SHA-256`, params: IdParam, response: writeResponses }
    }, async (request) => recordView(await minutes.finalise(request.actor, request.params.id, kind)))

    app.post(`/hearings/:id/${kind}/corrections`, {
      config: { access: recorders },
      schema: { operationId: `correct${suffix}`, tags, summary: `更正已定稿的${label}：生成指向上一版本的新版本（笔录须重新签名后才能定稿）；上一版本仍可下载和核验`, params: IdParam, body: CorrectionBody, response: { ...writeResponses, 201: RecordView } }
    }, async (request, reply) => reply.code(201).send(recordView(minutes.correct(request.actor, request.params.id, kind, request.body))))

    app.get(`/hearings/:id/${kind}.pdf`, {
      config: { access: ROLES.everyone },
      schema: { operationId: `get${suffix}Pdf`, tags, summary: `${label} PDF（默认当前版本）：定稿版本为定稿时存储的字节（先核对登记的 SHA-256，不一致时 500 documents.integrity_failed），草稿按现有数据生成`, params: IdParam, querystring: PdfQuery, response: { ...problemResponses, 422: Type.Ref('ProblemDetails'), 500: Type.Ref('ProblemDetails') } }
    }, async (request, reply) => {
      const { record, bytes, sha256 } = await minutes.pdf(request.actor, request.params.id, kind, request.query.version)
      return sendPdf(reply, { bytes, sha256, name: `${label}-第${record.version}版.pdf`, fallback: `hearing-${record.hearingId}-${FILE_NAMES[kind].en}-v${record.version}.pdf` })
    })

    app.get(`/hearings/:id/${kind}/versions/:version/verification`, {
      config: { access: ROLES.everyone },
      schema: { operationId: `verify${suffix}`, tags, summary: `核验已定稿的${label}：重新计算内容和存储的 PDF 的 SHA-256，与定稿时登记的比对`, params: RecordVersionParams, response: { 200: RecordVerificationView, ...problemResponses } }
    }, async (request) => {
      const v = minutes.verify(request.actor, request.params.id, kind, request.params.version)
      return { ...v, finalisedAt: toApiTime(v.finalisedAt), checkedAt: toApiTime(v.checkedAt) }
    })
  }

  app.get('/hearings/:id/deliberation', {
    config: { access: ROLES.everyone },
    schema: { operationId: 'getDeliberation', tags, summary: '评议记录（当前版本及版本历史）', params: IdParam, response: { 200: RecordView, ...problemResponses } }
  }, async (request) => {
    const { current, versions } = minutes.get(request.actor, request.params.id, 'deliberation')
    return recordView(current, versions)
  })

  app.put('/hearings/:id/deliberation', {
    config: { access: recorders },
    schema: { operationId: 'setDeliberation', tags, summary: '记录评议：每名听证员的意见和表决、结论', params: IdParam, body: DeliberationBody, response: writeResponses }
  }, async (request) => {
    const { startsAt, endsAt, ...rest } = request.body
    return recordView(minutes.setDeliberation(request.actor, request.params.id, { ...rest, startsAt: requireApiTime(startsAt, { in: 'body', field: 'startsAt' }), endsAt: endsAt === undefined ? undefined : requireApiTime(endsAt, { in: 'body', field: 'endsAt' }) }))
  })
}
