import { defineError } from '../../errors.js'

export const caseTeamNotFound = defineError('case_teams.not_found', 404, '案件办理团队不存在或无权访问')
export const caseTeamInvalidLevel = defineError('case_teams.invalid_level', 422, '案件办理团队只能设在市级或县（市、区）级')
export const caseTeamTooSmall = defineError('case_teams.too_small', 422, '案件办理团队不少于 3 人')
export const caseTeamLeaderRequired = defineError('case_teams.leader_required', 422, '案件办理团队须有且只有一名负责人')
export const caseTeamInvalidMember = defineError('case_teams.invalid_member', 422, '团队成员不正确')
export const caseTeamInactive = defineError('case_teams.inactive', 409, '该团队已停用')
export const matterOutsideTeamRegion = defineError('case_teams.matter_outside_team_region', 422, '信访事项不在该团队负责的区域内')
export const memberNotInTeam = defineError('case_teams.member_not_in_team', 422, '所选人员不是该团队的在册成员')
export const handledEarlierStage = defineError('case_teams.handled_earlier_stage', 409, '该成员承办过本事项的前一阶段，不能再承办后一阶段')
export const noEligibleMember = defineError('case_teams.no_eligible_member', 409, '团队中没有可轮到的承办人')
