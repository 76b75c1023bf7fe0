import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { membersTable } from './pool.table.js'
import { mattersTable } from './matters.table.js'
import { usersTable } from './users.table.js'
import { HEARING_PROCEDURES, HEARING_STATUSES, MATTER_STAGES, PARTICIPANT_KINDS, RESPONSES, RECUSAL_TARGETS, RECUSAL_DECISIONS } from './enums.js'
import type { NoticeWaiverMethod } from './enums.js'

export const venuesTable = sqliteTable('venues', {
  id: idColumn(),
  regionId: integer('region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  name: text('name').notNull(),
  address: text('address').notNull(),
  capacity: integer('capacity').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  note: text('note'),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [index('venues_region_idx').on(t.regionId), uniqueIndex('venues_region_name_uq').on(t.regionId, t.name)])

/** The petitioner's recorded consent to a notice served later than the ruleset's lead time allows. */
export type NoticeWaiver = { date: string, method: NoticeWaiverMethod, recordedBy: string | null }

export const hearingsTable = sqliteTable('hearings', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'restrict' }),
  /** The matter's region at scheduling time: the scope the hearing is read and changed in. */
  regionId: integer('region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  procedure: text('procedure', { enum: HEARING_PROCEDURES }).notNull(),
  isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(true),
  nonPublicReason: text('non_public_reason'),
  startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
  endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
  venueId: integer('venue_id').notNull().references(() => venuesTable.id, { onDelete: 'restrict' }),
  hostMemberId: integer('host_member_id').notNull().references(() => membersTable.id, { onDelete: 'restrict' }),
  recorderMemberId: integer('recorder_member_id').notNull().references(() => membersTable.id, { onDelete: 'restrict' }),
  /** Official panel seats to fill (not counting alternates). */
  panelSize: integer('panel_size').notNull(),
  status: text('status', { enum: HEARING_STATUSES }).notNull(),
  statusReason: text('status_reason'),
  /** The ruleset the hearing was scheduled under, resolved for its region, with its fingerprint. */
  rulesetLabel: text('ruleset_label').notNull(),
  rulesetFingerprint: text('ruleset_fingerprint').notNull(),
  ruleset: text('ruleset', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** Stable calendar identity and RFC 5545 SEQUENCE: bumped on every change of time, venue, people or status. */
  uid: text('uid').notNull(),
  sequence: integer('sequence').notNull().default(0),
  noticeServedOn: text('notice_served_on'),
  /** Set with a notice served too late for the lead time: the petitioner agreed to the shorter period. */
  noticeWaiver: text('notice_waiver', { mode: 'json' }).$type<NoticeWaiver>(),
  /** Date the public announcement (公告) of a public hearing was published. */
  announcedOn: text('announced_on'),
  /** Why a terminated hearing was terminated (a TerminationGround code). */
  terminationGround: text('termination_ground'),
  /** YYYY-MM-DD the hearing's essentials were entered in the provincial 信访 information system; null: not yet. */
  provincialEnteredOn: text('provincial_entered_on'),
  /** The provincial system's record number for that entry. */
  provincialEntryRef: text('provincial_entry_ref'),
  createdByUserId: integer('created_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  version: integer('version').notNull().default(1),
  /**
   * For the statistics, kept by SQLite triggers (migration 0023, docs/statistics.md); never written by code: the
   * matter's current region (region_id above stays the one at scheduling), and the stage the hearing belongs to —
   * the matter's latest stage (办理 → 复查 → 复核) accepted on or before the hearing's Shanghai day (null: none).
   */
  matterRegionId: integer('matter_region_id'),
  stageId: integer('stage_id'),
  stage: text('stage', { enum: MATTER_STAGES }),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('hearings_uid_uq').on(t.uid),
  index('hearings_matter_idx').on(t.matterId),
  index('hearings_region_idx').on(t.regionId, t.startsAt),
  index('hearings_venue_time_idx').on(t.venueId, t.startsAt),
  index('hearings_host_time_idx').on(t.hostMemberId, t.startsAt),
  index('hearings_recorder_time_idx').on(t.recorderMemberId, t.startsAt),
  index('hearings_time_idx').on(t.startsAt),
  // the statistics: hearings held in a period with their provincial entry, and a matter's held hearings
  index('hearings_status_time_idx').on(t.status, t.startsAt, t.matterRegionId, t.stage, t.matterId, t.provincialEnteredOn),
  index('hearings_matter_status_idx').on(t.matterId, t.status, t.startsAt)
])

/** Panel seats, alternates, third parties and respondent representatives of a hearing. */
export const hearingParticipantsTable = sqliteTable('hearing_participants', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: PARTICIPANT_KINDS }).notNull(),
  memberId: integer('member_id').references(() => membersTable.id, { onDelete: 'restrict' }),
  /** For people outside the pool (respondent representatives): name, unit, position, mailbox. */
  name: text('name'),
  organisation: text('organisation'),
  position: text('position'),
  email: text('email'),
  /** Order of alternates (1 = next to be promoted); seat number for officers. */
  rank: integer('rank'),
  drawId: integer('draw_id'),
  response: text('response', { enum: RESPONSES }).notNull().default('pending'),
  responseReason: text('response_reason'),
  respondedAt: integer('responded_at', { mode: 'timestamp_ms' }),
  /** Who gave the answer when hearing staff recorded it on the member's behalf (a telephone answer, say), as they wrote it. */
  responseAnsweredBy: text('response_answered_by'),
  /** The user who recorded the answer (the member's own name when they answered themselves). */
  responseRecordedBy: text('response_recorded_by'),
  /** False once declined, recused, replaced or removed; the row stays as history. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Copy of the hearing's start, kept in step by the hearings service, so a member's bookings are a range scan. */
  hearingStartsAt: integer('hearing_starts_at', { mode: 'timestamp_ms' }),
  endedReason: text('ended_reason'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  index('hearing_participants_hearing_idx').on(t.hearingId, t.kind, t.rank),
  index('hearing_participants_member_idx').on(t.memberId, t.active),
  index('hearing_participants_member_time_idx').on(t.memberId, t.hearingStartsAt)
])

/** Every status change and every change of time, venue or people: the hearing's own history. */
export const hearingEventsTable = sqliteTable('hearing_events', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  reason: text('reason'),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  sequence: integer('sequence').notNull(),
  actorUserId: integer('actor_user_id'),
  actorName: text('actor_name').notNull(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  /** The request that made the change (as in the audit log); null for changes made outside a request. */
  requestId: text('request_id'),
  /** The termination ground of a terminate event. */
  ground: text('ground')
}, (t) => [index('hearing_events_hearing_idx').on(t.hearingId, t.at)])

/** One round of a panel draw: the commitment is fixed before the seed exists; rounds are append-only. */
export const panelDrawsTable = sqliteTable('panel_draws', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  round: integer('round').notNull(),
  algorithmVersion: text('algorithm_version').notNull(),
  commitment: text('commitment').notNull(),
  /** Everything the draw was computed from and produced (eligible list, rules, seed, picks, exclusions). */
  record: text('record', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  reason: text('reason'),
  operatorUserId: integer('operator_user_id'),
  operatorName: text('operator_name').notNull(),
  witnessName: text('witness_name'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [uniqueIndex('panel_draws_hearing_round_uq').on(t.hearingId, t.round)])

/** A request that the host, an officer or the recorder step aside, and who decided it. */
export const recusalRequestsTable = sqliteTable('recusal_requests', {
  id: idColumn(),
  hearingId: integer('hearing_id').notNull().references(() => hearingsTable.id, { onDelete: 'cascade' }),
  targetKind: text('target_kind', { enum: RECUSAL_TARGETS }).notNull(),
  targetMemberId: integer('target_member_id').notNull().references(() => membersTable.id, { onDelete: 'restrict' }),
  requestedBy: text('requested_by').notNull(),
  reason: text('reason').notNull(),
  decision: text('decision', { enum: RECUSAL_DECISIONS }),
  decidedBy: text('decided_by'),
  decisionReason: text('decision_reason'),
  decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('recusal_requests_hearing_idx').on(t.hearingId)])

export type Venue = typeof venuesTable.$inferSelect
export type Hearing = typeof hearingsTable.$inferSelect
export type NewHearing = typeof hearingsTable.$inferInsert
export type HearingParticipant = typeof hearingParticipantsTable.$inferSelect
export type HearingEvent = typeof hearingEventsTable.$inferSelect
export type PanelDraw = typeof panelDrawsTable.$inferSelect
export type RecusalRequest = typeof recusalRequestsTable.$inferSelect
