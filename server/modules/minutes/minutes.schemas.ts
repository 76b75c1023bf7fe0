import { Type } from 'typebox'
import { ApiTime } from '../../shared/schemas.js'
import { PdfCheckView } from '../notices/notices.schemas.js'
import { MINUTES_SECTIONS } from './minutes.content.js'

const closed = { additionalProperties: false } as const
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })
/** Long text: the length limit is checked by the service (422 minutes.text_too_long), not by the schema. */
const LongText = (description: string) => Type.String({ minLength: 1, pattern: '\\S', description })

const PARTICIPANT_ROLES = ['petitioner', 'agent', 'respondent', 'handler', 'witness', 'third_party', 'interpreter', 'observer'] as const
const SPEAKER_ROLES = [...PARTICIPANT_ROLES, 'host', 'officer', 'recorder'] as const

export const AttendanceBody = Type.Object({
  participants: Type.Array(Type.Object({
    role: Type.Enum(PARTICIPANT_ROLES),
    name: Text(60),
    unit: Type.Optional(Text(120, '单位、职务或住址')),
    attendance: Type.Enum(['present', 'absent', 'represented'], { description: 'present 到场 | absent 未到场 | represented 由代理人参加' }),
    note: Type.Optional(Text(500, '例如 无正当理由未到场'))
  }, closed), { maxItems: 60 })
}, closed)

export const EntryBody = Type.Object({
  section: Type.Enum(MINUTES_SECTIONS, { description: 'opening 宣布开始与纪律 | recusal 回避询问 | statements 陈述 | questions 询问 | debate 辩论 | finalStatements 最后陈述 | closing 结束' }),
  speaker: Type.Object({ role: Type.Enum(SPEAKER_ROLES), name: Type.Optional(Text(60)) }, closed),
  text: LongText('发言内容（单条不超过 20000 字）')
}, closed)

export const EvidenceBody = Type.Object({
  name: Text(200, '证据名称'),
  submittedBy: Text(60, '提交人'),
  purpose: Type.Optional(Text(2000, '证明目的')),
  crossExamination: Type.Optional(LongText('质证意见'))
}, closed)

export const EventBody = Type.Object({
  at: ApiTime,
  kind: Type.Enum(['postponement', 'suspension', 'resumption', 'termination', 'recess', 'other'], { description: 'postponement 延期 | suspension 中止 | resumption 恢复 | termination 终结 | recess 休会 | other 其他' }),
  reason: Text(2000),
  decision: Type.Optional(Text(2000))
}, closed)

export const SignatureBody = Type.Object({
  role: Type.Enum(SPEAKER_ROLES),
  name: Text(60),
  signed: Type.Boolean({ description: 'false：拒绝签名，须有主持人注明' }),
  hostNote: Type.Optional(Text(500, '主持人对拒绝签名情况的说明'))
}, closed)

export const CorrectionBody = Type.Object({ reason: Text(1000, '更正理由') }, closed)

export const DeliberationBody = Type.Object({
  startsAt: ApiTime,
  endsAt: Type.Optional(ApiTime),
  place: Text(120),
  proposal: LongText('评议事项（付表决的结论）'),
  opinions: Type.Array(Type.Object({
    name: Text(60),
    role: Type.Enum(['host', 'officer']),
    opinion: LongText('评议意见'),
    vote: Type.Enum(['for', 'against', 'abstain'], { description: 'for 同意 | against 反对 | abstain 弃权' })
  }, closed), { minItems: 1, maxItems: 15 }),
  conclusion: LongText('多数意见形成的评议结论')
}, closed)

export const RecordVersionView = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  previousId: Type.Union([Type.Integer(), Type.Null()]),
  correctionReason: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['draft', 'final']),
  contentSha256: Type.Union([Type.String(), Type.Null()], { description: '定稿内容（JSON）的 SHA-256，印在 PDF 页脚' }),
  pdfSha256: Type.Union([Type.String(), Type.Null()], { description: '定稿时存储的 PDF 的 SHA-256；下载的字节与之一致（X-Content-SHA256）。草稿为 null' }),
  pageCount: Type.Union([Type.Integer(), Type.Null()]),
  byteSize: Type.Union([Type.Integer(), Type.Null()]),
  finalisedAt: Type.Union([ApiTime, Type.Null()]),
  finalisedByName: Type.Union([Type.String(), Type.Null()]),
  revision: Type.Integer(),
  updatedAt: ApiTime
})

export const RecordView = Type.Object({
  ...RecordVersionView.properties,
  kind: Type.Enum(['minutes', 'deliberation']),
  hearingId: Type.Integer(),
  content: Type.Unknown(),
  versions: Type.Optional(Type.Array(RecordVersionView))
})

export const RecordVersionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }, closed)

export const RecordVerificationView = Type.Object({
  kind: Type.Enum(['minutes', 'deliberation']),
  hearingId: Type.Integer(),
  version: Type.Integer(),
  status: Type.Literal('final'),
  finalisedAt: Type.Union([ApiTime, Type.Null()]),
  checkedAt: ApiTime,
  frozen: Type.Boolean({ description: 'false：升级前定稿、尚未存储 PDF 的版本（首次下载时固定）' }),
  intact: Type.Boolean({ description: 'true：内容和存储的 PDF 都与定稿时登记的 SHA-256 一致' }),
  content: Type.Object({
    recordedSha256: Type.Union([Type.String(), Type.Null()]),
    actualSha256: Type.String(),
    intact: Type.Boolean()
  }),
  pdf: Type.Union([PdfCheckView, Type.Null()]),
  issues: Type.Array(Type.String(), { description: '不一致之处' })
})

export const PdfQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, closed)
