import { Type, type Static } from 'typebox'
import { ApiTime } from '../../common/schemas.js'
import { PartialRulesetConfig, RulesetConfig } from './rulesets.config.js'

const Name = Type.String({ title: '规则名称', minLength: 1, maxLength: 60, pattern: '\\S', description: '例如“滨海市听证规则”' })
const Description = Type.Union([Type.String({ title: '说明', maxLength: 500 }), Type.Null()])
const PresetId = Type.String({ title: '所依据的预设规则', minLength: 1, maxLength: 40, description: '预设规则编号，见 GET /ruleset-presets' })

export const RulesetPresetView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  config: RulesetConfig
})

export const RulesetView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  version: Type.Integer(),
  latestVersion: Type.Integer(),
  description: Description,
  basePreset: Type.Union([Type.String(), Type.Null()]),
  config: PartialRulesetConfig,
  regionCount: Type.Integer({ description: '直接选用此版本的区划数' }),
  createdByName: Type.String(),
  createdAt: ApiTime
})

export const RulesetListQuery = Type.Object({
  name: Type.Optional(Name),
  latestOnly: Type.Optional(Type.Boolean({ title: '只看最新版本', description: '只列出每个规则的最新版本' }))
}, { additionalProperties: false })

export const CreateRulesetBody = Type.Object({
  name: Name,
  description: Type.Optional(Description),
  basePreset: Type.Optional(Type.Union([PresetId, Type.Null()])),
  config: PartialRulesetConfig
}, { additionalProperties: false })

export const CreateRulesetVersionBody = Type.Object({
  expectedVersion: Type.Optional(Type.Integer({ title: '当前最新版本号', minimum: 1, description: '当前最新版本号；已被他人更新时返回 409' })),
  description: Type.Optional(Description),
  basePreset: Type.Optional(Type.Union([PresetId, Type.Null()])),
  config: PartialRulesetConfig
}, { additionalProperties: false })

export const AssignRulesetBody = Type.Object({
  rulesetId: Type.Integer({ title: '听证规则版本', minimum: 1, description: '规则的某一版本（版本固定，不随新版本自动变化）' })
}, { additionalProperties: false })

export const EffectiveRulesetView = Type.Object({
  regionId: Type.Integer(),
  label: Type.String(),
  fingerprint: Type.String(),
  config: RulesetConfig,
  layers: Type.Array(Type.Object({
    regionId: Type.Integer(),
    regionName: Type.Union([Type.String(), Type.Null()]),
    rulesetId: Type.Integer(),
    name: Type.String(),
    version: Type.Integer()
  }))
})

export type CreateRulesetBody = Static<typeof CreateRulesetBody>
export type CreateRulesetVersionBody = Static<typeof CreateRulesetVersionBody>
