import { defineError } from '../../errors.js'

export const hearingNotInSession = defineError('minutes.hearing_not_in_session', 409, '听证尚未开始，不能制作笔录或评议记录')
export const recordAlreadyFinal = defineError('minutes.already_final', 409, '笔录已定稿，不能再修改；如需更正请提出更正')
export const recordNotFinal = defineError('minutes.not_final', 409, '笔录尚未定稿，直接修改即可，无需更正')
export const recordNotFound = defineError('minutes.not_found', 404, '本场听证还没有笔录或评议记录')
export const signaturesMissing = defineError('minutes.signatures_missing', 409, '尚有人员未签名或未记录拒绝签名，不能定稿')
export const deliberationIncomplete = defineError('minutes.deliberation_incomplete', 409, '评议记录不完整，不能定稿')
export const unknownSignatory = defineError('minutes.unknown_signatory', 422, '此人不在笔录的签名人员之中')
export const hostNoteRequired = defineError('minutes.host_note_required', 422, '拒绝签名的，须由主持人注明情况')
export const textTooLong = defineError('minutes.text_too_long', 422, '单条记录过长')
export const recordTooLarge = defineError('minutes.record_too_large', 422, '笔录内容已超过可打印的上限')
export const draftUnverifiable = defineError('minutes.draft_unverifiable', 409, '草稿尚未定稿，没有可核验的登记值')
