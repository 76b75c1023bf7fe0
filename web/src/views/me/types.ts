import type { paths } from '@/api/schema'

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never

export type MyHearingList = Ok<'/api/v1/me/hearings', 'get'>
export type MyHearing = MyHearingList['upcoming'][number]
export type MyHearingDetail = Ok<'/api/v1/me/hearings/{id}', 'get'>
export type MyRemuneration = Ok<'/api/v1/me/remuneration', 'get'>
export type MyAssessments = Ok<'/api/v1/me/assessments', 'get'>
