import { Type, type TSchema } from 'typebox'
import { ASSIGNMENT_METHODS, CASE_TEAM_ROLES, MATTER_STAGES, REGION_LEVELS } from '../../../db/schema/enums.js'
import { ApiTime } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { ASSIGNMENT_METHOD_NAMES, CASE_TEAM_ROLE_NAMES } from './case-teams.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const CaseTeamRole = labelledEnum(CASE_TEAM_ROLES, CASE_TEAM_ROLE_NAMES, { title: '团队职责' })
export const AssignmentMethod = labelledEnum(ASSIGNMENT_METHODS, ASSIGNMENT_METHOD_NAMES, { title: '分配方式' })

const MemberBody = Type.Object({
  id: Type.Optional(Type.Integer({ title: '团队成员', minimum: 1, description: 'an existing member of this team (keeps its history)' })),
  userId: Type.Optional(Nullable(Type.Integer({ title: '用户账号', minimum: 1, description: 'a coordinator or host account in the team\'s region' }))),
  name: Type.Optional(Nullable(Type.String({ title: '姓名', maxLength: 40, description: 'required without userId (a cadre without an account)' }))),
  poolMemberId: Type.Optional(Nullable(Type.Integer({
    title: '听证员库人员',
    minimum: 1,
    description: '没有账号的成员本人在听证员库中的人员编号（有账号的成员按账号的关联）；该人员不得担任本团队承办事项的听证人员'
  }))),
  position: Type.Optional(Nullable(Type.String({ title: '职务', maxLength: 60, description: '职务，如 科长' }))),
  role: CaseTeamRole
}, closed)

const Members = Type.Array(MemberBody, { title: '团队成员', minItems: 1, maxItems: 30, description: 'in rotation order; at least 3 people, exactly one leader' })
const Note = Type.String({ title: '备注', maxLength: 500 })

export const CreateCaseTeamBody = Type.Object({
  name: Type.String({ title: '团队名称', minLength: 1, maxLength: 60, pattern: '\\S' }),
  regionId: Type.Integer({ title: '所属区划', minimum: 1, description: 'a city or county region' }),
  note: Type.Optional(Nullable(Note)),
  members: Members
}, closed)

export const UpdateCaseTeamBody = Type.Object({
  name: Type.Optional(CreateCaseTeamBody.properties.name),
  note: Type.Optional(Nullable(Note)),
  active: Type.Optional(Type.Boolean({ title: '启用' })),
  members: Type.Optional(Members),
  version: Type.Integer({ title: '版本号', minimum: 1, description: 'the team version last read; a stale value gets 409' })
}, closed)

export const AssignBody = Type.Object({
  matterId: Type.Integer({ title: '信访事项', minimum: 1 }),
  method: AssignmentMethod,
  teamMemberId: Type.Optional(Type.Integer({ title: '承办人', minimum: 1, description: 'required when the leader assigns' })),
  reason: Type.Optional(Nullable(Type.String({ title: '理由', maxLength: 500 }))),
  version: Type.Integer({ title: '信访事项版本号', minimum: 1, description: 'the matter version last read' })
}, closed)

export const TeamListQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ title: '区划', minimum: 1 }))
}, closed)

const MemberView = Type.Object({
  id: Type.Integer(),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  position: Nullable(Type.String()),
  role: CaseTeamRole,
  roleName: Type.String(),
  rotationOrder: Type.Integer(),
  counts: Type.Boolean({ description: 'false when the account is disabled' }),
  poolMember: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() }, { description: '本人在听证员库中的人员：成员填写的，或其账号关联的' }))
})

const RegionRef = Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.Enum(REGION_LEVELS) })

export const CaseTeamView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  region: RegionRef,
  active: Type.Boolean(),
  note: Nullable(Type.String()),
  members: Type.Array(MemberView),
  leader: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  people: Type.Integer(),
  compliant: Type.Boolean(),
  problems: Type.Array(Type.String()),
  nextInRotation: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  version: Type.Integer(),
  createdAt: ApiTime,
  updatedAt: ApiTime
})

export const AssignmentView = Type.Object({
  id: Type.Integer(),
  matterId: Type.Integer(),
  stage: Type.Enum(MATTER_STAGES),
  stageName: Type.String(),
  teamId: Type.Integer(),
  teamMember: Type.Object({ id: Type.Integer(), name: Type.String() }),
  method: AssignmentMethod,
  methodName: Type.String(),
  reason: Nullable(Type.String()),
  assignedBy: Type.String(),
  assignedAt: ApiTime,
  current: Type.Boolean(),
  matterVersion: Type.Optional(Type.Integer())
})

export const ComplianceView = Type.Object({
  compliant: Type.Boolean(),
  rule: Type.String(),
  regions: Type.Array(Type.Object({
    region: RegionRef,
    required: Type.Integer(),
    teamCount: Type.Integer(),
    compliantTeams: Type.Integer(),
    compliant: Type.Boolean(),
    teams: Type.Array(Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      people: Type.Integer(),
      hasLeader: Type.Boolean(),
      compliant: Type.Boolean(),
      problems: Type.Array(Type.String())
    }))
  }))
})
