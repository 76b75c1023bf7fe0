import type { WaiverMethod } from './types'

/*
 * Names of the values the hearing forms offer, as the service's API documents them (GET /api/docs). Display only:
 * which action is allowed and which ground fits come with the hearing (actions, terminationGrounds).
 */
export const WAIVER_METHOD_LABELS: Record<WaiverMethod, string> = {
  written: '书面',
  oral_record: '口头（记录在案）',
  phone_record: '电话（记录在案）',
  sms_record: '短信（留存记录）'
}

export const SERVICE_METHOD_LABELS = {
  in_person: '直接送达',
  mail: '邮寄送达',
  left_at_address: '留置送达',
  electronic: '电子送达',
  by_agent: '委托送达'
} as const

export const PROCEDURE_LABELS = { simple: '简易程序', general: '一般程序' } as const

export const SUBJECT_LABELS: Record<string, string> = {
  hearing: '听证安排',
  matter: '信访事项',
  venue: '听证场所',
  host: '主持人',
  recorder: '记录员',
  officer: '听证员',
  third_party: '第三方参与人员'
}

export const unitLabel = (unit: 'calendar' | 'working') => (unit === 'working' ? '个工作日' : '日')
