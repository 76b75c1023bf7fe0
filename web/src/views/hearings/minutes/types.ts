import type { paths } from '@/api/schema'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Body<O> = O extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type MinutesRecord = Json<paths['/api/v1/hearings/{id}/minutes']['get']['responses'][200]>
export type EntryBody = Body<paths['/api/v1/hearings/{id}/minutes/entries']['post']>
export type EditEntryBody = Body<paths['/api/v1/hearings/{id}/minutes/entries/{seq}']['put']>
export type AttendanceBody = Body<paths['/api/v1/hearings/{id}/minutes/attendance']['put']>
export type Participant = AttendanceBody['participants'][number]
export type EventBody = Body<paths['/api/v1/hearings/{id}/minutes/events']['post']>
export type EvidenceBody = Body<paths['/api/v1/hearings/{id}/minutes/evidence']['post']>
export type Signatory = Json<paths['/api/v1/hearings/{id}/minutes/signatories']['get']['responses'][200]>['items'][number]
export type Verification = Json<paths['/api/v1/hearings/{id}/minutes/versions/{version}/verification']['get']['responses'][200]>
export type Section = EntryBody['section']
export type SpeakerRole = EntryBody['speaker']['role']
export type Speaker = EntryBody['speaker']

/** One stored entry of the transcript (the record's content as the service stores it). */
export type Entry = { seq: number, section: Section, speaker: Speaker, text: string, at: string }
export type MinutesContent = {
  participants: Participant[]
  entries: Entry[]
  evidence: (EvidenceBody & { number: number })[]
  events: { at: string, kind: EventBody['kind'], reason: string, decision?: string }[]
  signatures: { role: SpeakerRole, name: string, signed: boolean, hostNote?: string, confirmation?: string }[]
}

/** The sections of the minutes in the procedure's order, as the service's API lists them (笔录环节). */
export const SECTIONS: { key: Section, label: string }[] = [
  { key: 'opening', label: '宣布开始与纪律' },
  { key: 'recusal', label: '回避询问' },
  { key: 'statements', label: '陈述' },
  { key: 'questions', label: '询问' },
  { key: 'debate', label: '辩论' },
  { key: 'finalStatements', label: '最后陈述' },
  { key: 'closing', label: '结束' }
]

export const ROLE_LABELS: Record<SpeakerRole, string> = {
  petitioner: '信访人',
  agent: '委托代理人',
  respondent: '责任单位代表',
  handler: '承办人',
  witness: '证人',
  third_party: '利害关系人',
  interpreter: '翻译人员',
  observer: '旁听人员',
  host: '主持人',
  officer: '听证员',
  recorder: '记录员'
}

export const ATTENDANCE_LABELS: Record<Participant['attendance'], string> = { present: '到场', absent: '未到场', represented: '委托代理人到场' }
export const EVENT_LABELS: Record<EventBody['kind'], string> = { postponement: '延期', suspension: '中止', resumption: '恢复', termination: '终止', recess: '休会', other: '其他' }

/** What the editors read of a key press (the DOM's KeyboardEvent). */
export type KeyPress = { key: string, code: string, shiftKey: boolean, altKey: boolean, ctrlKey: boolean, metaKey: boolean, isComposing: boolean, preventDefault: () => void }
