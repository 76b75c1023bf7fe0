import type { IsoDate } from '../../common/dates.js'
import type { MemberAttributeField, MemberAttributes } from '../rulesets/rulesets.config.js'

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

// ---------------------------------------------------------------- the draw (draw.algorithm.ts and its parts)

/**
 * Locality tier of a candidate (v2): 0 the hearing's own township (or its own region when that is a county or
 * the city), 1 elsewhere in the same county, 2 elsewhere in the city. v1 knows two tiers: 0 local, 1 cross-region.
 */
export type DrawTier = 0 | 1 | 2

export type DrawCandidate = {
  id: number
  /** Member of the hearing's own region (false: cross-region, consented); used when `tier` is absent (false → tier 1). */
  local?: boolean | undefined
  tier?: DrawTier | undefined
  attributes?: MemberAttributes | undefined
}

export type DrawRule = { label: string, min: number, match: { field: MemberAttributeField, anyOf: readonly string[] } }

/** Stored form of a candidate: v1 lists the local flag, v2 the tier. */
export type CanonicalCandidate = { attributes: MemberAttributes, id: number, local?: boolean, tier?: number }
export type CanonicalRule = { label: string, match: { anyOf: string[], field: MemberAttributeField }, min: number }

/**
 * Candidates in columns, in any order: the draw's input from an eligibility pool
 * (`PoolEligibility.drawCandidates()`), and how a spec holds its candidates while in memory.
 * Candidate i has id `ids[i]`, locality tier `tier[i]` (0 nearest) and attributes `profiles[profile[i]]`.
 * A spec may keep the arrays it is given: do not change them afterwards.
 */
export type DrawColumns = {
  ids: Float64Array
  tier: Uint8Array
  profile: Uint32Array
  profiles: readonly MemberAttributes[]
}

export type DrawInput = {
  candidates: readonly DrawCandidate[] | DrawColumns
  rules: readonly DrawRule[]
  seats: number
  alternates: number
  localFirst?: boolean
  /** Only to reproduce a stored record of an earlier version; new draws use DRAW_ALGORITHM_VERSION. */
  algorithmVersion?: string | undefined
}

export type DrawSpec = {
  algorithmVersion: string
  candidates: CanonicalCandidate[]
  rules: CanonicalRule[]
  seats: number
  alternates: number
  localFirst: boolean
}

export type DrawStep = {
  phase: 'composition' | 'open' | 'alternate'
  rule: string | null
  poolSize: number
  index: number
  id: number
  /** v1: whether the member is local. */
  local?: boolean
  /** v2: the member's locality tier. */
  tier?: number
  /** Present when the member drawn no longer qualified at reveal: the reason codes; the seat is drawn again. */
  skipped?: string[]
}

/** Committed candidates who no longer qualified at reveal, grouped by their reasons (codes and Chinese texts). */
export type RevealExclusion = { reasons: { code: string, message: string }[], memberIds: number[] }

export type DrawOutcome = { official: number[], alternates: number[], steps: DrawStep[] }

export type PreparedDraw = { spec: DrawSpec, serverSecretHash: string, commitment: string }

export type CompletedDraw = PreparedDraw & DrawOutcome & {
  serverSecret: string
  witnessValue: string
  seed: string
  /** Only when someone on the committed list no longer qualified at reveal. */
  excludedAtReveal?: RevealExclusion[]
}

/**
 * `official` lists the seated members in seat order. `vacant` (only while seats are open, waiting for a
 * witnessed redraw round) lists the open seat numbers (1-based); the seats are then `official` with the
 * vacant positions left out.
 */
export type Panel = { official: number[], alternates: number[], vacant?: number[] }

export type DrawRound = {
  round: number
  /** initial: the first draw; replacement: a decline or recusal, or (with `fillsSeats`) the witnessed redraw of open seats. */
  kind: 'initial' | 'replacement'
  reason: string | null
  /** A redraw round: the open seats (1-based) it filled, in seat order, with the members it drew. */
  fillsSeats?: number[]
  /** Members removed from the panel or the alternates in this round. */
  exclude: number[]
  /** Alternates who no longer qualified when this round promoted: they leave the queue, grouped by reasons. */
  alternatesExcluded?: RevealExclusion[]
  promotions: { seat: number, vacated: number, promoted: number }[]
  /**
   * The random draw of this round: always for the first and for a redraw. A replacement round of a v1 record
   * may hold the redraw itself (drawn inside the decline); since v2 a replacement leaves the seats open instead.
   */
  draw: CompletedDraw | null
  panel: Panel
}

export type DrawRecord = { algorithmVersion: string, rounds: DrawRound[], panel: Panel }

// random integers (step 4)

export type IntSource = { nextInt: (n: number) => number }

// one round

export type Entropy = { serverSecret: string, witnessValue?: string | undefined }

// replacement rounds (step 6)

export type RoundChange = {
  exclude: readonly number[]
  reason: string
  /** Alternates who no longer qualify (re-checked when the round is made): they leave the queue unpromoted. */
  alternatesExcluded?: readonly RevealExclusion[] | undefined
  /** v1 records only, for a redraw inside the round: a fresh eligible list; by default the first round's list. */
  candidates?: readonly DrawCandidate[] | DrawColumns | undefined
}

export type PlannedRound = {
  round: number
  reason: string
  exclude: number[]
  alternatesExcluded: RevealExclusion[]
  promotions: DrawRound['promotions']
  /** Seat positions (0-based) still empty after promotions: left open for a witnessed redraw round (v1: drawn in the round). */
  vacantSeats: number[]
  seated: (number | null)[]
  alternates: number[]
  redraw: PreparedDraw | null
}

// verification

export type DrawVerification = {
  valid: boolean
  /** Per round; `witnessValue` is the value mixed into that round's draw, null for a round that drew nothing. */
  rounds: { round: number, kind: DrawRound['kind'] | 'redraw', commitmentOk: boolean, seedOk: boolean, picksOk: boolean, panelOk: boolean, witnessValue: string | null }[]
  issues: string[]
}
