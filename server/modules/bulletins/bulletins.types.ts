import type { Period } from '../../common/period.js'

/** Hearing rate and the 10-point score of one county (县、市、区) or township (乡镇、街道) in the period. */
export type RateFigure = {
  regionId: number
  name: string
  /** The county a township belongs to; null for a county. */
  county: string | null
  /** Denominator of the hearing rate (matters that counted). */
  eligible: number
  /** Numerator: matters heard. */
  heard: number
  /** heard / eligible as a fraction 0…1; null when nothing counted. */
  rate: number | null
  /** Bonus points of the hearing work, 0…10. */
  score: number
}

/** The 复查 deduction item of one county: 7 points, on time 3, case quality 2, system entry 2. */
export type ReviewFigure = {
  regionId: number
  name: string
  /** 复查 stages that counted. */
  cases: number
  onTime: number
  quality: number
  entry: number
  total: number
}

export type MonthFigure = { month: string, eligible: number, heard: number, rate: number | null }

/**
 * Everything a bulletin prints, as it was when it was issued. Stored with the bulletin as JSON, so the .xlsx and the
 * figures can be given again exactly, whatever is recorded later.
 */
export type BulletinFigures = {
  period: Period
  /** The hearing-rate target as a fraction (0.5). */
  target: number
  city: { name: string, eligible: number, heard: number, rate: number | null, score: number }
  counties: RateFigure[]
  townships: RateFigure[]
  review: ReviewFigure[]
  months: MonthFigure[]
  /** How the hearing rate is counted, in Chinese, printed under the tables. */
  rateNote: string
}
