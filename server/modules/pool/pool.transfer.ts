import type { Db } from '../../../db/client.js'
import { BASIC_CONDITIONS } from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Actor } from '../../shared/actor.js'
import { maskIdNumber, maskPhone } from '../../shared/personal-data.js'
import * as repo from './pool.repository.js'
import {
  GENDER_LABELS, MEMBER_ROLE_LABELS, REMUNERATION_KIND_LABELS, SOURCE_CATEGORY_LABELS, STATUS_LABELS, chinaToday, rolesOf
} from './pool.rules.js'
import { indexVocabulary } from './pool.validation.js'
import { runImport, type ImportReport } from './pool.import.js'
import { memberWriter } from './pool.writer.js'
import { buildExport, buildTemplate, readUpload, type ExportRow } from './pool.spreadsheet.js'
import type { PoolService, MemberQuery } from './pool.service.js'

export type PoolTransferService = ReturnType<typeof createPoolTransferService>

/** Largest list the export writes in one file. */
export const MAX_EXPORT_ROWS = 100_000

export function createPoolTransferService ({ db, clock, pool }: { db: Db, clock: Clock, pool: Pick<PoolService, 'exportRows'> }) {
  return {
    async template () {
      const vocabulary = repo.listVocabulary(db).filter((t) => t.active)
      const settings = repo.getSettings(db)
      return buildTemplate({
        sourceLabels: Object.values(SOURCE_CATEGORY_LABELS),
        roleLabels: Object.values(MEMBER_ROLE_LABELS),
        professionLabels: vocabulary.filter((t) => t.kind === 'profession').map((t) => t.label),
        specialtyLabels: vocabulary.filter((t) => t.kind === 'specialty').map((t) => t.label),
        remunerationLabels: ['公益服务', '按半天计酬'],
        feeCapYuan: settings.feeCapYuan,
        seniorFeeCapYuan: settings.seniorFeeCapYuan
      })
    },

    /** Dry run (default) reports every bad row and writes nothing; commit applies all rows in one transaction or none. */
    async importMembers (actor: Actor, { buffer, fileName, mimetype, mode }: { buffer: Buffer, fileName: string, mimetype: string, mode: 'dry-run' | 'commit' }): Promise<ImportReport> {
      const sheet = await readUpload({ buffer, fileName, mimetype })
      return db.transaction((tx) => {
        const now = clock.now()
        const ctx = { today: chinaToday(now), settings: repo.getSettings(tx), vocabulary: indexVocabulary(repo.listVocabulary(tx)) }
        return runImport(tx, { writer: memberWriter(db.$client), actor, now, sheet, fileName, fileBytes: buffer, mode, ctx })
      })
    },

    /** The filtered list as .xlsx; ID number and phone masked unless the caller may see them in full. */
    async exportMembers (actor: Actor, query: MemberQuery) {
      const rows = pool.exportRows(actor, query, MAX_EXPORT_ROWS)
      const regionNames = new Map(repo.allRegions(db).map((r) => [r.id, r.name]))
      const regionPathNames = (path: string) => path.split('/').filter(Boolean).map((id) => regionNames.get(Number(id)) ?? '').join('/')
      const out: ExportRow[] = rows.map(({ row, aggregate, status, trainedHost, fullAccess }) => {
        const m = row.member
        const conditionCells: Record<string, string | null> = {}
        for (const c of BASIC_CONDITIONS) {
          conditionCells[`${c}By`] = aggregate.conditions[c]?.attestedBy ?? null
          conditionCells[`${c}At`] = aggregate.conditions[c]?.attestedAt ?? null
        }
        return {
          id: m.id,
          name: m.name,
          gender: GENDER_LABELS[m.gender],
          birthDate: fullAccess ? m.birthDate : `${m.birthDate.slice(0, 4)}-**-**`,
          idNumber: fullAccess ? m.idNumber : maskIdNumber(m.idNumber),
          mobile: fullAccess ? m.mobile : maskPhone(m.mobile),
          email: fullAccess ? m.email : null,
          employer: row.employerName,
          title: m.title,
          seniorTitle: m.seniorTitle ? '是' : '否',
          homeRegion: regionPathNames(row.regionPath),
          roles: rolesOf(m).map((r) => MEMBER_ROLE_LABELS[r]).join('、'),
          sourceCategory: SOURCE_CATEGORY_LABELS[m.sourceCategory],
          professions: aggregate.terms.filter((t) => t.kind === 'profession').map((t) => t.label).join('、'),
          specialties: aggregate.terms.filter((t) => t.kind === 'specialty').map((t) => t.label).join('、'),
          consentCrossRegion: m.consentCrossRegion ? '是' : '否',
          remunerationKind: m.remunerationKind === 'public_interest' ? '公益服务' : REMUNERATION_KIND_LABELS[m.remunerationKind],
          fee: m.feePerHalfDayYuan,
          ...conditionCells,
          note: m.note,
          status: STATUS_LABELS[status],
          appointmentDate: m.appointmentDate,
          termEnd: m.termEnd,
          trainedHost: trainedHost ? '是' : '否'
        } as ExportRow
      })
      return { buffer: await buildExport(out), count: out.length }
    }
  }
}
