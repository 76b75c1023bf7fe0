/*
 * A hearing's dossier: everything its documents print (matter, parties, venue, panel with units), and the document
 * settings of a region (出具机关, contact, 文号 prefix). Read by notices and minutes alike, inside the caller's db or
 * transaction.
 */
import type { DbOrTx } from '../../../db/client.js'
import type { Hearing } from '../../../db/schema/index.js'
import type { Actor } from '../../common/actor.js'
import { versionConflict } from '../../errors.js'
import { recordAudit } from '../audit/audit.recorder.js'
import type { Issuer } from '../documents/documents.view-models.js'
import { drawsOfHearing, participantsOfHearing } from '../hearings/hearings.lookup.service.js'
import * as repo from './dossier.repository.js'

/** Everything about a hearing the documents print: matter, parties, venue, panel with units. */
export function hearingDocumentRows (db: DbOrTx, hearing: Hearing) {
  const matterRows = repo.hearingMatterRows(db, hearing)
  const participants = participantsOfHearing(db, hearing.id)
  const draws = drawsOfHearing(db, hearing.id)
  const memberIds = [...new Set([hearing.hostMemberId, hearing.recorderMemberId, ...participants.map((p) => p.memberId).filter((m): m is number => m !== null)])]
  const members = repo.membersByIds(db, memberIds)
  return { ...matterRows, participants, draws, members }
}
export type HearingDocumentRows = ReturnType<typeof hearingDocumentRows>

/** Name, title and employer of members, by id (no phone or ID number: documents never need them). */
export function documentMembersByIds (db: DbOrTx, ids: readonly number[]) {
  return repo.membersByIds(db, ids)
}

export type DocumentSettingsInput = { issuerName: string, contactPerson: string, contactPhone: string, address?: string | null | undefined, numberPrefix: string, version?: number | undefined }

/** The region's own settings, else the nearest ancestor's, else defaults named after the city. */
export function effectiveDocumentSettings (db: DbOrTx, regionPath: string) {
  const nearest = repo.settingsAlongPath(db, regionPath)[0]
  if (nearest) {
    const s = nearest.settings
    return { issuerName: s.issuerName, contactPerson: s.contactPerson, contactPhone: s.contactPhone, address: s.address, numberPrefix: s.numberPrefix, sourceRegionId: s.regionId, isDefault: false }
  }
  const city = repo.rootRegionName(db, regionPath)
  const short = city.replace(/(市|县|区|自治州|地区|盟)$/u, '').slice(0, 1) || '信'
  return { issuerName: `${city}信访局`, contactPerson: '信访局听证办公室', contactPhone: '12345', address: null, numberPrefix: `${short}信听`, sourceRegionId: null, isDefault: true }
}

export function issuerOf (settings: ReturnType<typeof effectiveDocumentSettings>): Issuer {
  return settings.address
    ? { name: settings.issuerName, contactPerson: settings.contactPerson, contactPhone: settings.contactPhone, address: settings.address }
    : { name: settings.issuerName, contactPerson: settings.contactPerson, contactPhone: settings.contactPhone }
}

/** The region's own settings (null when it has none) and the ones in effect for it. */
export function documentSettingsOf (db: DbOrTx, region: { id: number, path: string }) {
  return { regionId: region.id, own: repo.findSettings(db, region.id) ?? null, effective: effectiveDocumentSettings(db, region.path) }
}

/** Writes the region's own settings (version-checked when given) with the audit row, inside the caller's transaction. */
export function saveDocumentSettings (tx: DbOrTx, { actor, region, input, now }: { actor: Actor, region: { id: number, path: string }, input: DocumentSettingsInput, now: Date }) {
  const regionId = region.id
  const before = repo.findSettings(tx, regionId)
  if (before && input.version !== undefined && input.version !== before.version) throw versionConflict({ currentVersion: before.version })
  const values = { issuerName: input.issuerName, contactPerson: input.contactPerson, contactPhone: input.contactPhone, address: input.address ?? null, numberPrefix: input.numberPrefix }
  const after = before
    ? repo.updateSettings(tx, regionId, { ...values, version: before.version + 1 }, now)
    : repo.insertSettings(tx, regionId, values, now)
  recordAudit(tx, { actor, at: now, action: 'region.document_settings', entityType: 'region', entityId: regionId, regionPath: region.path, before: before ?? null, after })
  return { regionId, own: after, effective: effectiveDocumentSettings(tx, region.path) }
}

/**
 * The serial the next document numbered under `prefix` in `year` would get (文号 N). Documents are rendered outside
 * the write transaction, so the number is taken first and claimed inside it with `claimDocumentSerial`.
 */
export function nextDocumentSerial (db: DbOrTx, prefix: string, year: number) {
  return repo.lastSerial(db, prefix, year) + 1
}

/** Claims `serial` inside the write transaction; false when another document took it meanwhile (render again). */
export function claimDocumentSerial (tx: DbOrTx, { prefix, year, serial }: { prefix: string, year: number, serial: number }) {
  if (repo.lastSerial(tx, prefix, year) !== serial - 1) return false
  repo.storeSerial(tx, prefix, year, serial)
  return true
}
