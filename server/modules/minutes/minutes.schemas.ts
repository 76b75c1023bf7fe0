import { Type } from 'typebox'
import { ApiTime, PdfCheckView } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { ATTENDANCE_LABELS, EVENT_LABELS, ROLE_LABELS, VOTE_LABELS } from '../documents/documents.kinds.js'
import { MINUTES_SECTIONS, type MinutesSection } from './minutes.types.js'

const closed = { additionalProperties: false } as const
const Text = (maxLength: number, title: string, description?: string) => Type.String({ title, minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) })
/** Long text: the length limit is checked by the service (422 minutes.text_too_long), not by the schema. */
const LongText = (title: string, description?: string) => Type.String({ title, minLength: 1, pattern: '\\S', ...(description ? { description } : {}) })

const PARTICIPANT_ROLES = ['petitioner', 'agent', 'respondent', 'handler', 'witness', 'third_party', 'interpreter', 'observer'] as const
const SPEAKER_ROLES = [...PARTICIPANT_ROLES, 'host', 'officer', 'recorder'] as const
const pick = <K extends string>(labels: Record<string, string>, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, labels[k]!])) as Record<K, string>

export const MINUTES_SECTION_LABELS: Record<MinutesSection, string> = {
  opening: '宣布开始与纪律', recusal: '回避询问', statements: '陈述', questions: '询问', debate: '辩论', finalStatements: '最后陈述', closing: '结束'
}
const ParticipantRole = labelledEnum(PARTICIPANT_ROLES, pick(ROLE_LABELS, PARTICIPANT_ROLES), { title: '身份' })
const SpeakerRole = labelledEnum(SPEAKER_ROLES, pick(ROLE_LABELS, SPEAKER_ROLES), { title: '身份' })
const PersonName = Text(60, '姓名')

export const AttendanceBody = Type.Object({
  participants: Type.Array(Type.Object({
    role: ParticipantRole,
    name: PersonName,
    unit: Type.Optional(Text(120, '单位、职务或住址')),
    attendance: labelledEnum(['present', 'absent', 'represented'], ATTENDANCE_LABELS, { title: '到场情况' }),
    note: Type.Optional(Text(500, '说明', '例如 无正当理由未到场'))
  }, closed), { title: '参加人员', maxItems: 60 })
}, closed)

const EntryFields = {
  section: labelledEnum(MINUTES_SECTIONS, MINUTES_SECTION_LABELS, { title: '笔录环节' }),
  speaker: Type.Object({ role: SpeakerRole, name: Type.Optional(PersonName) }, { ...closed, title: '发言人' }),
  text: LongText('发言内容', '单条不超过 20000 字')
}

export const EntryBody = Type.Object({
  ...EntryFields,
  clientId: Type.Optional(Type.String({
    title: '录入编号',
    pattern: '^[A-Za-z0-9_-]{8,64}$',
    description: '录入端为每条发言生成的编号（8–64 位字母、数字、- 或 _）。应答丢失后重发同一编号时不再新增一条，直接答复现有笔录'
  }))
}, closed)

export const EditEntryBody = Type.Object({
  ...EntryFields,
  expectedText: Type.Optional(LongText('修改前的发言内容', '修改所依据的原文：与笔录中该条现有的内容不同（他人已修改）时答复 409 request.version_conflict，不覆盖'))
}, closed)

export const EvidenceBody = Type.Object({
  name: Text(200, '证据名称'),
  submittedBy: Text(60, '提交人'),
  purpose: Type.Optional(Text(2000, '证明目的')),
  crossExamination: Type.Optional(LongText('质证意见'))
}, closed)

export const EventBody = Type.Object({
  at: Type.With(ApiTime, { title: '时间' }),
  kind: labelledEnum(['postponement', 'suspension', 'resumption', 'termination', 'recess', 'other'], EVENT_LABELS, { title: '情况' }),
  reason: Text(2000, '原因'),
  decision: Type.Optional(Text(2000, '决定'))
}, closed)

export const SignatureBody = Type.Object({
  role: SpeakerRole,
  name: PersonName,
  signed: Type.Boolean({ title: '已签名', description: 'false：拒绝签名，须有主持人注明' }),
  hostNote: Type.Optional(Text(500, '主持人说明', '主持人对拒绝签名情况的说明')),
  confirmation: Type.Optional(Text(200, '确认方式', '仅用于更正后的笔录：本人未重新签名而以其他方式确认更正内容的，写明时间和方式，例如 2026年12月12日书面确认'))
}, closed)

export const EntryParams = Type.Object({ id: Type.Integer({ minimum: 1 }), seq: Type.Integer({ minimum: 1, title: '记录序号' }) }, closed)

export const CorrectionBody = Type.Object({ reason: Text(1000, '更正理由') }, closed)

export const DeliberationBody = Type.Object({
  startsAt: Type.With(ApiTime, { title: '评议开始时间' }),
  endsAt: Type.Optional(Type.With(ApiTime, { title: '评议结束时间' })),
  place: Text(120, '评议地点'),
  proposal: LongText('评议事项', '付表决的结论'),
  opinions: Type.Array(Type.Object({
    name: PersonName,
    role: labelledEnum(['host', 'officer'], pick(ROLE_LABELS, ['host', 'officer']), { title: '身份' }),
    opinion: LongText('评议意见'),
    vote: Type.Optional(labelledEnum(['for', 'against', 'abstain'], VOTE_LABELS, { title: '表决意见', description: '参加表决的人员必填；表决规则为仅听证员表决时，主持人可不填' }))
  }, closed), { title: '评议意见', minItems: 1, maxItems: 15 }),
  conclusion: Type.Optional(Type.String({ title: '评议结论', maxLength: 20000, description: '多数意见形成的评议结论（形成多数意见的定稿时必填）；未形成多数意见的，可填写评议情况说明' })),
  revision: Type.Optional(Type.Integer({ minimum: 0, title: '修订号', description: '修改所依据的评议记录的 revision（读取时所得）：记录已被他人修改时答复 409 request.version_conflict，不覆盖；第一次保存时不填' }))
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

export const SignatoriesView = Type.Object({
  items: Type.Array(Type.Object({
    role: SpeakerRole,
    name: Type.String(),
    signed: Type.Union([Type.Boolean(), Type.Null()], { description: 'true 已签名（或已确认更正）；false 拒绝签名；null 尚未登记' }),
    hostNote: Type.Union([Type.String(), Type.Null()], { description: '拒绝签名时主持人的说明' }),
    confirmation: Type.Union([Type.String(), Type.Null()], { description: '更正后的笔录：本人确认更正的方式' })
  }))
})
