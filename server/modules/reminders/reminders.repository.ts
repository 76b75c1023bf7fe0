import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import {
  reminderSettingsTable, reminderRunsTable, reminderDeliveriesTable, reminderNotifiersTable, reminderNotifierMessagesTable,
  hearingsTable, hearingParticipantsTable, hearingRecordsTable, mattersTable, matterStagesTable, membersTable, regionsTable, usersTable, venuesTable,
  caseAssignmentsTable, caseTeamMembersTable, outboxMessagesTable,
  type ReminderRunTrigger, type ReminderKind
} from '../../../db/schema/index.js'
import type { HearingStatus } from '../../../db/schema/enums.js'
import type Database from 'better-sqlite3'
import type { DbOrTx } from '../../../db/client.js'
import { inSubtree } from '../../../db/scope.js'

// All the reminders module's SQL. The scan reads other modules' tables here, read-only, one query per kind
// (plus the people of the hearings found): the layout lets a repository read any table, and the scan runs over a
// whole installation, where going through each module's per-record lookups would cost a query per row.

// --- settings --------------------------------------------------------------------------------------------------------

const SETTINGS_ID = 1

export function findSettings (db: DbOrTx) {
  return db.select().from(reminderSettingsTable).where(eq(reminderSettingsTable.id, SETTINGS_ID)).get()
}

export function saveSettings (db: DbOrTx, values: Omit<typeof reminderSettingsTable.$inferInsert, 'id'>) {
  return db.insert(reminderSettingsTable).values({ id: SETTINGS_ID, ...values })
    .onConflictDoUpdate({ target: reminderSettingsTable.id, set: values }).returning().get()
}

// --- runs ------------------------------------------------------------------------------------------------------------

const runs = reminderRunsTable

/** Claims a daily run of `date`: the new row, or undefined when that date's run is already on record. */
export function claimDailyRun (db: DbOrTx, { date, trigger, at, startedBy }: { date: string, trigger: ReminderRunTrigger, at: Date, startedBy: string }) {
  return db.insert(runs).values({ scheduledFor: date, dailyKey: date, trigger, status: 'running', startedAt: at, startedBy })
    .onConflictDoNothing().returning().get()
}

export function findDailyRun (db: DbOrTx, date: string) {
  return db.select().from(runs).where(eq(runs.dailyKey, date)).get()
}

/** Takes over a daily run whose process died while running (still `running`, started before `staleBefore`). */
export function takeOverStaleRun (db: DbOrTx, { id, staleBefore, at, trigger, startedBy }: { id: number, staleBefore: Date, at: Date, trigger: ReminderRunTrigger, startedBy: string }) {
  return db.update(runs).set({ startedAt: at, trigger, startedBy, error: null })
    .where(and(eq(runs.id, id), eq(runs.status, 'running'), lt(runs.startedAt, staleBefore))).returning().get()
}

export function insertManualRun (db: DbOrTx, { date, at, startedBy }: { date: string, at: Date, startedBy: string }) {
  return db.insert(runs).values({ scheduledFor: date, dailyKey: null, trigger: 'manual', status: 'running', startedAt: at, startedBy }).returning().get()
}

export function finishRun (db: DbOrTx, id: number, values: { status: 'finished' | 'failed', finishedAt: Date, counts?: Record<string, unknown> | null, error?: string | null, dailyKey?: null }) {
  return db.update(runs).set(values).where(eq(runs.id, id)).returning().get()
}

export function listRuns (db: DbOrTx, limit: number) {
  return db.select().from(runs).orderBy(desc(runs.startedAt), desc(runs.id)).limit(limit).all()
}

// --- deliveries ------------------------------------------------------------------------------------------------------

const deliveries = reminderDeliveriesTable

export type DeliveryRow = Omit<typeof deliveries.$inferInsert, 'id' | 'outboxId'> & { createdAt: Date }

/**
 * Records reminders unless recorded before (the unique key on kind, subject, due date and recipient); returns the
 * ids of the new rows, in the order given (undefined where the reminder was on record). One prepared statement on
 * the connection (inside the caller's transaction): a scan over a large installation writes tens of thousands.
 */
export function insertDeliveriesIfNew (client: Database.Database, rows: readonly DeliveryRow[]): (number | undefined)[] {
  const insert = client.prepare<unknown[], { id: number }>(`insert into reminder_deliveries
    (run_id, kind, subject_id, due_on, recipient_key, recipient_name, channel, status, region_path, created_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`)
  return rows.map((r) => insert.get(r.runId, r.kind, r.subjectId, r.dueOn, r.recipientKey, r.recipientName ?? null, r.channel, r.status, r.regionPath, r.createdAt.getTime())?.id)
}

/** Links the run's mail deliveries to the run's mail to each person (found by the dedupe key, see mailKey). */
export function linkOutbox (db: DbOrTx, runId: number) {
  const key = sql`'reminder:' || ${deliveries.runId} || ':' || ${deliveries.recipientKey}`
  db.update(deliveries).set({ outboxId: sql`(select ${outboxMessagesTable.id} from ${outboxMessagesTable} where ${outboxMessagesTable.dedupeKey} = ${key})` })
    .where(and(eq(deliveries.runId, runId), eq(deliveries.channel, 'mail'), eq(deliveries.status, 'queued'))).run()
}

export function listDeliveries (db: DbOrTx, { scopePath, runId, kind, limit, offset }: { scopePath: string | null, runId?: number | undefined, kind?: ReminderKind | undefined, limit: number, offset: number }) {
  const where = and(inSubtree(deliveries.regionPath, scopePath), runId !== undefined ? eq(deliveries.runId, runId) : undefined, kind !== undefined ? eq(deliveries.kind, kind) : undefined)
  const items = db.select().from(deliveries).where(where).orderBy(desc(deliveries.createdAt), desc(deliveries.id)).limit(limit).offset(offset).all()
  const total = db.select({ n: sql<number>`count(*)` }).from(deliveries).where(where).get()!.n
  return { items, total }
}

// --- notifiers -------------------------------------------------------------------------------------------------------

const notifiers = reminderNotifiersTable
const messages = reminderNotifierMessagesTable

export function listNotifiers (db: DbOrTx, { enabledOnly = false } = {}) {
  return db.select().from(notifiers).where(enabledOnly ? eq(notifiers.enabled, true) : undefined).orderBy(asc(notifiers.id)).all()
}

export function findNotifier (db: DbOrTx, id: number) {
  return db.select().from(notifiers).where(eq(notifiers.id, id)).get()
}

export function insertNotifier (db: DbOrTx, values: typeof notifiers.$inferInsert) {
  return db.insert(notifiers).values(values).returning().get()
}

export function updateNotifier (db: DbOrTx, id: number, values: Partial<typeof notifiers.$inferInsert>) {
  return db.update(notifiers).set(values).where(eq(notifiers.id, id)).returning().get()
}

export function deleteNotifier (db: DbOrTx, id: number) {
  db.delete(notifiers).where(eq(notifiers.id, id)).run()
}

/** Queues a digest for a notifier; one per notifier and run (a test message has no run). */
export function insertMessageIfNew (db: DbOrTx, values: typeof messages.$inferInsert) {
  return db.insert(messages).values(values).onConflictDoNothing().returning().get()
}

export function findMessage (db: DbOrTx, id: number) {
  return db.select().from(messages).where(eq(messages.id, id)).get()
}

/** Claims due messages (queued and due, or `sending` whose lease lapsed: the process died), oldest first. */
export function claimDueMessages (db: DbOrTx, { now, lockedUntil, limit, onlyId }: { now: Date, lockedUntil: Date, limit: number, onlyId?: number | undefined }) {
  const due = or(and(eq(messages.status, 'queued'), lte(messages.nextAttemptAt, now)), and(eq(messages.status, 'sending'), lte(messages.lockedUntil, now)))
  const ids = db.select({ id: messages.id }).from(messages).where(and(due, onlyId !== undefined ? eq(messages.id, onlyId) : undefined))
    .orderBy(asc(messages.nextAttemptAt), asc(messages.id)).limit(limit).all().map((r) => r.id)
  if (ids.length === 0) return []
  return db.update(messages).set({ status: 'sending', lockedUntil, attempts: sql`${messages.attempts} + 1`, updatedAt: now })
    .where(inArray(messages.id, ids)).returning().all()
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)
}

export function markMessage (db: DbOrTx, id: number, values: Partial<typeof messages.$inferInsert>) {
  db.update(messages).set(values).where(eq(messages.id, id)).run()
}

export function messagesOfNotifier (db: DbOrTx, notifierId: number, limit = 20) {
  return db.select().from(messages).where(eq(messages.notifierId, notifierId)).orderBy(desc(messages.id)).limit(limit).all()
}

// --- the scan's reads of other modules' tables ---------------------------------------------------------------------

const host = alias(membersTable, 'host')
const recorder = alias(membersTable, 'recorder')

const hearingColumns = {
  id: hearingsTable.id,
  startsAt: hearingsTable.startsAt,
  status: hearingsTable.status,
  matterNumber: mattersTable.number,
  regionPath: regionsTable.path,
  venueName: venuesTable.name,
  hostId: host.id,
  hostName: host.name,
  hostEmail: host.email,
  recorderId: recorder.id,
  recorderName: recorder.name,
  recorderEmail: recorder.email
}

function hearingsWhere (db: DbOrTx, where: SQL | undefined) {
  return db.select(hearingColumns).from(hearingsTable)
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .innerJoin(host, eq(host.id, hearingsTable.hostMemberId))
    .innerJoin(recorder, eq(recorder.id, hearingsTable.recorderMemberId))
    .where(where)
}

/** Hearings going ahead (`statuses`) that start in [from, to), through the hearings' time index. */
export function hearingsStartingBetween (db: DbOrTx, { from, to, statuses }: { from: number, to: number, statuses: readonly HearingStatus[] }) {
  return hearingsWhere(db, and(gte(hearingsTable.startsAt, new Date(from)), lt(hearingsTable.startsAt, new Date(to)), inArray(hearingsTable.status, [...statuses])))
    .orderBy(asc(hearingsTable.startsAt), asc(hearingsTable.id)).all()
}

/** Hearings that took place (`statuses`) in [from, to) and whether their minutes have a final version. */
export function hearingsWithMinutesState (db: DbOrTx, { from, to, statuses }: { from: number, to: number, statuses: readonly HearingStatus[] }) {
  const final = sql<number>`exists (select 1 from ${hearingRecordsTable} where ${hearingRecordsTable.hearingId} = ${hearingsTable.id} and ${hearingRecordsTable.kind} = 'minutes' and ${hearingRecordsTable.status} = 'final')`
  return db.select({ ...hearingColumns, minutesFinal: final }).from(hearingsTable)
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .innerJoin(venuesTable, eq(venuesTable.id, hearingsTable.venueId))
    .innerJoin(host, eq(host.id, hearingsTable.hostMemberId))
    .innerJoin(recorder, eq(recorder.id, hearingsTable.recorderMemberId))
    .where(and(gte(hearingsTable.startsAt, new Date(from)), lt(hearingsTable.startsAt, new Date(to)), inArray(hearingsTable.status, [...statuses])))
    .orderBy(asc(hearingsTable.startsAt), asc(hearingsTable.id)).all()
    .map((r) => ({ ...r, minutesFinal: Boolean(r.minutesFinal) }))
}

/**
 * Scheduled hearings without a served notice starting in [from, to), with their ruleset's fingerprint and creator
 * (the snapshots, a few kilobytes each, are read once per fingerprint: rulesetSnapshots).
 */
export function unnotifiedHearings (db: DbOrTx, { from, to }: { from: number, to: number }) {
  return db.select({
    id: hearingsTable.id,
    startsAt: hearingsTable.startsAt,
    status: hearingsTable.status,
    noticeServedOn: hearingsTable.noticeServedOn,
    procedure: hearingsTable.procedure,
    rulesetFingerprint: hearingsTable.rulesetFingerprint,
    createdByUserId: hearingsTable.createdByUserId,
    matterNumber: mattersTable.number,
    regionPath: regionsTable.path
  }).from(hearingsTable)
    .innerJoin(mattersTable, eq(mattersTable.id, hearingsTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, hearingsTable.regionId))
    .where(and(gte(hearingsTable.startsAt, new Date(from)), lt(hearingsTable.startsAt, new Date(to)), eq(hearingsTable.status, 'scheduled'), isNull(hearingsTable.noticeServedOn)))
    .orderBy(asc(hearingsTable.startsAt), asc(hearingsTable.id)).all()
}

/** One stored ruleset snapshot per fingerprint (hearings scheduled under the same resolved ruleset share it). */
export function rulesetSnapshots (db: DbOrTx, fingerprints: readonly string[]) {
  const out = new Map<string, unknown>()
  for (const fingerprint of fingerprints) {
    const row = db.select({ ruleset: hearingsTable.ruleset }).from(hearingsTable).where(eq(hearingsTable.rulesetFingerprint, fingerprint)).limit(1).get()
    if (row) out.set(fingerprint, row.ruleset)
  }
  return out
}

/** Active officers and third parties of the hearings, with their mailbox (the participant's own, else the member's). */
export function seatedParticipants (db: DbOrTx, hearingIds: readonly number[]) {
  if (hearingIds.length === 0) return []
  const out: { hearingId: number, participantId: number, kind: string, memberId: number | null, name: string | null, email: string | null }[] = []
  for (let i = 0; i < hearingIds.length; i += 500) {
    const chunk = hearingIds.slice(i, i + 500)
    out.push(...db.select({
      hearingId: hearingParticipantsTable.hearingId,
      participantId: hearingParticipantsTable.id,
      kind: hearingParticipantsTable.kind,
      memberId: hearingParticipantsTable.memberId,
      name: sql<string | null>`coalesce(${membersTable.name}, ${hearingParticipantsTable.name})`,
      email: sql<string | null>`coalesce(nullif(${hearingParticipantsTable.email}, ''), ${membersTable.email})`
    }).from(hearingParticipantsTable)
      .leftJoin(membersTable, eq(membersTable.id, hearingParticipantsTable.memberId))
      .where(and(inArray(hearingParticipantsTable.hearingId, chunk), eq(hearingParticipantsTable.active, true), inArray(hearingParticipantsTable.kind, ['officer', 'third_party'])))
      .orderBy(asc(hearingParticipantsTable.hearingId), asc(hearingParticipantsTable.kind), asc(hearingParticipantsTable.rank), asc(hearingParticipantsTable.id)).all())
  }
  return out
}

/** Appointed members (active or suspended) whose term ends between the two dates, with their home region. */
export function termsEndingBetween (db: DbOrTx, { from, to }: { from: string, to: string }) {
  return db.select({ id: membersTable.id, name: membersTable.name, status: membersTable.status, termEnd: membersTable.termEnd, regionPath: regionsTable.path })
    .from(membersTable).innerJoin(regionsTable, eq(regionsTable.id, membersTable.homeRegionId))
    .where(and(inArray(membersTable.status, ['active', 'suspended']), gte(membersTable.termEnd, from), lte(membersTable.termEnd, to)))
    .orderBy(asc(membersTable.termEnd), asc(membersTable.id)).all()
}

const handler = alias(caseTeamMembersTable, 'handler')
const handlerUser = alias(usersTable, 'handler_user')
const handlerMember = alias(membersTable, 'handler_member')

/**
 * Open stages due between the two dates, with the matter and its current handler (承办人, from the case
 * assignment) and the handler's team: the handler's mailbox is the pool member's the team entry or account names.
 */
export function openStagesDueBetween (db: DbOrTx, { from, to }: { from: string, to: string }) {
  return db.select({
    id: matterStagesTable.id,
    matterId: matterStagesTable.matterId,
    stage: matterStagesTable.stage,
    dueOn: matterStagesTable.dueOn,
    decidedOn: matterStagesTable.decidedOn,
    matterNumber: mattersTable.number,
    regionPath: regionsTable.path,
    teamId: caseAssignmentsTable.teamId,
    handlerEntryId: handler.id,
    handlerName: handler.name,
    handlerUserId: handler.userId,
    handlerEmail: handlerMember.email
  }).from(matterStagesTable)
    .innerJoin(mattersTable, eq(mattersTable.id, matterStagesTable.matterId))
    .innerJoin(regionsTable, eq(regionsTable.id, mattersTable.regionId))
    .leftJoin(caseAssignmentsTable, and(eq(caseAssignmentsTable.stageId, matterStagesTable.id), eq(caseAssignmentsTable.current, true)))
    .leftJoin(handler, eq(handler.id, caseAssignmentsTable.teamMemberId))
    .leftJoin(handlerUser, eq(handlerUser.id, handler.userId))
    .leftJoin(handlerMember, eq(handlerMember.id, sql`coalesce(${handler.poolMemberId}, ${handlerUser.poolMemberId})`))
    .where(and(isNull(matterStagesTable.decidedOn), gte(matterStagesTable.dueOn, from), lte(matterStagesTable.dueOn, to)))
    .orderBy(asc(matterStagesTable.dueOn), asc(matterStagesTable.id)).all()
}

/** The active leaders of the teams, with their mailbox. */
export function teamLeaders (db: DbOrTx, teamIds: readonly number[]) {
  if (teamIds.length === 0) return []
  const leaderUser = alias(usersTable, 'leader_user')
  return db.select({ teamId: caseTeamMembersTable.teamId, entryId: caseTeamMembersTable.id, name: caseTeamMembersTable.name, userId: caseTeamMembersTable.userId, email: membersTable.email })
    .from(caseTeamMembersTable)
    .leftJoin(leaderUser, eq(leaderUser.id, caseTeamMembersTable.userId))
    .leftJoin(membersTable, eq(membersTable.id, sql`coalesce(${caseTeamMembersTable.poolMemberId}, ${leaderUser.poolMemberId})`))
    .where(and(inArray(caseTeamMembersTable.teamId, [...teamIds]), eq(caseTeamMembersTable.role, 'leader'), eq(caseTeamMembersTable.active, true))).all()
}

/**
 * Staff accounts that get reminders: every active coordinator, and the named users (who scheduled a hearing), with
 * their region and the mailbox of the pool member the account is linked to (accounts have no mailbox of their own).
 */
export function staffUsers (db: DbOrTx, extraIds: readonly number[]) {
  return db.select({ id: usersTable.id, name: usersTable.displayName, role: usersTable.role, regionPath: regionsTable.path, email: membersTable.email })
    .from(usersTable)
    .leftJoin(regionsTable, eq(regionsTable.id, usersTable.regionId))
    .leftJoin(membersTable, eq(membersTable.id, usersTable.poolMemberId))
    .where(and(eq(usersTable.disabled, false), or(eq(usersTable.role, 'coordinator'), extraIds.length > 0 ? inArray(usersTable.id, [...extraIds]) : undefined)))
    .orderBy(asc(usersTable.id)).all()
}
