import { defineError } from '../../errors.js'

export const rulesetNotFound = defineError('rulesets.not_found', 404, '听证规则不存在')
export const rulesetDuplicateName = defineError('rulesets.duplicate_name', 409, '已有同名听证规则，请新增版本')
export const presetNotFound = defineError('rulesets.unknown_preset', 422, '预设规则不存在')
export const regionRulesetNotAssigned = defineError('rulesets.not_assigned', 404, '该区划未单独设置听证规则')
// Its code keeps the scheduling.* name it has always had in the API.
export const rulesetInvalid = defineError('scheduling.ruleset_invalid', 422, '听证规则配置不合法')
