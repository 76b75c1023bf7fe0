import { sqliteTable, integer, text, blob, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { usersTable } from './users.table.js'
import { organisationsTable } from './organisations.table.js'
import { poolVocabularyTable } from './pool.table.js'
import { MATTER_STAGES, PETITIONER_KINDS, NOTIFICATION_METHODS, DAY_UNITS, MATTER_DOCUMENT_KINDS, CONCLUSION_TYPES } from './enums.js'
import type { ThirdPartySituation } from './enums.js'

/** A petition matter (信访事项). */
export const mattersTable = sqliteTable('matters', {
  id: idColumn(),
  /** Case number, e.g. 滨信复〔2026〕15号; unique. */
  number: text('number').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  specialtyTermId: integer('specialty_term_id').references(() => poolVocabularyTable.id, { onDelete: 'restrict' }),
  regionId: integer('region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  petitionerKind: text('petitioner_kind', { enum: PETITIONER_KINDS }).notNull(),
  /** For a collective matter: how the group is known (e.g. 某小区业主) and roughly how many people. */
  groupName: text('group_name'),
  groupSize: integer('group_size'),
  respondentOrganisationId: integer('respondent_organisation_id').notNull().references(() => organisationsTable.id, { onDelete: 'restrict' }),
  involvesPrivacy: integer('involves_privacy', { mode: 'boolean' }).notNull().default(false),
  involvesStateSecret: integer('involves_state_secret', { mode: 'boolean' }).notNull().default(false),
  involvesCommercialSecret: integer('involves_commercial_secret', { mode: 'boolean' }).notNull().default(false),
  inLitigation: integer('in_litigation', { mode: 'boolean' }).notNull().default(false),
  inArbitration: integer('in_arbitration', { mode: 'boolean' }).notNull().default(false),
  inAdministrativeReconsideration: integer('in_administrative_reconsideration', { mode: 'boolean' }).notNull().default(false),
  thirdPartySituations: text('third_party_situations', { mode: 'json' }).$type<ThirdPartySituation[]>().notNull().default([]),
  createdByUserId: integer('created_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('matters_number_uq').on(t.number),
  index('matters_region_idx').on(t.regionId),
  index('matters_respondent_idx').on(t.respondentOrganisationId)
])

/** The petitioner of an individual matter, or one representative of a collective one. */
export const matterPetitionersTable = sqliteTable('matter_petitioners', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  /** Resident ID number (GB 11643), upper-case X; never logged. */
  idNumber: text('id_number').notNull(),
  mobile: text('mobile'),
  address: text('address'),
  /** Village or community the petitioner lives in: members from the same one must recuse. */
  homeVillageRegionId: integer('home_village_region_id').references(() => regionsTable.id, { onDelete: 'restrict' })
}, (t) => [
  index('matter_petitioners_matter_idx').on(t.matterId, t.position),
  index('matter_petitioners_id_number_idx').on(t.idNumber)
])

/** An agent (委托代理人) of a petitioner, at most two each, with the power of attorney. */
export const matterAgentsTable = sqliteTable('matter_agents', {
  id: idColumn(),
  petitionerId: integer('petitioner_id').notNull().references(() => matterPetitionersTable.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  idNumber: text('id_number').notNull(),
  phone: text('phone'),
  powerOfAttorneyNote: text('power_of_attorney_note').notNull(),
  /** YYYY-MM-DD */
  powerOfAttorneyDate: text('power_of_attorney_date').notNull()
}, (t) => [index('matter_agents_petitioner_idx').on(t.petitionerId, t.position)])

/** One stage of the three-level procedure, with its computed time limit. */
export const matterStagesTable = sqliteTable('matter_stages', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'cascade' }),
  stage: text('stage', { enum: MATTER_STAGES }).notNull(),
  acceptingBody: text('accepting_body').notNull(),
  /** YYYY-MM-DD dates (Asia/Shanghai). */
  acceptedOn: text('accepted_on').notNull(),
  /** The time limit the ruleset gave when the stage was opened; recomputations keep it. */
  limitDays: integer('limit_days').notNull(),
  dayUnit: text('day_unit', { enum: DAY_UNITS }).notNull(),
  excludeHearingTime: integer('exclude_hearing_time', { mode: 'boolean' }).notNull(),
  extensionMaxDays: integer('extension_max_days').notNull(),
  extensionUnit: text('extension_unit', { enum: DAY_UNITS }).notNull(),
  rulesetLabel: text('ruleset_label').notNull(),
  baseDueOn: text('base_due_on').notNull(),
  dueOn: text('due_on').notNull(),
  pausedDays: integer('paused_days').notNull().default(0),
  deadlineWarnings: text('deadline_warnings', { mode: 'json' }).$type<{ code: string, year: number, message: string }[]>().notNull().default([]),
  extensionDays: integer('extension_days'),
  extensionApprovedBy: text('extension_approved_by'),
  extensionReason: text('extension_reason'),
  extensionOn: text('extension_on'),
  decidedOn: text('decided_on'),
  decisionSummary: text('decision_summary'),
  /** Decided without a hearing-rights notification on or before the decision date: to be revoked and returned (seed). */
  answeredWithoutNotice: integer('answered_without_notice', { mode: 'boolean' }).notNull().default(false),
  /** YYYY-MM-DD the petitioner asked for this 复查 or 复核 (申请日期); null: the acceptance date stands for it. */
  requestedOn: text('requested_on'),
  /**
   * The window for asking for this stage (复查/复核: within 30 days of receiving the previous stage's written answer)
   * under the ruleset when the stage was opened; null for 办理.
   */
  requestWindowDays: integer('request_window_days'),
  requestWindowUnit: text('request_window_unit', { enum: DAY_UNITS }),
  /** YYYY-MM-DD the petitioner received this stage's written answer (收到书面答复之日): the next stage's window runs from it. */
  answerReceivedOn: text('answer_received_on'),
  /** YYYY-MM-DD a 听证权利告知书 was first issued in this stage; it counts as a hearing-rights notification. */
  rightsNoticeIssuedOn: text('rights_notice_issued_on'),
  /** What the decision concluded (维持, 撤销并责令重作, 直接变更 …); null: not recorded. */
  conclusionType: text('conclusion_type', { enum: CONCLUSION_TYPES }),
  /** A 复核 decision that revoked the 复查 answer because no hearing-rights notice had been given. */
  revokedForMissingRightsNotice: integer('revoked_for_missing_rights_notice', { mode: 'boolean' }).notNull().default(false),
  /** Follow-up after the decision: the petitioner ceased petitioning (息诉罢访) or not; null: not followed up yet. */
  petitionerCeased: integer('petitioner_ceased', { mode: 'boolean' }),
  /** YYYY-MM-DD of that follow-up. */
  ceasedCheckedOn: text('ceased_checked_on'),
  /**
   * For the statistics, kept by SQLite triggers (migration 0023, docs/statistics.md); never written by code: the
   * matter's region, and the start (UTC ms) of the stage's first concluded hearing on a Shanghai day in
   * [accepted_on, decided_on] (null: none, or not decided).
   */
  regionId: integer('region_id'),
  firstHeldAt: integer('first_held_at'),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('matter_stages_matter_stage_uq').on(t.matterId, t.stage),
  // the statistics read stages decided in a period, and a hearing's stage, from these two without touching rows
  index('matter_stages_decided_idx').on(t.decidedOn, t.stage, t.matterId, t.dueOn, t.conclusionType, t.petitionerCeased, t.revokedForMissingRightsNotice, t.requestedOn, t.acceptedOn),
  index('matter_stages_matter_accepted_idx').on(t.matterId, t.acceptedOn, t.stage),
  index('matter_stages_open_due_idx').on(t.decidedOn, t.dueOn),
  index('matter_stages_without_notice_idx').on(t.answeredWithoutNotice)
])

/** Hearing time that does not count towards a stage's limit (inclusive dates), recorded by the scheduler. */
export const matterHearingPausesTable = sqliteTable('matter_hearing_pauses', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'cascade' }),
  stageId: integer('stage_id').notNull().references(() => matterStagesTable.id, { onDelete: 'cascade' }),
  /** The hearing the window belongs to (no foreign key: hearings reference matters). */
  hearingId: integer('hearing_id'),
  fromOn: text('from_on').notNull(),
  toOn: text('to_on').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  index('matter_hearing_pauses_stage_idx').on(t.stageId),
  index('matter_hearing_pauses_hearing_idx').on(t.matterId, t.hearingId)
])

/** Hearing-rights notification (听证权利告知), given in a stage. */
export const matterHearingNotificationsTable = sqliteTable('matter_hearing_notifications', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'cascade' }),
  stageId: integer('stage_id').notNull().references(() => matterStagesTable.id, { onDelete: 'cascade' }),
  /** YYYY-MM-DD */
  notifiedOn: text('notified_on').notNull(),
  method: text('method', { enum: NOTIFICATION_METHODS }).notNull(),
  notifiedBy: text('notified_by').notNull(),
  note: text('note'),
  recordedByUserId: integer('recorded_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('matter_hearing_notifications_stage_idx').on(t.stageId, t.notifiedOn)])

/**
 * Documents issued on a matter's stage before or without any hearing (听证权利告知书), with the exact PDF bytes and
 * their SHA-256. Numbers come from the same 文号 sequence as hearing documents (document_serials).
 */
export const matterDocumentsTable = sqliteTable('matter_documents', {
  id: idColumn(),
  matterId: integer('matter_id').notNull().references(() => mattersTable.id, { onDelete: 'restrict' }),
  stageId: integer('stage_id').notNull().references(() => matterStagesTable.id, { onDelete: 'restrict' }),
  kind: text('kind', { enum: MATTER_DOCUMENT_KINDS }).notNull(),
  /** Formatted 文号, e.g. 滨信听〔2026〕12号. */
  number: text('number').notNull(),
  numberPrefix: text('number_prefix').notNull(),
  numberYear: integer('number_year').notNull(),
  numberSerial: integer('number_serial').notNull(),
  title: text('title').notNull(),
  /** `petitioner:<id>` */
  recipientRef: text('recipient_ref').notNull(),
  recipientName: text('recipient_name').notNull(),
  issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
  issuedByUserId: integer('issued_by_user_id').references(() => usersTable.id, { onDelete: 'set null' }),
  issuedByName: text('issued_by_name').notNull(),
  sha256: text('sha256').notNull(),
  pageCount: integer('page_count').notNull(),
  byteSize: integer('byte_size').notNull(),
  pdf: blob('pdf', { mode: 'buffer' }).notNull()
}, (t) => [
  index('matter_documents_matter_idx').on(t.matterId, t.issuedAt),
  uniqueIndex('matter_documents_number_uq').on(t.numberPrefix, t.numberYear, t.numberSerial)
])

export type Matter = typeof mattersTable.$inferSelect
export type NewMatter = typeof mattersTable.$inferInsert
export type MatterPetitioner = typeof matterPetitionersTable.$inferSelect
export type MatterAgent = typeof matterAgentsTable.$inferSelect
export type MatterStageRow = typeof matterStagesTable.$inferSelect
export type MatterHearingPause = typeof matterHearingPausesTable.$inferSelect
export type MatterHearingNotification = typeof matterHearingNotificationsTable.$inferSelect
export type MatterDocument = typeof matterDocumentsTable.$inferSelect
