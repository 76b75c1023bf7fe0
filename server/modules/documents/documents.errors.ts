import { defineError } from '../../errors.js'

export const missingGlyphs = defineError('documents.missing_glyphs', 422, '文书中有字体无法显示的字符')
/** Refused at entry: text that would make a document unprintable. */
export const unprintableText = defineError('documents.unprintable_text', 422, '填写的内容含有文书无法打印的字符')
export const controlCharacters = defineError('documents.control_characters', 422, '文书内容含有不可打印的控制字符')
export const contentTooLarge = defineError('documents.content_too_large', 422, '文书内容过长')
export const invalidDocumentNumber = defineError('documents.invalid_number', 422, '文号格式不正确')
export const unknownDocumentKind = defineError('documents.unknown_kind', 400, '不支持的文书种类')
export const templateInvalid = defineError('documents.template_invalid', 500, '文书模板有误')
export const placeholderMissing = defineError('documents.placeholder_missing', 500, '文书模板引用的数据不存在')
/** Stored bytes no longer match the SHA-256 recorded when the document was issued or finalised (server-side damage). */
export const integrityFailed = defineError('documents.integrity_failed', 500, '文书存储内容与登记的 SHA-256 不一致')
