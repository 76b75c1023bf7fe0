import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import { Type } from 'typebox'
import { IdParam, NoContent, problemResponses } from '../../common/schemas.js'
import { ROLES } from '../../common/access.js'
import { DomainError } from '../../errors.js'
import {
  BASIC_CONDITION_LABELS, MEMBER_ACTION_LABELS, MEMBER_ROLE_LABELS, REMOVAL_GROUND_LABELS, REMUNERATION_KIND_LABELS,
  SOURCE_CATEGORY_LABELS, STATUS_LABELS, UNAVAILABILITY_KIND_LABELS, effectiveStatus
} from './pool.rules.js'
import {
  AppointBody, BulkAppointmentBody, BulkAppointmentResult, BulkTrainingBody, BulkTrainingResult, CoverageQuery, CoverageReport, CreateMemberBody, CreateTermBody, HistoryList, ImportQuery, ImportReport,
  MemberDetail, MemberExportQuery, MemberListQuery, MemberPage, NoteBody, ReferenceData, RemoveBody, SettingsView,
  SubIdParams, SuspendBody, TrainingBody, TrainingView, UnavailabilityBody, UnavailabilityView, UpdateMemberBody,
  UpdateSettingsBody, UpdateTermBody, VocabularyQuery, VocabularyTermView
} from './pool.schemas.js'
import {
  labelled, memberDetailView, memberSummaryView, settingsView, statusChangeView, termView, trainingView, unavailabilityView
} from './pool.views.js'
import { importFileTooLarge, importMalformedForm, importNoFile, importNotMultipart, importTooManyFiles, importWrongField } from './pool.errors.js'
import type { TransitionInput } from './pool.types.js'
import { ImportJob } from './pool.import.schemas.js'
import { importJobView } from './pool.import.views.js'
import { renewalWarnings } from './pool.lifecycle.rules.js'
import type { Member } from '../../../db/schema/index.js'

/** Largest upload accepted by POST /pool/imports. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function sendXlsx (reply: FastifyReply, buffer: Buffer, asciiName: string, chineseName: string) {
  return reply
    .type(XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`)
    .header('cache-control', 'no-store')
    .send(buffer)
}

/** The form field the file is sent in. */
export const UPLOAD_FIELD = 'file'

/**
 * The uploaded file as bytes. The whole form is read: exactly one file, in the field `file` (other text fields
 * are ignored). Framework, limit and parser errors become pool.import_* problems: busboy's errors for a body
 * that is not the multipart it claims to be (no boundary, cut off, garbage) carry no code, and anything the
 * parser throws is about the request's bytes, so it is a 400.
 */
async function readUploadedFile (request: FastifyRequest) {
  if (!request.isMultipart()) throw importNotMultipart()
  let upload: { buffer: Buffer, fileName: string, mimetype: string } | null = null
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 10 } })) {
      if (part.type !== 'file') continue
      if (part.fieldname !== UPLOAD_FIELD) {
        part.file.resume()
        throw importWrongField({ field: part.fieldname }, `文件应放在表单字段“${UPLOAD_FIELD}”中，收到的字段名是“${part.fieldname}”`)
      }
      const buffer = await part.toBuffer()
      upload = { buffer, fileName: part.filename || 'upload', mimetype: part.mimetype || '' }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error
    const { code, statusCode } = error as { code?: string, statusCode?: number }
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw importFileTooLarge({ maxBytes: MAX_UPLOAD_BYTES }, `文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
    if (code === 'FST_FILES_LIMIT') throw importTooManyFiles({}, '一次只能上传一个文件，请分别导入')
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw importMalformedForm({}, `表单中的字段过多：只需在字段“${UPLOAD_FIELD}”中上传一个文件`)
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw importNotMultipart()
    if (statusCode !== undefined && statusCode >= 500) throw error
    request.log.info({ err: error }, 'malformed multipart upload')
    throw importMalformedForm({}, '上传的内容不是完整的 multipart/form-data 表单（例如缺少分隔符 boundary、内容被截断或格式错误），请重新选择文件上传')
  }
  if (!upload) throw importNoFile({}, `表单中没有文件：请在字段“${UPLOAD_FIELD}”中上传 .xlsx 或 .csv 文件`)
  return upload
}

export const poolRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { pool, poolTransfer, poolImports } = app.services
  const tags = ['pool']
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })

  const detail = (actor: FastifyRequest['actor'], id: number) => memberDetailView(pool.get(actor, id), pool.getSettings())

  app.get('/pool/reference-data', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getPoolReferenceData', tags, summary: '听证员库的代码与中文名称（角色、来源、状态、除名事由等）', response: { 200: ReferenceData, ...problemResponses } }
  }, async () => ({
    roles: labelled(MEMBER_ROLE_LABELS),
    sourceCategories: labelled(SOURCE_CATEGORY_LABELS),
    statuses: labelled(STATUS_LABELS),
    removalGrounds: labelled(REMOVAL_GROUND_LABELS),
    basicConditions: labelled(BASIC_CONDITION_LABELS),
    unavailabilityKinds: labelled(UNAVAILABILITY_KIND_LABELS),
    remunerationKinds: labelled(REMUNERATION_KIND_LABELS),
    actions: labelled(MEMBER_ACTION_LABELS)
  }))

  app.get('/pool/members', {
    config: { access: ROLES.poolReaders },
    schema: {
      operationId: 'listPoolMembers',
      tags,
      summary: '听证员库检索（区划含下级、角色、来源、职业、特长、状态、任期将满、受训主持人、姓名或单位）',
      querystring: MemberListQuery,
      response: { 200: MemberPage, ...problemResponses }
    }
  }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = pool.search(request.actor, { ...request.query, page, pageSize })
    return { items: result.items.map(memberSummaryView), total: result.total, page, pageSize }
  })

  app.get('/pool/members/export.xlsx', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'exportPoolMembers', tags, summary: '导出筛选结果为 Excel（个人信息按权限隐藏）', querystring: MemberExportQuery, response: problemResponses }
  }, async (request, reply) => {
    const { buffer } = await poolTransfer.exportMembers(request.actor, request.query)
    return sendXlsx(reply, buffer, 'pool-members.xlsx', `听证员名单-${pool.today()}.xlsx`)
  })

  app.get('/pool/import-template.xlsx', {
    config: { access: ROLES.managers },
    schema: { operationId: 'getPoolImportTemplate', tags, summary: '下载导入模板（中文表头）', response: problemResponses }
  }, async (_request, reply) => sendXlsx(reply, await poolTransfer.template(), 'pool-import-template.xlsx', '听证员库导入模板.xlsx'))

  app.post('/pool/imports', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'importPoolMembers',
      tags,
      summary: '导入 .xlsx 或 .csv（UTF-8/GBK）：默认试导入只检查；mode=commit 时全部正确才开始导入任务，分批写入并报告进度（docs/pool-import.md）',
      description: 'With mode=commit and the header `Prefer: respond-async` the answer is 202 with the job and a Location (GET /pool/imports/{id}); without it the request waits for the job and answers 200 with the report, as before jobs.',
      querystring: ImportQuery,
      headers: Type.Object({ prefer: Type.Optional(Type.String({ title: '响应方式（Prefer）', description: 'respond-async: answer 202 as soon as the job has started' })) }),
      consumes: ['multipart/form-data'],
      response: { 200: ImportReport, 202: ImportJob, ...problemResponses, 409: Type.Ref('ProblemDetails'), 413: Type.Ref('ProblemDetails'), 415: Type.Ref('ProblemDetails'), 422: Type.Ref('ProblemDetails') }
    }
  }, async (request, reply) => {
    const upload = await readUploadedFile(request)
    const mode = request.query.mode ?? 'dry-run'
    if (mode === 'commit' && /(^|[,\s])respond-async\b/i.test(request.headers.prefer ?? '')) {
      const { job } = await poolImports.start(request.actor, upload)
      return reply.code(202).header('location', `/api/v1/pool/imports/${job.id}`).header('preference-applied', 'respond-async').send(importJobView(job))
    }
    const report = await poolImports.importMembers(request.actor, { ...upload, mode })
    if (report.jobId !== undefined) reply.header('content-location', `/api/v1/pool/imports/${report.jobId}`)
    return report
  })

  app.get('/pool/imports/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'getPoolImportJob', tags, summary: '导入任务的进度与结果（本人或其辖区的导入）', params: IdParam, response: { 200: ImportJob, ...problemResponses } }
  }, async (request) => importJobView(poolImports.get(request.actor, request.params.id)))

  app.addHook('onClose', async () => { poolImports.stop() })

  app.post('/pool/members', {
    config: { access: ROLES.managers },
    schema: { operationId: 'createPoolMember', tags, summary: '登记人员（候选状态）', body: CreateMemberBody, response: { 201: MemberDetail, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
  }, async (request, reply) => reply.code(201).send(memberDetailView(pool.create(request.actor, request.body), pool.getSettings())))

  app.get('/pool/members/:id', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getPoolMember', tags, summary: '人员详情', params: IdParam, response: { 200: MemberDetail, ...problemResponses } }
  }, async (request) => detail(request.actor, request.params.id))

  app.patch('/pool/members/:id', {
    config: { access: ROLES.managers },
    schema: { operationId: 'updatePoolMember', tags, summary: '修改人员信息（须带 version）', params: IdParam, body: UpdateMemberBody, response: { 200: MemberDetail, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
  }, async (request) => memberDetailView(pool.update(request.actor, request.params.id, request.body), pool.getSettings()))

  app.get('/pool/members/:id/history', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getPoolMemberHistory', tags, summary: '状态变更记录', params: IdParam, response: { 200: HistoryList, ...problemResponses } }
  }, async (request) => ({ items: pool.history(request.actor, request.params.id).map(statusChangeView) }))

  const transition = <B extends typeof AppointBody | typeof SuspendBody | typeof NoteBody | typeof RemoveBody>(
    action: TransitionInput['action'], body: B, summary: string
  ) => {
    app.post(`/pool/members/:id/${action}`, {
      config: { access: ROLES.managers },
      schema: { operationId: `${action}PoolMember`, tags, summary, params: IdParam, body, response: { 200: MemberDetail, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
    }, async (request) => {
      const input = { ...(request.body as object), action } as TransitionInput
      const view = memberDetailView(pool.transition(request.actor, request.params.id, input), pool.getSettings())
      return action === 'renew' ? { ...view, warnings: renewalWarnings(view.assessment) } : view
    })
  }
  transition('appoint', AppointBody, '聘任（候选 → 在聘；四项基本条件须已认定；任期默认两年）')
  transition('renew', AppointBody, '续聘（在聘或任期届满 → 在聘，新任期）')
  transition('suspend', SuspendBody, '暂停（在聘 → 暂停，注明原因和截止日期）')
  transition('reinstate', NoteBody, '恢复（暂停 → 在聘）')
  transition('remove', RemoveBody, '除名（注明除名事由）')
  transition('readmit', NoteBody, '重新登记为候选（因本人退出或其他事由除名的人员）')

  /** A changed member as bulk answers list it. */
  const bulkMember = (m: Member) => {
    const status = effectiveStatus(m, pool.today())
    return { id: m.id, name: m.name, status, statusLabel: STATUS_LABELS[status], appointmentDate: m.appointmentDate, termEnd: m.termEnd, lastTrainingOn: m.lastTrainingOn, version: m.version }
  }

  app.post('/pool/members/bulk-appointments', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'bulkAppointPoolMembers',
      tags,
      summary: '批量聘任或续聘所选人员（同一聘任日期、聘任机关和文号；全部可办理才一次写入，否则逐人列出原因）',
      body: BulkAppointmentBody,
      response: { 200: BulkAppointmentResult, ...problemResponses, 422: Type.Ref('ProblemDetails') }
    }
  }, async (request) => {
    const action = request.body.action ?? 'appoint'
    const members = pool.bulkAppoint(request.actor, { ...request.body, action })
    const withWarnings = (m: Member) => (action === 'renew' ? { ...bulkMember(m), warnings: renewalWarnings(pool.get(request.actor, m.id).assessment) } : bulkMember(m))
    return { action, count: members.length, members: members.map(withWarnings) }
  })

  app.post('/pool/members/bulk-trainings', {
    config: { access: ROLES.managers },
    schema: {
      operationId: 'bulkAddPoolMemberTrainings',
      tags,
      summary: '为所选人员批量登记同一次培训（全部可办理才一次写入，否则逐人列出原因）',
      body: BulkTrainingBody,
      response: { 200: BulkTrainingResult, ...problemResponses, 422: Type.Ref('ProblemDetails') }
    }
  }, async (request) => {
    const rows = pool.bulkTrain(request.actor, request.body)
    return { count: rows.length, members: rows.map((r) => ({ ...bulkMember(r.member.member), training: trainingView(r.training) })) }
  })

  app.post('/pool/members/:id/trainings', {
    config: { access: ROLES.managers },
    schema: { operationId: 'addPoolMemberTraining', tags, summary: '登记培训记录', params: IdParam, body: TrainingBody, response: { 201: TrainingView, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(trainingView(pool.addTraining(request.actor, request.params.id, request.body))))

  app.delete('/pool/members/:id/trainings/:subId', {
    config: { access: ROLES.managers },
    schema: { operationId: 'removePoolMemberTraining', tags, summary: '删除培训记录', params: SubIdParams, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    pool.removeTraining(request.actor, request.params.id, request.params.subId)
    return reply.code(204).send(null)
  })

  app.post('/pool/members/:id/unavailability', {
    config: { access: ROLES.managers },
    schema: { operationId: 'addPoolMemberUnavailability', tags, summary: '登记不可参加时段（请假、出差、生病等）', params: IdParam, body: UnavailabilityBody, response: { 201: UnavailabilityView, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(unavailabilityView(pool.addUnavailability(request.actor, request.params.id, request.body))))

  app.delete('/pool/members/:id/unavailability/:subId', {
    config: { access: ROLES.managers },
    schema: { operationId: 'removePoolMemberUnavailability', tags, summary: '删除不可参加时段', params: SubIdParams, response: { 204: NoContent, ...problemResponses } }
  }, async (request, reply) => {
    pool.removeUnavailability(request.actor, request.params.id, request.params.subId)
    return reply.code(204).send(null)
  })

  app.get('/pool/coverage', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getHostCoverage', tags, summary: '主持人覆盖情况：各村（社区）在聘受训主持人数、空白村（社区）、任期将满人员', querystring: CoverageQuery, response: { 200: CoverageReport, ...problemResponses } }
  }, async (request) => {
    const report = pool.coverage(request.actor, request.query)
    const villages = report.villages.map((v) => ({ regionId: v.region.id, name: v.region.name, parents: v.parents, activeTrainedHosts: v.activeTrainedHosts }))
    const uncovered = villages.filter((v) => v.activeTrainedHosts === 0)
    return {
      region: report.root ? { id: report.root.id, name: report.root.name } : null,
      today: report.today,
      trainedHostYears: report.settings.trainedHostYears,
      termEndingSoonDays: report.settings.termEndingSoonDays,
      summary: { villages: villages.length, covered: villages.length - uncovered.length, uncovered: uncovered.length },
      villages,
      villagesWithoutTrainedHost: uncovered.map(({ regionId, name, parents }) => ({ regionId, name, parents })),
      termEndingSoon: report.termEndingSoon.map(memberSummaryView),
      termEndingSoonTotal: report.termEndingSoonTotal
    }
  })

  app.get('/pool/vocabulary', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'listPoolVocabulary', tags, summary: '职业与专业特长词表', querystring: VocabularyQuery, response: { 200: Type.Object({ items: Type.Array(VocabularyTermView) }), ...problemResponses } }
  }, async (request) => ({ items: pool.listVocabulary(request.query.kind).map(termView) }))

  app.post('/pool/vocabulary', {
    config: { access: ROLES.admin },
    schema: { operationId: 'createPoolVocabularyTerm', tags, summary: '新增词条', body: CreateTermBody, response: { 201: VocabularyTermView, ...problemResponses } }
  }, async (request, reply) => reply.code(201).send(termView(pool.createTerm(request.actor, request.body))))

  app.patch('/pool/vocabulary/:id', {
    config: { access: ROLES.admin },
    schema: { operationId: 'updatePoolVocabularyTerm', tags, summary: '修改词条名称、排序或停用', params: IdParam, body: UpdateTermBody, response: { 200: VocabularyTermView, ...problemResponses } }
  }, async (request) => termView(pool.updateTerm(request.actor, request.params.id, request.body)))

  app.get('/pool/settings', {
    config: { access: ROLES.poolReaders },
    schema: { operationId: 'getPoolSettings', tags, summary: '听证员库规则（报酬上限、受训年限、默认任期）', response: { 200: SettingsView, ...problemResponses } }
  }, async () => settingsView(pool.getSettings()))

  app.patch('/pool/settings', {
    config: { access: ROLES.admin },
    schema: { operationId: 'updatePoolSettings', tags, summary: '修改听证员库规则', body: UpdateSettingsBody, response: { 200: SettingsView, ...problemResponses, 422: Type.Ref('ProblemDetails') } }
  }, async (request) => settingsView(pool.updateSettings(request.actor, request.body)))
}
