import { and, desc, eq } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import { hearingRecordsTable, type Hearing, type HearingRecord, type HearingRecordKind } from '../../../db/schema/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Actor } from '../../shared/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import type { HearingsService } from '../hearings/hearings.service.js'
import { renderDocument } from '../documents/documents.render.js'
import { cleanViewModel } from '../documents/documents.text-safety.js'
import type { Attendance, HearingEventKind, ParticipantRole, SpeakerRole } from '../documents/documents.view-models.js'
import { effectiveDocumentSettings } from '../notices/notices.service.js'
import * as noticesRepo from '../notices/notices.repository.js'
import { officersOf } from '../notices/notices.view-models.js'
import {
  contentHash, deliberationViewModel, emptyDeliberation, expectedSignatories, initialMinutes, minutesViewModel, sameSignatory,
  type DeliberationContent, type MinutesContent, type MinutesSection, type Opinion
} from './minutes.content.js'
import {
  deliberationIncomplete, hearingNotInSession, hostNoteRequired, recordAlreadyFinal, recordNotFinal, recordNotFound, recordTooLarge,
  signaturesMissing, textTooLong, unknownSignatory
} from './minutes.errors.js'

export type MinutesService = ReturnType<typeof createMinutesService>

/** Minutes are taken while the hearing runs and completed (signed, finalised) after it ends. */
export const RECORDING_STATUSES: readonly Hearing['status'][] = ['in_session', 'suspended', 'concluded']

/** One entry of the transcript; longer text is refused rather than cut. */
export const MAX_ENTRY_CHARACTERS = 20_000
/** The whole stored record, in JSON characters: about what a 200-page PDF prints. */
export const MAX_RECORD_CHARACTERS = 400_000

const KIND_NAMES: Record<HearingRecordKind, string> = { minutes: '听证笔录', deliberation: '评议记录' }

function latest (db: DbOrTx, hearingId: number, kind: HearingRecordKind) {
  return db.select().from(hearingRecordsTable).where(and(eq(hearingRecordsTable.hearingId, hearingId), eq(hearingRecordsTable.kind, kind)))
    .orderBy(desc(hearingRecordsTable.version)).get()
}

function versions (db: DbOrTx, hearingId: number, kind: HearingRecordKind) {
  return db.select().from(hearingRecordsTable).where(and(eq(hearingRecordsTable.hearingId, hearingId), eq(hearingRecordsTable.kind, kind)))
    .orderBy(hearingRecordsTable.version).all()
}

/** Refuses control characters (documents.control_characters) and over-long text before anything is written. */
function checkText<T> (input: T): T {
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.length > MAX_ENTRY_CHARACTERS) throw textTooLong({ characters: v.length, limit: MAX_ENTRY_CHARACTERS }, `单条记录不能超过${MAX_ENTRY_CHARACTERS}字（本条${v.length}字）`)
    if (Array.isArray(v)) v.forEach(walk)
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(input)
  return cleanViewModel(input)
}

/** The host and the seated officers: each gives an opinion and a vote in the deliberation. */
function panelNames (hearing: Hearing, rows: noticesRepo.HearingDocumentRows) {
  const host = rows.members.get(hearing.hostMemberId)
  return [...(host ? [host.name] : []), ...officersOf(rows).map((o) => o.name)]
}

export function createMinutesService ({ db, clock, hearings }: { db: Db, clock: Clock, hearings: HearingsService }) {
  /**
   * The one write path: loads the hearing in scope, checks its status, takes the current draft (creating version 1
   * on first use), applies `change` to a copy of the content and stores it whole with an audit row.
   */
  function write<C> (actor: Actor, hearingId: number, kind: HearingRecordKind, action: string, change: (content: C, ctx: { tx: Tx, hearing: Hearing, rows: noticesRepo.HearingDocumentRows }) => unknown) {
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const rows = noticesRepo.hearingDocumentRows(tx, hearing)
      const now = clock.now()
      let current: HearingRecord | undefined = latest(tx, hearingId, kind)
      if (current?.status === 'final') throw recordAlreadyFinal({ kind, version: current.version })
      if (!current) {
        const content = kind === 'minutes' ? initialMinutes(rows) : emptyDeliberation()
        current = tx.insert(hearingRecordsTable).values({ hearingId, kind, version: 1, status: 'draft', content: content as unknown as Record<string, unknown>, createdAt: now, updatedAt: now }).returning().get()
      }
      const content = structuredClone(current.content) as unknown as C
      const detail = change(content, { tx, hearing, rows })
      if (JSON.stringify(content).length > MAX_RECORD_CHARACTERS) throw recordTooLarge({ limit: MAX_RECORD_CHARACTERS })
      const after = tx.update(hearingRecordsTable).set({ content: content as unknown as Record<string, unknown>, revision: current.revision + 1, updatedAt: now })
        .where(eq(hearingRecordsTable.id, current.id)).returning().get()
      recordAudit(tx, { actor, at: now, action: `${kind}.${action}`, entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: after.id, version: after.version, ...(detail && typeof detail === 'object' ? detail : {}) } })
      return after
    })
  }

  function finalise (actor: Actor, hearingId: number, kind: HearingRecordKind) {
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const current = latest(tx, hearingId, kind)
      if (!current) throw recordNotFound({ kind })
      if (current.status === 'final') throw recordAlreadyFinal({ kind, version: current.version })
      const rows = noticesRepo.hearingDocumentRows(tx, hearing)
      if (kind === 'minutes') {
        const content = current.content as unknown as MinutesContent
        const missing = expectedSignatories(hearing, rows, content).filter((s) => !content.signatures.some((x) => sameSignatory(x, s)))
        if (missing.length > 0) throw signaturesMissing({ missing }, `未签名：${missing.map((m) => m.name).join('、')}`)
      } else {
        const content = current.content as unknown as DeliberationContent
        const problems = [
          content.proposal.trim() === '' ? '未填写评议事项' : null,
          content.conclusion.trim() === '' ? '未填写评议结论' : null,
          content.opinions.length === 0 ? '未记录听证员意见' : null,
          ...panelNames(hearing, rows).filter((name) => !content.opinions.some((o) => o.name === name)).map((name) => `未记录${name}的意见和表决`)
        ].filter((p): p is string => p !== null)
        if (problems.length > 0) throw deliberationIncomplete({ problems }, problems.join('；'))
      }
      const now = clock.now()
      const sha = contentHash(current)
      const after = tx.update(hearingRecordsTable).set({ status: 'final', contentSha256: sha, finalisedAt: now, finalisedByName: actor.displayName, revision: current.revision + 1, updatedAt: now })
        .where(eq(hearingRecordsTable.id, current.id)).returning().get()
      recordAudit(tx, { actor, at: now, action: `${kind}.finalise`, entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: after.id, version: after.version, contentSha256: sha } })
      return after
    })
  }

  function correct (actor: Actor, hearingId: number, kind: HearingRecordKind, { reason }: { reason: string }) {
    checkText({ reason })
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const current = latest(tx, hearingId, kind)
      if (!current) throw recordNotFound({ kind })
      if (current.status !== 'final') throw recordNotFinal({ kind, version: current.version })
      const now = clock.now()
      const next = tx.insert(hearingRecordsTable).values({
        hearingId,
        kind,
        version: current.version + 1,
        previousId: current.id,
        correctionReason: reason,
        status: 'draft',
        content: current.content,
        createdAt: now,
        updatedAt: now
      }).returning().get()
      recordAudit(tx, { actor, at: now, action: `${kind}.correction`, entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: next.id, version: next.version, previousId: current.id, reason } })
      return next
    })
  }

  function get (actor: Actor, hearingId: number, kind: HearingRecordKind) {
    hearings.requireHearing(db, actor, hearingId)
    const all = versions(db, hearingId, kind)
    const current = all[all.length - 1]
    if (!current) throw recordNotFound({ kind }, `本场听证还没有${KIND_NAMES[kind]}`)
    return { current, versions: all }
  }

  async function render (actor: Actor, hearingId: number, kind: HearingRecordKind, version?: number) {
    const { hearing, regionPath } = hearings.requireHearing(db, actor, hearingId)
    const all = versions(db, hearingId, kind)
    const record = version === undefined ? all[all.length - 1] : all.find((r) => r.version === version)
    if (!record) throw recordNotFound({ kind, version }, `本场听证没有该版本的${KIND_NAMES[kind]}`)
    const rows = noticesRepo.hearingDocumentRows(db, hearing)
    const issuer = { name: effectiveDocumentSettings(db, regionPath).issuerName }
    const base = { hearing, rows, issuer, version: record.version, contentSha256: record.status === 'final' ? record.contentSha256 : null }
    const rendered = kind === 'minutes'
      ? await renderDocument('minutes', minutesViewModel({ ...base, content: record.content as unknown as MinutesContent }), { now: record.updatedAt })
      : await renderDocument('deliberation-record', deliberationViewModel({ ...base, content: record.content as unknown as DeliberationContent }), { now: record.updatedAt })
    return { record, rendered }
  }

  return {
    get,
    render,
    finalise,
    correct,

    setAttendance (actor: Actor, hearingId: number, { participants }: { participants: { role: ParticipantRole, name: string, unit?: string | undefined, attendance: Attendance, note?: string | undefined }[] }) {
      const clean = checkText(participants)
      return write<MinutesContent>(actor, hearingId, 'minutes', 'attendance', (content) => {
        content.participants = clean.map((p) => ({ role: p.role, name: p.name, attendance: p.attendance, ...(p.unit ? { unit: p.unit } : {}), ...(p.note ? { note: p.note } : {}) }))
        content.signatures = content.signatures.filter((s) => ['host', 'officer', 'recorder'].includes(s.role) || content.participants.some((p) => sameSignatory(p, s)))
        return { participants: clean.length }
      })
    },

    addEntry (actor: Actor, hearingId: number, input: { section: MinutesSection, speaker: { role: SpeakerRole, name?: string | undefined }, text: string }) {
      const clean = checkText(input)
      return write<MinutesContent>(actor, hearingId, 'minutes', 'entry', (content) => {
        const seq = (content.entries[content.entries.length - 1]?.seq ?? 0) + 1
        content.entries.push({ seq, section: clean.section, speaker: clean.speaker.name ? { role: clean.speaker.role, name: clean.speaker.name } : { role: clean.speaker.role }, text: clean.text, at: clock.now().toISOString() })
        return { seq, section: clean.section }
      })
    },

    addEvidence (actor: Actor, hearingId: number, input: { name: string, submittedBy: string, purpose?: string | undefined, crossExamination?: string | undefined }) {
      const clean = checkText(input)
      return write<MinutesContent>(actor, hearingId, 'minutes', 'evidence', (content) => {
        const number = content.evidence.length + 1
        content.evidence.push({ number, name: clean.name, submittedBy: clean.submittedBy, ...(clean.purpose ? { purpose: clean.purpose } : {}), ...(clean.crossExamination ? { crossExamination: clean.crossExamination } : {}) })
        return { number }
      })
    },

    addEvent (actor: Actor, hearingId: number, input: { at: Date, kind: HearingEventKind, reason: string, decision?: string | undefined }) {
      const clean = checkText({ reason: input.reason, decision: input.decision })
      return write<MinutesContent>(actor, hearingId, 'minutes', 'event', (content) => {
        content.events.push({ at: input.at.toISOString(), kind: input.kind, reason: clean.reason, ...(clean.decision ? { decision: clean.decision } : {}) })
        return { kind: input.kind }
      })
    },

    sign (actor: Actor, hearingId: number, input: { role: SpeakerRole, name: string, signed: boolean, hostNote?: string | undefined }) {
      const clean = checkText(input)
      if (!clean.signed && !clean.hostNote) throw hostNoteRequired({ name: clean.name })
      return write<MinutesContent>(actor, hearingId, 'minutes', 'signature', (content, { hearing, rows }) => {
        if (!expectedSignatories(hearing, rows, content).some((s) => sameSignatory(s, clean))) throw unknownSignatory({ role: clean.role, name: clean.name })
        content.signatures = content.signatures.filter((s) => !sameSignatory(s, clean))
        content.signatures.push({ role: clean.role, name: clean.name, signed: clean.signed, ...(clean.signed ? {} : { hostNote: clean.hostNote! }) })
        return { role: clean.role, signed: clean.signed }
      })
    },

    setDeliberation (actor: Actor, hearingId: number, input: { startsAt: Date, endsAt?: Date | undefined, place: string, proposal: string, opinions: Opinion[], conclusion: string }) {
      const clean = checkText({ place: input.place, proposal: input.proposal, opinions: input.opinions, conclusion: input.conclusion })
      return write<DeliberationContent>(actor, hearingId, 'deliberation', 'update', (content) => {
        content.startsAt = input.startsAt.toISOString()
        content.endsAt = input.endsAt ? input.endsAt.toISOString() : null
        content.place = clean.place
        content.proposal = clean.proposal
        content.opinions = clean.opinions.map((o) => ({ name: o.name, role: o.role, opinion: o.opinion, vote: o.vote }))
        content.conclusion = clean.conclusion
        return { opinions: clean.opinions.length }
      })
    }
  }
}
