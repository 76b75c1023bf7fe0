import { Type } from 'typebox'
import { ApiDate } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { PROVINCIAL_FORMATS } from './exports.service.js'

const FORMAT_NAMES = { xlsx: 'Excel 工作簿（.xlsx）', 'csv-utf8': 'CSV，UTF-8 编码（带 BOM）', 'csv-gbk': 'CSV，GBK 编码' } as const

export const ProvincialExportQuery = Type.Object({
  from: Type.String({ ...ApiDate, title: '开始日期', description: 'first day of the period (Asia/Shanghai), YYYY-MM-DD' }),
  to: Type.String({ ...ApiDate, title: '结束日期', description: 'last day of the period, included' }),
  format: Type.Optional(labelledEnum(PROVINCIAL_FORMATS, FORMAT_NAMES, { title: '文件格式', description: 'default xlsx' }))
}, { additionalProperties: false })
