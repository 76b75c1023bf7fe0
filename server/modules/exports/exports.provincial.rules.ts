/**
 * The provincial export (听证基本要件): hearings held in a period, one row each, in the column order the province's
 * 信访 information system is fed with. The list is documented column by column in docs/provincial-export.md and a
 * test keeps the two equal: columns are only ever added at the end, never renamed or reordered.
 *
 * Personal ID numbers and phone numbers are not part of any column: people are named, as in the documents.
 */

/** One hearing as the repository reads it, before it is written as text. */
export type ProvincialHearing = {
  hearingId: number
  matterNumber: string
  matterTitle: string
  county: string | null
  township: string | null
  stage: string | null
  procedure: 'simple' | 'general'
  date: string
  startTime: string
  endTime: string
  venue: string
  host: string
  officers: string[]
  recorder: string
  isPublic: boolean
  deliberationResult: 'adopted' | 'rejected' | 'no_majority' | null
  deliberationConclusion: string | null
  conclusionType: string | null
  petitionerCeased: boolean | null
  provincialEnteredOn: string | null
  provincialEntryRef: string | null
}

export type ProvincialColumn = { header: string, field: string, format: string, width: number, value: (h: ProvincialHearing) => string }

const yesNo = (v: boolean) => (v ? '是' : '否')
const DELIBERATION_RESULTS = { adopted: '通过', rejected: '未通过', no_majority: '未形成多数意见' } as const

/** The columns in order. `field` and `format` are what docs/provincial-export.md lists. */
export const PROVINCIAL_COLUMNS: readonly ProvincialColumn[] = [
  { header: '事项编号', field: 'matter.number', format: '文本', width: 18, value: (h) => h.matterNumber },
  { header: '事项标题', field: 'matter.title', format: '文本', width: 36, value: (h) => h.matterTitle },
  { header: '所属区县', field: 'county', format: '文本', width: 12, value: (h) => h.county ?? '' },
  { header: '乡镇街道', field: 'township', format: '文本，县级事项为空', width: 12, value: (h) => h.township ?? '' },
  { header: '办理阶段', field: 'stage', format: '办理 / 复查 / 复核', width: 8, value: (h) => h.stage ?? '' },
  { header: '听证程序', field: 'hearing.procedure', format: '简易 / 一般', width: 8, value: (h) => (h.procedure === 'simple' ? '简易' : '一般') },
  { header: '听证日期', field: 'hearing.startsAt', format: 'YYYY-MM-DD（北京时间）', width: 12, value: (h) => h.date },
  { header: '开始时间', field: 'hearing.startsAt', format: 'HH:mm（北京时间）', width: 8, value: (h) => h.startTime },
  { header: '结束时间', field: 'hearing.endsAt', format: 'HH:mm（北京时间）', width: 8, value: (h) => h.endTime },
  { header: '听证地点', field: 'venue', format: '听证室名称（地址）', width: 30, value: (h) => h.venue },
  { header: '主持人', field: 'host.name', format: '姓名', width: 10, value: (h) => h.host },
  { header: '听证员', field: 'officers[].name', format: '姓名，以“、”分隔，按席位顺序', width: 30, value: (h) => h.officers.join('、') },
  { header: '记录员', field: 'recorder.name', format: '姓名', width: 10, value: (h) => h.recorder },
  { header: '是否公开', field: 'hearing.isPublic', format: '是 / 否', width: 8, value: (h) => yesNo(h.isPublic) },
  { header: '评议结果', field: 'deliberation.outcome.result', format: '通过 / 未通过 / 未形成多数意见，未定稿为空', width: 14, value: (h) => (h.deliberationResult ? DELIBERATION_RESULTS[h.deliberationResult] : '') },
  { header: '听证结论', field: 'deliberation.conclusion', format: '文本（定稿评议记录的评议意见），未定稿为空', width: 40, value: (h) => h.deliberationConclusion ?? '' },
  { header: '结论类型', field: 'stage.conclusionType', format: '维持 / 撤销并责令重作 / 直接变更 / 部分维持 / 不予受理 / 其他，未作出为空', width: 14, value: (h) => h.conclusionType ?? '' },
  { header: '是否息诉罢访', field: 'stage.petitionerCeased', format: '是 / 否，未回访为空', width: 12, value: (h) => (h.petitionerCeased === null ? '' : yesNo(h.petitionerCeased)) },
  { header: '省系统录入日期', field: 'hearing.provincialEnteredOn', format: 'YYYY-MM-DD，未录入为空', width: 14, value: (h) => h.provincialEnteredOn ?? '' },
  { header: '省系统录入编号', field: 'hearing.provincialEntryRef', format: '文本，未录入为空', width: 18, value: (h) => h.provincialEntryRef ?? '' },
  { header: '本系统听证编号', field: 'hearing.id', format: '整数', width: 12, value: (h) => String(h.hearingId) }
]

/**
 * A cell that a spreadsheet would read as a formula (it starts with = + - @, or a tab or carriage return that some
 * programs skip first) gets a leading apostrophe, so that opening the file never runs what someone typed into a
 * matter title (CSV injection).
 */
export function guardFormula (text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** The cells of one hearing, in column order, guarded. */
export function provincialRow (hearing: ProvincialHearing): string[] {
  return PROVINCIAL_COLUMNS.map((c) => guardFormula(c.value(hearing)))
}

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted and its quotes doubled. */
function csvField (text: string) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The whole CSV text: header line, then one line per row, each ended by CRLF (RFC 4180). */
export function provincialCsv (rows: readonly string[][]): string {
  const lines = [PROVINCIAL_COLUMNS.map((c) => c.header), ...rows]
  return lines.map((cells) => cells.map(csvField).join(',') + '\r\n').join('')
}
