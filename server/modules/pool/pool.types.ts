import type { BasicCondition, Gender, MemberRole, RemovalGround, RemunerationKind, SourceCategory } from '../../../db/schema/enums.js'
import type { DbOrTx } from '../../../db/client.js'
import type { MemberSort } from './pool.repository.js'
import type { EffectiveStatus } from './pool.rules.js'
import type { ConditionAttestation } from './pool.validation.js'

// The inputs of the pool's use cases, as the routes hand them over.

export type MemberBody = {
  name: string
  gender?: Gender | undefined
  birthDate?: string | undefined
  idNumber: string
  mobile: string
  email?: string | null | undefined
  employerOrganisationId?: number | null | undefined
  title?: string | null | undefined
  seniorTitle?: boolean | undefined
  homeRegionId: number
  roles: MemberRole[]
  sourceCategory: SourceCategory
  professions?: string[] | undefined
  specialties?: string[] | undefined
  conditions?: Partial<Record<BasicCondition, ConditionAttestation | null>> | undefined
  consentCrossRegion?: boolean | undefined
  remuneration?: { kind: RemunerationKind, feePerHalfDayYuan?: number | null | undefined } | undefined
  relatives?: { name: string, relation?: string | null | undefined, idNumber?: string | null | undefined }[] | undefined
  employers?: { organisationId: number, position?: string | null | undefined, fromDate?: string | null | undefined, toDate?: string | null | undefined }[] | undefined
  note?: string | null | undefined
}

export type MemberPatch = Partial<MemberBody> & { version: number }

export type MemberQuery = {
  regionId?: number | undefined
  role?: MemberRole | undefined
  sourceCategory?: SourceCategory | undefined
  profession?: string | undefined
  specialty?: string | undefined
  status?: EffectiveStatus | undefined
  termEndingWithinDays?: number | undefined
  trainedHost?: boolean | undefined
  consentCrossRegion?: boolean | undefined
  /** true: only members of other regions shared with the caller; false: only the caller's own region. */
  sharedFromOtherRegion?: boolean | undefined
  /** Members with at least one assessment whose average is below this value. */
  assessmentBelow?: number | undefined
  q?: string | undefined
  sort?: MemberSort | undefined
  order?: 'asc' | 'desc' | undefined
}

export type TransitionInput =
  | { action: 'appoint' | 'renew', appointmentDate: string, appointingBody: string, letterNumber?: string | null | undefined, termEnd?: string | undefined, version: number }
  | { action: 'suspend', reason: string, until?: string | null | undefined, version: number }
  | { action: 'reinstate' | 'readmit', note?: string | undefined, version: number }
  | { action: 'remove', ground: RemovalGround, note?: string | undefined, version: number }

export type BulkAppointmentInput = {
  memberIds: number[]
  action: 'appoint' | 'renew'
  appointmentDate: string
  appointingBody: string
  letterNumber?: string | null | undefined
  termEnd?: string | undefined
}

export type BulkTrainingInput = {
  memberIds: number[]
  course: string
  trainedOn: string
  hours: number
  certificateNo?: string | null | undefined
  provider?: string | null | undefined
}

/** Why one member of a bulk request cannot be changed. */
export type BulkFailure = { memberId: number, code: string, message: string }

/** A member's assessment average against the ruleset's renewal threshold (assessments module, given by the composition root). */
export type AssessmentStanding = { count: number, average: number | null, threshold: number, minAssessments: number, belowThreshold: boolean }
export type AssessmentStandingOf = (db: DbOrTx, member: { id: number, regionPath: string }) => AssessmentStanding
