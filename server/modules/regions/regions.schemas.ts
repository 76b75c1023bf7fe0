import { Type, type Static } from 'typebox'
import { REGION_LEVELS } from '../../../db/schema/enums.js'
import { ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { REGION_LEVEL_NAMES } from './regions.rules.js'

export const RegionLevel = labelledEnum(REGION_LEVELS, REGION_LEVEL_NAMES, { title: '层级', description: 'from the city down to the village' })
const Name = Type.String({ title: '区划名称', minLength: 1, maxLength: 60, pattern: '\\S', description: 'Chinese name, e.g. 渤海街道' })
const Code = Type.String({ title: '区划代码', pattern: '^\\d{12}$', description: '12-digit statistical division code (统计用区划代码)' })
const ParentId = Type.Integer({ title: '上级区划', minimum: 1 })
const Version = Type.Integer({ title: '版本号', minimum: 1, description: 'expected current version; a stale value gets 409' })

/** One node of the tree, as the list gives it: what pickers and tree views need on every screen. */
export const RegionListItem = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  level: RegionLevel,
  levelName: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer()
})

export const RegionSummary = Type.Object({
  ...RegionListItem.properties,
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const RegionDetail = Type.Object({
  ...RegionSummary.properties,
  ancestors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), level: RegionLevel })),
  childCount: Type.Integer()
})

export const RegionListQuery = Type.Object({
  parentId: Type.Optional(ParentId),
  level: Type.Optional(RegionLevel),
  q: Type.Optional(Type.String({ title: '搜索内容', minLength: 1, maxLength: 60 }))
}, { additionalProperties: false })

export const CreateRegionBody = Type.Object({
  name: Name,
  parentId: Type.Optional(Type.Union([ParentId, Type.Null()])),
  level: Type.Optional(RegionLevel),
  code: Type.Optional(Type.Union([Code, Type.Null()]))
}, { additionalProperties: false })

export const UpdateRegionBody = Type.Object({
  name: Type.Optional(Name),
  code: Type.Optional(Type.Union([Code, Type.Null()])),
  version: Type.Optional(Version)
}, { additionalProperties: false, minProperties: 1 })

export const MoveRegionBody = Type.Object({
  parentId: Type.With(ParentId, { title: '新的上级区划' }),
  version: Type.Optional(Version)
}, { additionalProperties: false })

export type CreateRegionBody = Static<typeof CreateRegionBody>
export type UpdateRegionBody = Static<typeof UpdateRegionBody>
