import type { paths } from '@/api/schema'

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never

/** A member as GET /pool/members/{id} answers it. */
export type MemberDetail = Json<paths['/api/v1/pool/members/{id}']['get']['responses'][200]>
export type LifecycleAction = MemberDetail['allowedActions'][number]
