import { Type, type Static, type TSchema } from 'typebox'

export const IdParam = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })
}, { additionalProperties: false })
export type IdParam = Static<typeof IdParam>

export const ApiTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant with offset, shown in Asia/Shanghai (+08:00)' })
export const ApiDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD' })

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }))
}

export function Page<T extends TSchema> (item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer()
  })
}

export const ProblemDetails = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({
    in: Type.String({ description: 'body, querystring, params or headers' }),
    field: Type.String({ description: 'path of the field in that part, e.g. petitioners.0.idNumber' }),
    label: Type.Optional(Type.String({ description: '字段的中文名称，例如 信访人第 1 项·身份证号码' })),
    message: Type.String({ description: '问题及允许的取值（中文）' })
  })))
}, { additionalProperties: true, $id: 'ProblemDetails' })

/** The common error responses every authenticated route can give, for the OpenAPI document. */
export const problemResponses = {
  400: Type.Ref('ProblemDetails'),
  401: Type.Ref('ProblemDetails'),
  403: Type.Ref('ProblemDetails'),
  404: Type.Ref('ProblemDetails'),
  409: Type.Ref('ProblemDetails')
}

export const NoContent = Type.Null({ description: 'No content' })
export const NotModified = Type.Null({ description: 'Not modified: the client\'s copy (If-None-Match) is current' })

/** The stored PDF checked against what was recorded with it. */
export const PdfCheckView = Type.Object({
  recordedSha256: Type.Union([Type.String(), Type.Null()], { description: '出具或定稿时登记的 SHA-256（null：登记值缺失）' }),
  actualSha256: Type.Union([Type.String(), Type.Null()], { description: '按现在存储的字节重新计算的 SHA-256（null：文件缺失）' }),
  recordedByteSize: Type.Union([Type.Integer(), Type.Null()]),
  actualByteSize: Type.Union([Type.Integer(), Type.Null()]),
  intact: Type.Boolean()
})
