/** Validating parsed spreadsheet rows against the database and applying them in one transaction. */
import { sha256Hex } from '../../common/hash.js'
import type { DbOrTx } from '../../../db/client.js'
import type { BasicCondition } from '../../../db/schema/enums.js'
import type { Actor } from '../../common/actor.js'
import { pathInScope } from '../../common/actor.js'
import { DomainError } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { insertOrganisation } from '../organisations/organisations.service.js'
import { organisationNameKeys } from '../organisations/organisations.lookup.service.js'
import { unprintableCharacters } from '../documents/documents.fonts.js'
import * as repo from './pool.repository.js'
import { mayChangeMember } from './pool.access.rules.js'
import { effectiveStatus } from './pool.rules.js'
import { validateMemberDraft, type ValidMember, type ValidationContext } from './pool.validation.js'
import { draftOf, insertMemberAggregate, loadAggregates, sameAsStored, updateMemberAggregate, type MemberAggregate } from './pool.aggregate.js'
import { planTransition, problemText, type PlannedTransition } from './pool.lifecycle.rules.js'
import { applyTransition } from './pool.lifecycle.service.js'
import { cellText, columnOfField, header, importLookups, rowDraft, sameAppointment, type TrainingCells } from './pool.import.rows.js'
import type { Cell, ColumnKey, ParsedSheet } from './pool.spreadsheet.js'
import { importHasErrors } from './pool.errors.js'
import type { MemberWriter } from './pool.writer.js'

export type RowError = { row: number, column: string, message: string }

type PlannedRow = {
  rowNumber: number
  action: 'create' | 'update' | 'unchanged'
  value: ValidMember
  before?: MemberAggregate
  regionPath: string
  /** employer to be created on commit (normalised key) */
  pendingEmployerKey: string | null
  /** The appointment the row asks for, planned against the member as it will be after the row's own changes. */
  appointment: PlannedTransition | null
  /** A training record to add (none when the member already has the same course on the same day). */
  training: TrainingCells | null
}

/** A row the commit applied, with the member it created, updated or left unchanged. */
export type ImportedMember = { id: number, row: number, name: string, action: 'create' | 'update' | 'unchanged' }

export type ImportReport = {
  mode: 'dry-run' | 'commit'
  committed: boolean
  fileName: string
  format: 'xlsx' | 'csv'
  encoding: string | null
  rows: number
  validRows: number
  errorRows: number
  created: number
  updated: number
  unchanged: number
  /** Rows that appoint (or renew) their member, and rows that add a training record. */
  appointed: number
  trained: number
  organisationsCreated: string[]
  errors: RowError[]
}

/**
 * Validates every row of a parsed sheet against the database (inside the caller's transaction) and, in commit mode
 * with no bad row, applies all of them. Audit: one row per updated member (before/after), one summary row
 * ('pool.import': file name, SHA-256, counts, ids of the members created), and each created member's history row
 * names the file and row it came from.
 */
export function runImport (tx: DbOrTx, { writer, actor, now, sheet, fileName, fileBytes, mode, ctx, jobId }: {
  writer: MemberWriter,
  actor: Actor,
  now: Date,
  sheet: ParsedSheet,
  fileName: string,
  fileBytes: Buffer,
  mode: 'dry-run' | 'commit',
  ctx: ValidationContext,
  /** The import job this chunk of rows belongs to (named in the audit row). */
  jobId?: number
}): ImportReport & { members: ImportedMember[] } {
  const lookups = importLookups({ ctx, regions: repo.allRegions(tx), organisationKeys: organisationNameKeys(tx) })

  const idOf = (cell: Cell | undefined) => {
    const r = cellText(cell, 'idNumber')
    return 'text' in r && r.text !== null ? r.text.toUpperCase() : null
  }
  const settings = repo.getSettings(tx)
  const existingRows = repo.findByIdNumbers(tx, [...new Set(sheet.rows.map((r) => idOf(r.cells.idNumber)).filter((v): v is string => v !== null))])
  const existing = new Map(loadAggregates(tx, existingRows).map((a) => [a.row.member.idNumber, a]))

  const errors: RowError[] = []
  const planned: PlannedRow[] = []
  const firstRowOfId = new Map<string, number>()
  const newOrgNames = new Map<string, string>()
  const badRows = new Set<number>()

  for (const row of sheet.rows) {
    const rowErrors: RowError[] = []
    const err = (key: ColumnKey, message: string) => rowErrors.push({ row: row.rowNumber, column: header(key), message })
    // names, units and the rest end up in notices and records: text no document font can draw is refused here too
    for (const [key, cell] of Object.entries(row.cells) as [ColumnKey, Cell][]) {
      const missing = typeof cell === 'string' ? unprintableCharacters(cell) : []
      if (missing.length > 0) err(key, `含有文书字体无法显示的字符${missing.map((m) => `“${m.character}”（${m.codePoint}）`).join('、')}，文书将无法打印；请改用通用规范汉字`)
    }
    const idNumber = idOf(row.cells.idNumber)
    const before = idNumber !== null ? existing.get(idNumber) : undefined
    if (idNumber !== null) {
      const first = firstRowOfId.get(idNumber)
      if (first !== undefined) err('idNumber', `与第 ${first} 行的身份证号重复`)
      else firstRowOfId.set(idNumber, row.rowNumber)
    }
    if (before && !mayChangeMember(actor, before.row.regionPath)) {
      err('idNumber', '该身份证号已在其他辖区的听证员库中登记，请联系该辖区或市局管理员')
    }
    const { draft, region, pendingEmployerKey, employerName, appointment, training } = rowDraft(row.cells, before ? draftOf(before) : null, lookups, err)
    const regionPath = region?.path ?? before?.row.regionPath ?? null
    if (region && !pathInScope(actor, region.path)) err('homeRegion', `区划“${region.name}”不在您的管辖范围内`)

    const rowCtx: ValidationContext = before ? { ...ctx, currentTermIds: new Set(before.terms.map((t) => t.id)) } : ctx
    const { value, problems } = validateMemberDraft(draft, rowCtx)
    const flagged = new Set(rowErrors.map((e) => e.column))
    for (const p of problems) {
      const column = columnOfField(p.field)
      if (!flagged.has(column)) rowErrors.push({ row: row.rowNumber, column, message: p.message })
    }

    let planned_: PlannedTransition | null = null
    if (appointment && value && !(before && sameAppointment(before.row.member, appointment, settings.defaultTermYears))) {
      // planned against the member as stored (a new one is a candidate), with the conditions the row leaves it
      const member = before?.row.member ?? { status: 'candidate' as const, termEnd: null, suspendedUntil: null, removalGround: null }
      const from = before ? effectiveStatus(before.row.member, ctx.today) : 'candidate'
      const action = from === 'candidate' ? 'appoint' : 'renew'
      try {
        planned_ = planTransition({
          input: { action, ...appointment, version: 0 },
          member,
          today: ctx.today,
          settings,
          attested: new Set(Object.keys(value.conditions) as BasicCondition[])
        })
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        rowErrors.push({ row: row.rowNumber, column: header('appointmentDate'), message: problemText(error) })
      }
    }
    const trainingToAdd = training && before && repo.trainingsOf(tx, before.row.member.id).some((t) => t.course === training.course.trim() && t.trainedOn === training.trainedOn) ? null : training

    if (rowErrors.length > 0 || !value || regionPath === null) {
      errors.push(...rowErrors)
      badRows.add(row.rowNumber)
      continue
    }
    if (pendingEmployerKey !== null && employerName !== null && !newOrgNames.has(pendingEmployerKey)) newOrgNames.set(pendingEmployerKey, employerName)
    const action = !before ? 'create' : pendingEmployerKey === null && sameAsStored(before, value) ? 'unchanged' : 'update'
    planned.push({ rowNumber: row.rowNumber, action, value, regionPath, pendingEmployerKey, appointment: planned_, training: trainingToAdd, ...(before ? { before } : {}) })
  }

  const report: ImportReport = {
    mode,
    committed: false,
    fileName,
    format: sheet.format,
    encoding: sheet.encoding,
    rows: sheet.rows.length,
    validRows: planned.length,
    errorRows: badRows.size,
    created: planned.filter((p) => p.action === 'create').length,
    updated: planned.filter((p) => p.action === 'update').length,
    unchanged: planned.filter((p) => p.action === 'unchanged').length,
    appointed: planned.filter((p) => p.appointment !== null).length,
    trained: planned.filter((p) => p.training !== null).length,
    organisationsCreated: [...newOrgNames.values()],
    errors
  }
  if (mode === 'dry-run') return { ...report, members: [] }
  if (errors.length > 0) throw importHasErrors({ report }, `${badRows.size} 行有错误，未导入任何数据`)

  const sha256 = sha256Hex(fileBytes)
  const createdOrgIds = new Map<string, number>()
  for (const [key, name] of newOrgNames) createdOrgIds.set(key, insertOrganisation(tx, { actor, now, input: { name } }).id)
  const createdIds: number[] = []
  const members: ImportedMember[] = []
  for (const p of planned) {
    const value = p.pendingEmployerKey !== null ? { ...p.value, employerOrganisationId: createdOrgIds.get(p.pendingEmployerKey)! } : p.value
    let memberId = p.before?.row.member.id
    if (p.action === 'create') {
      memberId = insertMemberAggregate(tx, {
        writer, actor, now, value, regionPath: p.regionPath, audit: false, historyDetails: { import: { fileName, sha256, row: p.rowNumber } }
      })
      createdIds.push(memberId)
    } else if (p.action === 'update') updateMemberAggregate(tx, { writer, actor, now, before: p.before!, value, regionPath: p.regionPath, action: 'member.import_update' })
    members.push({ id: memberId!, row: p.rowNumber, name: value.name, action: p.action })
    if (p.appointment) {
      applyTransition(tx, { writer, actor, now, row: repo.findMember(tx, memberId!)!, plan: p.appointment, today: ctx.today, historyDetails: { import: { fileName, sha256, row: p.rowNumber } } })
    }
    if (p.training) {
      repo.insertTraining(tx, { memberId: memberId!, course: p.training.course.trim(), trainedOn: p.training.trainedOn, hours: p.training.hours, certificateNo: null, provider: null, createdAt: now })
    }
  }
  recordAudit(tx, {
    actor,
    at: now,
    action: 'pool.import',
    entityType: 'pool_import',
    entityId: sha256.slice(0, 16),
    regionPath: actor.scopePath,
    after: {
      fileName,
      sha256,
      format: sheet.format,
      rows: report.rows,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      appointed: report.appointed,
      trained: report.trained,
      organisationsCreated: report.organisationsCreated,
      createdMemberIds: createdIds,
      ...(jobId !== undefined ? { importJobId: jobId, firstRow: sheet.rows[0]?.rowNumber ?? null, lastRow: sheet.rows.at(-1)?.rowNumber ?? null } : {})
    }
  })
  return { ...report, committed: true, members }
}
