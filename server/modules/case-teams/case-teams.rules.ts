import type { CaseTeamRole, RegionLevel } from '../../../db/schema/index.js'

/** The seed's minimums (S0): every team ≥ 3 people with a leader; the city ≥ 3 teams, each county ≥ 2. */
export const MIN_TEAM_PEOPLE = 3
export const MIN_TEAMS: Partial<Record<RegionLevel, number>> = { city: 3, county: 2 }

export const CASE_TEAM_ROLE_NAMES: Record<CaseTeamRole, string> = { leader: '负责人', member: '成员' }
export const ASSIGNMENT_METHOD_NAMES = { rotation: '成员轮流承办', leader: '团队负责人指定' } as const

/** Roles of staff accounts that may sit on a case team: coordinators and hosts are the bureau's own cadres. */
export const TEAM_USER_ROLES = ['coordinator', 'host'] as const

export type RotationMember = { id: number, rotationOrder: number }

/**
 * The next member in rotation (承办人轮流): the first member whose rotation position comes after `lastOrder`,
 * wrapping to the start, skipping `excluded` ids. Deterministic; null when nobody is left.
 */
export function nextInRotation<M extends RotationMember> (members: readonly M[], lastOrder: number | null, excluded: ReadonlySet<number> = new Set()): M | null {
  const ordered = [...members].sort((a, b) => a.rotationOrder - b.rotationOrder || a.id - b.id)
  const candidates = ordered.filter((m) => !excluded.has(m.id))
  if (candidates.length === 0) return null
  if (lastOrder === null) return candidates[0]!
  return candidates.find((m) => m.rotationOrder > lastOrder) ?? candidates[0]!
}

export type TeamPeople = { role: CaseTeamRole, counts: boolean }

/** Whether a team meets the seed's minimum: at least three people who count (active, account not disabled) and a leader. */
export function teamCompliance (members: readonly TeamPeople[]) {
  const people = members.filter((m) => m.counts).length
  const hasLeader = members.some((m) => m.counts && m.role === 'leader')
  const problems: string[] = []
  if (people < MIN_TEAM_PEOPLE) problems.push(`团队仅 ${people} 人，不少于 ${MIN_TEAM_PEOPLE} 人`)
  if (!hasLeader) problems.push('团队没有负责人')
  return { people, hasLeader, compliant: problems.length === 0, problems }
}

/** Whether a region has enough compliant teams. */
export function regionCompliance (level: RegionLevel, teams: readonly { compliant: boolean }[]) {
  const required = MIN_TEAMS[level] ?? 0
  const compliantTeams = teams.filter((t) => t.compliant).length
  return { required, teamCount: teams.length, compliantTeams, compliant: compliantTeams >= required }
}
