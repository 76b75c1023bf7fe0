import { defineError } from '../../errors.js'

export const invalidExportPeriod = defineError('exports.invalid_period', 422, '导出期间不正确')
export const notEncodableInGbk = defineError('exports.not_gbk_encodable', 422, '导出内容含有 GBK 编码无法表示的字符，请改用 UTF-8 格式导出')
