import { Type, type Static } from 'typebox'
import { ALIAS_KINDS, ORGANISATION_KINDS } from '../../../db/schema/enums.js'
import { ApiTime, Page, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { ALIAS_KIND_LABELS, ORGANISATION_KIND_LABELS } from './organisations.rules.js'

export const OrganisationKind = labelledEnum(ORGANISATION_KINDS, ORGANISATION_KIND_LABELS, { title: '单位类型' })
export const AliasKind = labelledEnum(ALIAS_KINDS, ALIAS_KIND_LABELS, { title: '别名类型' })
const Name = Type.String({ title: '单位名称', minLength: 1, maxLength: 100, pattern: '\\S', description: 'full name, e.g. 滨海市人力资源和社会保障局' })
const RegionId = Type.Integer({ title: '所属区划', minimum: 1 })
const Note = Type.String({ title: '备注', maxLength: 500 })
const Version = Type.Integer({ title: '版本号', minimum: 1, description: 'expected current version; a stale value gets 409' })

const AliasBody = Type.Object({
  alias: Type.String({ title: '别名', minLength: 1, maxLength: 100, pattern: '\\S' }),
  kind: AliasKind
}, { additionalProperties: false })

export const OrganisationView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Union([OrganisationKind, Type.Null()]),
  kindLabel: Type.Union([Type.String(), Type.Null()]),
  regionId: Type.Union([Type.Integer(), Type.Null()]),
  regionName: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  aliases: Type.Array(Type.Object({ alias: Type.String(), kind: AliasKind, kindLabel: Type.String() })),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const OrganisationDetail = Type.Object({
  ...OrganisationView.properties,
  equivalentOrganisationIds: Type.Array(Type.Integer(), { description: 'other organisations sharing a name or alias with this one (the same unit for recusal)' })
})

export const OrganisationListQuery = Type.Object({
  q: Type.Optional(Type.String({ title: '搜索内容', minLength: 1, maxLength: 60, description: 'substring of the name or an alias' })),
  regionId: Type.Optional(Type.With(RegionId, { description: 'organisations of this region and its subtree' })),
  kind: Type.Optional(OrganisationKind),
  ...PageQuery
}, { additionalProperties: false })

export const OrganisationPage = Page(OrganisationView)

export const CreateOrganisationBody = Type.Object({
  name: Name,
  kind: Type.Optional(Type.Union([OrganisationKind, Type.Null()])),
  regionId: Type.Optional(Type.Union([RegionId, Type.Null()])),
  note: Type.Optional(Type.Union([Note, Type.Null()])),
  aliases: Type.Optional(Type.Array(AliasBody, { title: '别名', maxItems: 50 }))
}, { additionalProperties: false })

export const UpdateOrganisationBody = Type.Object({
  name: Type.Optional(Name),
  kind: Type.Optional(Type.Union([OrganisationKind, Type.Null()])),
  regionId: Type.Optional(Type.Union([RegionId, Type.Null()])),
  note: Type.Optional(Type.Union([Note, Type.Null()])),
  aliases: Type.Optional(Type.Array(AliasBody, { title: '别名', maxItems: 50, description: 'replaces every alias' })),
  keepFormerName: Type.Optional(Type.Boolean({ title: '保留原名称为曾用名', default: true, description: 'on rename, keep the old name as a 曾用名 alias' })),
  version: Type.Optional(Version)
}, { additionalProperties: false, minProperties: 1 })

export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>
