/** The member spreadsheet's columns and sheets, shared by reading uploads (pool.spreadsheet.read.ts) and writing the template and exports (pool.spreadsheet.write.ts), both through exceljs. */
import type ExcelJS from 'exceljs'

// Members exceljs has at run time that its typings do not declare: the streamed worksheet's tab name, and a
// worksheet's range validations (the drop-down lists of the template).
declare module 'exceljs' {
  interface Worksheet {
    dataValidations: { add: (range: string, validation: DataValidation) => void }
  }
  namespace stream {
    namespace xlsx {
      interface WorksheetReader {
        readonly name?: string
      }
    }
  }
}

/** exceljs costs almost half a second to import; it is loaded when a spreadsheet is first read or written. */
let excel: typeof ExcelJS | undefined
export async function loadExcel () {
  excel ??= (await import('exceljs')).default
  return excel
}
import { BASIC_CONDITIONS, type BasicCondition } from '../../../db/schema/enums.js'

export type ConditionColumn = `${BasicCondition}By` | `${BasicCondition}At`
export type ColumnKey =
  | 'name' | 'gender' | 'birthDate' | 'idNumber' | 'mobile' | 'email' | 'employer' | 'title' | 'seniorTitle' | 'homeRegion'
  | 'roles' | 'sourceCategory' | 'professions' | 'specialties' | 'consentCrossRegion' | 'remunerationKind' | 'fee'
  | ConditionColumn | AppointmentColumn | TrainingColumn | 'note'
/** An imported member can be appointed (聘任) and have a training recorded in the same row. */
export type AppointmentColumn = 'appointmentDate' | 'appointingBody' | 'appointmentLetterNo' | 'termEnd'
export type TrainingColumn = 'trainingCourse' | 'trainingDate' | 'trainingHours'

export type ColumnSpec = { key: ColumnKey, header: string, required?: boolean, synonyms?: string[], width: number, hint: string }

const CONDITION_HEADERS: Record<BasicCondition, string> = {
  political: '政治条件',
  legal_knowledge: '法律政策条件',
  integrity: '公道正派条件',
  local_standing: '群众威望条件'
}

/** The columns of the template, the import and the export, in order. Required headers carry a * in the template. */
export const COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', required: true, width: 10, hint: '必填' },
  { key: 'gender', header: '性别', width: 6, hint: '男/女；不填则按身份证号' },
  { key: 'birthDate', header: '出生日期', synonyms: ['出生年月日'], width: 12, hint: 'YYYY-MM-DD；不填则按身份证号' },
  { key: 'idNumber', header: '身份证号', required: true, synonyms: ['身份证号码', '公民身份号码', '身份证'], width: 21, hint: '必填，18位；请把本列设为文本格式。已登记的身份证号按更新处理' },
  { key: 'mobile', header: '手机号', required: true, synonyms: ['手机号码', '手机', '联系电话'], width: 14, hint: '必填，11位手机号' },
  { key: 'email', header: '电子邮箱', synonyms: ['邮箱', '电子邮件'], width: 20, hint: '' },
  { key: 'employer', header: '工作单位', synonyms: ['单位', '工作单位名称'], width: 24, hint: '单位全称、简称或曾用名；库中没有的单位将新建' },
  { key: 'title', header: '职务职称', synonyms: ['职务/职称', '职务', '职称'], width: 14, hint: '' },
  { key: 'seniorTitle', header: '高级职称', synonyms: ['是否高级职称'], width: 9, hint: '是/否（影响报酬上限）' },
  { key: 'homeRegion', header: '常住区划', required: true, synonyms: ['所属区划', '区划', '所在村（社区）', '常住地'], width: 30, hint: '必填：区划代码、完整路径（如 滨海市/东城区/渤海街道/渤海社区）或唯一的区划名称' },
  { key: 'roles', header: '可担任角色', required: true, synonyms: ['角色', '担任角色'], width: 18, hint: '必填：听证员、主持人、记录员、第三方参与人员，多项用顿号分隔' },
  { key: 'sourceCategory', header: '人员来源', required: true, synonyms: ['来源', '来源类别'], width: 22, hint: '必填：见“填写说明”' },
  { key: 'professions', header: '职业', synonyms: ['职业类别'], width: 16, hint: '见“填写说明”，多项用顿号分隔' },
  { key: 'specialties', header: '专业特长', synonyms: ['特长', '专业领域'], width: 22, hint: '见“填写说明”，多项用顿号分隔' },
  { key: 'consentCrossRegion', header: '同意跨区域服务', synonyms: ['跨区域服务', '是否同意跨区域服务'], width: 10, hint: '是/否' },
  { key: 'remunerationKind', header: '报酬方式', width: 12, hint: '公益服务/按半天计酬' },
  { key: 'fee', header: '每半天报酬（元）', synonyms: ['每半天报酬', '报酬金额', '报酬标准'], width: 10, hint: '按半天计酬时填写整数' },
  ...BASIC_CONDITIONS.flatMap((c): ColumnSpec[] => [
    { key: `${c}By`, header: `${CONDITION_HEADERS[c]}认定人`, width: 12, hint: '认定人与认定日期须同时填写' },
    { key: `${c}At`, header: `${CONDITION_HEADERS[c]}认定日期`, width: 12, hint: 'YYYY-MM-DD' }
  ]),
  { key: 'appointmentDate', header: '聘任日期', width: 12, hint: 'YYYY-MM-DD，不晚于今天；填写则导入时即聘任（四项基本条件须已认定），须同时填写聘任机关；与库中聘任相同的不重复办理' },
  { key: 'appointingBody', header: '聘任机关', synonyms: ['聘任单位'], width: 16, hint: '与聘任日期同时填写' },
  { key: 'appointmentLetterNo', header: '聘任文号', synonyms: ['聘书编号', '聘任文件文号'], width: 16, hint: '' },
  { key: 'termEnd', header: '任期届满日期', synonyms: ['任期截止日期', '聘期届满日期'], width: 12, hint: 'YYYY-MM-DD；不填则按默认任期计算' },
  { key: 'trainingCourse', header: '培训课程', width: 18, hint: '填写则登记一条培训记录：培训课程、培训日期、培训学时须同时填写；库中已有同日同课程记录的不重复登记' },
  { key: 'trainingDate', header: '培训日期', width: 12, hint: 'YYYY-MM-DD，不晚于今天' },
  { key: 'trainingHours', header: '培训学时', synonyms: ['学时'], width: 8, hint: '大于 0 的数字，不超过 1000' },
  { key: 'note', header: '备注', width: 20, hint: '' }
]

/** Columns the export adds; the import accepts and ignores them, so an exported file can be edited and re-imported. */
export const EXPORT_ONLY_HEADERS = ['系统编号', '状态', '受训主持人'] as const

export const TEMPLATE_SHEET = '听证员名单'
export const GUIDE_SHEET = '填写说明'
export const MAX_IMPORT_ROWS = 20_000

export type Cell = string | number | boolean | Date | { formula: string } | { error: string } | null
export type ParsedRow = { rowNumber: number, cells: Partial<Record<ColumnKey, Cell>> }
export type ParsedSheet = { format: 'xlsx' | 'csv', encoding: string | null, rows: ParsedRow[] }

export function normaliseHeader (raw: string) {
  return raw.normalize('NFKC').replace(/\s+/gu, '').replace(/[*＊]/g, '').replace(/\(必填\)$/, '')
}
