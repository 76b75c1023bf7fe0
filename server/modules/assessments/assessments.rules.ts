import type { AssessedRole } from '../../../db/schema/index.js'

// The officer assessment's rules (考核), pure: who may be assessed, the averages, the renewal threshold and the
// editing window. docs/assessments.md explains each choice.

export const ASSESSED_ROLES = ['officer', 'third_party'] as const satisfies readonly AssessedRole[]
export const ASSESSED_ROLE_NAMES: Record<AssessedRole, string> = { officer: '听证员', third_party: '第三方参与人员' }

/** The four scores, each an integer 1–5. */
export const SCORE_FIELDS = ['attendance', 'preparation', 'impartiality', 'conduct'] as const
export type ScoreField = typeof SCORE_FIELDS[number]
export const SCORE_NAMES: Record<ScoreField, string> = { attendance: '出勤', preparation: '准备', impartiality: '公正', conduct: '纪律作风' }
export type Scores = Record<ScoreField, number>

/** Officers still seated at the end and third parties from the pool: who served and may be assessed (not host or recorder). */
export function assessableMembers (participants: readonly { kind: string, memberId: number | null, active: boolean }[]) {
  const out: { memberId: number, role: AssessedRole }[] = []
  for (const role of ASSESSED_ROLES) {
    for (const p of participants) {
      if (p.active && p.kind === role && p.memberId !== null && !out.some((o) => o.memberId === p.memberId)) out.push({ memberId: p.memberId, role })
    }
  }
  return out
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** One assessment's overall score: the mean of its four scores. */
export function overallOf (s: Scores) {
  return round2(SCORE_FIELDS.reduce((n, f) => n + s[f], 0) / SCORE_FIELDS.length)
}

/**
 * A member's record in numbers: how many assessments, the average of each score and the overall average (the mean
 * of all scores, so every assessment weighs the same), rounded to two decimals; null averages without assessments.
 */
export function averagesOf (list: readonly Scores[]) {
  const count = list.length
  const mean = (pick: (s: Scores) => number) => (count === 0 ? null : round2(list.reduce((n, s) => n + pick(s), 0) / count))
  const byScore = Object.fromEntries(SCORE_FIELDS.map((f) => [f, mean((s) => s[f])])) as Record<ScoreField, number | null>
  const all = count === 0 ? null : round2(list.reduce((n, s) => n + SCORE_FIELDS.reduce((m, f) => m + s[f], 0), 0) / (count * SCORE_FIELDS.length))
  return { count, average: all, byScore }
}

export type OfficerAssessmentRules = { threshold: number, minAssessments: number, editableDays: number }

/** Below the threshold once there are enough assessments to judge by: what renewal warns about. */
export function standingOf (summary: { count: number, average: number | null }, rules: OfficerAssessmentRules) {
  const applies = summary.count >= rules.minAssessments && summary.average !== null
  return {
    count: summary.count,
    average: summary.average,
    threshold: rules.threshold,
    minAssessments: rules.minAssessments,
    belowThreshold: applies && summary.average! < rules.threshold
  }
}

const DAY = 24 * 3600_000

/** The last instant an assessment of a hearing concluded at `concludedAt` may be changed. */
export function editableUntil (concludedAt: Date, rules: Pick<OfficerAssessmentRules, 'editableDays'>) {
  return new Date(concludedAt.getTime() + rules.editableDays * DAY)
}
