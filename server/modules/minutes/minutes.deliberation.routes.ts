import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParam, problemResponses } from '../../common/schemas.js'
import { ROLES } from '../../common/access.js'
import { MAJORITY_RULES, ROLE_LABELS, TIE_RULES, VOTE_LABELS, VOTER_RULES } from '../documents/documents.kinds.js'
import { OUTCOME_BASIS_NAMES, OUTCOME_RESULT_NAMES } from './minutes.deliberation.rules.js'
import { TallyBody, TallyView } from './minutes.deliberation.schemas.js'

export const deliberationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { deliberation } = app.services

  app.post('/hearings/:id/deliberation/tally', {
    config: { access: ROLES.everyone },
    schema: {
      operationId: 'previewDeliberationTally',
      tags: ['minutes'],
      summary: '按本场听证的表决规则计票（不保存）：表决规则及其来源、参加评议的人员、票数、结果和评议记录的表述',
      params: IdParam,
      body: TallyBody,
      response: { 200: TallyView, ...problemResponses }
    }
  }, async (request) => {
    const t = deliberation.tally(request.actor, request.params.id, request.body.votes)
    return {
      rules: {
        voters: { value: t.rules.voters, name: VOTER_RULES[t.rules.voters] },
        majority: { value: t.rules.majority, name: MAJORITY_RULES[t.rules.majority] },
        tie: { value: t.rules.tie, name: TIE_RULES[t.rules.tie] }
      },
      sources: t.sources,
      panel: t.panel.map((p) => ({ ...p, roleName: ROLE_LABELS[p.role] })),
      voteOptions: (['for', 'against', 'abstain'] as const).map((value) => ({ value, name: VOTE_LABELS[value] })),
      outcome: { ...t.outcome, resultName: OUTCOME_RESULT_NAMES[t.outcome.result], basisName: OUTCOME_BASIS_NAMES[t.outcome.basis] },
      dissent: t.dissent,
      statement: t.statement,
      conclusionRequired: t.conclusionRequired
    }
  })
}
