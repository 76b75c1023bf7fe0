import type { Db, DbOrTx, Tx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { Hearing, HearingRecordKind } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import type { HearingsService } from '../hearings/hearings.service.js'
import { versionConflict } from '../../errors.js'
import { renderDocument } from '../documents/documents.render.js'
import { integrityFailed } from '../documents/documents.errors.js'
import { checkStoredPdf, requireIntactPdf } from '../documents/documents.integrity.js'
import { cleanViewModel } from '../documents/documents.text-safety.js'
import type {
  Attendance, DeliberationRecordViewModel, HearingEventKind, MinutesViewModel, ParticipantRole, RecordVersion, RenderedDocument, SpeakerRole
} from '../documents/documents.view-models.js'
import { hearingRuleset } from '../rulesets/rulesets.config.js'
import { effectiveDocumentSettings, hearingDocumentRows, type HearingDocumentRows } from '../dossier/dossier.service.js'
import { deliberationViewModel, emptyDeliberation, initialMinutes, minutesViewModel } from './minutes.content.js'
import {
  RECORDING_STATUSES, contentHash, countsAsVote, deliberationOutcome, deliberationProblems, deliberationRules, expectedSignatories, neverFrozen, sameSignatory
} from './minutes.rules.js'
import type { MinutesSection, Opinion, RecordContents, StoredEntry } from './minutes.types.js'
import * as repo from './minutes.repository.js'
import type { HearingRecordSummary, KindedRecord, RecordOf } from './minutes.repository.js'
import {
  confirmationNotSignature, confirmationOnlyForCorrection, deliberationIncomplete, draftUnverifiable, entryNotFound, voteRequired, hearingNotInSession, hostNoteRequired, recordAlreadyFinal, recordNotFinal, recordNotFound, recordTooLarge,
  signaturesMissing, textTooLong, unknownSignatory
} from './minutes.errors.js'

/** One entry of the transcript; longer text is refused rather than cut. */
export const MAX_ENTRY_CHARACTERS = 20_000
/** The whole stored record, in JSON characters: about what a 200-page PDF prints. */
export const MAX_RECORD_CHARACTERS = 400_000

const KIND_NAMES: Record<HearingRecordKind, string> = { minutes: '听证笔录', deliberation: '评议记录' }

/** What a record's first version holds, by kind. */
const FIRST_CONTENT: { [K in HearingRecordKind]: (rows: HearingDocumentRows) => RecordContents[K] } = { minutes: initialMinutes, deliberation: emptyDeliberation }

export type { HearingRecordSummary } from './minutes.repository.js'

export const recordVerificationPath = (hearingId: number, kind: HearingRecordKind, version: number) => `/api/v1/hearings/${hearingId}/${kind}/versions/${version}/verification`

type RecordDocument = { kind: 'minutes', viewModel: MinutesViewModel } | { kind: 'deliberation-record', viewModel: DeliberationRecordViewModel }

/** What a correction prints about the final version it corrects: its number, the reason, its registered hashes. */
function correctedVersion (db: DbOrTx, record: KindedRecord): RecordVersion['corrects'] {
  if (record.previousId === null) return undefined
  const previous = repo.versionHashes(db, record.previousId)
  if (!previous) return undefined
  return { version: previous.version, reason: record.correctionReason ?? '', contentSha256: previous.contentSha256, pdfSha256: previous.pdfSha256 }
}

/** The document a version prints, from the hearing's rows as they are now (for a draft, or for the one finalisation). */
function recordDocument (db: DbOrTx, hearing: Hearing, regionPath: string, rows: HearingDocumentRows, record: KindedRecord, contentSha256: string | null): RecordDocument {
  const issuer = { name: effectiveDocumentSettings(db, regionPath).issuerName }
  const corrects = correctedVersion(db, record)
  const base = { hearing, rows, issuer, version: record.version, contentSha256, ...(corrects ? { corrects } : {}) }
  if (record.kind === 'minutes') return { kind: 'minutes', viewModel: minutesViewModel({ ...base, content: record.content }) }
  const content = record.content
  return { kind: 'deliberation-record', viewModel: deliberationViewModel({ ...base, content, rules: deliberationRules(hearing, content) }) }
}

function renderRecord (document: RecordDocument, now: Date): Promise<RenderedDocument> {
  return document.kind === 'minutes'
    ? renderDocument('minutes', document.viewModel, { now })
    : renderDocument('deliberation-record', document.viewModel, { now })
}

/** Refuses control characters (documents.control_characters) and over-long text before anything is written. */
/** A speaker as stored: the name only when one was given. */
function storedSpeaker ({ role, name }: { role: SpeakerRole, name?: string | undefined }): StoredEntry['speaker'] {
  return name ? { role, name } : { role }
}

function checkText<T> (input: T): T {
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.length > MAX_ENTRY_CHARACTERS) throw textTooLong({ characters: v.length, limit: MAX_ENTRY_CHARACTERS }, `单条记录不能超过${MAX_ENTRY_CHARACTERS}字（本条${v.length}字）`)
    if (Array.isArray(v)) v.forEach(walk)
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(input)
  return cleanViewModel(input)
}

export function createMinutesService ({ db, clock, hearings }: { db: Db, clock: Clock, hearings: HearingsService }) {
  /**
   * The one write path: loads the hearing in scope, checks its status, takes the current draft (creating version 1
   * on first use), applies `change` to a copy of the content and stores it whole with an audit row.
   */
  function write<K extends HearingRecordKind> (actor: Actor, hearingId: number, kind: K, action: string, change: (content: RecordContents[K], ctx: { tx: Tx, hearing: Hearing, rows: HearingDocumentRows, record: RecordOf<K> }) => unknown) {
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const rows = hearingDocumentRows(tx, hearing)
      const now = clock.now()
      let current = repo.latestVersionOf(tx, hearingId, kind)
      if (current?.status === 'final') throw recordAlreadyFinal({ kind, version: current.version })
      if (!current) current = repo.insertVersion(tx, { hearingId, kind, version: 1, status: 'draft', content: FIRST_CONTENT[kind](rows), createdAt: now, updatedAt: now })
      const content = structuredClone(current.content)
      const detail = change(content, { tx, hearing, rows, record: current })
      // a change that changes nothing (a retried request already applied) writes nothing and audits nothing
      const serialised = JSON.stringify(content)
      if (serialised === JSON.stringify(current.content)) return current
      if (serialised.length > MAX_RECORD_CHARACTERS) throw recordTooLarge({ limit: MAX_RECORD_CHARACTERS })
      const after = repo.updateContent(tx, current, content, now)
      recordAudit(tx, { actor, at: now, action: `${kind}.${action}`, entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: after.id, version: after.version, ...(detail && typeof detail === 'object' ? detail : {}) } })
      return after
    })
  }

  /**
   * Checks that the current draft of `kind` may be finalised and builds the document it will freeze, from the rows
   * as they are now. Read-only; finalise runs it once to render and again inside the write transaction.
   */
  function planFinal (dbx: DbOrTx, actor: Actor, hearingId: number, kind: HearingRecordKind) {
    const { hearing, regionPath } = hearings.requireHearing(dbx, actor, hearingId)
    if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
    const current = repo.latestVersion(dbx, hearingId, kind)
    if (!current) throw recordNotFound({ kind })
    if (current.status === 'final') throw recordAlreadyFinal({ kind, version: current.version })
    const rows = hearingDocumentRows(dbx, hearing)
    if (current.kind === 'minutes') {
      const content = current.content
      const missing = expectedSignatories(hearing, rows, content).filter((s) => !content.signatures.some((x) => sameSignatory(x, s)))
      if (missing.length > 0) throw signaturesMissing({ missing }, `未签名：${missing.map((m) => m.name).join('、')}`)
    } else {
      const problems = deliberationProblems(hearing, rows, current.content)
      if (problems.length > 0) throw deliberationIncomplete({ problems }, problems.join('；'))
    }
    const contentSha256 = contentHash(current)
    return { regionPath, record: current, contentSha256, document: recordDocument(dbx, hearing, regionPath, rows, current, contentSha256) }
  }

  /**
   * Finalises the current draft and freezes what it shows: the PDF is rendered (outside any transaction) and its
   * bytes, SHA-256, page count and size are stored with the final version, which is served from them from then on.
   * The transaction checks again that neither the draft nor anything the document prints changed meanwhile;
   * if something did, the document is built and rendered again.
   */
  async function finalise (actor: Actor, hearingId: number, kind: HearingRecordKind) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const planned = planFinal(db, actor, hearingId, kind)
      const at = clock.now()
      const rendered = await renderRecord(planned.document, at)
      const stored = writeTransaction(db, (tx) => {
        const now = planFinal(tx, actor, hearingId, kind)
        if (now.record.id !== planned.record.id || now.record.revision !== planned.record.revision || JSON.stringify(now.document) !== JSON.stringify(planned.document)) return null
        const after = repo.storeFinal(tx, planned.record, {
          contentSha256: planned.contentSha256,
          finalisedAt: at,
          finalisedByName: actor.displayName,
          pdfSha256: rendered.sha256,
          pageCount: rendered.pageCount,
          byteSize: rendered.bytes.length,
          pdf: rendered.bytes
        })
        recordAudit(tx, { actor, at, action: `${kind}.finalise`, entityType: 'hearing', entityId: hearingId, regionPath: now.regionPath, after: { recordId: after.id, version: after.version, contentSha256: planned.contentSha256, pdfSha256: rendered.sha256 } })
        return after
      })
      if (stored) return stored
    }
    throw versionConflict({ kind }, `${KIND_NAMES[kind]}在定稿过程中被修改，请刷新后重试`)
  }

  function correct (actor: Actor, hearingId: number, kind: HearingRecordKind, { reason }: { reason: string }) {
    checkText({ reason })
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const current = repo.latestVersion(tx, hearingId, kind)
      if (!current) throw recordNotFound({ kind })
      if (current.status !== 'final') throw recordNotFinal({ kind, version: current.version })
      const now = clock.now()
      // the corrected wording is signed again (or confirmed) by everyone: signatures of the corrected version do not carry over
      const version = { hearingId, version: current.version + 1, previousId: current.id, correctionReason: reason, status: 'draft' as const, createdAt: now, updatedAt: now }
      const next: HearingRecordSummary = current.kind === 'minutes'
        ? repo.insertVersion(tx, { ...version, kind: 'minutes', content: { ...current.content, signatures: [] } })
        : repo.insertVersion(tx, { ...version, kind: 'deliberation', content: current.content })
      recordAudit(tx, { actor, at: now, action: `${kind}.correction`, entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: next.id, version: next.version, previousId: current.id, previousContentSha256: current.contentSha256, reason } })
      return next
    })
  }

  /** The minutes' first draft, made from the hearing's parties when there is none yet; an existing record is returned as it is. */
  function start (actor: Actor, hearingId: number) {
    writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, hearingId)
      if (repo.latestVersion(tx, hearingId, 'minutes')) return
      if (!RECORDING_STATUSES.includes(hearing.status)) throw hearingNotInSession({ hearingStatus: hearing.status })
      const now = clock.now()
      const first = repo.insertVersion(tx, { hearingId, kind: 'minutes', version: 1, status: 'draft', content: initialMinutes(hearingDocumentRows(tx, hearing)), createdAt: now, updatedAt: now })
      recordAudit(tx, { actor, at: now, action: 'minutes.start', entityType: 'hearing', entityId: hearingId, regionPath, after: { recordId: first.id, version: 1, participants: first.content.participants.length } })
    })
    return get(actor, hearingId, 'minutes')
  }

  /**
   * Who signs the current version of the minutes (the panel, then every participant who attended) and what is
   * recorded for each: signed, confirmed, refused with the host's note, or nothing yet.
   */
  function signatories (actor: Actor, hearingId: number) {
    const { hearing } = hearings.requireHearing(db, actor, hearingId)
    const current = repo.latestVersionOf(db, hearingId, 'minutes')
    if (!current) throw recordNotFound({ kind: 'minutes' }, '本场听证还没有听证笔录')
    const content = current.content
    return expectedSignatories(hearing, hearingDocumentRows(db, hearing), content).map((s) => {
      const recorded = content.signatures.find((x) => sameSignatory(x, s))
      return { ...s, signed: recorded?.signed ?? null, hostNote: recorded?.hostNote ?? null, confirmation: recorded?.confirmation ?? null }
    })
  }

  function get (actor: Actor, hearingId: number, kind: HearingRecordKind) {
    hearings.requireHearing(db, actor, hearingId)
    const all = repo.versionsOf(db, hearingId, kind)
    const current = all[all.length - 1]
    if (!current) throw recordNotFound({ kind }, `本场听证还没有${KIND_NAMES[kind]}`)
    return { current, versions: all }
  }

  /**
   * A final version from before files were stored with it is frozen on its first download: rendered as it was
   * served until then (same rows, same creation date) and stored with its SHA-256, audited as `<kind>.freeze`.
   * Content that no longer matches its recorded hash is not frozen (documents.integrity_failed).
   */
  async function freezeUnfrozen (actor: Actor, hearing: Hearing, regionPath: string, record: KindedRecord) {
    if (contentHash(record) !== record.contentSha256) throw integrityFailed({ verification: recordVerificationPath(hearing.id, record.kind, record.version) }, `${KIND_NAMES[record.kind]}内容与定稿时登记的 SHA-256 不一致，不能生成定稿文件。核验结果见 verification 所指的地址。`)
    const rows = hearingDocumentRows(db, hearing)
    const rendered = await renderRecord(recordDocument(db, hearing, regionPath, rows, record, record.contentSha256), record.updatedAt)
    return writeTransaction(db, (tx) => {
      const current = repo.storedPdfOf(tx, record.id)
      if (current && !neverFrozen(current)) return current
      repo.storeFrozenPdf(tx, record.id, { pdfSha256: rendered.sha256, pageCount: rendered.pageCount, byteSize: rendered.bytes.length, pdf: rendered.bytes })
      recordAudit(tx, { actor, at: clock.now(), action: `${record.kind}.freeze`, entityType: 'hearing', entityId: hearing.id, regionPath, after: { recordId: record.id, version: record.version, pdfSha256: rendered.sha256 } })
      return { bytes: rendered.bytes, sha256: rendered.sha256, byteSize: rendered.bytes.length, pageCount: rendered.pageCount }
    })
  }

  /**
   * The PDF of a version (default: the current one). A final version is its frozen bytes, checked against the
   * recorded SHA-256 first (documents.integrity_failed when they differ); a draft is rendered from the rows as they
   * are now and marked 草稿 in its footer.
   */
  async function pdf (actor: Actor, hearingId: number, kind: HearingRecordKind, version?: number) {
    const { hearing, regionPath } = hearings.requireHearing(db, actor, hearingId)
    const all = repo.versionsOf(db, hearingId, kind)
    const record = version === undefined ? all[all.length - 1] : all.find((r) => r.version === version)
    if (!record) throw recordNotFound({ kind, version }, `本场听证没有该版本的${KIND_NAMES[kind]}`)
    if (record.status === 'draft') {
      const rendered = await renderRecord(recordDocument(db, hearing, regionPath, hearingDocumentRows(db, hearing), record, null), record.updatedAt)
      return { record, bytes: rendered.bytes, sha256: rendered.sha256 }
    }
    let stored = repo.storedPdfOf(db, record.id)!
    if (neverFrozen(stored)) stored = await freezeUnfrozen(actor, hearing, regionPath, record)
    return { record, ...requireIntactPdf(stored, recordVerificationPath(hearingId, kind, record.version)) }
  }

  /**
   * Recomputes both hashes of a final version: the content's (printed in the PDF's footer) and the stored PDF's,
   * and says whether each still matches what was recorded at finalisation. A mismatch is reported, not thrown.
   */
  function verify (actor: Actor, hearingId: number, kind: HearingRecordKind, version: number) {
    hearings.requireHearing(db, actor, hearingId)
    const record = repo.versionsOf(db, hearingId, kind).find((r) => r.version === version)
    if (!record) throw recordNotFound({ kind, version }, `本场听证没有该版本的${KIND_NAMES[kind]}`)
    if (record.status !== 'final') throw draftUnverifiable({ kind, version })
    const actualContent = contentHash(record)
    const content = { recordedSha256: record.contentSha256, actualSha256: actualContent, intact: actualContent === record.contentSha256 }
    const stored = repo.storedPdfOf(db, record.id)!
    const frozen = !neverFrozen(stored)
    const file = frozen ? checkStoredPdf(stored) : null
    const issues = [
      ...(content.intact ? [] : [`${KIND_NAMES[kind]}内容的 SHA-256 为 ${actualContent}，与定稿时登记（PDF 页脚所印）的 ${record.contentSha256 ?? '（缺失）'} 不一致`]),
      ...(file?.issues ?? [])
    ]
    return {
      kind,
      hearingId,
      version,
      status: 'final' as const,
      finalisedAt: record.finalisedAt,
      checkedAt: clock.now(),
      frozen,
      intact: content.intact && (file?.check.intact ?? true),
      content,
      pdf: file?.check ?? null,
      issues
    }
  }

  return {
    get,
    start,
    signatories,
    pdf,
    verify,
    finalise,
    correct,

    setAttendance (actor: Actor, hearingId: number, { participants }: { participants: { role: ParticipantRole, name: string, unit?: string | undefined, attendance: Attendance, note?: string | undefined }[] }) {
      const clean = checkText(participants)
      return write(actor, hearingId, 'minutes', 'attendance', (content) => {
        content.participants = clean.map((p) => ({ role: p.role, name: p.name, attendance: p.attendance, ...(p.unit ? { unit: p.unit } : {}), ...(p.note ? { note: p.note } : {}) }))
        content.signatures = content.signatures.filter((s) => ['host', 'officer', 'recorder'].includes(s.role) || content.participants.some((p) => sameSignatory(p, s)))
        return { participants: clean.length }
      })
    },

    addEntry (actor: Actor, hearingId: number, { clientId, ...input }: { section: MinutesSection, speaker: { role: SpeakerRole, name?: string | undefined }, text: string, clientId?: string | undefined }) {
      const clean = checkText(input)
      return write(actor, hearingId, 'minutes', 'entry', (content) => {
        // the same entry sent again (the answer to the first send was lost): the record as it is
        if (clientId !== undefined && content.entries.some((e) => e.clientId === clientId)) return null
        const seq = (content.entries[content.entries.length - 1]?.seq ?? 0) + 1
        const speaker = storedSpeaker(clean.speaker)
        content.entries.push({ seq, section: clean.section, speaker, text: clean.text, at: clock.now().toISOString(), ...(clientId !== undefined ? { clientId } : {}) })
        return { seq, section: clean.section }
      })
    },

    addEvidence (actor: Actor, hearingId: number, input: { name: string, submittedBy: string, purpose?: string | undefined, crossExamination?: string | undefined }) {
      const clean = checkText(input)
      return write(actor, hearingId, 'minutes', 'evidence', (content) => {
        const number = content.evidence.length + 1
        content.evidence.push({ number, name: clean.name, submittedBy: clean.submittedBy, ...(clean.purpose ? { purpose: clean.purpose } : {}), ...(clean.crossExamination ? { crossExamination: clean.crossExamination } : {}) })
        return { number }
      })
    },

    addEvent (actor: Actor, hearingId: number, input: { at: Date, kind: HearingEventKind, reason: string, decision?: string | undefined }) {
      const clean = checkText({ reason: input.reason, decision: input.decision })
      return write(actor, hearingId, 'minutes', 'event', (content) => {
        content.events.push({ at: input.at.toISOString(), kind: input.kind, reason: clean.reason, ...(clean.decision ? { decision: clean.decision } : {}) })
        return { kind: input.kind }
      })
    },

    sign (actor: Actor, hearingId: number, input: { role: SpeakerRole, name: string, signed: boolean, hostNote?: string | undefined, confirmation?: string | undefined }) {
      const clean = checkText(input)
      if (!clean.signed && !clean.hostNote) throw hostNoteRequired({ name: clean.name })
      if (!clean.signed && clean.confirmation) throw confirmationNotSignature({ name: clean.name })
      return write(actor, hearingId, 'minutes', 'signature', (content, { hearing, rows, record }) => {
        if (!expectedSignatories(hearing, rows, content).some((s) => sameSignatory(s, clean))) throw unknownSignatory({ role: clean.role, name: clean.name })
        if (clean.confirmation && record.previousId === null) throw confirmationOnlyForCorrection({ name: clean.name })
        content.signatures = content.signatures.filter((s) => !sameSignatory(s, clean))
        content.signatures.push({
          role: clean.role,
          name: clean.name,
          signed: clean.signed,
          ...(clean.signed ? {} : { hostNote: clean.hostNote! }),
          ...(clean.signed && clean.confirmation ? { confirmation: clean.confirmation } : {})
        })
        return { role: clean.role, signed: clean.signed, ...(clean.confirmation ? { confirmation: clean.confirmation } : {}) }
      })
    },

    editEntry (actor: Actor, hearingId: number, seq: number, { expectedText, ...input }: { section: MinutesSection, speaker: { role: SpeakerRole, name?: string | undefined }, text: string, expectedText?: string | undefined }) {
      const clean = checkText(input)
      return write(actor, hearingId, 'minutes', 'entry_edit', (content) => {
        const entry = content.entries.find((e) => e.seq === seq)
        if (!entry) throw entryNotFound({ seq }, `笔录中没有第 ${seq} 条记录`)
        // the text the edit was made from: another recorder's change in between is shown to the editor, not overwritten
        const speaker = storedSpeaker(clean.speaker)
        // the same edit sent again (the answer to the first send was lost): already applied, nothing to do
        if (entry.section === clean.section && entry.text === clean.text && JSON.stringify(entry.speaker) === JSON.stringify(speaker)) return null
        if (expectedText !== undefined && cleanViewModel(expectedText) !== entry.text) throw versionConflict({ seq, text: entry.text }, `第 ${seq} 条记录已被他人修改，请核对后重新修改`)
        const before = { section: entry.section, speaker: entry.speaker, text: entry.text }
        entry.section = clean.section
        entry.speaker = speaker
        entry.text = clean.text
        return { seq, before }
      })
    },

    setDeliberation (actor: Actor, hearingId: number, input: { startsAt: Date, endsAt?: Date | undefined, place: string, proposal: string, opinions: { name: string, role: 'host' | 'officer', opinion: string, vote?: Opinion['vote'] | undefined }[], conclusion?: string | undefined, revision?: number | undefined }) {
      const clean = checkText({ place: input.place, proposal: input.proposal, opinions: input.opinions, conclusion: input.conclusion ?? '' })
      return write(actor, hearingId, 'deliberation', 'update', (content, { hearing, record }) => {
        // the revision the form was read at: another user's save in between is reported, not overwritten
        if (input.revision !== undefined && input.revision !== record.revision) throw versionConflict({ revision: record.revision }, '评议记录已被他人修改，请刷新后核对再保存')
        // the rules are the hearing's, recorded with the votes so the final record says what it was counted under
        const rules = hearingRuleset(hearing.ruleset).deliberation
        const unvoted = clean.opinions.filter((o) => countsAsVote(o, rules) && o.vote === undefined)
        if (unvoted.length > 0) throw voteRequired({ names: unvoted.map((o) => o.name) }, `参加表决的人员须表明同意、不同意或弃权：${unvoted.map((o) => o.name).join('、')}`)
        content.startsAt = input.startsAt.toISOString()
        content.endsAt = input.endsAt ? input.endsAt.toISOString() : null
        content.place = clean.place
        content.proposal = clean.proposal
        content.opinions = clean.opinions.map((o) => ({ name: o.name, role: o.role, opinion: o.opinion, ...(o.vote ? { vote: o.vote } : {}) }))
        content.conclusion = clean.conclusion
        content.rules = { ...rules }
        content.outcome = deliberationOutcome(content.opinions, rules)
        return { opinions: clean.opinions.length, outcome: content.outcome.result }
      })
    }
  }
}
