import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../../common/schemas.js'
import { toApiTime } from '../../common/time.js'
import { ROLES } from '../../common/access.js'
import { CONCLUSION_TYPE_NAMES, STAGE_NAMES } from '../matters/matters.rules.js'
import { DENOMINATOR_NAMES, REVIEW_ITEM_NAMES } from './statistics.rules.js'
import type { StatisticsCasePage, StatisticsRegion } from './statistics.types.js'
import {
  CasePageView, DeductionsQuery, DeductionListView, HearingRateCasesQuery, HearingRateReportView, OutcomeCasesQuery, OutcomeReportView, ReportQuery,
  ReviewScoreQuery, ReviewScoreReportView
} from './statistics.schemas.js'

const LEVEL_NAMES = { county: '县（市、区）', township: '乡镇（街道）' } as const

const regionView = (r: StatisticsRegion) => ({ ...r, levelName: LEVEL_NAMES[r.level] })

function casePageView (page: StatisticsCasePage) {
  return {
    ...page,
    items: page.items.map(({ hearingStartsAtMs, ...c }) => ({
      ...c,
      stageName: STAGE_NAMES[c.stage],
      conclusionTypeName: c.conclusionType === null ? null : CONCLUSION_TYPE_NAMES[c.conclusionType],
      hearingStartsAt: hearingStartsAtMs === null ? null : toApiTime(new Date(hearingStartsAtMs))
    }))
  }
}

const withProblems = { 422: Type.Ref('ProblemDetails'), ...problemResponses }

export const statisticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { statistics } = app.services
  const tags = ['statistics']
  const access = ROLES.readers

  app.get('/statistics/hearing-rate', {
    config: { access },
    schema: {
      operationId: 'getHearingRate',
      tags,
      summary: '听证率及听证工作加分（按县市区或乡镇街道）',
      description: '分子：期内举行（已结束）听证的事项阶段数；分母：期内作出意见的阶段数（口径由规则 assessment.hearingRate.denominator 决定，默认为复查、复核阶段）；听证率达到 5% 得 1 分，每增加 5% 加 1 分，最高 10 分。只列出调用者权限范围内的区划。',
      querystring: ReportQuery,
      response: { 200: HearingRateReportView, ...withProblems }
    }
  }, async (request) => {
    const report = statistics.hearingRate(request.actor, { ...request.query, level: request.query.level ?? 'county' })
    return { ...report, rows: report.rows.map((r) => ({ ...r, region: regionView(r.region), denominatorName: DENOMINATOR_NAMES[r.denominatorKind] })) }
  })

  app.get('/statistics/hearing-rate/cases', {
    config: { access },
    schema: {
      operationId: 'listHearingRateCases',
      tags,
      summary: '听证率的分子或分母所含的事项阶段（逐件列出，分页）',
      querystring: HearingRateCasesQuery,
      response: { 200: CasePageView, ...withProblems }
    }
  }, async (request) => casePageView(statistics.hearingRateCases(request.actor, request.query)))

  app.get('/statistics/review-score', {
    config: { access },
    schema: {
      operationId: 'getReviewScore',
      tags,
      summary: '复查工作考核得分（7 分：按期办结 3 分、办案质量 2 分、系统录入 2 分）',
      querystring: ReviewScoreQuery,
      response: { 200: ReviewScoreReportView, ...withProblems }
    }
  }, async (request) => {
    const report = statistics.reviewScore(request.actor, request.query)
    return { ...report, rows: report.rows.map((r) => ({ ...r, region: regionView(r.region) })) }
  })

  app.get('/statistics/review-score/deductions', {
    config: { access },
    schema: {
      operationId: 'listReviewScoreDeductions',
      tags,
      summary: '复查工作考核的逐件扣分（事项、原因、分值）',
      querystring: DeductionsQuery,
      response: { 200: DeductionListView, ...withProblems }
    }
  }, async (request) => {
    const items = statistics.reviewDeductions(request.actor, request.query)
    return {
      totalPoints: items.reduce((s, d) => s + Math.round(d.points * 100), 0) / 100,
      items: items.map((d) => ({ ...d, itemName: REVIEW_ITEM_NAMES[d.item] }))
    }
  })

  app.get('/statistics/outcomes', {
    config: { access },
    schema: {
      operationId: 'getHearingOutcomes',
      tags,
      summary: '办理结果：各阶段处理结论、息诉罢访回访情况及办理用时（中位数、平均数）',
      querystring: ReportQuery,
      response: { 200: OutcomeReportView, ...withProblems }
    }
  }, async (request) => {
    const report = statistics.outcomes(request.actor, { ...request.query, level: request.query.level ?? 'county' })
    return {
      ...report,
      rows: report.rows.map((r) => ({ ...r, region: regionView(r.region), stages: r.stages.map((s) => ({ ...s, stageName: STAGE_NAMES[s.stage] })) }))
    }
  })

  app.get('/statistics/outcomes/cases', {
    config: { access },
    schema: {
      operationId: 'listHearingOutcomeCases',
      tags,
      summary: '办理结果统计所含的事项阶段（可按阶段、处理结论、回访结果筛选，分页）',
      querystring: OutcomeCasesQuery,
      response: { 200: CasePageView, ...withProblems }
    }
  }, async (request) => casePageView(statistics.outcomeCases(request.actor, request.query)))
}
