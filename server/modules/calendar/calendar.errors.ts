import { defineError } from '../../errors.js'

export const feedNotFound = defineError('calendar.feed_not_found', 404, '日历订阅地址不存在或已重置')
export const noLinkedMember = defineError('calendar.no_linked_member', 404, '您的账号未关联听证员库人员，没有听证安排')
export const myHearingNotFound = defineError('calendar.my_hearing_not_found', 404, '听证不存在，或您不是该听证的人员')
export const invitationNotFound = defineError('calendar.invitation_not_found', 404, '邀请不存在，或不是发给您的')
export const invitationClosed = defineError('calendar.invitation_closed', 409, '该听证已取消、已开始，或您已不在人员名单中，无需再答复')
export const invitationAnswered = defineError('calendar.invitation_answered', 409, '您已答复过该邀请；如需更改，请联系听证协调员')
export const declineReasonRequired = defineError('calendar.decline_reason_required', 422, '请填写谢绝的理由')
export const linkInvalid = defineError('calendar.link_invalid', 400, '邀请链接无效')
export const linkExpired = defineError('calendar.link_expired', 410, '邀请链接已过期')
