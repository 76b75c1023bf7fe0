import type {
  BasicCondition, Gender, MemberRole, MemberStatus, RemovalGround, RemunerationKind, SourceCategory, UnavailabilityKind
} from '../../../db/schema/index.js'
import { addCalendarDays, shanghaiDateOf, shanghaiStartOfDay } from '../../common/dates.js'

export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' }

export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  officer: '听证员',
  host: '主持人',
  recorder: '记录员',
  third_party: '第三方参与人员'
}

/** The six sources of third parties the customer's document names (S0). */
export const SOURCE_CATEGORY_LABELS: Record<SourceCategory, string> = {
  deputy: '党代表、人大代表、政协委员',
  retired_cadre: '机关企事业单位退休干部',
  village_head: '村（社区）干部',
  notable: '当地德高望重的社会人士',
  familiar_with_matter: '熟悉相关事件情况的人员',
  professional: '律师、心理咨询师等专业人士'
}

/** Short forms accepted in imports besides the full label and the code. */
export const SOURCE_CATEGORY_SYNONYMS: Record<SourceCategory, string[]> = {
  deputy: ['党代表', '人大代表', '政协委员', '两代表一委员', '代表委员'],
  retired_cadre: ['退休干部', '离退休干部'],
  village_head: ['村干部', '社区干部', '村（社区）负责人', '村社区干部'],
  notable: ['社会贤达', '乡贤', '德高望重人士'],
  familiar_with_matter: ['熟悉情况人员', '知情人员'],
  professional: ['专业人士', '律师', '心理咨询师']
}

/** The four basic conditions the customer's document names (S0). */
export const BASIC_CONDITION_LABELS: Record<BasicCondition, string> = {
  political: '拥护党的领导，政治立场坚定',
  legal_knowledge: '熟悉相关法律法规和政策',
  integrity: '公道正派，热心公益事业',
  local_standing: '熟悉社情民意，具有一定群众威望'
}

export const REMUNERATION_KIND_LABELS: Record<RemunerationKind, string> = {
  public_interest: '公益服务（不取酬）',
  fee_per_half_day: '按半天计酬'
}

export const REMOVAL_GROUND_LABELS: Record<RemovalGround, string> = {
  criminal_penalty: '受过刑事处罚',
  dismissed_from_public_office: '被开除公职',
  licence_revoked: '被吊销律师、公证员等执业证书',
  judgment_defaulter: '被列为失信被执行人',
  falsification: '弄虚作假',
  voluntary_withdrawal: '本人申请退出',
  other: '其他'
}

/** Grounds that bar a removed member from coming back (procuratorate pool guideline, S-A4). */
export const BARRING_GROUNDS: readonly RemovalGround[] = [
  'criminal_penalty', 'dismissed_from_public_office', 'licence_revoked', 'judgment_defaulter', 'falsification'
]

export const UNAVAILABILITY_KIND_LABELS: Record<UnavailabilityKind, string> = {
  leave: '请假',
  travel: '出差',
  illness: '生病',
  other: '其他'
}

export const EFFECTIVE_STATUSES = ['candidate', 'active', 'suspended', 'removed', 'expired'] as const
export type EffectiveStatus = typeof EFFECTIVE_STATUSES[number]

export const STATUS_LABELS: Record<EffectiveStatus, string> = {
  candidate: '候选',
  active: '在聘',
  suspended: '暂停',
  removed: '已除名',
  expired: '任期届满'
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function utcDate (date: string) {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate (value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && year >= 1000
}

/** Today's date in China (YYYY-MM-DD). */
export function chinaToday (now: Date): string {
  return shanghaiDateOf(now)
}

export function addDays (date: string, days: number): string {
  return addCalendarDays(date, days)
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears (date: string, years: number): string {
  const { year, month, day } = utcDate(date)
  const lastDay = new Date(Date.UTC(year + years, month, 0)).getUTCDate()
  return iso(Date.UTC(year + years, month - 1, Math.min(day, lastDay)))
}

/** Last day of a term of `years` starting on `start`: 2026-03-01 + 2 years ends on 2028-02-29. */
export function defaultTermEnd (start: string, years: number): string {
  return addDays(addYears(start, years), -1)
}

/** Start of a calendar day in China, as an instant. */
export function chinaDayStart (date: string): Date {
  return new Date(shanghaiStartOfDay(date))
}

// ---------------------------------------------------------------------------------------------------------------
// Resident ID numbers (GB 11643-1999) and mobile numbers

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
/** First two digits of the address code: provinces, autonomous regions and municipalities (GB/T 2260), 71/81/82 for TW/HK/MO, 83 for HK/MO/TW residence permits. */
const PROVINCE_CODES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'])

/** The GB 11643 check character for the first 17 digits. */
export function idCheckCharacter (first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11]!
}

export type IdNumberResult =
  | { ok: true, idNumber: string, birthDate: string, gender: Gender }
  | { ok: false, reason: string }

/** Validates an 18-character resident ID number; on success returns it upper-cased with the birth date and sex it encodes. */
export function parseIdNumber (raw: string, today?: string): IdNumberResult {
  const value = raw.trim().toUpperCase()
  if (/^\d{15}$/.test(value)) return { ok: false, reason: '不支持15位旧身份证号，请填写18位身份证号' }
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: '身份证号应为18位，前17位为数字，末位为数字或X' }
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return { ok: false, reason: '身份证号的地址码无效' }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01' || (today !== undefined && birthDate > today)) {
    return { ok: false, reason: '身份证号中的出生日期无效' }
  }
  if (idCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, reason: '身份证号校验位不正确' }
  return { ok: true, idNumber: value, birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' }
}

/** Normalises a mainland mobile number (spaces, dashes and a +86/0086 prefix allowed); null when it is not one. */
export function normaliseMobile (raw: string): string | null {
  const digits = raw.trim().replace(/[\s-]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export function isEmail (value: string) {
  return value.length <= 120 && EMAIL_RE.test(value)
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

export type LifecycleFields = {
  status: MemberStatus
  termEnd: string | null
  suspendedUntil: string | null
}

/**
 * The status a member has today. `expired` is derived: an active or suspended member whose term ended before today.
 * A suspension with an end date is over the day after it. Keep in step with `effectiveStatusCondition` in
 * pool.repository.ts (the test "effective status in SQL agrees with the pure rule" checks both).
 */
export function effectiveStatus (m: LifecycleFields, today: string): EffectiveStatus {
  if (m.status === 'candidate' || m.status === 'removed') return m.status
  if (m.termEnd === null || m.termEnd < today) return 'expired'
  if (m.status === 'suspended' && m.suspendedUntil !== null && m.suspendedUntil < today) return 'active'
  return m.status
}

export const MEMBER_ACTIONS = ['appoint', 'suspend', 'reinstate', 'renew', 'remove', 'readmit'] as const
export type MemberAction = typeof MEMBER_ACTIONS[number]

export const MEMBER_ACTION_LABELS: Record<MemberAction | 'create', string> = {
  create: '登记入库',
  appoint: '聘任',
  suspend: '暂停',
  reinstate: '恢复',
  renew: '续聘',
  remove: '除名',
  readmit: '重新登记为候选'
}

/** Allowed lifecycle changes: from which (effective) statuses each action may be taken, and the stored result. */
export const TRANSITIONS: Record<MemberAction, { from: readonly EffectiveStatus[], to: MemberStatus }> = {
  appoint: { from: ['candidate'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active' },
  renew: { from: ['active', 'expired'], to: 'active' },
  remove: { from: ['candidate', 'active', 'suspended', 'expired'], to: 'removed' },
  readmit: { from: ['removed'], to: 'candidate' }
}

/** The stored status after `action`, or null when the action is not allowed from `from`. */
export function nextStatus (from: EffectiveStatus, action: MemberAction): MemberStatus | null {
  const t = TRANSITIONS[action]
  return t.from.includes(from) ? t.to : null
}

/** Actions allowed from a status, for the UI and for error messages. */
export function allowedActions (from: EffectiveStatus): MemberAction[] {
  return MEMBER_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(from))
}

/** A trained host: can host, and has a training on or after `today - years`. */
export function isTrainedHost (m: { roleHost: boolean, lastTrainingOn: string | null }, today: string, years: number) {
  return m.roleHost && m.lastTrainingOn !== null && m.lastTrainingOn >= trainingCutoff(today, years)
}

export function trainingCutoff (today: string, years: number) {
  return addYears(today, -years)
}

export function feeCap (settings: { feeCapYuan: number, seniorFeeCapYuan: number }, seniorTitle: boolean) {
  return seniorTitle ? settings.seniorFeeCapYuan : settings.feeCapYuan
}

export function rolesOf (m: { roleOfficer: boolean, roleHost: boolean, roleRecorder: boolean, roleThirdParty: boolean }): MemberRole[] {
  const roles: MemberRole[] = []
  if (m.roleOfficer) roles.push('officer')
  if (m.roleHost) roles.push('host')
  if (m.roleRecorder) roles.push('recorder')
  if (m.roleThirdParty) roles.push('third_party')
  return roles
}

export function roleColumns (roles: readonly MemberRole[]) {
  return {
    roleOfficer: roles.includes('officer'),
    roleHost: roles.includes('host'),
    roleRecorder: roles.includes('recorder'),
    roleThirdParty: roles.includes('third_party')
  }
}

/** Values a spreadsheet would run as a formula (CSV/formula injection): they start with = + - @ or a control character. */
export function looksLikeFormula (value: string) {
  return /^[=+\-@\t\r]/.test(value)
}
