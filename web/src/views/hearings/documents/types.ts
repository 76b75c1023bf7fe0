import type { paths } from '@/api/schema'

type IssueBody = NonNullable<paths['/api/v1/hearings/{id}/documents']['post']['requestBody']>['content']['application/json']
export type DocumentKind = IssueBody['kind']
export type Recipient = NonNullable<IssueBody['recipient']>
export type ServiceMethod = NonNullable<paths['/api/v1/hearings/{id}/documents/{docId}/service']['post']['requestBody']>['content']['application/json']['method']
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
export type DocumentVerification = Json<paths['/api/v1/hearings/{id}/documents/{docId}/verification']['get']['responses'][200]>
