import { Type, type TSchema } from 'typebox'
import { ApiDate, ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { ENTRY_KINDS, ENTRY_KIND_NAMES, KIND_NAMES, LINE_STATUSES, REMUNERATION_ROLES, ROLE_NAMES, STATUS_NAMES } from './remuneration.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

const Year = Type.Integer({ title: '年度', minimum: 2000, maximum: 2100 })
const Status = labelledEnum(LINE_STATUSES, STATUS_NAMES, { title: '支付状态' })
const Role = labelledEnum(REMUNERATION_ROLES, ROLE_NAMES, { title: '担任角色' })
const EntryKind = labelledEnum(ENTRY_KINDS, ENTRY_KIND_NAMES, { title: '类别' })
const Kind = labelledEnum(['public_interest', 'fee_per_half_day'], KIND_NAMES, { title: '计酬方式' })

export const LineQuery = Type.Object({
  year: Type.Optional(Year),
  regionId: Type.Optional(Type.Integer({ title: '支付单位（区划）', minimum: 1, description: 'lines paid by this region or a region under it' })),
  memberId: Type.Optional(Type.Integer({ title: '人员', minimum: 1 })),
  status: Type.Optional(Status),
  hearingId: Type.Optional(Type.Integer({ title: '听证', minimum: 1 }))
}, closed)

/** The list with optional paging: without page and pageSize every line comes back (as before). */
export const LinePageQuery = Type.Object({
  ...LineQuery.properties,
  page: Type.Optional(Type.Integer({ title: '页码', minimum: 1, description: 'with page or pageSize: one page of the lines; total still counts every line matching the filters' })),
  pageSize: Type.Optional(Type.Integer({ title: '每页条数', minimum: 1, maximum: 500, description: 'default 50 when page is given' }))
}, closed)

export const MyLineQuery = Type.Object({ year: Type.Optional(Year) }, closed)

export const TotalsQuery = Type.Object({
  year: Year,
  by: labelledEnum(['member', 'township'], { member: '按人员', township: '按支付单位（乡镇、街道）' }, { title: '汇总方式' }),
  regionId: Type.Optional(LineQuery.properties.regionId)
}, closed)

export const LedgerQuery = Type.Object({ year: Year, regionId: Type.Optional(LineQuery.properties.regionId) }, closed)

export const GenerateBody = Type.Object({
  hearingId: Type.Optional(Type.Integer({ title: '听证', minimum: 1, description: 'one concluded hearing; without it every concluded hearing in the caller\'s region' }))
}, closed)

export const BatchBody = Type.Object({
  lineIds: Type.Array(Type.Integer({ minimum: 1 }), { title: '报酬明细', minItems: 1, maxItems: 1000, uniqueItems: true, description: 'unpaid lines of one paying region' }),
  paidOn: Type.With(ApiDate, { title: '支付日期' }),
  reference: Type.String({ title: '支付凭证号', minLength: 1, maxLength: 60, pattern: '\\S', description: '记账凭证号或转账流水号' }),
  note: Type.Optional(Nullable(Type.String({ title: '备注', maxLength: 500 })))
}, closed)

export const CorrectionBody = Type.Object({
  reason: Type.String({ title: '更正理由', minLength: 1, maxLength: 500, pattern: '\\S' }),
  halfDays: Type.Optional(Type.Integer({ title: '更正后的半天数', minimum: 0, maximum: 20 })),
  rateYuan: Type.Optional(Type.Integer({ title: '更正后的每半天报酬（元）', minimum: 0, maximum: 100000, description: 'within the pool settings\' cap' })),
  version: Type.Integer({ title: '版本号', minimum: 1 })
}, closed)

export const LineView = Type.Object({
  id: Type.Integer(),
  hearing: Type.Object({ id: Type.Integer(), caseNumber: Type.String({ description: '信访事项编号' }) }),
  member: Type.Object({ id: Type.Integer(), name: Type.String() }),
  role: Role,
  roleName: Type.String(),
  entryKind: EntryKind,
  entryKindName: Type.String(),
  relatedLineId: Nullable(Type.Integer({ description: 'the line a reversal cancels or a replacement corrects' })),
  reason: Nullable(Type.String()),
  payer: Type.Object({ id: Type.Integer(), name: Type.String() }, { description: '支付单位：听证所在乡镇（街道）' }),
  serviceDate: ApiDate,
  year: Type.Integer(),
  startedAt: ApiTime,
  endedAt: ApiTime,
  minutes: Type.Integer({ description: '实际听证时长（分钟），各次开庭合计' }),
  halfDays: Type.Integer(),
  remunerationKind: Kind,
  remunerationKindName: Type.String(),
  rateYuan: Type.Number({ description: '每半天标准（元，两位小数）' }),
  amountYuan: Type.Number({ description: '金额（元，两位小数）；冲销为负数' }),
  status: Status,
  statusName: Type.String(),
  batchId: Nullable(Type.Integer()),
  paidOn: Nullable(ApiDate),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const LineList = Type.Object({
  items: Type.Array(LineView),
  total: Type.Object({ lines: Type.Integer(), halfDays: Type.Integer(), amountYuan: Type.Number() })
})

export const LinePage = Type.Object({
  ...LineList.properties,
  page: Type.Optional(Type.Integer({ description: 'present when the list was asked for by page' })),
  pageSize: Type.Optional(Type.Integer())
})

export const MyLineList = Type.Object({ memberId: Type.Integer(), ...LineList.properties })

export const GenerateResult = Type.Object({ hearings: Type.Integer({ description: 'concluded hearings looked at' }), created: Type.Array(LineView) })

export const BatchView = Type.Object({
  id: Type.Integer(),
  payer: Type.Object({ id: Type.Integer(), name: Type.String() }),
  paidOn: ApiDate,
  reference: Type.String(),
  note: Nullable(Type.String()),
  lineCount: Type.Integer(),
  totalYuan: Type.Number(),
  createdBy: Type.String(),
  createdAt: ApiTime,
  lines: Type.Array(LineView)
})

export const TotalsView = Type.Object({
  year: Type.Integer(),
  by: Type.String(),
  items: Type.Array(Type.Object({
    id: Type.Integer({ description: 'member id or region id' }),
    name: Type.String(),
    lines: Type.Integer(),
    halfDays: Type.Integer(),
    amountYuan: Type.Number(),
    paidYuan: Type.Number(),
    unpaidYuan: Type.Number()
  })),
  total: Type.Object({ lines: Type.Integer(), halfDays: Type.Integer(), amountYuan: Type.Number(), paidYuan: Type.Number(), unpaidYuan: Type.Number() })
})
