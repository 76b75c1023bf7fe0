import { Type } from 'typebox'
import { ApiDate, ApiTime } from '../../common/schemas.js'

export const IssueBulletinBody = Type.Object({
  from: Type.String({ ...ApiDate, title: '开始日期', description: 'first day of the period (Asia/Shanghai)' }),
  to: Type.String({ ...ApiDate, title: '结束日期', description: 'last day of the period, included' }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: '标题', description: 'default: 关于<期间>全市信访事项听证工作情况的通报' }))
}, { additionalProperties: false })

export const BulletinView = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '文号, e.g. 滨信访〔2026〕12号' }),
  period: Type.Object({ from: ApiDate, to: ApiDate }),
  title: Type.String(),
  issuer: Type.String(),
  issuedAt: ApiTime,
  issuedBy: Type.String(),
  summary: Type.String({ description: 'the generated summary paragraph' }),
  sha256: Type.String({ description: 'SHA-256 of the stored PDF bytes' }),
  pageCount: Type.Integer(),
  byteSize: Type.Integer(),
  pdf: Type.String({ description: 'download path of the PDF' }),
  xlsx: Type.String({ description: 'download path of the figures as .xlsx' })
})

const RateFigureView = Type.Object({
  regionId: Type.Integer(),
  name: Type.String(),
  county: Type.Union([Type.String(), Type.Null()]),
  eligible: Type.Integer(),
  heard: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()]),
  score: Type.Number()
})

export const BulletinDetailView = Type.Intersect([BulletinView, Type.Object({
  figures: Type.Object({
    period: Type.Object({ from: ApiDate, to: ApiDate }),
    target: Type.Number(),
    city: Type.Object({ name: Type.String(), eligible: Type.Integer(), heard: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]), score: Type.Number() }),
    counties: Type.Array(RateFigureView),
    townships: Type.Array(RateFigureView),
    review: Type.Array(Type.Object({ regionId: Type.Integer(), name: Type.String(), cases: Type.Integer(), onTime: Type.Number(), quality: Type.Number(), entry: Type.Number(), total: Type.Number() })),
    months: Type.Array(Type.Object({ month: Type.String(), eligible: Type.Integer(), heard: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]) })),
    rateNote: Type.String()
  }, { description: 'the figures the bulletin was built from, as stored when it was issued' })
})])
