import type { Db } from '../../../db/client.js'
import { BASIC_CONDITIONS } from '../../../db/schema/enums.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { maskIdNumber, maskPhone } from '../../common/personal-data.js'
import * as repo from './pool.repository.js'
import { recordAudit } from '../audit/audit.recorder.js'
import {
  GENDER_LABELS, MEMBER_ROLE_LABELS, REMUNERATION_KIND_LABELS, SOURCE_CATEGORY_LABELS, STATUS_LABELS, rolesOf
} from './pool.rules.js'
import { buildExport, buildTemplate, type ExportRow } from './pool.spreadsheet.write.js'
import type { PoolService } from './pool.service.js'
import type { PoolImportService } from './pool.import.service.js'
import type { MemberQuery } from './pool.types.js'

/** Largest list the export writes in one file. */
export const MAX_EXPORT_ROWS = 100_000

export function createPoolTransferService ({ db, clock, pool, imports }: {
  db: Db, clock: Clock, pool: Pick<PoolService, 'exportRows'>, imports: Pick<PoolImportService, 'importMembers'>
}) {
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

    /** Dry run (default) reports every bad row and writes nothing; commit checks every row, then applies them as an import job (pool.import.service.ts). */
    importMembers: imports.importMembers,

    /** The filtered list as .xlsx; ID number and phone masked unless the caller may see them in full. Audited (who exported what). */
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
          appointingBody: m.appointingBody,
          appointmentLetterNo: m.appointmentLetterNo,
          termEnd: m.termEnd,
          trainedHost: trainedHost ? '是' : '否'
        } as ExportRow
      })
      const buffer = await buildExport(out)
      const now = clock.now()
      recordAudit(db, {
        actor,
        at: now,
        action: 'pool.export',
        entityType: 'pool_export',
        entityId: `${actor.userId ?? 'system'}-${now.getTime()}`,
        regionPath: actor.scopePath,
        after: { filter: { ...query }, rows: out.length, rowsWithFullPersonalData: rows.filter((r) => r.fullAccess).length }
      })
      return { buffer, count: out.length }
    }
  }
}
