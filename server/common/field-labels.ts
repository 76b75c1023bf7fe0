import { Type, type TSchemaOptions } from 'typebox'

/**
 * Chinese names of fields that recur across request bodies, queries and paths, for a property whose schema
 * has no `title`. A property whose meaning depends on where it stands (a person's `name` is 姓名, a unit's
 * 名称) carries its own `title` in the schema; this list is the fallback.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: '编号',
  subId: '编号',
  sub: '编号',
  docId: '文书编号',
  version: '版本号',
  expectedVersion: '版本号',
  name: '名称',
  label: '名称',
  code: '代码',
  title: '标题',
  description: '说明',
  summary: '摘要',
  note: '备注',
  reason: '理由',
  text: '内容',
  kind: '类别',
  status: '状态',
  role: '角色',
  roles: '角色',
  stage: '阶段',
  method: '方式',
  active: '是否启用',
  disabled: '是否停用',
  q: '搜索内容',
  page: '页码',
  pageSize: '每页条数',
  sort: '排序依据',
  order: '排序方向',
  mode: '方式',
  from: '起始日期',
  to: '截止日期',
  at: '时间',
  date: '日期',
  year: '年份',
  days: '天数',
  startsAt: '开始时间',
  endsAt: '结束时间',
  regionId: '区划',
  parentId: '上级区划',
  memberId: '听证员库人员',
  matterId: '信访事项',
  hearingId: '听证',
  venueId: '听证场所',
  userId: '用户',
  organisationId: '单位',
  username: '用户名',
  displayName: '姓名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  token: '令牌',
  idNumber: '身份证号码',
  mobile: '手机号码',
  phone: '联系电话',
  email: '电子邮箱',
  address: '地址',
  position: '职务',
  organisation: '工作单位',
  action: '操作',
  ground: '事由',
  recordedBy: '记录人',
  confirm: '确认',
  actorUserId: '操作人',
  entityType: '对象类型',
  entityId: '对象编号',
  requestedOn: '请求日期',
  receivedOn: '收到日期',
  answerReceivedOn: '收到书面答复的日期',
  noticeServedOn: '通知送达日期',
  noticeWaiver: '同意缩短通知期限的意见',
  announcedOn: '公告发布日期',
  // ruleset configuration (听证规则)
  config: '规则内容',
  basePreset: '所依据的预设规则',
  sources: '来源',
  panel: '听证员人数',
  simple: '简易程序',
  general: '一般程序',
  min: '最少',
  max: '最多',
  default: '默认',
  odd: '须为单数',
  alternates: '候补人数',
  composition: '组成要求',
  appliesTo: '适用程序',
  match: '匹配条件',
  field: '依据的字段',
  anyOf: '取值之一',
  caps: '参加次数上限',
  perWeek: '每周上限',
  perMonth: '每月上限',
  coolingOffDays: '同一信访人间隔天数',
  travelBufferMinutes: '路途预留时间（分钟）',
  crossRegion: '跨区域抽取',
  allowed: '是否允许',
  localFirst: '本区域优先',
  noticeLeadTime: '通知提前期限',
  announceLeadTime: '公告提前期限',
  announce: '是否公告',
  publicity: '公开',
  defaultPublic: '默认公开',
  privacy: '隐私保护',
  deadlines: '办理期限',
  handling: '办理',
  review: '复查',
  reReview: '复核',
  reviewRequest: '请求复查期限',
  reReviewRequest: '请求复核期限',
  handlingExtension: '办理延期',
  maxDays: '最多天数',
  unit: '计算单位',
  hearingStages: '可听证的阶段',
  hearingTiming: '听证时间要求',
  openingWindow: '开始前后的时间',
  minutesBeforeStart: '开始前（分钟）',
  minutesAfterStart: '开始后（分钟）',
  minDecisionWorkingDays: '听证后作出决定的最少工作日',
  shortDecisionSeverity: '决定时间不足时的提示级别',
  afterDueSeverity: '超过期限时的提示级别',
  excludeHearingTime: '期限是否扣除听证时间',
  deliberation: '评议表决规则',
  voters: '参加表决的人员',
  majority: '多数的计算方式',
  tie: '票数相等时的处理'
}

/** What a string must look like, for the patterns request schemas use, said so that a clerk can fix the value. */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  '\\S': '不能为空或只有空格',
  '^\\d{12}$': '应为 12 位数字',
  '^[A-Za-z0-9._-]+$': '只能包含英文字母、数字和 . _ -',
  '^[a-z][a-z0-9_]{1,39}$': '应为 2–40 位小写英文字母、数字或下划线，以字母开头',
  '^[\\p{Script=Han}A-Za-z0-9·]+$': '只能包含汉字、英文字母、数字和“·”',
  '^[0-9+\\-（）() 转]+$': '只能包含数字、空格、+、-、括号和“转”'
}

/** The schema keyword that gives the Chinese labels of an enum's values, in the order of `enum` (OpenAPI extension). */
export const ENUM_LABELS = 'x-enum-descriptions'

/**
 * An enum whose values have Chinese labels. The labels travel with the schema (`x-enum-descriptions`), so
 * validation messages, the OpenAPI document and generated clients show them; `labels` is the module's own
 * label table, not a copy; a `description` given is added after the list of values.
 */
export function labelledEnum<const V extends string> (values: readonly V[], labels: Readonly<Record<V, string>>, options: TSchemaOptions = {}) {
  const listed = values.map((v) => `${v} ${labels[v]}`).join(' | ')
  return Type.Enum(values as V[], {
    ...options,
    description: typeof options.description === 'string' ? `${listed}. ${options.description}` : listed,
    [ENUM_LABELS]: values.map((v) => labels[v])
  })
}

type Schema = Record<string, unknown>

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The schema and the alternatives it unites (a nullable field is the union of its type and null). */
function alternatives (schema: Schema): Schema[] {
  const out = [schema]
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key]
    if (Array.isArray(list)) for (const s of list) if (isSchema(s)) out.push(...alternatives(s))
  }
  return out
}

/** The schema of one step down a field path: a property, an array item, a record value. */
export function childSchema (schema: unknown, segment: string): Schema | undefined {
  if (!isSchema(schema)) return undefined
  for (const s of alternatives(schema)) {
    const properties = s.properties
    if (isSchema(properties) && isSchema(properties[segment])) return properties[segment]
    if (/^\d+$/.test(segment)) {
      if (Array.isArray(s.items) && isSchema(s.items[Number(segment)])) return s.items[Number(segment)]
      if (isSchema(s.items)) return s.items
    }
  }
  for (const s of alternatives(schema)) if (isSchema(s.additionalProperties)) return s.additionalProperties
  return undefined
}

/** The `title` of a schema or of the alternative that has one. */
export function schemaTitle (schema: unknown): string | undefined {
  if (!isSchema(schema)) return undefined
  for (const s of alternatives(schema)) if (typeof s.title === 'string') return s.title
  return undefined
}

/** The Chinese name of one property: its schema's title, else the common-field list, else the name itself. */
export function propertyLabel (name: string, schema: unknown): string {
  return schemaTitle(schema) ?? FIELD_LABELS[name] ?? name
}

const WHOLE: Readonly<Record<string, string>> = { body: '请求内容', querystring: '查询参数', params: '地址参数', headers: '请求头' }

const segmentsOf = (field: string) => field.split('.').filter((s) => s !== '' && s !== '(根)')

/** The schema of a field path under a root schema, if the path leads anywhere. */
export function schemaAt (root: unknown, field: string): Schema | undefined {
  let schema: unknown = root
  for (const segment of segmentsOf(field)) schema = childSchema(schema, segment)
  return isSchema(schema) ? schema : undefined
}

/**
 * The Chinese label of a field path (`petitioners.0.name` → 信访人第 1 项·姓名) read from the root schema of
 * that part of the request; `leaf` is the field's own schema when the caller has it and the root does not
 * lead there. Steps without a title fall back to the common-field list.
 */
export function fieldLabel (root: unknown, field: string, part = 'body', leaf?: unknown): string {
  const segments = segmentsOf(field)
  const parts: string[] = []
  let schema: unknown = root
  segments.forEach((segment, i) => {
    schema = childSchema(schema, segment) ?? (i === segments.length - 1 ? leaf : undefined)
    if (/^\d+$/.test(segment) && parts.length > 0) parts[parts.length - 1] += `第 ${Number(segment) + 1} 项`
    else parts.push(propertyLabel(segment, schema))
  })
  return parts.length > 0 ? parts.join('·') : (WHOLE[part] ?? '请求内容')
}
