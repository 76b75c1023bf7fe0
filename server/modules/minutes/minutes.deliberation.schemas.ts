import { Type, type TSchema } from 'typebox'
import { labelledEnum } from '../../common/field-labels.js'
import { ROLE_LABELS, VOTE_LABELS } from '../documents/documents.kinds.js'
import { SourceRef } from '../rulesets/rulesets.config.js'

const closed = { additionalProperties: false } as const
const VOTES = ['for', 'against', 'abstain'] as const
const Role = labelledEnum(['host', 'officer'], { host: ROLE_LABELS.host, officer: ROLE_LABELS.officer }, { title: '身份' })
const Vote = labelledEnum(VOTES, VOTE_LABELS, { title: '表决意见' })

export const TallyBody = Type.Object({
  votes: Type.Array(Type.Object({
    name: Type.String({ title: '姓名', minLength: 1, maxLength: 60 }),
    role: Role,
    vote: Type.Optional(Vote)
  }, closed), { title: '表决', maxItems: 15 })
}, closed)

const Named = <T extends TSchema>(value: T) => Type.Object({ value, name: Type.String() })

export const TallyView = Type.Object({
  rules: Type.Object({
    voters: Named(Type.Enum(['panel', 'officers'])),
    majority: Named(Type.Enum(['of_voters', 'of_votes_cast'])),
    tie: Named(Type.Enum(['refer', 'host_decides']))
  }, { description: '表决规则（本场听证的规则集取值，名称为评议记录所印的措辞）' }),
  sources: Type.Object({
    voters: Type.Union([SourceRef, Type.Null()]),
    majority: Type.Union([SourceRef, Type.Null()]),
    tie: Type.Union([SourceRef, Type.Null()])
  }, { description: '各项表决规则的来源（规则集的来源标记）' }),
  panel: Type.Array(Type.Object({
    name: Type.String(),
    role: Type.Enum(['host', 'officer']),
    roleName: Type.String(),
    votes: Type.Boolean({ description: 'false：按表决规则不计票（仅听证员表决时的主持人）' })
  }), { description: '参加评议的人员：主持人和在席听证员' }),
  voteOptions: Type.Array(Type.Object({ value: Type.Enum([...VOTES]), name: Type.String() })),
  outcome: Type.Object({
    result: Type.Enum(['adopted', 'rejected', 'no_majority']),
    resultName: Type.String(),
    basis: Type.Enum(['unanimous', 'majority', 'host_decides', 'tie', 'short_of_majority']),
    basisName: Type.String(),
    tally: Type.Object({ voters: Type.Integer(), for: Type.Integer(), against: Type.Integer(), abstain: Type.Integer() })
  }),
  dissent: Type.Array(Type.Object({ name: Type.String(), role: Type.Enum(['host', 'officer']) }), { description: '不同意见：参加表决而未投多数一方的人员（未形成多数意见时为空）' }),
  statement: Type.String({ description: '评议记录关于表决结果的表述（不含评议结论）' }),
  conclusionRequired: Type.Boolean({ description: 'true：形成了评议意见，定稿时须填写评议结论' })
})
