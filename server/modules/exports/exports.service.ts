import iconv from 'iconv-lite'
import type { Db } from '../../../db/client.js'
import type { Actor } from '../../common/actor.js'
import type { Clock } from '../../common/clock.js'
import { shanghaiDateOf } from '../../common/dates.js'
import { XLSX_TYPE } from '../../common/download-reply.js'
import { periodInstants, periodProblems, type Period } from '../../common/period.js'
import { CONCLUSION_TYPE_NAMES, STAGE_NAMES } from '../matters/matters.rules.js'
import { invalidExportPeriod, notEncodableInGbk } from './exports.errors.js'
import { provincialCsv, provincialRow, type ProvincialHearing } from './exports.provincial.rules.js'
import * as repo from './exports.repository.js'
import { provincialWorkbook } from './exports.spreadsheet.js'

export const PROVINCIAL_FORMATS = ['xlsx', 'csv-utf8', 'csv-gbk'] as const
export type ProvincialFormat = typeof PROVINCIAL_FORMATS[number]

export type ExportFile = { bytes: Buffer, type: string, name: string, fallback: string, rowCount: number }

/** HH:mm of an instant in Shanghai (UTC+8, no daylight saving). */
const shanghaiTime = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)

/** Characters of `text` that GBK cannot encode, each once, in order. */
function notInGbk (text: string): string[] {
  const seen = new Set<string>()
  for (const ch of text) {
    if (seen.has(ch) || ch.codePointAt(0)! < 0x80) continue
    if (iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') !== ch) seen.add(ch)
  }
  return [...seen]
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

export function createExportsService ({ db, clock }: { db: Db, clock: Clock }) {
  /** The hearings concluded in the period inside the actor's region, as export rows (in start order). */
  function provincialHearings (actor: Actor, period: Period): ProvincialHearing[] {
    const problems = periodProblems(period, 'querystring')
    if (problems.length > 0) throw invalidExportPeriod({ errors: problems }, problems.map((p) => p.message).join('；'))
    const { fromMs, toMs } = periodInstants(period)
    const hearings = repo.concludedHearings(db, { fromMs, toMs, scopePath: actor.scopePath })
    const ids = hearings.map((h) => h.id)
    const regions = repo.regionsOnPaths(db, hearings.map((h) => h.regionPath))
    const recorders = repo.memberNames(db, hearings.map((h) => h.recorderMemberId))
    const officers = repo.officersOf(db, ids)
    const deliberations = repo.finalDeliberations(db, ids)
    const stages = repo.stagesOf(db, [...new Set(hearings.map((h) => h.matterId))])
    return hearings.map((h) => {
      const onPath = h.regionPath.split('/').filter(Boolean).map((id) => regions.get(Number(id)))
      const date = shanghaiDateOf(h.startsAt)
      // the stage the hearing belongs to: the matter's latest stage accepted on or before the hearing day
      const stage = stages.filter((s) => s.matterId === h.matterId && s.acceptedOn <= date).at(-1) ?? null
      const deliberation = deliberations.get(h.id)
      return {
        hearingId: h.id,
        matterNumber: h.matterNumber,
        matterTitle: h.matterTitle,
        county: onPath.find((r) => r?.level === 'county')?.name ?? null,
        township: onPath.find((r) => r?.level === 'township')?.name ?? null,
        stage: stage ? STAGE_NAMES[stage.stage] : null,
        procedure: h.procedure,
        date,
        startTime: shanghaiTime(h.startsAt),
        endTime: shanghaiTime(h.endsAt),
        venue: h.venueAddress ? `${h.venueName}（${h.venueAddress}）` : h.venueName,
        host: h.hostName,
        officers: officers.get(h.id) ?? [],
        recorder: recorders.get(h.recorderMemberId) ?? '',
        isPublic: h.isPublic,
        deliberationResult: deliberation?.result ?? null,
        deliberationConclusion: deliberation?.conclusion ?? null,
        conclusionType: stage?.conclusionType ? CONCLUSION_TYPE_NAMES[stage.conclusionType] : null,
        petitionerCeased: stage?.petitionerCeased ?? null,
        provincialEnteredOn: h.provincialEnteredOn,
        provincialEntryRef: h.provincialEntryRef
      }
    })
  }

  /**
   * The provincial export of a period as a file: .xlsx, CSV in UTF-8 with a byte-order mark (Excel then reads it as
   * UTF-8), or CSV in GBK for systems that expect it. GBK lacks rare characters (CJK Extension B and later, often in
   * names): such a file is refused naming them, rather than written with question marks.
   */
  async function provincial (actor: Actor, { from, to, format }: Period & { format: ProvincialFormat }): Promise<ExportFile> {
    const rows = provincialHearings(actor, { from, to }).map(provincialRow)
    const base = `听证基本要件_${from}_${to}`
    const fallback = `provincial-${from}-${to}`
    if (format === 'xlsx') {
      const bytes = await provincialWorkbook(rows, { now: clock.now(), title: `听证基本要件（${from}至${to}）` })
      return { bytes, type: XLSX_TYPE, name: `${base}.xlsx`, fallback: `${fallback}.xlsx`, rowCount: rows.length }
    }
    const text = provincialCsv(rows)
    if (format === 'csv-utf8') {
      return { bytes: Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]), type: 'text/csv; charset=utf-8', name: `${base}.csv`, fallback: `${fallback}.csv`, rowCount: rows.length }
    }
    const missing = notInGbk(text)
    if (missing.length > 0) {
      const characters = missing.map((ch) => ({ character: ch, codePoint: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` }))
      throw notEncodableInGbk({ characters }, `以下字符无法以 GBK 编码：${characters.map((c) => `“${c.character}”（${c.codePoint}）`).join('、')}`)
    }
    return { bytes: iconv.encode(text, 'gbk'), type: 'text/csv; charset=gbk', name: `${base}_GBK.csv`, fallback: `${fallback}-gbk.csv`, rowCount: rows.length }
  }

  return { provincialHearings, provincial }
}
