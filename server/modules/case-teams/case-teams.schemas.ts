import { Type, type TSchema } from 'typebox'
import { ASSIGNMENT_METHODS, CASE_TEAM_ROLES, MATTER_STAGES, REGION_LEVELS } from '../../../db/schema/index.js'
import { ApiTime } from '../../shared/schemas.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const CaseTeamRole = Type.Enum(CASE_TEAM_ROLES, { description: 'leader 负责人 | member 成员' })
export const AssignmentMethod = Type.Enum(ASSIGNMENT_METHODS, { description: 'rotation 成员轮流承办 | leader 负责人指定' })

const MemberBody = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 1, description: 'an existing member of this team (keeps its history)' })),
  userId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'a coordinator or host account in the team\'s region' }))),
  name: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'required without userId (a cadre without an account)' }))),
  position: Type.Optional(Nullable(Type.String({ maxLength: 60, description: '职务，如 科长' }))),
  role: CaseTeamRole
}, closed)

const Members = Type.Array(MemberBody, { minItems: 1, maxItems: 30, description: 'in rotation order; at least 3 people, exactly one leader' })

export const CreateCaseTeamBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
  regionId: Type.Integer({ minimum: 1, description: 'a city or county region' }),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  members: Members
}, closed)

export const UpdateCaseTeamBody = Type.Object({
  name: Type.Optional(CreateCaseTeamBody.properties.name),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  active: Type.Optional(Type.Boolean()),
  members: Type.Optional(Members),
  version: Type.Integer({ minimum: 1, description: 'the team version last read; a stale value gets 409' })
}, closed)

export const AssignBody = Type.Object({
  matterId: Type.Integer({ minimum: 1 }),
  method: AssignmentMethod,
  teamMemberId: Type.Optional(Type.Integer({ minimum: 1, description: 'required when the leader assigns' })),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  version: Type.Integer({ minimum: 1, description: 'the matter version last read' })
}, closed)

export const TeamListQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 }))
}, closed)

const MemberView = Type.Object({
  id: Type.Integer(),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  position: Nullable(Type.String()),
  role: CaseTeamRole,
  roleName: Type.String(),
  rotationOrder: Type.Integer(),
  counts: Type.Boolean({ description: 'false when the account is disabled' })
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
