import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm'
import {
  hearingParticipantsTable, hearingRecordsTable, hearingsTable, matterStagesTable, mattersTable, membersTable, regionsTable, venuesTable,
  type ConclusionType, type MatterStage
} from '../../../db/schema/index.js'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

export type HearingRow = {
  id: number
  matterId: number
  matterNumber: string
  matterTitle: string
  regionPath: string
  procedure: 'simple' | 'general'
  startsAt: Date
  endsAt: Date
  venueName: string
  venueAddress: string
  hostName: string
  recorderMemberId: number
  isPublic: boolean
  provincialEnteredOn: string | null
  provincialEntryRef: string | null
}

/** Concluded hearings that started in [fromMs, toMs), inside `scopePath`, by start time. */
export function concludedHearings (db: DbOrTx, { fromMs, toMs, scopePath }: { fromMs: number, toMs: number, scopePath: string | null }): HearingRow[] {
  const host = membersTable
  return db.select({
    id: hearingsTable.id,
    matterId: hearingsTable.matterId,
    matterNumber: mattersTable.number,
    matterTitle: mattersTable.title,
    regionPath: regionsTable.path,
    procedure: hearingsTable.procedure,
    startsAt: hearingsTable.startsAt,
    endsAt: hearingsTable.endsAt,
    venueName: venuesTable.name,
    venueAddress: venuesTable.address,
    hostName: host.name,
    recorderMemberId: hearingsTable.recorderMemberId,
    isPublic: hearingsTable.isPublic,
    provincialEnteredOn: hearingsTable.provincialEnteredOn,
    provincialEntryRef: hearingsTable.provincialEntryRef
  }).from(hearingsTable)
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .innerJoin(host, eq(host.id, hearingsTable.hostMemberId))
    .where(and(
      eq(hearingsTable.status, 'concluded'),
      gte(hearingsTable.startsAt, new Date(fromMs)),
      lt(hearingsTable.startsAt, new Date(toMs)),
      inSubtree(regionsTable.path, scopePath)
    ))
    .orderBy(asc(hearingsTable.startsAt), asc(hearingsTable.id)).all()
}

/** Names of pool members by id. */
export function memberNames (db: DbOrTx, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  return new Map(db.select({ id: membersTable.id, name: membersTable.name }).from(membersTable).where(inArray(membersTable.id, [...ids])).all().map((r) => [r.id, r.name]))
}

/** The active officers of each hearing, in seat order (rank, then id), by name. */
export function officersOf (db: DbOrTx, hearingIds: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>()
  if (hearingIds.length === 0) return out
  const rows = db.select({ hearingId: hearingParticipantsTable.hearingId, name: hearingParticipantsTable.name, memberName: membersTable.name })
    .from(hearingParticipantsTable).leftJoin(membersTable, eq(membersTable.id, hearingParticipantsTable.memberId))
    .where(and(inArray(hearingParticipantsTable.hearingId, [...hearingIds]), eq(hearingParticipantsTable.kind, 'officer'), eq(hearingParticipantsTable.active, true)))
    .orderBy(asc(hearingParticipantsTable.hearingId), asc(hearingParticipantsTable.rank), asc(hearingParticipantsTable.id)).all()
  for (const r of rows) {
    const list = out.get(r.hearingId) ?? []
    list.push(r.memberName ?? r.name ?? '')
    out.set(r.hearingId, list)
  }
  return out
}

export type StageRow = { matterId: number, stage: MatterStage, acceptedOn: string, conclusionType: ConclusionType | null, petitionerCeased: boolean | null }

/** Every stage of the matters, by matter and acceptance date. */
export function stagesOf (db: DbOrTx, matterIds: readonly number[]): StageRow[] {
  if (matterIds.length === 0) return []
  return db.select({
    matterId: matterStagesTable.matterId,
    stage: matterStagesTable.stage,
    acceptedOn: matterStagesTable.acceptedOn,
    conclusionType: matterStagesTable.conclusionType,
    petitionerCeased: matterStagesTable.petitionerCeased
  }).from(matterStagesTable).where(inArray(matterStagesTable.matterId, [...matterIds]))
    .orderBy(asc(matterStagesTable.matterId), asc(matterStagesTable.acceptedOn), asc(matterStagesTable.id)).all()
}

export type DeliberationRow = { result: 'adopted' | 'rejected' | 'no_majority' | null, conclusion: string | null }

/** The latest final deliberation record of each hearing: its outcome and conclusion. */
export function finalDeliberations (db: DbOrTx, hearingIds: readonly number[]): Map<number, DeliberationRow> {
  const out = new Map<number, DeliberationRow>()
  if (hearingIds.length === 0) return out
  const rows = db.select({ hearingId: hearingRecordsTable.hearingId, content: hearingRecordsTable.content })
    .from(hearingRecordsTable)
    .where(and(inArray(hearingRecordsTable.hearingId, [...hearingIds]), eq(hearingRecordsTable.kind, 'deliberation'), eq(hearingRecordsTable.status, 'final')))
    .orderBy(asc(hearingRecordsTable.hearingId), desc(hearingRecordsTable.version)).all()
  for (const r of rows) {
    if (out.has(r.hearingId)) continue
    const outcome = r.content.outcome as { result?: unknown } | undefined
    const result = outcome?.result === 'adopted' || outcome?.result === 'rejected' || outcome?.result === 'no_majority' ? outcome.result : null
    const conclusion = typeof r.content.conclusion === 'string' && r.content.conclusion !== '' ? r.content.conclusion : null
    out.set(r.hearingId, { result, conclusion })
  }
  return out
}

/** Names and levels of the regions on the given paths (`/1/4/17/`). */
export function regionsOnPaths (db: DbOrTx, paths: readonly string[]): Map<number, { name: string, level: string }> {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))]
  if (ids.length === 0) return new Map()
  return new Map(db.select({ id: regionsTable.id, name: regionsTable.name, level: regionsTable.level }).from(regionsTable).where(inArray(regionsTable.id, ids)).all()
    .map((r) => [r.id, { name: r.name, level: r.level }]))
}
