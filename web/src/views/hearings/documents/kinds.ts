import type { HearingDetail } from '../types'
import type { DocumentKind, Recipient } from './types'

/**
 * The documents of a hearing this page issues, in the order a case needs them, with whom each may be addressed to
 * (as the service accepts them: a notice to the petitioner or to the respondent, an invitation to an officer or the
 * host, a service receipt for what was sent to the petitioner or the respondent, the draw record to the file).
 * Display only: the service refuses an addressee a kind does not take, and a document the hearing is not ready for.
 * The 听证权利告知书 is issued from the matter's page (it comes before any hearing).
 */
export const HEARING_KINDS: { kind: DocumentKind, name: string }[] = [
  { kind: 'petitioner_notice', name: '听证通知书（信访人）' },
  { kind: 'respondent_notice', name: '听证通知书（责任单位）' },
  { kind: 'member_invitation', name: '听证员邀请函' },
  { kind: 'service_receipt', name: '送达回证' },
  { kind: 'draw_record', name: '听证员抽取记录表' }
]

export type RecipientChoice = { key: string, label: string, recipient: Recipient | null }

/** Whom a kind may go to on this hearing: the petitioner, the respondent, each seated officer or alternate, the host, or the file. */
export function recipientsFor (kind: DocumentKind, hearing: HearingDetail): RecipientChoice[] {
  const petitioner = { key: 'petitioner', label: '信访人', recipient: { petitioner: true as const } }
  const respondent = { key: 'respondent', label: '责任单位', recipient: { respondent: true as const } }
  switch (kind) {
    case 'petitioner_notice': return [petitioner]
    case 'respondent_notice': return [respondent]
    case 'service_receipt': return [petitioner, respondent]
    case 'member_invitation': return [
      ...(hearing.host ? [{ key: 'host', label: `主持人 ${hearing.host.name}`, recipient: { host: true as const } }] : []),
      ...hearing.participants
        .filter((p) => p.active && p.memberId !== null && (p.kind === 'officer' || p.kind === 'alternate'))
        .map((p) => ({ key: `p${p.id}`, label: `${p.kind === 'officer' ? '听证员' : '候补听证员'} ${p.name ?? ''}${p.organisation ? `（${p.organisation}）` : ''}`, recipient: { participantId: p.id } }))
    ]
    default: return [{ key: 'file', label: '归档（内部记录）', recipient: null }]
  }
}
