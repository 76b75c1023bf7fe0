import type { operations } from '@/api/schema'

type Ok<Op extends keyof operations> = operations[Op]['responses'] extends { 200: { content: { 'application/json': infer B } } } ? B : never
type Created<Op extends keyof operations> = operations[Op]['responses'] extends { 201: { content: { 'application/json': infer B } } } ? B : never

export type HearingRateReport = Ok<'getHearingRate'>
export type ReviewScoreReport = Ok<'getReviewScore'>
export type OutcomeReport = Ok<'getHearingOutcomes'>
export type OutcomeRow = OutcomeReport['rows'][number]
export type CasePage = Ok<'listHearingRateCases'>
export type CaseItem = CasePage['items'][number]
export type DeductionList = Ok<'listReviewScoreDeductions'>
export type Bulletin = Ok<'listBulletins'>['items'][number]
export type RemunerationLine = Ok<'listRemunerationLines'>['items'][number]
export type RemunerationTotals = Ok<'getRemunerationTotals'>
export type HearingAssessments = Ok<'listHearingAssessments'>
export type AssessedItem = HearingAssessments['items'][number]
export type HearingSummary = Ok<'listHearings'>['items'][number]
export type ReminderSettings = Ok<'getReminderSettings'>
export type Notifier = Created<'createReminderNotifier'>
export type ReminderRun = Ok<'listReminderRuns'>['items'][number]
export type ReminderDelivery = Ok<'listReminderDeliveries'>['items'][number]

export type Level = 'county' | 'township'
export type Period = { from: string, to: string }

/** What a figure opens: the case list behind a number of a report row. */
export type Drill =
  | { kind: 'hearing-rate', regionId: number, regionName: string, part: 'numerator' | 'denominator' }
  | { kind: 'deductions', regionId: number, regionName: string, item?: 'on_time' | 'case_quality' | 'system_entry' }
  | { kind: 'outcomes', regionId: number, regionName: string, stage?: 'handling' | 'review' | 'reReview' }
