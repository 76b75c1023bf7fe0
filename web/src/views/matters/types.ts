import type { operations } from '@/api/schema'

type Json<O extends keyof operations, S extends number = 200> = operations[O]['responses'] extends Record<S, { content: { 'application/json': infer T } }> ? T : never

export type Matter = Json<'getMatter'>
export type MatterStageView = Matter['stages'][number]
export type MatterPage = Json<'listMatters'>
export type MatterSummary = MatterPage['items'][number]
export type Vocabulary = Json<'getMatterVocabulary'>
export type MatterDocument = Json<'listMatterDocuments'>['items'][number]
export type CaseTeam = Json<'listCaseTeams'>['items'][number]
export type CreateMatterBody = NonNullable<operations['createMatter']['requestBody']>['content']['application/json']
export type MatterListQuery = NonNullable<operations['listMatters']['parameters']['query']>
export type StageCode = MatterStageView['stage']
