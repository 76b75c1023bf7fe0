import { Type } from 'typebox'
import { ISSUED_DOCUMENT_KINDS, SERVICE_METHODS } from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, PdfCheckView } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { SERVICE_METHOD_LABELS } from '../documents/documents.kinds.js'

const closed = { additionalProperties: false } as const
const Text = (maxLength: number, title: string, description?: string) => Type.String({ title, minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })

export const ISSUED_DOCUMENT_KIND_LABELS: Record<typeof ISSUED_DOCUMENT_KINDS[number], string> = {
  rights_notice: '听证权利告知书',
  petitioner_notice: '听证通知书（信访人）',
  respondent_notice: '听证通知书（责任单位）',
  member_invitation: '听证员邀请函',
  service_receipt: '送达回证',
  draw_record: '听证员抽取记录表'
}
const DocumentKind = labelledEnum(ISSUED_DOCUMENT_KINDS, ISSUED_DOCUMENT_KIND_LABELS, { title: '文书种类' })
const ServiceMethod = labelledEnum(SERVICE_METHODS, SERVICE_METHOD_LABELS, { title: '送达方式' })

export const DocumentSettingsBody = Type.Object({
  issuerName: Text(60, '出具机关', '例如 滨海市信访局'),
  contactPerson: Text(30, '联系人'),
  contactPhone: Type.String({ title: '联系电话', minLength: 3, maxLength: 30, pattern: '^[0-9+\\-（）() 转]+$', description: '例如 0543-3161234' }),
  address: Type.Optional(Type.Union([Text(120, '机关地址'), Type.Null()])),
  numberPrefix: Type.String({ title: '机关代字', minLength: 1, maxLength: 20, pattern: '^[\\p{Script=Han}A-Za-z0-9·]+$', description: '例如 滨信听（文号：滨信听〔2026〕12号）' }),
  version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1, description: '修改已有设置时带上，过期 409' }))
}, closed)

const Settings = Type.Object({
  issuerName: Type.String(),
  contactPerson: Type.String(),
  contactPhone: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  numberPrefix: Type.String()
})

export const DocumentSettingsView = Type.Object({
  regionId: Type.Integer(),
  own: Type.Union([Type.Object({ ...Settings.properties, version: Type.Integer() }), Type.Null()]),
  effective: Type.Object({ ...Settings.properties, sourceRegionId: Type.Union([Type.Integer(), Type.Null()], { description: '设置来自哪个区域（本区域或最近的上级）；null 为默认值' }), isDefault: Type.Boolean() })
})

export const Recipient = Type.Union([
  Type.Object({ participantId: Type.Integer({ title: '听证员', minimum: 1, description: '听证员（hearing_participants.id）' }) }, closed),
  Type.Object({ petitioner: Type.Literal(true, { title: '信访人' }) }, closed),
  Type.Object({ respondent: Type.Literal(true, { title: '责任单位' }) }, closed),
  Type.Object({ host: Type.Literal(true, { title: '主持人' }) }, closed)
], { title: '收件人' })

export const IssueDocumentBody = Type.Object({
  kind: DocumentKind,
  recipient: Type.Optional(Recipient),
  mainIssues: Type.Optional(Type.Array(Text(500, '听证事项'), { title: '主要听证事项', maxItems: 20, description: '责任单位通知书中的主要听证事项' }))
}, closed)

export const DocumentService = Type.Object({
  id: Type.Integer(),
  method: ServiceMethod,
  servedOn: ApiDate,
  signedBy: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  recordedByName: Type.String(),
  createdAt: ApiTime
})

export const IssuedDocumentView = Type.Object({
  id: Type.Integer(),
  hearingId: Type.Integer(),
  kind: DocumentKind,
  number: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  recipientRef: Type.String(),
  recipientName: Type.String(),
  issuedAt: ApiTime,
  issuedByName: Type.String(),
  sha256: Type.String(),
  pageCount: Type.Integer(),
  byteSize: Type.Integer(),
  services: Type.Optional(Type.Array(DocumentService))
})

export const DocumentVerificationView = Type.Object({
  documentId: Type.Integer(),
  hearingId: Type.Integer(),
  kind: DocumentKind,
  number: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  issuedAt: ApiTime,
  checkedAt: ApiTime,
  intact: Type.Boolean({ description: 'true：存储的 PDF 与出具时登记的 SHA-256 和大小一致' }),
  pdf: PdfCheckView,
  issues: Type.Array(Type.String(), { description: '不一致之处' })
})

export const HearingAndDocument = Type.Object({ id: Type.Integer({ minimum: 1 }), docId: Type.Integer({ minimum: 1 }) }, closed)

export const ServiceBody = Type.Object({
  method: ServiceMethod,
  servedOn: Type.With(ApiDate, { title: '送达日期' }),
  signedBy: Text(60, '签收人'),
  note: Type.Optional(Text(500, '备注'))
}, closed)
