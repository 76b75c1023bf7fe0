import { Type, type Static } from 'typebox'
import { REGION_LEVELS } from '../../../db/schema/index.js'
import { ApiTime } from '../../shared/schemas.js'

export const RegionLevel = Type.Enum(REGION_LEVELS, { description: 'city 市 → county 县（市、区） → township 乡镇（街道） → village 村（社区）' })
const Name = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S', description: 'Chinese name, e.g. 渤海街道' })
const Code = Type.String({ pattern: '^\\d{12}$', description: '12-digit statistical division code (统计用区划代码)' })

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
  parentId: Type.Optional(Type.Integer({ minimum: 1 })),
  level: Type.Optional(RegionLevel),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60 }))
}, { additionalProperties: false })

export const CreateRegionBody = Type.Object({
  name: Name,
  parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  level: Type.Optional(RegionLevel),
  code: Type.Optional(Type.Union([Code, Type.Null()]))
}, { additionalProperties: false })

export const UpdateRegionBody = Type.Object({
  name: Type.Optional(Name),
  code: Type.Optional(Type.Union([Code, Type.Null()])),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'expected current version; a stale value gets 409' }))
}, { additionalProperties: false, minProperties: 1 })

export const MoveRegionBody = Type.Object({
  parentId: Type.Integer({ minimum: 1 }),
  version: Type.Optional(Type.Integer({ minimum: 1 }))
}, { additionalProperties: false })

export type CreateRegionBody = Static<typeof CreateRegionBody>
export type UpdateRegionBody = Static<typeof UpdateRegionBody>
