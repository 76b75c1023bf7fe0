import { Type, type TSchema } from 'typebox'
import { CONCLUSION_TYPES, MATTER_STAGES } from '../../../db/schema/enums.js'
import { ApiDate, ApiTime, Page, PageQuery } from '../../common/schemas.js'
import { labelledEnum } from '../../common/field-labels.js'
import { CONCLUSION_TYPE_NAMES, STAGE_NAMES } from '../matters/matters.rules.js'
import { HEARING_RATE_DENOMINATORS } from '../rulesets/rulesets.config.js'
import { DEDUCTION_REASON_NAMES, DENOMINATOR_NAMES, REVIEW_ITEM_NAMES } from './statistics.rules.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

const LEVELS = ['county', 'township'] as const
const LEVEL_NAMES = { county: '县（市、区）', township: '乡镇（街道）' }
const PARTS = ['numerator', 'denominator'] as const
const PART_NAMES = { numerator: '分子：期内举行听证的阶段', denominator: '分母：期内作出意见的阶段' }
const ITEMS = ['on_time', 'case_quality', 'system_entry'] as const
const REASONS = Object.keys(DEDUCTION_REASON_NAMES) as (keyof typeof DEDUCTION_REASON_NAMES)[]
const CEASED = ['ceased', 'not_ceased', 'not_followed_up'] as const
const CEASED_NAMES = { ceased: '息诉罢访', not_ceased: '未息诉罢访', not_followed_up: '尚未回访' }
const CONCLUSION_FILTERS = [...CONCLUSION_TYPES, 'unrecorded'] as const

const Level = labelledEnum(LEVELS, LEVEL_NAMES, { title: '统计层级' })
const Stage = labelledEnum(MATTER_STAGES, STAGE_NAMES, { title: '阶段' })
const Item = labelledEnum(ITEMS, REVIEW_ITEM_NAMES, { title: '考核项目' })
const Reason = labelledEnum(REASONS, DEDUCTION_REASON_NAMES, { title: '扣分原因' })
const ConclusionFilter = labelledEnum(CONCLUSION_FILTERS, { ...CONCLUSION_TYPE_NAMES, unrecorded: '未登记' }, { title: '处理结论' })
const Denominator = labelledEnum(HEARING_RATE_DENOMINATORS, DENOMINATOR_NAMES, { title: '听证率分母' })

const period = {
  from: Type.With(ApiDate, { title: '开始日期', description: '统计期间第一天（含）' }),
  to: Type.With(ApiDate, { title: '结束日期', description: '统计期间最后一天（含）' })
}
const RegionFilter = Type.Integer({ title: '区划', minimum: 1, description: '只统计该区划及其下级' })
const DrillRegion = Type.Integer({ title: '区划', minimum: 1, description: '报表中一行的区划（县市区或乡镇街道）' })

export const ReportQuery = Type.Object({ ...period, level: Type.Optional(Level), regionId: Type.Optional(RegionFilter) }, closed)
export const ReviewScoreQuery = Type.Object({ ...period, level: Type.Optional(Level), regionId: Type.Optional(RegionFilter) }, closed)
export const HearingRateCasesQuery = Type.Object({ ...period, regionId: DrillRegion, part: labelledEnum(PARTS, PART_NAMES, { title: '口径' }), ...PageQuery }, closed)
export const DeductionsQuery = Type.Object({ ...period, regionId: DrillRegion, item: Type.Optional(Item) }, closed)
export const OutcomeCasesQuery = Type.Object({
  ...period,
  regionId: DrillRegion,
  stage: Type.Optional(Stage),
  conclusionType: Type.Optional(ConclusionFilter),
  ceased: Type.Optional(labelledEnum(CEASED, CEASED_NAMES, { title: '回访结果' })),
  ...PageQuery
}, closed)

const Period = Type.Object({ from: ApiDate, to: ApiDate })
const RegionView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Level,
  levelName: Type.String(),
  county: Type.Object({ id: Type.Integer(), name: Type.String() })
})
const RulesetRef = Type.Object({ label: Type.String(), fingerprint: Type.String() })
const Rate = Nullable(Type.Number({ description: '分子 ÷ 分母；分母为 0 时为 null' }))
const RatePercent = Nullable(Type.Number({ description: '百分比，保留两位小数' }))

export const HearingRateReportView = Type.Object({
  period: Period,
  level: Level,
  rows: Type.Array(Type.Object({
    region: RegionView,
    numerator: Type.Integer({ description: '期内举行（已结束）听证的阶段数，按事项阶段计' }),
    denominator: Type.Integer({ description: '期内作出意见的阶段数（口径见 denominatorKind）' }),
    denominatorKind: Denominator,
    denominatorName: Type.String(),
    rate: Rate,
    ratePercent: RatePercent,
    targetPercent: Type.Integer(),
    targetMet: Type.Boolean(),
    points: Type.Number({ description: '听证工作加分（5% 得 1 分，每增加 5% 加 1 分，最高 10 分）' }),
    maxPoints: Type.Number(),
    rank: Type.Integer({ description: '按得分排名，得分相同名次相同' }),
    ruleset: RulesetRef
  })),
  totals: Type.Object({ numerator: Type.Integer(), denominator: Type.Integer(), rate: Rate, ratePercent: RatePercent })
})

const CaseView = Type.Object({
  matterId: Type.Integer(),
  matterNumber: Type.String(),
  matterTitle: Type.String(),
  region: Type.Object({ id: Type.Integer(), name: Type.String() }),
  stageId: Type.Integer(),
  stage: Stage,
  stageName: Type.String(),
  acceptedOn: ApiDate,
  requestedOn: Nullable(ApiDate),
  dueOn: ApiDate,
  decidedOn: Nullable(ApiDate),
  conclusionType: Nullable(labelledEnum(CONCLUSION_TYPES, CONCLUSION_TYPE_NAMES)),
  conclusionTypeName: Nullable(Type.String()),
  hearingId: Nullable(Type.Integer()),
  hearingStartsAt: Nullable(ApiTime)
})
export const CasePageView = Page(CaseView)

const ScoreItem = Type.Object({
  item: Item,
  name: Type.String(),
  maxPoints: Type.Number(),
  deductedRaw: Type.Number({ description: '逐件扣分之和（可超过满分）' }),
  points: Type.Number({ description: '满分减扣分，最低 0 分' }),
  deductionCount: Type.Integer(),
  examined: Type.Integer({ description: '本项考察的件数（复查阶段、复核意见、已举行的听证）' })
})

export const ReviewScoreReportView = Type.Object({
  period: Period,
  level: Level,
  rows: Type.Array(Type.Object({
    region: RegionView,
    items: Type.Array(ScoreItem),
    maxPoints: Type.Number(),
    points: Type.Number(),
    rank: Type.Integer(),
    ruleset: RulesetRef
  }))
})

export const DeductionListView = Type.Object({
  totalPoints: Type.Number(),
  items: Type.Array(Type.Object({
    item: Item,
    itemName: Type.String(),
    reason: Reason,
    reasonText: Type.String(),
    points: Type.Number(),
    matterId: Type.Integer(),
    matterNumber: Type.String(),
    matterTitle: Type.String(),
    region: Type.Object({ id: Type.Integer(), name: Type.String() }),
    stageId: Nullable(Type.Integer()),
    hearingId: Nullable(Type.Integer()),
    on: ApiDate
  }))
})

const Duration = Type.Object({ count: Type.Integer(), medianDays: Nullable(Type.Number()), averageDays: Nullable(Type.Number()) })

export const OutcomeReportView = Type.Object({
  period: Period,
  level: Level,
  rows: Type.Array(Type.Object({
    region: RegionView,
    stages: Type.Array(Type.Object({
      stage: Stage,
      stageName: Type.String(),
      decided: Type.Integer(),
      conclusions: Type.Array(Type.Object({ type: ConclusionFilter, name: Type.String(), count: Type.Integer() })),
      ceased: Type.Object({ ceased: Type.Integer(), notCeased: Type.Integer(), notFollowedUp: Type.Integer() })
    })),
    durations: Type.Object({
      applicationToHearing: Type.With(Duration, { description: '申请（请求日期，无则受理日期）至首次听证（天）' }),
      hearingToConclusion: Type.With(Duration, { description: '听证至作出意见（天）' }),
      applicationToConclusion: Type.With(Duration, { description: '申请至作出意见（天）' })
    })
  }))
})
