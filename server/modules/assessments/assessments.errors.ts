import { defineError } from '../../errors.js'

export const hearingNotConcluded = defineError('assessments.hearing_not_concluded', 409, '听证结束后才能考核参加人员')
export const notServed = defineError('assessments.not_served', 422, '该人员未以听证员或第三方参与人员身份参加本场听证，不能考核')
export const notAssessor = defineError('assessments.not_assessor', 403, '只有本场听证的主持人或本区域的听证工作人员可以考核')
export const notOwnAssessment = defineError('assessments.not_own', 403, '考核只能由作出考核的人修改')
export const assessmentFrozen = defineError('assessments.frozen', 409, '考核修改期限已过，考核已冻结')
export const memberNotFound = defineError('assessments.member_not_found', 404, '人员不存在或无权访问')
export const noLinkedMember = defineError('assessments.no_linked_member', 404, '您的账号未关联听证员库人员，没有考核记录')
