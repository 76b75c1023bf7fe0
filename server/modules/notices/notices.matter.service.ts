/*
 * Documents issued on a matter's stage rather than on a hearing: the 听证权利告知书 tells the petitioner of the right to
 * ask for a hearing, so it is issued before any hearing exists. Same flow as a hearing's documents: the next 文号 of
 * the region's prefix (one sequence with hearing documents), rendered outside the transaction, stored with the exact
 * PDF bytes and their SHA-256 in one IMMEDIATE transaction together with the serial, the stage's rights-notice date
 * and the audit row; served only while the bytes still match.
 */
import type { Db, DbOrTx } from '../../../db/client.js'
import { writeTransaction } from '../../../db/client.js'
import type { MatterStage } from '../../../db/schema/index.js'
import type { Clock } from '../../common/clock.js'
import type { Actor } from '../../common/actor.js'
import { recordAudit } from '../audit/audit.recorder.js'
import { renderDocument } from '../documents/documents.render.js'
import { formatDocumentNumber } from '../documents/documents.format.js'
import { checkStoredPdf, requireIntactPdf } from '../documents/documents.integrity.js'
import type { DocumentNumber } from '../documents/documents.view-models.js'
import { shanghaiDateOf } from '../../common/dates.js'
import { effectiveRulesetForPath } from '../rulesets/rulesets.service.js'
import { requireMatter } from '../matters/matters.service.js'
import { recordRightsNoticeIssuedWith } from '../matters/matters.hearing-events.service.js'
import { STAGE_NAMES, matterHearability, openStageOf } from '../matters/matters.rules.js'
import { stagesOfMatters } from '../matters/matters.lookup.service.js'
import { rightsNoticeNotApplicable, stageDecided, stageNotFound } from '../matters/matters.errors.js'
import * as repo from './notices.repository.js'
import * as vm from './notices.view-models.js'
import { documentNotFound, serialContention } from './notices.errors.js'
import { claimDocumentSerial, effectiveDocumentSettings, issuerOf, nextDocumentSerial } from '../dossier/dossier.service.js'

export const matterDocumentVerificationPath = (matterId: number, documentId: number) => `/api/v1/matters/${matterId}/documents/${documentId}/verification`

function petitionerRecipient (matter: { groupName: string | null }, petitioners: readonly { id: number, name: string }[]) {
  return { ref: `petitioner:${petitioners[0]?.id ?? 0}`, name: petitioners.map((p) => p.name).join('、') || matter.groupName || '信访人' }
}

/**
 * Notes a 听证权利告知书 issued on one of the matter's hearings on the matter's latest stage (the stage the notice
 * names), inside the issuing transaction, so the stage counts as notified from that day.
 */
export function noteHearingRightsNotice (tx: DbOrTx, { matterId, documentNumber, actor, at }: { matterId: number, documentNumber: string | null, actor: Actor, at: Date }) {
  const stages = stagesOfMatters(tx, [matterId])
  const stage = openStageOf(stages) ?? stages.at(-1)
  if (!stage) return null
  return recordRightsNoticeIssuedWith(tx, { stageId: stage.id, issuedOn: shanghaiDateOf(at), documentNumber: documentNumber ?? '', actor }, { at })
}

export function createMatterNotices ({ db, clock }: { db: Db, clock: Clock }) {
  /** The view-model with the next serial (read-only); refused for a decided stage or a matter not heard at this stage. */
  function plan (actor: Actor, matterId: number, stageName: MatterStage) {
    const matter = requireMatter(db, actor, matterId)
    const stages = stagesOfMatters(db, [matter.id])
    const stage = stages.find((s) => s.stage === stageName)
    if (!stage) throw stageNotFound({ stage: stageName }, `该信访事项没有${STAGE_NAMES[stageName]}阶段`)
    if (stage.decidedOn !== null) throw stageDecided({ stage: stageName }, `${STAGE_NAMES[stageName]}阶段已于 ${stage.decidedOn} 作出处理意见，不再告知听证权利`)
    const ruleset = effectiveRulesetForPath(db, matter.regionPath).config
    const hearability = matterHearability({ ...matter, stages }, { privacy: ruleset.privacy, hearingStages: ruleset.hearingStages })
    if (!hearability.hearable) throw rightsNoticeNotApplicable({ reasons: hearability.reasons }, hearability.reasons.map((r) => r.message).join('；'))
    const petitioners = repo.petitionersOfMatter(db, matter.id)
    const settings = effectiveDocumentSettings(db, matter.regionPath)
    const issuedAt = clock.now()
    const year = Number(shanghaiDateOf(issuedAt).slice(0, 4))
    const number: DocumentNumber = { prefix: settings.numberPrefix, year, serial: nextDocumentSerial(db, settings.numberPrefix, year) }
    const viewModel = vm.stageRightsNotice({ matter, petitioners, stage, issuer: issuerOf(settings), number, issuedAt })
    return { matter, stage, number, viewModel, recipient: petitionerRecipient(matter, petitioners) }
  }

  function store (actor: Actor, planned: ReturnType<typeof plan>, rendered: { bytes: Buffer, sha256: string, pageCount: number, title: string }) {
    return writeTransaction(db, (tx) => {
      const matter = requireMatter(tx, actor, planned.matter.id)
      const stage = stagesOfMatters(tx, [matter.id]).find((s) => s.id === planned.stage.id)
      if (!stage) throw stageNotFound({ stage: planned.stage.stage })
      if (stage.decidedOn !== null) throw stageDecided({ stage: stage.stage }, `${STAGE_NAMES[stage.stage]}阶段已于 ${stage.decidedOn} 作出处理意见，不再告知听证权利`)
      const { number } = planned
      if (!claimDocumentSerial(tx, number)) return null
      const at = clock.now()
      const formatted = formatDocumentNumber(number)
      const row = repo.insertMatterDocument(tx, {
        matterId: matter.id,
        stageId: stage.id,
        kind: 'rights_notice',
        number: formatted,
        numberPrefix: number.prefix,
        numberYear: number.year,
        numberSerial: number.serial,
        title: rendered.title,
        recipientRef: planned.recipient.ref,
        recipientName: planned.recipient.name,
        issuedAt: at,
        issuedByUserId: actor.userId,
        issuedByName: actor.displayName,
        sha256: rendered.sha256,
        pageCount: rendered.pageCount,
        byteSize: rendered.bytes.length,
        pdf: rendered.bytes
      })
      recordRightsNoticeIssuedWith(tx, { stageId: stage.id, issuedOn: shanghaiDateOf(at), documentNumber: formatted, actor }, { at })
      recordAudit(tx, {
        actor,
        at,
        action: 'document.issue',
        entityType: 'matter',
        entityId: matter.id,
        regionPath: matter.regionPath,
        after: { documentId: row.id, kind: row.kind, stage: stage.stage, number: row.number, recipient: row.recipientRef, sha256: row.sha256 }
      })
      const { pdf: _pdf, numberPrefix: _p, numberYear: _y, numberSerial: _s, issuedByUserId: _u, ...summary } = row
      return { ...summary, stage: stage.stage }
    })
  }

  function requireDocument (actor: Actor, matterId: number, documentId: number) {
    requireMatter(db, actor, matterId)
    const found = repo.findMatterDocument(db, matterId, documentId)
    if (!found) throw documentNotFound({ documentId })
    return found
  }

  return {
    /**
     * Issues the 听证权利告知书 of a matter's stage (the stage must still be open): next 文号, PDF, SHA-256, and the
     * stage notes the day, so a later answer counts as given after notice. Retries with the following serial when
     * another issue took this one meanwhile.
     */
    async issueStageRightsNotice (actor: Actor, matterId: number, stage: MatterStage) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const planned = plan(actor, matterId, stage)
        const rendered = await renderDocument('rights-notice', planned.viewModel, { now: clock.now() })
        const stored = store(actor, planned, rendered)
        if (stored) return stored
      }
      throw serialContention({ matterId })
    },

    listMatterDocuments (actor: Actor, matterId: number) {
      requireMatter(db, actor, matterId)
      return repo.matterDocumentsOf(db, matterId)
    },

    /** The stored PDF, only while it still matches the SHA-256 and size recorded at issue (else documents.integrity_failed). */
    downloadMatterDocument (actor: Actor, matterId: number, documentId: number) {
      const { document } = requireDocument(actor, matterId, documentId)
      requireIntactPdf({ sha256: document.sha256, byteSize: document.byteSize, bytes: document.pdf }, matterDocumentVerificationPath(matterId, documentId))
      return document
    },

    verifyMatterDocument (actor: Actor, matterId: number, documentId: number) {
      const { document: doc, stage } = requireDocument(actor, matterId, documentId)
      const { check, issues } = checkStoredPdf({ sha256: doc.sha256, byteSize: doc.byteSize, bytes: doc.pdf })
      return { documentId: doc.id, matterId, stage, kind: doc.kind, number: doc.number, title: doc.title, issuedAt: doc.issuedAt, checkedAt: clock.now(), intact: check.intact, pdf: check, issues }
    }
  }
}
