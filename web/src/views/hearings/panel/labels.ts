import type { Participant, RecusalBody, RecusalDecisionBody } from './types'

/* Names of the panel's values as the service's API documents them (GET /api/docs); display only. */

export const PARTICIPANT_KIND_LABELS: Record<Participant['kind'], string> = {
  officer: '听证员',
  alternate: '候补听证员',
  third_party: '第三方参与人员',
  respondent_rep: '被反映单位代表'
}

export const RESPONSE_LABELS: Record<Participant['response'], string> = { pending: '待答复', accepted: '接受', declined: '谢绝' }

export const RECUSAL_TARGET_LABELS: Record<RecusalBody['targetKind'], string> = { host: '主持人', officer: '听证员', recorder: '记录员' }

export const RECUSAL_DECISION_LABELS: Record<RecusalDecisionBody['decision'], string> = { granted: '决定回避', denied: '驳回申请' }

export const DECIDER_ROLE_LABELS: Record<RecusalDecisionBody['deciderRole'], string> = { agency_head: '机关负责人', host: '主持人' }
