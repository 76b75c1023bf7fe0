import type { paths } from '@/api/schema'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

/** GET …/draws (with ?candidates=none on this page): the panel state, every round with its commitment, and names. */
export type DrawRecordView = Json<paths['/api/v1/hearings/{id}/draws']['get']['responses'][200]>
export type DrawRoundRow = DrawRecordView['rounds'][number]
export type ServerVerification = Json<paths['/api/v1/hearings/{id}/draws/verification']['get']['responses'][200]>
