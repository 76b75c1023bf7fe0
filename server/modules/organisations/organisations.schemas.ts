import { Type, type Static } from 'typebox'
import { ALIAS_KINDS, ORGANISATION_KINDS } from '../../../db/schema/index.js'
import { ApiTime, Page, PageQuery } from '../../shared/schemas.js'

export const OrganisationKind = Type.Enum(ORGANISATION_KINDS, { description: 'agency 党政机关, institution 事业单位, enterprise 企业, law_firm 律师事务所, social_organisation 社会组织, committee 村（居）民委员会, other 其他' })
export const AliasKind = Type.Enum(ALIAS_KINDS, { description: 'short 简称, former 曾用名, other 其他名称' })
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'full name, e.g. 滨海市人力资源和社会保障局' })

const AliasBody = Type.Object({
  alias: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
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
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'substring of the name or an alias' })),
  regionId: Type.Optional(Type.Integer({ minimum: 1, description: 'organisations of this region and its subtree' })),
  kind: Type.Optional(OrganisationKind),
  ...PageQuery
}, { additionalProperties: false })

export const OrganisationPage = Page(OrganisationView)

export const CreateOrganisationBody = Type.Object({
  name: Name,
  kind: Type.Optional(Type.Union([OrganisationKind, Type.Null()])),
  regionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  aliases: Type.Optional(Type.Array(AliasBody, { maxItems: 50 }))
}, { additionalProperties: false })

export const UpdateOrganisationBody = Type.Object({
  name: Type.Optional(Name),
  kind: Type.Optional(Type.Union([OrganisationKind, Type.Null()])),
  regionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  aliases: Type.Optional(Type.Array(AliasBody, { maxItems: 50, description: 'replaces every alias' })),
  keepFormerName: Type.Optional(Type.Boolean({ default: true, description: 'on rename, keep the old name as a 曾用名 alias' })),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'expected current version; a stale value gets 409' }))
}, { additionalProperties: false, minProperties: 1 })

export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>
