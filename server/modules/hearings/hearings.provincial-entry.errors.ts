import { defineError } from '../../errors.js'

export const hearingNotHeld = defineError('hearings.not_held', 409, '听证尚未举行完毕，不能登记录入省信访信息系统')
export const provincialEntryBeforeHearing = defineError('hearings.provincial_entry_before_hearing', 422, '录入省信访信息系统的日期不能早于听证日')
