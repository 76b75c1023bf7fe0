import type { paths } from '@/api/schema'
import type { HearingDetail } from '../types'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type Participant = HearingDetail['participants'][number]
export type RecusalRequest = HearingDetail['recusalRequests'][number]
export type PanelState = Json<paths['/api/v1/hearings/{id}/draws']['get']['responses'][200]>['state']
export type InvitationMail = Json<paths['/api/v1/hearings/{id}/invitation-mails']['get']['responses'][200]>['items'][number]
export type ResponseBody = NonNullable<paths['/api/v1/hearings/{id}/participants/{sub}/response']['post']['requestBody']>['content']['application/json']
/** POST /hearings/{id}/participants (written out: the schema's anyOf of memberId or name makes the generated type unknown). */
export type AddParticipantBody = { kind: 'third_party' | 'respondent_rep', memberId?: number, name?: string, organisation?: string, position?: string, email?: string }
export type RecusalBody = NonNullable<paths['/api/v1/hearings/{id}/recusal-requests']['post']['requestBody']>['content']['application/json']
export type RecusalDecisionBody = NonNullable<paths['/api/v1/hearings/{id}/recusal-requests/{sub}/decision']['post']['requestBody']>['content']['application/json']

/** A person's latest calendar mail about the hearing, or null before any (no mailbox, an alternate not yet moved up). */
export type LatestMail = InvitationMail['latest']

/** One line of the panel table: the host and the recorder (set when scheduling) or a participant row. */
export type PanelRow =
  | { key: string, seat: 'host' | 'recorder', name: string, unit: string | null, participant: null, mail: LatestMail }
  | { key: string, seat: 'participant', name: string, unit: string | null, participant: Participant, mail: LatestMail }

/** Someone a recusal request may be filed against: the host, the recorder or a seated officer. */
export type RecusalTarget = { kind: RecusalBody['targetKind'], memberId: number, name: string }
