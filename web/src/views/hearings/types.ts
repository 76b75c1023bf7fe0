import type { paths } from '@/api/schema'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type HearingDetail = Json<paths['/api/v1/hearings/{id}']['get']['responses'][200]>
export type HearingListItem = Json<paths['/api/v1/hearings']['get']['responses'][200]>['items'][number]
export type PreviewResult = Json<paths['/api/v1/hearings/preview']['post']['responses'][200]>
export type PreviewProblem = PreviewResult['problems'][number]
export type TransitionBody = NonNullable<paths['/api/v1/hearings/{id}/transitions']['post']['requestBody']>['content']['application/json']
export type HearingAction = TransitionBody['action']
export type TerminationGround = NonNullable<TransitionBody['ground']>
export type WaiverMethod = NonNullable<TransitionBody['noticeWaiver']>['method']
export type EffectiveRuleset = Json<paths['/api/v1/regions/{id}/effective-ruleset']['get']['responses'][200]>
export type MatterDetail = Json<paths['/api/v1/matters/{id}']['get']['responses'][200]>
export type Venue = Json<paths['/api/v1/venues']['get']['responses'][200]>['items'][number]
export type PoolMember = Json<paths['/api/v1/pool/members']['get']['responses'][200]>['items'][number]
export type IssuedDocument = Json<paths['/api/v1/hearings/{id}/documents']['get']['responses'][200]>['items'][number]
export type ServiceBody = NonNullable<paths['/api/v1/hearings/{id}/documents/{docId}/service']['post']['requestBody']>['content']['application/json']
