import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiTime, IdParam, problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { hearingView, participantView } from './hearings.routes.js'
import { DECIDER_ROLE_LABELS, HearingView, PARTICIPANT_KIND_LABELS, ParticipantView, Problem, RECUSAL_DECISION_LABELS, RESPONSE_LABELS } from './hearings.schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { MEMBER_ROLE_LABELS } from '../pool/pool.rules.js'
import { storedExclusions } from '../draw/draw.eligibility.js'
import type { DrawSpec } from '../draw/draw.types.js'
import { packSpec, type StoredDraw } from './hearings.panel.rules.js'

const closed = { additionalProperties: false } as const
/** Members excluded from the draw for exactly the same reasons. */
const ExclusionGroup = Type.Object({ reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })), memberIds: Type.Array(Type.Integer()) })
const HearingAndSub = Type.Object({ id: Type.Integer({ minimum: 1 }), sub: Type.Integer({ minimum: 1 }) }, closed)
const Witness = {
  witnessName: Type.Optional(Type.String({ title: '见证人姓名', minLength: 1, maxLength: 60, pattern: '\\S' })),
  witnessValue: Type.Optional(Type.String({ title: '见证值', maxLength: 200, description: '见证人提供的随机值（在看到承诺值之后给出）' }))
}
const ROUND_KIND_LABELS = { initial: '初次抽取', replacement: '谢绝或回避后递补', redraw: '补抽空缺席位' } as const
/** Where the panel stands: seats left open after declines or recusals wait for a witnessed redraw round. */
const PanelState = Type.Object({
  drawn: Type.Boolean({ description: '是否已抽取' }),
  seats: Type.Union([Type.Integer(), Type.Null()], { description: '正式席位数（未抽取时为 null）' }),
  filledSeats: Type.Integer({ description: '已有人员的正式席位数' }),
  openSeats: Type.Array(Type.Integer(), { description: '空缺席位（席位序号）：候补不足，须补抽' }),
  alternatesLeft: Type.Integer({ description: '剩余候补人数' }),
  replacementRoundNeeded: Type.Boolean({ description: '须进行补抽轮次（先生成承诺值，再由见证人见证揭示）' }),
  nextRound: Type.Union([Type.Integer(), Type.Null()], { description: '下一次抽取的轮次；无须抽取时为 null' }),
  pendingCommitment: Type.Union([Type.Object({ round: Type.Integer(), commitment: Type.String() }), Type.Null()], { description: '已公布、尚未揭示的承诺值' })
}, { description: '抽取状态' })
const Reason = (title: string, maxLength: number) => Type.String({ title, minLength: 1, maxLength })

const CANDIDATE_VIEW_LABELS = { full: '完整名单（每人的编号、层级和属性）', packed: '压缩名单（编号及其属性组合的序号）', none: '不含名单（只有规则、席位和抽取结果）' } as const
type CandidateView = keyof typeof CANDIDATE_VIEW_LABELS

/** A spec as published: with its candidate list, packed (ids and the index of each one's attributes and tier), or without it. */
function publishedSpec (spec: DrawSpec, view: CandidateView) {
  if (view === 'full') return spec
  const { algorithmVersion, rules, seats, alternates, localFirst } = spec
  return view === 'none' ? { algorithmVersion, rules, seats, alternates, localFirst } : packSpec(spec)
}

/** What GET …/draws publishes of a stored row: a revealed round whole; of a pending commitment its hash, secret hash and spec, never the secret. */
function publishedDetail (rec: StoredDraw, view: CandidateView) {
  if (rec.kind === 'commitment') return { commitment: rec.prepared.commitment, serverSecretHash: rec.prepared.serverSecretHash, spec: publishedSpec(rec.prepared.spec, view) }
  const draw = rec.round.draw
  return draw ? { ...rec.round, draw: { ...draw, spec: publishedSpec(draw.spec, view) } } : rec.round
}

export const panelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { panel } = app.services
  const tags = ['panel']
  const schedulers = ROLES.hearingStaff

  app.post('/hearings/:id/draw-commitments', {
    config: { access: schedulers },
    schema: {
      operationId: 'commitPanelDraw',
      tags,
      summary: '抽取第一步：固定可抽取名单并公布承诺值（尚未抽取）；有空缺席位时为补抽轮次（第 2、3… 轮）',
      params: IdParam,
      body: Type.Object({ witnessName: Witness.witnessName }, closed),
      response: { 201: Type.Object({ drawId: Type.Integer(), round: Type.Integer({ description: '轮次：1 为初次抽取，其后为补抽空缺席位' }), commitment: Type.String(), serverSecretHash: Type.String(), eligibleCount: Type.Integer(), seats: Type.Integer(), alternates: Type.Integer(), excluded: Type.Array(ExclusionGroup) }), ...problemResponses }
    }
  }, async (request, reply) => reply.code(201).send(panel.commit(request.actor, request.params.id, request.body)))

  app.post('/hearings/:id/draws', {
    config: { access: schedulers },
    schema: {
      operationId: 'drawPanel',
      tags,
      summary: '抽取听证员：揭示随机数并混入见证值（揭示时按当前情况复核承诺名单，不再符合条件者跳过）；未先生成承诺值时一步完成；有空缺席位时补抽空缺席位',
      params: IdParam,
      body: Type.Object({ ...Witness, version: Type.Optional(Type.Integer({ title: '版本号', minimum: 1 })) }, closed),
      response: {
        201: Type.Object({
          hearing: HearingView,
          drawId: Type.Integer(),
          round: Type.Integer(),
          commitment: Type.String(),
          seed: Type.String(),
          official: Type.Array(Type.Integer()),
          alternates: Type.Array(Type.Integer()),
          excludedAtReveal: Type.Array(ExclusionGroup, { description: '承诺名单中揭示时已不符合条件的人员（按原因分组）；抽中时跳过' })
        }),
        ...problemResponses
      }
    }
  }, async (request, reply) => {
    const result = panel.draw(request.actor, request.params.id, request.body)
    return reply.code(201).send({ ...result, hearing: hearingView(result.hearing) })
  })

  app.get('/hearings/:id/draws', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'getPanelDrawRecord',
      tags,
      summary: '抽取记录：每轮的名单、规则、承诺值、种子、抽中与候补、替补；candidates=none 时不含候选名单（页面用），packed 时名单压缩（核算用）',
      params: IdParam,
      querystring: Type.Object({ candidates: Type.Optional(labelledEnum(['full', 'packed', 'none'], CANDIDATE_VIEW_LABELS, { title: '候选名单', description: '默认 full' })) }, closed),
      response: {
        200: Type.Object({
          state: PanelState,
          rounds: Type.Array(Type.Object({ drawId: Type.Integer(), round: Type.Integer(), commitment: Type.String(), pending: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()]), operatorName: Type.String(), witnessName: Type.Union([Type.String(), Type.Null()]), createdAt: ApiTime, eligibleCount: Type.Integer(), excluded: Type.Array(ExclusionGroup), detail: Type.Unknown() })),
          members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: '记录中出现的人员姓名：抽中、跳过、递补、退出的人员，及被排除人员（合计前 500 名）' })
        }),
        ...problemResponses
      }
    }
  }, async (request) => {
    const { rows, state, members } = panel.record(request.actor, request.params.id)
    const view = request.query.candidates ?? 'full'
    return {
      state,
      members,
      rounds: rows.map((r) => {
        const rec = r.record
        const pending = rec.kind === 'commitment'
        return {
          drawId: r.id,
          round: r.round,
          commitment: r.commitment,
          pending,
          reason: r.reason,
          operatorName: r.operatorName,
          witnessName: r.witnessName,
          createdAt: toApiTime(r.createdAt),
          eligibleCount: rec.eligibleCount,
          excluded: storedExclusions(rec),
          // the server secret of a pending commitment stays hidden until the draw is revealed
          detail: publishedDetail(rec, view)
        }
      })
    }
  })

  app.get('/hearings/:id/draws/verification', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'verifyPanelDraw',
      tags,
      summary: '按记录重新计算每一轮，确认结果相同',
      params: IdParam,
      response: {
        200: Type.Object({
          valid: Type.Boolean(),
          algorithmVersion: Type.String({ description: '抽取算法版本（tz-draw-v1 记录按 v1 规则核查）' }),
          rounds: Type.Array(Type.Object({
            round: Type.Integer(),
            kind: labelledEnum(['initial', 'replacement', 'redraw'], ROUND_KIND_LABELS, { title: '轮次类型' }),
            commitmentOk: Type.Boolean(),
            seedOk: Type.Boolean(),
            picksOk: Type.Boolean(),
            panelOk: Type.Boolean(),
            witnessValue: Type.Union([Type.String(), Type.Null()], { description: '本轮抽取混入的见证值；只递补、未抽取的轮次为 null' }),
            witnessName: Type.Union([Type.String(), Type.Null()], { description: '本轮见证人' })
          })),
          issues: Type.Array(Type.String())
        }),
        ...problemResponses
      }
    }
  }, async (request) => panel.verify(request.actor, request.params.id))

  app.post('/hearings/:id/participants', {
    config: { access: schedulers },
    schema: {
      operationId: 'addHearingParticipant',
      tags,
      summary: '增加第三方参与人员或被反映单位代表',
      params: IdParam,
      body: Type.Object({
        kind: labelledEnum(['third_party', 'respondent_rep'], PARTICIPANT_KIND_LABELS, { title: '参加人员类别' }),
        memberId: Type.Optional(Type.Integer({ title: '听证员库人员', minimum: 1 })),
        name: Type.Optional(Type.String({ title: '姓名', minLength: 1, maxLength: 60 })),
        organisation: Type.Optional(Type.String({ title: '工作单位', minLength: 1, maxLength: 100 })),
        position: Type.Optional(Type.String({ title: '职务', minLength: 1, maxLength: 60 })),
        email: Type.Optional(Type.String({ title: '电子邮箱', format: 'email', maxLength: 200 }))
      }, { ...closed, anyOf: [{ required: ['memberId'] }, { required: ['name'] }] }),
      response: { 201: Type.Object({ participant: ParticipantView, hearing: HearingView }), ...problemResponses }
    }
  }, async (request, reply) => {
    const r = panel.addParticipant(request.actor, request.params.id, request.body)
    return reply.code(201).send({ participant: participantView(r.participant), hearing: hearingView(r.hearing) })
  })

  app.post('/hearings/:id/participants/preview', {
    config: { access: schedulers },
    schema: {
      operationId: 'previewHearingParticipant',
      tags,
      summary: '预检拟增加的第三方参与人员（不保存）：按增加时的同样检查列出其资格和冲突问题（错误级问题会拒绝增加）',
      params: IdParam,
      body: Type.Object({ kind: labelledEnum(['third_party'], { third_party: PARTICIPANT_KIND_LABELS.third_party }, { title: '参加人员类别' }), memberId: Type.Integer({ title: '听证员库人员', minimum: 1 }) }, closed),
      response: { 200: Type.Object({ problems: Type.Array(Problem) }), ...problemResponses }
    }
  }, async (request) => panel.previewParticipant(request.actor, request.params.id, request.body.memberId))

  app.post('/hearings/:id/participants/:sub/withdrawal', {
    config: { access: schedulers },
    schema: {
      operationId: 'withdrawHearingParticipant',
      tags,
      summary: '撤下第三方参与人员或被反映单位代表（须说明理由；听证员按拒绝或回避流程更换）',
      params: HearingAndSub,
      body: Type.Object({ reason: Reason('撤下的理由', 500) }, closed),
      response: { 200: Type.Object({ hearing: HearingView, problems: Type.Array(Problem) }), ...problemResponses }
    }
  }, async (request) => {
    const r = panel.withdrawParticipant(request.actor, request.params.id, request.params.sub, request.body)
    return { hearing: hearingView(r.hearing), problems: r.problems }
  })

  app.post('/hearings/:id/participants/:sub/response', {
    config: { access: schedulers },
    schema: {
      operationId: 'recordParticipantResponse',
      tags,
      summary: '登记听证员答复（拒绝时递补候补；候补不足时席位空缺，须经见证补抽）',
      params: HearingAndSub,
      body: Type.Object({
        response: labelledEnum(['accepted', 'declined'], RESPONSE_LABELS, { title: '答复' }),
        reason: Type.Optional(Reason('谢绝的理由', 500)),
        answeredBy: Type.Optional(Type.String({ title: '答复人', minLength: 1, maxLength: 60, pattern: '\\S', description: '代为登记时给出答复的人及方式，如“本人电话答复”“其秘书张某转告”' }))
      }, closed),
      response: { 200: Type.Object({ hearing: HearingView, problems: Type.Array(Problem) }), ...problemResponses }
    }
  }, async (request) => {
    const r = panel.respond(request.actor, request.params.id, request.params.sub, request.body)
    return { hearing: hearingView(r.hearing), problems: r.problems }
  })

  app.post('/hearings/:id/recusal-requests', {
    config: { access: schedulers },
    schema: {
      operationId: 'createRecusalRequest',
      tags,
      summary: '登记回避申请',
      params: IdParam,
      body: Type.Object({ targetKind: labelledEnum(['host', 'officer', 'recorder'], MEMBER_ROLE_LABELS, { title: '被申请回避人员的身份' }), targetMemberId: Type.Integer({ title: '被申请回避的人员', minimum: 1 }), requestedBy: Reason('申请人', 60), reason: Reason('申请理由', 1000) }, closed),
      response: { 201: Type.Object({ id: Type.Integer(), targetKind: Type.String(), targetMemberId: Type.Integer(), requestedBy: Type.String(), reason: Type.String() }), ...problemResponses }
    }
  }, async (request, reply) => reply.code(201).send(panel.requestRecusal(request.actor, request.params.id, request.body)))

  app.post('/hearings/:id/recusal-requests/:sub/decision', {
    config: { access: schedulers },
    schema: {
      operationId: 'decideRecusalRequest',
      tags,
      summary: '回避决定：对主持人由机关负责人决定，对听证员、记录员由主持人决定',
      params: HearingAndSub,
      body: Type.Object({ decision: labelledEnum(['granted', 'denied'], RECUSAL_DECISION_LABELS, { title: '决定' }), decidedBy: Reason('决定人', 60), deciderRole: labelledEnum(['agency_head', 'host'], DECIDER_ROLE_LABELS, { title: '决定人身份' }), reason: Reason('决定理由', 1000) }, closed),
      response: { 200: Type.Object({ hearing: HearingView, problems: Type.Array(Problem) }), ...problemResponses }
    }
  }, async (request) => {
    const r = panel.decideRecusal(request.actor, request.params.id, request.params.sub, request.body)
    return { hearing: hearingView(r.hearing), problems: r.problems }
  })
}
