import type { Db } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { IssuedDocumentKind, DocumentServiceMethod } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { requireRegion } from '../regions/regions.service.js'
import type { HearingsService } from '../hearings/hearings.service.js'
import { drawRecordOf } from '../hearings/hearings.panel.rules.js'
import { isForeignExclusion, storedExclusions } from '../draw/draw.eligibility.js'
import { renderDocument } from '../documents/documents.render.js'
import { formatDocumentNumber } from '../documents/documents.format.js'
import { checkStoredPdf, requireIntactPdf } from '../documents/documents.integrity.js'
import { cleanViewModel } from '../documents/documents.text-safety.js'
import type { DocumentKind, DocumentNumber } from '../documents/documents.view-models.js'
import { DISPLAY_TIME_ZONE } from '../../common/time.js'
import * as repo from './notices.repository.js'
import * as vm from './notices.view-models.js'
import { createMatterNotices, noteHearingRightsNotice } from './notices.matter.service.js'
import {
  claimDocumentSerial, documentMembersByIds, documentSettingsOf, effectiveDocumentSettings, hearingDocumentRows, issuerOf, nextDocumentSerial, saveDocumentSettings,
  type DocumentSettingsInput
} from '../dossier/dossier.service.js'
import {
  documentNotFound, invalidServedOn, nothingToServe, panelNotReady, recipientMismatch, recipientNotFound, serialContention
} from './notices.errors.js'

export type Recipient = { participantId: number } | { petitioner: true } | { respondent: true } | { host: true }
export type IssueInput = { kind: IssuedDocumentKind, recipient?: Recipient | undefined, mainIssues?: string[] | undefined }

export const RENDER_KINDS: Record<IssuedDocumentKind, DocumentKind> = {
  rights_notice: 'rights-notice',
  petitioner_notice: 'hearing-notice-petitioner',
  respondent_notice: 'hearing-notice-respondent',
  member_invitation: 'member-invitation',
  service_receipt: 'service-receipt',
  draw_record: 'draw-record'
}

/** Which recipients each kind may be addressed to. */
const ADDRESSEES: Record<IssuedDocumentKind, readonly ('petitioner' | 'respondent' | 'participant' | 'host' | 'file')[]> = {
  rights_notice: ['petitioner'],
  petitioner_notice: ['petitioner'],
  respondent_notice: ['respondent'],
  member_invitation: ['participant', 'host'],
  service_receipt: ['petitioner', 'respondent'],
  draw_record: ['file']
}

/** Issued documents whose service receipt serves them: everything with a number sent to that recipient. */
const SERVED_KINDS: readonly IssuedDocumentKind[] = ['rights_notice', 'petitioner_notice', 'respondent_notice']

export const documentVerificationPath = (hearingId: number, documentId: number) => `/api/v1/hearings/${hearingId}/documents/${documentId}/verification`

const yearIn = (date: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric' }).format(date))

export function createNoticesService ({ db, clock, hearings }: { db: Db, clock: Clock, hearings: HearingsService }) {
  function addressee (recipient: Recipient | undefined) {
    if (!recipient) return 'file' as const
    if ('participantId' in recipient) return 'participant' as const
    if ('petitioner' in recipient) return 'petitioner' as const
    if ('respondent' in recipient) return 'respondent' as const
    return 'host' as const
  }

  /** Builds the view-model for `serial` (read-only); the caller renders it and stores it if the serial is still free. */
  function plan (actor: Actor, hearingId: number, input: IssueInput) {
    const { hearing, regionPath } = hearings.requireHearing(db, actor, hearingId)
    const to = addressee(input.recipient)
    if (!ADDRESSEES[input.kind].includes(to)) throw recipientMismatch({ kind: input.kind, recipient: to, allowed: ADDRESSEES[input.kind] })
    const settings = effectiveDocumentSettings(db, regionPath)
    const issuer = issuerOf(settings)
    const issuedAt = clock.now()
    const year = yearIn(issuedAt)
    const serial = nextDocumentSerial(db, settings.numberPrefix, year)
    const number: DocumentNumber = { prefix: settings.numberPrefix, year, serial }
    const rows = hearingDocumentRows(db, hearing)
    const common = { hearing, rows, issuer, number, issuedAt }
    const petitionerRecipient = () => ({ ref: `petitioner:${rows.petitioners[0]?.id ?? 0}`, name: rows.petitioners.map((p) => p.name).join('、') || rows.matter.groupName || '信访人', address: rows.petitioners[0]?.address ?? null })
    const respondentRecipient = () => ({ ref: `respondent:${rows.respondent.id}`, name: rows.respondent.name, address: null })
    const numbered = (viewModel: unknown, recipient: { ref: string, name: string }) => ({ hearing, regionPath, viewModel, number, recipient })
    switch (input.kind) {
      case 'rights_notice': return numbered(vm.rightsNotice(common), petitionerRecipient())
      case 'petitioner_notice': return numbered(vm.petitionerNotice(common), petitionerRecipient())
      case 'respondent_notice': return numbered(vm.respondentNotice(common, input.mainIssues), respondentRecipient())
      case 'member_invitation': {
        const r = input.recipient!
        if ('participantId' in r) {
          const p = rows.participants.find((x) => x.id === r.participantId && x.active && x.memberId !== null && (x.kind === 'officer' || x.kind === 'alternate'))
          if (!p) throw recipientNotFound({ participantId: r.participantId })
          const member = rows.members.get(p.memberId!)!
          return numbered(vm.memberInvitation(common, { name: member.name, role: 'officer' }), { ref: `participant:${p.id}`, name: member.name })
        }
        const host = rows.members.get(hearing.hostMemberId)!
        return numbered(vm.memberInvitation(common, { name: host.name, role: 'host' }), { ref: `host:${hearing.hostMemberId}`, name: host.name })
      }
      case 'service_receipt': {
        const recipient = to === 'petitioner' ? petitionerRecipient() : respondentRecipient()
        const served = repo.documentsOf(db, hearing.id).filter((d) => d.recipientRef === recipient.ref && SERVED_KINDS.includes(d.kind))
        if (served.length === 0) throw nothingToServe({ recipient: to })
        return { hearing, regionPath, viewModel: vm.serviceReceipt({ issuer }, recipient, served), number: null, recipient }
      }
      case 'draw_record': {
        const record = drawRecordOf(rows.draws)
        if (!record) throw panelNotReady({ hearingId })
        const ids = new Set<number>()
        for (const r of record.rounds) [...r.panel.official, ...r.panel.alternates, ...r.exclude, ...r.promotions.map((p) => p.promoted)].forEach((id) => ids.add(id))
        // the draw record is internal: it names everyone excluded, so their names are loaded too, except members
        // outside the hearing's region who may not be drawn there (listed by number, as if not in the pool)
        for (const d of rows.draws) for (const g of storedExclusions(d.record)) if (!isForeignExclusion(g)) g.memberIds.forEach((id) => ids.add(id))
        const names = documentMembersByIds(db, [...ids])
        const viewModel = vm.drawRecord(common, record, names, '本系统的“抽取验证”功能：按本表记录重新计算每一轮，结果应当与本表第四项一致')
        return { hearing, regionPath, viewModel, number: null, recipient: { ref: 'file', name: '归档' } }
      }
    }
  }

  function store (actor: Actor, planned: ReturnType<typeof plan>, kind: IssuedDocumentKind, rendered: { bytes: Buffer, sha256: string, pageCount: number, title: string }) {
    return writeTransaction(db, (tx) => {
      const { hearing, regionPath } = hearings.requireHearing(tx, actor, planned.hearing.id)
      const number = planned.number
      if (number) {
        if (!claimDocumentSerial(tx, number)) return null
      }
      const row = repo.insertDocument(tx, {
        hearingId: hearing.id,
        kind,
        number: number ? formatDocumentNumber(number) : null,
        numberPrefix: number?.prefix ?? null,
        numberYear: number?.year ?? null,
        numberSerial: number?.serial ?? null,
        title: rendered.title,
        recipientRef: planned.recipient.ref,
        recipientName: planned.recipient.name,
        issuedAt: clock.now(),
        issuedByUserId: actor.userId,
        issuedByName: actor.displayName,
        sha256: rendered.sha256,
        pageCount: rendered.pageCount,
        byteSize: rendered.bytes.length,
        pdf: rendered.bytes
      })
      const { pdf: _pdf, ...summary } = row
      // a rights notice tells the petitioner of the right to a hearing in the matter's stage: the stage notes the day
      if (kind === 'rights_notice') noteHearingRightsNotice(tx, { matterId: hearing.matterId, documentNumber: row.number, actor, at: clock.now() })
      recordAudit(tx, { actor, at: clock.now(), action: 'document.issue', entityType: 'hearing', entityId: hearing.id, regionPath, after: { documentId: row.id, kind, number: row.number, recipient: row.recipientRef, sha256: row.sha256 } })
      return summary
    })
  }

  return {
    /** Documents issued on a matter's stage, before or without a hearing (听证权利告知书): see notices.matter.service.ts. */
    ...createMatterNotices({ db, clock }),

    effectiveSettings (actor: Actor, regionId: number) {
      return documentSettingsOf(db, requireRegion(db, actor, regionId))
    },

    setSettings (actor: Actor, regionId: number, input: DocumentSettingsInput) {
      cleanViewModel(input)
      formatDocumentNumber({ prefix: input.numberPrefix, year: 2026, serial: 1 })
      return writeTransaction(db, (tx) => saveDocumentSettings(tx, { actor, region: requireRegion(tx, actor, regionId), input, now: clock.now() }))
    },

    /**
     * Issues one document: builds the view-model with the next serial, renders it outside any transaction, then
     * stores it, the serial and the audit row in one IMMEDIATE transaction if the serial is still the next one
     * (another issue may have taken it meanwhile: then it is built again with the following serial).
     */
    async issue (actor: Actor, hearingId: number, input: IssueInput) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const planned = plan(actor, hearingId, input)
        const rendered = await renderDocument(RENDER_KINDS[input.kind], planned.viewModel as never, { now: clock.now() })
        const stored = store(actor, planned, input.kind, rendered)
        if (stored) return stored
      }
      throw serialContention({ hearingId })
    },

    list (actor: Actor, hearingId: number) {
      hearings.requireHearing(db, actor, hearingId)
      const documents = repo.documentsOf(db, hearingId)
      const services = repo.servicesOf(db, documents.map((d) => d.id))
      return documents.map((d) => ({ ...d, services: services.filter((s) => s.documentId === d.id) }))
    },

    /** The stored PDF, only while it still matches the SHA-256 and size recorded at issue (else documents.integrity_failed). */
    download (actor: Actor, hearingId: number, documentId: number) {
      hearings.requireHearing(db, actor, hearingId)
      const doc = repo.findDocument(db, hearingId, documentId)
      if (!doc) throw documentNotFound({ documentId })
      requireIntactPdf({ sha256: doc.sha256, byteSize: doc.byteSize, bytes: doc.pdf }, documentVerificationPath(hearingId, documentId))
      return doc
    },

    /** Recomputes the SHA-256 of the stored bytes and says whether they are still what was issued. */
    verify (actor: Actor, hearingId: number, documentId: number) {
      hearings.requireHearing(db, actor, hearingId)
      const doc = repo.findDocument(db, hearingId, documentId)
      if (!doc) throw documentNotFound({ documentId })
      const { check, issues } = checkStoredPdf({ sha256: doc.sha256, byteSize: doc.byteSize, bytes: doc.pdf })
      return { documentId: doc.id, hearingId, kind: doc.kind, number: doc.number, title: doc.title, issuedAt: doc.issuedAt, checkedAt: clock.now(), intact: check.intact, pdf: check, issues }
    },

    recordService (actor: Actor, hearingId: number, documentId: number, input: { method: DocumentServiceMethod, servedOn: string, signedBy: string, note?: string | undefined }) {
      cleanViewModel(input)
      return writeTransaction(db, (tx) => {
        const { regionPath } = hearings.requireHearing(tx, actor, hearingId)
        const doc = repo.findDocument(tx, hearingId, documentId)
        if (!doc) throw documentNotFound({ documentId })
        const today = shanghaiDay(clock.now())
        if (input.servedOn < shanghaiDay(doc.issuedAt) || input.servedOn > today) throw invalidServedOn({ servedOn: input.servedOn, issuedOn: shanghaiDay(doc.issuedAt), today })
        const row = repo.insertService(tx, {
          documentId,
          method: input.method,
          servedOn: input.servedOn,
          signedBy: input.signedBy,
          note: input.note ?? null,
          recordedByUserId: actor.userId,
          recordedByName: actor.displayName,
          createdAt: clock.now()
        })
        recordAudit(tx, { actor, at: clock.now(), action: 'document.service', entityType: 'hearing', entityId: hearingId, regionPath, after: { documentId, method: row.method, servedOn: row.servedOn } })
        return row
      })
    }
  }
}

function shanghaiDay (date: Date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
}
