import type { IsoDate } from '../../common/dates.js'
import type { MemberAttributes } from '../rulesets/rulesets.config.js'
import type { DrawTier } from './draw.algorithm.js'

// What eligibility and the candidate pool read about members and hearings.

/** A matter a member took part in handling, and in which role (Chinese, as it appears in the reason). */
export type HandledMatter = { matterId: number, role: string }

/** Half-open interval of instants in ms: [start, end). */
export type Interval = { start: number, end: number }

/** A hearing the member sits on; its matter's case number names it in the double-booking reason. */
export type Booking = Interval & { venueId: number | null, hearingId?: number | null, caseNumber?: string | null }

/** What the pool knows about one member, as far as eligibility for a hearing is concerned. */
export type EligibilityCandidate = {
  id: number
  /** Only 'active' members can sit. */
  status: string
  termStart: IsoDate | null
  termEnd: IsoDate | null
  roles: readonly string[]
  employerOrgIds: readonly number[]
  declaredEmployerOrgIds?: readonly number[] | undefined
  homeVillageRegionId: number | null
  declaredRelativeIdNumbers?: readonly string[] | undefined
  servedMatterIds?: readonly number[] | undefined
  /**
   * Matters the member handled or helped handle outside hearings (承办人, case-team member…), each with the role
   * named in Chinese (e.g. 复查阶段承办人): such a member may not sit on that matter's hearings in any seat.
   */
  handledMatters?: readonly HandledMatter[] | undefined
  unavailable?: readonly Interval[] | undefined
  /** Other hearings the member sits on (host, recorder or officer), at least those near this one. */
  bookings?: readonly Booking[] | undefined
  /** Hearings already booked in this hearing's ISO week / calendar month (Shanghai); counted from `bookings` when absent. */
  bookedThisWeek?: number | undefined
  bookedThisMonth?: number | undefined
  /** Petitioner id → last date the member sat on a hearing of that petitioner. */
  lastServedByPetitioner?: Readonly<Record<number, IsoDate>> | undefined
  /** Member of the hearing's own region (its township); otherwise cross-region, drawn only with consent. */
  local: boolean
  /** Locality tier for the draw: 0 own township, 1 same county, 2 elsewhere in the city; by default 0 when local, else 1. */
  tier?: DrawTier | undefined
  crossRegionConsent: boolean
  attributes?: MemberAttributes | undefined
}

export type EligibilityHearing = {
  /** This hearing's own bookings are ignored, so the check can be re-run inside the write. */
  hearingId?: number | null | undefined
  start: number
  end: number
  venueId: number | null
  matterId: number
  /** Pool member ids of the host and recorder, when they are pool members. */
  hostId: number | null
  recorderId: number | null
  petitionerIds: readonly number[]
  petitionerIdNumbers: readonly string[]
  petitionerVillageIds: readonly number[]
  /** The respondent organisation and every id that names the same organisation (aliases). */
  respondentOrgIds: readonly number[]
}
