import type { paths } from '@/api/schema'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type DeliberationRecord = Json<paths['/api/v1/hearings/{id}/deliberation']['get']['responses'][200]>
export type DeliberationBody = NonNullable<paths['/api/v1/hearings/{id}/deliberation']['put']['requestBody']>['content']['application/json']
export type Tally = Json<paths['/api/v1/hearings/{id}/deliberation/tally']['post']['responses'][200]>
export type Verification = Json<paths['/api/v1/hearings/{id}/deliberation/versions/{version}/verification']['get']['responses'][200]>
export type VoteValue = Tally['voteOptions'][number]['value']
export type VoterRole = Tally['panel'][number]['role']

/** What a deliberation record's `content` holds (server/modules/minutes/minutes.types.ts DeliberationContent). */
export type DeliberationContent = {
  startsAt: string | null
  endsAt: string | null
  place: string | null
  proposal: string
  opinions: { name: string, role: VoterRole, opinion: string, vote?: VoteValue }[]
  conclusion: string
}
