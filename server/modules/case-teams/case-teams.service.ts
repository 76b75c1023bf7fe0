import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { AssignmentMethod, CaseTeamRole, MatterStage } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import { requireMatter } from '../matters/matters.service.js'
import { openStageOf, STAGE_NAMES } from '../matters/matters.rules.js'
import { noOpenStage } from '../matters/matters.errors.js'
import { markMatterChanged, stagesOfMatters } from '../matters/matters.lookup.service.js'
import { memberById } from '../pool/pool.lookup.service.js'
import { mayView } from '../pool/pool.access.rules.js'
import * as repo from './case-teams.repository.js'
import type { MemberRow, TeamRow } from './case-teams.repository.js'
import { TEAM_USER_ROLES, MIN_TEAM_PEOPLE, nextInRotation, regionCompliance, teamCompliance } from './case-teams.rules.js'
import * as errors from './case-teams.errors.js'

export type MemberInput = {
  id?: number | undefined
  userId?: number | null | undefined
  name?: string | null | undefined
  poolMemberId?: number | null | undefined
  position?: string | null | undefined
  role: CaseTeamRole
}

export type TeamAggregate = { team: TeamRow, members: MemberRow[] }

/** A member counts towards the minimum while active and, for a staff account, not disabled. */
const counts = (m: MemberRow) => m.active && m.userDisabled !== true

export function teamStatus (agg: TeamAggregate) {
  return teamCompliance(agg.members.map((m) => ({ role: m.role, counts: counts(m) })))
}

function requireTeam (db: DbOrTx, actor: Actor, id: number) {
  const team = repo.findById(db, id, actor.scopePath)
  if (!team) throw errors.caseTeamNotFound({ teamId: id })
  return team
}

function load (db: DbOrTx, team: TeamRow): TeamAggregate {
  return { team, members: repo.membersOf(db, [team.id]) }
}

function snapshot (agg: TeamAggregate) {
  return {
    name: agg.team.name,
    regionId: agg.team.regionId,
    active: agg.team.active,
    note: agg.team.note,
    members: agg.members.map((m) => ({ userId: m.userId, name: m.name, poolMemberId: m.poolMemberId, position: m.position, role: m.role, rotationOrder: m.rotationOrder }))
  }
}

const memberProblem = (field: string, message: string) => errors.caseTeamInvalidMember({ errors: [{ in: 'body', field, message }] }, message)

export function createCaseTeamsService ({ db, clock }: { db: Db, clock: Clock }) {
  /** Checks the member list (≥ 3 people, exactly one leader, real staff accounts in the team's region) and fills in names. */
  function resolveMembers (tx: DbOrTx, actor: Actor, team: { regionPath: string }, input: readonly MemberInput[], existing: readonly MemberRow[]) {
    if (input.length < MIN_TEAM_PEOPLE) throw errors.caseTeamTooSmall({ people: input.length }, `团队现有 ${input.length} 人，不少于 ${MIN_TEAM_PEOPLE} 人`)
    const leaders = input.filter((m) => m.role === 'leader').length
    if (leaders !== 1) throw errors.caseTeamLeaderRequired({ leaders }, leaders === 0 ? '须指定一名团队负责人' : `只能有一名负责人，现为 ${leaders} 名`)
    const users = new Map(repo.usersByIds(tx, input.flatMap((m) => (m.userId == null ? [] : [m.userId]))).map((u) => [u.user.id, u]))
    const ownIds = new Map(existing.map((m) => [m.id, m]))
    const seenUsers = new Set<number>()
    const seenIds = new Set<number>()
    return input.map((m, i) => {
      const at = `members.${i}`
      if (m.id !== undefined && (!ownIds.has(m.id) || seenIds.has(m.id))) throw memberProblem(`${at}.id`, '不是本团队的成员')
      if (m.id !== undefined) seenIds.add(m.id)
      let name = m.name?.trim() ?? ''
      if (m.userId != null) {
        const found = users.get(m.userId)
        if (!found) throw memberProblem(`${at}.userId`, '用户不存在')
        const { user, regionPath } = found
        if (!(TEAM_USER_ROLES as readonly string[]).includes(user.role)) throw memberProblem(`${at}.userId`, '只有协调员和主持人账号可以加入案件办理团队')
        if (user.disabled) throw memberProblem(`${at}.userId`, '该账号已停用')
        if (regionPath === null || !regionPath.startsWith(team.regionPath)) throw memberProblem(`${at}.userId`, '该用户不属于本团队所在区域')
        if (seenUsers.has(user.id)) throw memberProblem(`${at}.userId`, '同一用户重复加入')
        seenUsers.add(user.id)
        if (name === '') name = user.displayName
      }
      if (name === '') throw memberProblem(`${at}.name`, '须选择用户或填写姓名')
      const poolMemberId = m.poolMemberId ?? null
      if (poolMemberId !== null) {
        if (m.userId != null) throw memberProblem(`${at}.poolMemberId`, '有账号的成员，其听证员库人员在用户管理中关联，此处不填')
        const row = memberById(tx, poolMemberId)
        if (!row || !mayView(actor, { homeRegionPath: row.regionPath, consentCrossRegion: row.member.consentCrossRegion, status: row.member.status })) {
          throw memberProblem(`${at}.poolMemberId`, '听证员库中没有该人员，或不在您的权限范围内')
        }
      }
      return { id: m.id, userId: m.userId ?? null, name, poolMemberId, position: m.position?.trim() || null, role: m.role, rotationOrder: i + 1 }
    })
  }

  /** Writes the member list: listed members keep or get rows in the given order; the rest are retired (kept for history). */
  function writeMembers (tx: DbOrTx, teamId: number, members: ReturnType<typeof resolveMembers>, existing: readonly MemberRow[]) {
    const byUser = new Map(existing.filter((m) => m.userId !== null).map((m) => [m.userId!, m.id]))
    const kept = new Set<number>()
    for (const m of members) {
      const id = m.id ?? (m.userId !== null ? byUser.get(m.userId) : undefined)
      const values = { userId: m.userId, name: m.name, poolMemberId: m.poolMemberId, position: m.position, role: m.role, rotationOrder: m.rotationOrder, active: true }
      if (id !== undefined && !kept.has(id)) {
        repo.updateMember(tx, id, values)
        kept.add(id)
      } else {
        repo.insertMember(tx, { ...values, teamId })
      }
    }
    for (const m of existing) if (!kept.has(m.id)) repo.updateMember(tx, m.id, { active: false })
  }

  return {
    list (actor: Actor, query: { regionId?: number | undefined }) {
      const regionPath = query.regionId === undefined ? undefined : requireRegion(db, actor, query.regionId).path
      const teams = repo.list(db, { scopePath: actor.scopePath, regionPath })
      const members = repo.membersOf(db, teams.map((t) => t.id))
      return teams.map((team) => ({ team, members: members.filter((m) => m.teamId === team.id) }))
    },

    get (actor: Actor, id: number) {
      return load(db, requireTeam(db, actor, id))
    },

    create (actor: Actor, input: { name: string, regionId: number, note?: string | null | undefined, members: MemberInput[] }) {
      return writeTransaction(db, (tx) => {
        const region = requireRegion(tx, actor, input.regionId)
        if (region.level !== 'city' && region.level !== 'county') throw errors.caseTeamInvalidLevel({ level: region.level })
        if (input.members.some((m) => m.id !== undefined)) throw memberProblem('members', '新建团队时不能引用已有成员')
        const members = resolveMembers(tx, actor, { regionPath: region.path }, input.members, [])
        const now = clock.now()
        const inserted = repo.insert(tx, { name: input.name.trim(), regionId: region.id, note: input.note?.trim() || null, createdAt: now, updatedAt: now })
        writeMembers(tx, inserted.id, members, [])
        const agg = load(tx, repo.findById(tx, inserted.id, null)!)
        recordAudit(tx, { actor, at: now, action: 'case_team.create', entityType: 'case_team', entityId: inserted.id, regionPath: region.path, after: snapshot(agg) })
        return agg
      })
    },

    update (actor: Actor, id: number, input: { name?: string | undefined, note?: string | null | undefined, active?: boolean | undefined, members?: MemberInput[] | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const team = requireTeam(tx, actor, id)
        if (team.version !== input.version) throw versionConflict({ currentVersion: team.version })
        const before = load(tx, team)
        const now = clock.now()
        if (input.members !== undefined) {
          const all = repo.membersOf(tx, [id], { activeOnly: false })
          writeMembers(tx, id, resolveMembers(tx, actor, team, input.members, all), all)
        }
        repo.update(tx, id, {
          name: input.name?.trim() ?? team.name,
          note: input.note === undefined ? team.note : input.note?.trim() || null,
          active: input.active ?? team.active,
          version: team.version + 1,
          updatedAt: now
        })
        const after = load(tx, repo.findById(tx, id, null)!)
        recordAudit(tx, { actor, at: now, action: 'case_team.update', entityType: 'case_team', entityId: id, regionPath: team.regionPath, before: snapshot(before), after: snapshot(after) })
        return after
      })
    },

    /**
     * Assigns the handler (承办人) of a matter's open stage: the next member in the team's rotation, or the member the
     * leader chose. Nobody who handles an earlier stage of the same matter may handle a later one.
     */
    assign (actor: Actor, teamId: number, input: { matterId: number, method: AssignmentMethod, teamMemberId?: number | undefined, reason?: string | null | undefined, version: number }) {
      return writeTransaction(db, (tx) => {
        const team = requireTeam(tx, actor, teamId)
        if (!team.active) throw errors.caseTeamInactive({ teamId })
        const matter = requireMatter(tx, actor, input.matterId)
        if (matter.version !== input.version) throw versionConflict({ currentVersion: matter.version })
        if (!matter.regionPath.startsWith(team.regionPath)) throw errors.matterOutsideTeamRegion({ matterId: matter.id, teamId })
        const stage = openStageOf(stagesOfMatters(tx, [matter.id]))
        if (!stage) throw noOpenStage({ matterId: matter.id })
        const members = repo.membersOf(tx, [teamId]).filter(counts)
        const earlier = repo.currentAssignmentsOfMatter(tx, matter.id).filter((a) => a.assignment.stageId !== stage.id)
        const handledEarlier = (m: MemberRow) => earlier.some((a) => a.assignment.teamMemberId === m.id || (m.userId !== null && a.userId === m.userId))
        let chosen: MemberRow | null
        if (input.method === 'leader') {
          chosen = members.find((m) => m.id === input.teamMemberId) ?? null
          if (!chosen) throw errors.memberNotInTeam({ teamMemberId: input.teamMemberId ?? null })
          if (handledEarlier(chosen)) throw errors.handledEarlierStage({ teamMemberId: chosen.id })
        } else {
          if (input.teamMemberId !== undefined) throw memberProblem('teamMemberId', '轮流承办时不能指定成员')
          chosen = nextInRotation(members, team.lastRotationOrder, new Set(members.filter(handledEarlier).map((m) => m.id)))
          if (!chosen) throw errors.noEligibleMember({ teamId })
          repo.update(tx, teamId, { lastRotationOrder: chosen.rotationOrder })
        }
        const now = clock.now()
        const ended = repo.endCurrentAssignment(tx, stage.id)
        const assignment = repo.insertAssignment(tx, {
          matterId: matter.id,
          stageId: stage.id,
          teamId,
          teamMemberId: chosen.id,
          method: input.method,
          reason: input.reason?.trim() || null,
          assignedByUserId: actor.userId,
          assignedByName: actor.displayName,
          assignedAt: now
        })
        if (!markMatterChanged(tx, matter.id, matter.version, now)) throw versionConflict({})
        recordAudit(tx, {
          actor,
          at: now,
          action: 'matter.assign_handler',
          entityType: 'matter',
          entityId: matter.id,
          regionPath: matter.regionPath,
          before: { stage: stage.stage, handlerMemberIds: ended.map((e) => e.teamMemberId) },
          after: { stage: stage.stage, teamId, handler: chosen.name, teamMemberId: chosen.id, method: input.method }
        })
        return { assignment, stage: stage.stage as MatterStage, stageName: STAGE_NAMES[stage.stage], member: chosen, matterVersion: matter.version + 1 }
      })
    },

    assignments (actor: Actor, teamId: number) {
      requireTeam(db, actor, teamId)
      return repo.assignmentsOfTeam(db, teamId)
    },

    /** The seed's minimums per city and county in the actor's scope: enough compliant teams, each ≥ 3 people with a leader. */
    compliance (actor: Actor) {
      const regions = repo.teamLevelRegions(db, actor.scopePath)
      const teams = repo.list(db, { scopePath: actor.scopePath }).filter((t) => t.active)
      const members = repo.membersOf(db, teams.map((t) => t.id))
      const regionsOut = regions.map((region) => {
        const own = teams.filter((t) => t.regionId === region.id).map((team) => {
          const status = teamStatus({ team, members: members.filter((m) => m.teamId === team.id) })
          return { team, ...status }
        })
        return { region, ...regionCompliance(region.level, own), teams: own }
      })
      return { compliant: regionsOut.every((r) => r.compliant), regions: regionsOut }
    }
  }
}
