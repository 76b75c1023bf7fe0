/** Reading one spreadsheet row into a member draft (and the appointment and training it asks for): pure, no database. */
import {
  BASIC_CONDITIONS, REMUNERATION_KINDS, SOURCE_CATEGORIES, type MemberRole, type RemunerationKind, type SourceCategory, type VocabularyKind
} from '../../../db/schema/enums.js'
import type { Region } from '../../../db/schema/index.js'
import { organisationNameKey } from '../organisations/organisations.rules.js'
import {
  MEMBER_ROLE_LABELS, REMUNERATION_KIND_LABELS, SOURCE_CATEGORY_LABELS, SOURCE_CATEGORY_SYNONYMS, defaultTermEnd, isIsoDate, looksLikeFormula
} from './pool.rules.js'
import type { MemberDraft, ValidationContext } from './pool.validation.js'
import { EMPTY_DRAFT } from './pool.aggregate.js'
import { COLUMNS, type Cell, type ColumnKey } from './pool.spreadsheet.js'

export type AppointmentCells = { appointmentDate: string, appointingBody: string, letterNumber: string | null, termEnd: string | undefined }
export type TrainingCells = { course: string, trainedOn: string, hours: number }

const HEADER_OF = new Map(COLUMNS.map((c) => [c.key, c.header]))
export const header = (key: ColumnKey) => HEADER_OF.get(key) ?? key

/** Where a validation problem's field shows up in the sheet. */
export function columnOfField (field: string): string {
  const direct: Record<string, ColumnKey> = {
    name: 'name',
    gender: 'gender',
    birthDate: 'birthDate',
    idNumber: 'idNumber',
    mobile: 'mobile',
    email: 'email',
    roles: 'roles',
    professions: 'professions',
    specialties: 'specialties',
    'remuneration.feePerHalfDayYuan': 'fee',
    appointmentDate: 'appointmentDate',
    termEnd: 'termEnd',
    trainedOn: 'trainingDate',
    note: 'note'
  }
  if (direct[field]) return header(direct[field])
  const m = /^conditions\.(\w+)\.attested(By|At)$/.exec(field)
  if (m) return header(`${m[1]}${m[2]}` as ColumnKey)
  return field
}

/** Import values repeat (roles, sources, regions, employers): normalising each distinct string once saves most of the work. */
const normalised = new Map<string, string>()
function nfkc (value: string) {
  let out = normalised.get(value)
  if (out === undefined) {
    out = value.normalize('NFKC')
    if (normalised.size > 50_000) normalised.clear()
    normalised.set(value, out)
  }
  return out
}

const SPLIT = /[、,，;；/／|\s]+/u
const YES = new Set(['是', 'y', 'yes', 'true', '1', '同意', '有'])
const NO = new Set(['否', 'n', 'no', 'false', '0', '不同意', '无'])

function dateText (d: Date) {
  return d.toISOString().slice(0, 10)
}

/** Normalises common ways of writing a date (2026/3/1, 2026.03.01, 2026年3月1日, 20260301) to YYYY-MM-DD. */
export function parseLooseDate (text: string): string | null {
  const t = text.trim()
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t)
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t)
  if (!m) return null
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

export type Lookups = {
  region: (text: string) => { region: Region } | { error: string }
  orgKeyOf: (name: string) => string
  vocabularyByLabel: Record<VocabularyKind, Map<string, string>>
  ctx: ValidationContext
  regions: { byCode: Map<string, Region>, byName: Map<string, Region[]>, byPath: Map<string, Region>, namesOf: (r: Region) => string[] }
  orgKeys: Map<string, Set<number>>
}

function indexRegions (all: readonly Region[]) {
  const byId = new Map(all.map((r) => [r.id, r]))
  const namesOf = (r: Region) => r.path.split('/').filter(Boolean).map((id) => byId.get(Number(id))?.name ?? '')
  const byCode = new Map<string, Region>()
  const byName = new Map<string, Region[]>()
  const byPath = new Map<string, Region>()
  for (const r of all) {
    if (r.code) byCode.set(r.code, r)
    const key = r.name.normalize('NFKC')
    byName.set(key, [...(byName.get(key) ?? []), r])
    byPath.set(namesOf(r).map((n) => n.normalize('NFKC')).join('/'), r)
  }
  return { byCode, byName, byPath, namesOf, all }
}

function resolveRegion (text: string, lookups: Lookups): { region: Region } | { error: string } {
  const t = nfkc(text).trim()
  if (/^\d{12}$/.test(t)) {
    const r = lookups.regions.byCode.get(t)
    return r ? { region: r } : { error: `没有区划代码为 ${t} 的区划` }
  }
  const parts = t.split(/\s*[/>\\]\s*/).filter(Boolean)
  if (parts.length > 1) {
    const full = lookups.regions.byPath.get(parts.join('/'))
    if (full) return { region: full }
    const suffix = '/' + parts.join('/')
    const matches = [...lookups.regions.byPath.entries()].filter(([p]) => ('/' + p).endsWith(suffix)).map(([, r]) => r)
    if (matches.length === 1) return { region: matches[0]! }
    if (matches.length > 1) return { error: `区划“${text}”不唯一，请写完整路径` }
    return { error: `找不到区划“${text}”` }
  }
  const named = lookups.regions.byName.get(t) ?? []
  if (named.length === 1) return { region: named[0]! }
  if (named.length > 1) {
    const example = lookups.regions.namesOf(named[0]!).join('/')
    return { error: `区划名称“${text}”不唯一，请写完整路径，如 ${example}` }
  }
  return { error: `找不到区划“${text}”` }
}

function labelMap<K extends string> (labels: Record<K, string>, synonyms: Partial<Record<K, string[]>> = {}) {
  const map = new Map<string, K>()
  for (const [code, label] of Object.entries(labels) as [K, string][]) {
    for (const name of [code, label, ...(synonyms[code] ?? [])]) map.set(name.normalize('NFKC').toLowerCase(), code)
  }
  return map
}

const ROLE_BY_NAME = labelMap(MEMBER_ROLE_LABELS, { third_party: ['第三方', '第三方参与人', '第三方人员'], officer: ['听证人员'], recorder: ['书记员'] })
const SOURCE_BY_NAME = labelMap(SOURCE_CATEGORY_LABELS, SOURCE_CATEGORY_SYNONYMS)
const REMUNERATION_BY_NAME = labelMap(REMUNERATION_KIND_LABELS, { public_interest: ['公益', '公益服务', '不取酬', '无偿'], fee_per_half_day: ['计酬', '有偿', '按半天', '按半天计酬'] })
const GENDER_BY_NAME = new Map<string, 'male' | 'female'>([['男', 'male'], ['女', 'female'], ['male', 'male'], ['female', 'female'], ['m', 'male'], ['f', 'female']])

/** The text of a cell, or a reason it cannot be used (formula, error value, ID number stored as a number, injection). */
export function cellText (cell: Cell | undefined, key: ColumnKey): { text: string | null } | { problem: string } {
  if (cell === undefined || cell === null) return { text: null }
  if (cell instanceof Date) return { text: dateText(cell) }
  if (typeof cell === 'object') {
    if ('formula' in cell) return { problem: '单元格含公式，请改为直接填写内容' }
    return { problem: `单元格是错误值 ${cell.error}` }
  }
  if (typeof cell === 'boolean') return { text: cell ? '是' : '否' }
  if (typeof cell === 'number') {
    if (key === 'idNumber' && (!Number.isSafeInteger(cell) || cell > 1e15)) {
      return { problem: '身份证号被 Excel 存成了数字，末几位可能已丢失，请把该列设为文本格式后重新填写' }
    }
    return { text: Number.isInteger(cell) ? cell.toFixed(0) : String(cell) }
  }
  const text = cell.trim()
  if (text === '') return { text: null }
  // the export writes such values with a leading apostrophe (see safeCellText): take them back as plain text
  if (text.startsWith("'") && looksLikeFormula(text.slice(1))) return { text: text.slice(1) }
  if (looksLikeFormula(text) && !(key === 'mobile' && /^\+\d/.test(text))) {
    return { problem: `内容以“${text[0] === '\t' ? '制表符' : text[0]}”开头，可能被电子表格当作公式执行，请删除该字符` }
  }
  if (text.length > 1000) return { problem: '内容过长' }
  return { text }
}

/** Builds the draft for one row: over the stored member when the ID number is known (empty cells keep stored values). */
export function rowDraft (cells: Partial<Record<ColumnKey, Cell>>, base: MemberDraft | null, lookups: Lookups, errors: (key: ColumnKey, message: string) => void) {
  const text: Partial<Record<ColumnKey, string>> = {}
  for (const c of COLUMNS) {
    const r = cellText(cells[c.key], c.key)
    if ('problem' in r) errors(c.key, r.problem)
    else if (r.text !== null) text[c.key] = r.text
  }
  if (base === null) {
    for (const c of COLUMNS) if (c.required && text[c.key] === undefined && !('problem' in cellText(cells[c.key], c.key))) errors(c.key, '必填项未填写')
  }
  const draft: MemberDraft = base
    ? { ...base, conditions: { ...base.conditions } }
    : { ...EMPTY_DRAFT, name: '', idNumber: '', mobile: '', homeRegionId: 0, roles: [], sourceCategory: 'notable', conditions: {} }
  let region: Region | null = null
  let pendingEmployerKey: string | null = null

  if (text.name !== undefined) draft.name = text.name
  if (text.idNumber !== undefined) draft.idNumber = text.idNumber
  if (text.mobile !== undefined) draft.mobile = text.mobile
  if (text.email !== undefined) draft.email = text.email
  if (text.title !== undefined) draft.title = text.title
  if (text.note !== undefined) draft.note = text.note
  if (text.gender !== undefined) {
    const g = GENDER_BY_NAME.get(text.gender.toLowerCase())
    if (g) draft.gender = g
    else errors('gender', '性别应填“男”或“女”')
  }
  if (text.birthDate !== undefined) {
    const d = parseLooseDate(text.birthDate)
    if (d) draft.birthDate = d
    else errors('birthDate', '日期格式应为 YYYY-MM-DD，且须是真实存在的日期')
  }
  for (const key of ['seniorTitle', 'consentCrossRegion'] as const) {
    const v = text[key]
    if (v === undefined) continue
    if (YES.has(v.toLowerCase())) draft[key] = true
    else if (NO.has(v.toLowerCase())) draft[key] = false
    else errors(key, '应填“是”或“否”')
  }
  if (text.homeRegion !== undefined) {
    const r = lookups.region(text.homeRegion)
    if ('error' in r) errors('homeRegion', r.error)
    else { region = r.region; draft.homeRegionId = r.region.id }
  }
  if (text.roles !== undefined) {
    const roles: MemberRole[] = []
    for (const part of text.roles.split(SPLIT).filter(Boolean)) {
      const role = ROLE_BY_NAME.get(nfkc(part).toLowerCase())
      if (role) roles.push(role)
      else errors('roles', `未知的角色“${part}”，可选：${Object.values(MEMBER_ROLE_LABELS).join('、')}`)
    }
    draft.roles = [...new Set(roles)]
  }
  if (text.sourceCategory !== undefined) {
    const s = SOURCE_BY_NAME.get(nfkc(text.sourceCategory).toLowerCase()) as SourceCategory | undefined
    if (s && SOURCE_CATEGORIES.includes(s)) draft.sourceCategory = s
    else errors('sourceCategory', `未知的人员来源“${text.sourceCategory}”，可选：${Object.values(SOURCE_CATEGORY_LABELS).join('；')}`)
  }
  for (const [key, kind, field] of [['professions', 'profession', 'professions'], ['specialties', 'specialty', 'specialties']] as const) {
    const v = text[key]
    if (v === undefined) continue
    const codes: string[] = []
    for (const part of v.split(SPLIT).filter(Boolean)) {
      const code = lookups.vocabularyByLabel[kind].get(nfkc(part)) ?? (lookups.ctx.vocabulary[kind].has(part) ? part : undefined)
      if (code) codes.push(code)
      else errors(key, `未知的${kind === 'profession' ? '职业' : '专业特长'}“${part}”，可选值见模板“填写说明”`)
    }
    draft[field] = [...new Set(codes)]
  }
  let kind: RemunerationKind | undefined
  if (text.remunerationKind !== undefined) {
    kind = REMUNERATION_BY_NAME.get(nfkc(text.remunerationKind).toLowerCase())
    if (!kind || !REMUNERATION_KINDS.includes(kind)) errors('remunerationKind', '报酬方式应填“公益服务”或“按半天计酬”')
  }
  if (text.fee !== undefined) {
    const n = Number(text.fee)
    if (!Number.isInteger(n) || n <= 0) errors('fee', '每半天报酬应为正整数（元）')
    else { draft.feePerHalfDayYuan = n; kind ??= 'fee_per_half_day' }
  }
  if (kind !== undefined) {
    draft.remunerationKind = kind
    if (kind === 'public_interest' && text.fee === undefined) draft.feePerHalfDayYuan = null
  }
  for (const c of BASIC_CONDITIONS) {
    const by = text[`${c}By`]
    const at = text[`${c}At`]
    if (by === undefined && at === undefined) continue
    if (by === undefined || at === undefined) { errors(by === undefined ? `${c}By` : `${c}At`, '认定人和认定日期须同时填写'); continue }
    const date = parseLooseDate(at)
    if (!date) { errors(`${c}At`, '日期格式应为 YYYY-MM-DD，且须是真实存在的日期'); continue }
    draft.conditions[c] = { attestedBy: by, attestedAt: date }
  }
  if (text.employer !== undefined) {
    const key = lookups.orgKeyOf(text.employer)
    const ids = lookups.orgKeys.get(key)
    if (!ids || ids.size === 0) { pendingEmployerKey = key; draft.employerOrganisationId = -1 } else if (ids.size > 1) errors('employer', `单位名称“${text.employer}”对应多个单位，请填写单位全称`)
    else draft.employerOrganisationId = [...ids][0]!
  }
  return { draft, region, pendingEmployerKey, employerName: text.employer ?? null, appointment: appointmentCells(text, errors), training: trainingCells(text, errors, lookups.ctx.today) }
}

/** The row's appointment columns, or null when all are empty; date and body go together. */
function appointmentCells (text: Partial<Record<ColumnKey, string>>, errors: (key: ColumnKey, message: string) => void): AppointmentCells | null {
  if (text.appointmentDate === undefined && text.appointingBody === undefined && text.appointmentLetterNo === undefined && text.termEnd === undefined) return null
  let ok = true
  if (text.appointmentDate === undefined) { errors('appointmentDate', '填写聘任信息时须填写聘任日期'); ok = false }
  if (text.appointingBody === undefined) { errors('appointingBody', '填写聘任信息时须填写聘任机关'); ok = false }
  const date = text.appointmentDate === undefined ? null : parseLooseDate(text.appointmentDate)
  if (text.appointmentDate !== undefined && !date) { errors('appointmentDate', '日期格式应为 YYYY-MM-DD，且须是真实存在的日期'); ok = false }
  const termEnd = text.termEnd === undefined ? undefined : parseLooseDate(text.termEnd)
  if (termEnd === null) { errors('termEnd', '日期格式应为 YYYY-MM-DD，且须是真实存在的日期'); ok = false }
  if (text.appointingBody !== undefined && text.appointingBody.length > 100) { errors('appointingBody', '聘任机关不能超过 100 个字符'); ok = false }
  if (text.appointmentLetterNo !== undefined && text.appointmentLetterNo.length > 60) { errors('appointmentLetterNo', '聘任文号不能超过 60 个字符'); ok = false }
  if (!ok) return null
  return { appointmentDate: date!, appointingBody: text.appointingBody!, letterNumber: text.appointmentLetterNo ?? null, termEnd: termEnd ?? undefined }
}

/** The row's training columns, or null when all are empty; course, date and hours go together. */
function trainingCells (text: Partial<Record<ColumnKey, string>>, errors: (key: ColumnKey, message: string) => void, today: string): TrainingCells | null {
  if (text.trainingCourse === undefined && text.trainingDate === undefined && text.trainingHours === undefined) return null
  let ok = true
  for (const [key, name] of [['trainingCourse', '培训课程'], ['trainingDate', '培训日期'], ['trainingHours', '培训学时']] as const) {
    if (text[key] === undefined) { errors(key, `登记培训时须填写${name}（培训课程、培训日期、培训学时须同时填写）`); ok = false }
  }
  const date = text.trainingDate === undefined ? null : parseLooseDate(text.trainingDate)
  if (text.trainingDate !== undefined) {
    if (!date) { errors('trainingDate', '日期格式应为 YYYY-MM-DD，且须是真实存在的日期'); ok = false } else if (date > today) { errors('trainingDate', '培训日期不能晚于今天'); ok = false }
  }
  const hours = text.trainingHours === undefined ? NaN : Number(text.trainingHours)
  if (text.trainingHours !== undefined && !(hours > 0 && hours <= 1000)) { errors('trainingHours', '培训学时应为大于 0、不超过 1000 的数字'); ok = false }
  if (text.trainingCourse !== undefined && text.trainingCourse.length > 100) { errors('trainingCourse', '培训课程不能超过 100 个字符'); ok = false }
  if (!ok) return null
  return { course: text.trainingCourse!, trainedOn: date!, hours }
}

/** Whether the member already holds exactly this appointment (so an exported file re-imported changes nothing). */
export function sameAppointment (m: { appointmentDate: string | null, appointingBody: string | null, appointmentLetterNo: string | null, termEnd: string | null }, a: AppointmentCells, defaultYears: number) {
  return m.appointmentDate === a.appointmentDate && m.appointingBody === a.appointingBody.trim() && (m.appointmentLetterNo ?? null) === a.letterNumber &&
    m.termEnd === (a.termEnd ?? defaultTermEnd(a.appointmentDate, defaultYears))
}

/** What reading rows needs from the database, indexed once per import: regions, organisation name keys, vocabulary labels. */
export function importLookups ({ ctx, regions: all, organisationKeys }: {
  ctx: ValidationContext, regions: readonly Region[], organisationKeys: readonly { id: number, key: string }[]
}): Lookups {
  const vocabularyByLabel: Lookups['vocabularyByLabel'] = { profession: new Map(), specialty: new Map() }
  for (const kind of ['profession', 'specialty'] as const) {
    for (const term of ctx.vocabulary[kind].values()) vocabularyByLabel[kind].set(term.label.normalize('NFKC'), term.code)
  }
  const orgKeys = new Map<string, Set<number>>()
  for (const { id, key } of organisationKeys) orgKeys.set(key, (orgKeys.get(key) ?? new Set()).add(id))
  const regions = indexRegions(all)
  const regionMemo = new Map<string, ReturnType<typeof resolveRegion>>()
  const orgKeyMemo = new Map<string, string>()
  const lookups: Lookups = {
    vocabularyByLabel,
    ctx,
    regions,
    orgKeys,
    region: (text) => {
      let r = regionMemo.get(text)
      if (!r) { r = resolveRegion(text, lookups); regionMemo.set(text, r) }
      return r
    },
    orgKeyOf: (name) => {
      let key = orgKeyMemo.get(name)
      if (key === undefined) { key = organisationNameKey(name); orgKeyMemo.set(name, key) }
      return key
    }
  }
  return lookups
}
