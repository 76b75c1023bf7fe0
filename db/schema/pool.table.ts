import { sql } from 'drizzle-orm'
import { sqliteTable, integer, text, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'
import { regionsTable } from './regions.table.js'
import { organisationsTable } from './organisations.table.js'
import { GENDERS, SOURCE_CATEGORIES, BASIC_CONDITIONS, REMUNERATION_KINDS, MEMBER_STATUSES, REMOVAL_GROUNDS, UNAVAILABILITY_KINDS, VOCABULARY_KINDS } from './enums.js'

/** Editable lists of professions and specialties; seeded by migration 0001. */
export const poolVocabularyTable = sqliteTable('pool_vocabulary', {
  id: idColumn(),
  kind: text('kind', { enum: VOCABULARY_KINDS }).notNull(),
  code: text('code').notNull(),
  label: text('label').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('pool_vocabulary_kind_code_uq').on(t.kind, t.code),
  uniqueIndex('pool_vocabulary_kind_label_uq').on(t.kind, t.label)
])

/** One row (id 1) of pool rules an administrator may change; defaults and sources in pool.rules.ts. */
export const poolSettingsTable = sqliteTable('pool_settings', {
  id: integer('id').primaryKey(),
  feeCapYuan: integer('fee_cap_yuan').notNull(),
  seniorFeeCapYuan: integer('senior_fee_cap_yuan').notNull(),
  trainedHostYears: integer('trained_host_years').notNull(),
  defaultTermYears: integer('default_term_years').notNull(),
  termEndingSoonDays: integer('term_ending_soon_days').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  updatedBy: text('updated_by')
})

export const membersTable = sqliteTable('members', {
  id: idColumn(),
  name: text('name').notNull(),
  gender: text('gender', { enum: GENDERS }).notNull(),
  /** YYYY-MM-DD */
  birthDate: text('birth_date').notNull(),
  /** Resident ID number (GB 11643), upper-case X; never logged. */
  idNumber: text('id_number').notNull(),
  mobile: text('mobile').notNull(),
  email: text('email'),
  employerOrganisationId: integer('employer_organisation_id').references(() => organisationsTable.id, { onDelete: 'restrict' }),
  title: text('title'),
  /** 高级职称: raises the fee cap (S21). */
  seniorTitle: integer('senior_title', { mode: 'boolean' }).notNull().default(false),
  homeRegionId: integer('home_region_id').notNull().references(() => regionsTable.id, { onDelete: 'restrict' }),
  roleOfficer: integer('role_officer', { mode: 'boolean' }).notNull().default(false),
  roleHost: integer('role_host', { mode: 'boolean' }).notNull().default(false),
  roleRecorder: integer('role_recorder', { mode: 'boolean' }).notNull().default(false),
  roleThirdParty: integer('role_third_party', { mode: 'boolean' }).notNull().default(false),
  sourceCategory: text('source_category', { enum: SOURCE_CATEGORIES }).notNull(),
  consentCrossRegion: integer('consent_cross_region', { mode: 'boolean' }).notNull().default(false),
  remunerationKind: text('remuneration_kind', { enum: REMUNERATION_KINDS }).notNull().default('public_interest'),
  feePerHalfDayYuan: integer('fee_per_half_day_yuan'),
  status: text('status', { enum: MEMBER_STATUSES }).notNull().default('candidate'),
  /** YYYY-MM-DD dates of the current appointment; term_end is the last day of the term. */
  appointmentDate: text('appointment_date'),
  appointingBody: text('appointing_body'),
  appointmentLetterNo: text('appointment_letter_no'),
  termEnd: text('term_end'),
  suspensionReason: text('suspension_reason'),
  /** Last day of a suspension; from the next day the member counts as active again. Null: until reinstated. */
  suspendedUntil: text('suspended_until'),
  removalGround: text('removal_ground', { enum: REMOVAL_GROUNDS }),
  removalNote: text('removal_note'),
  /** Date of the latest training record (kept by the repository), for the trained-host filter. */
  lastTrainingOn: text('last_training_on'),
  note: text('note'),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('members_id_number_uq').on(t.idNumber),
  index('members_mobile_idx').on(t.mobile),
  // Search indexes (migration 0004). No index on a low-selectivity column alone (status, term end, training date):
  // without statistics SQLite would drive searches from it and look up most of the table. Instead every filter
  // column is in one covering index led by the home region (scoped searches seek, city-wide ones scan the index),
  // a partial twin covers the members shared across regions, and name/employer indexes carry the sort key.
  index('members_search_idx').on(
    t.homeRegionId, t.status, t.termEnd, t.suspendedUntil, t.roleOfficer, t.roleHost, t.roleRecorder, t.roleThirdParty,
    t.sourceCategory, t.lastTrainingOn, t.consentCrossRegion, t.name, t.employerOrganisationId
  ),
  index('members_shared_idx').on(
    t.status, t.termEnd, t.suspendedUntil, t.roleOfficer, t.roleHost, t.roleRecorder, t.roleThirdParty,
    t.sourceCategory, t.lastTrainingOn, t.homeRegionId, t.name, t.employerOrganisationId
  ).where(sql`${t.consentCrossRegion} = 1`),
  index('members_name_idx').on(t.name, t.employerOrganisationId),
  index('members_employer_idx').on(t.employerOrganisationId, t.name)
])

export const memberConditionsTable = sqliteTable('member_conditions', {
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  condition: text('condition', { enum: BASIC_CONDITIONS }).notNull(),
  attestedBy: text('attested_by').notNull(),
  /** YYYY-MM-DD */
  attestedAt: text('attested_at').notNull()
}, (t) => [primaryKey({ columns: [t.memberId, t.condition] })])

/** A member's professions and specialties (rows of pool_vocabulary). */
export const memberVocabularyTable = sqliteTable('member_vocabulary', {
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  termId: integer('term_id').notNull().references(() => poolVocabularyTable.id, { onDelete: 'restrict' })
}, (t) => [
  primaryKey({ columns: [t.memberId, t.termId] }),
  index('member_vocabulary_term_idx').on(t.termId, t.memberId)
])

/** Declared close relatives, for recusal. */
export const memberRelativesTable = sqliteTable('member_relatives', {
  id: idColumn(),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  relation: text('relation'),
  idNumber: text('id_number')
}, (t) => [
  index('member_relatives_member_idx').on(t.memberId),
  index('member_relatives_id_number_idx').on(t.idNumber)
])

/** Declared past or present employers, for recusal; to_date null means still employed there. */
export const memberEmployersTable = sqliteTable('member_employers', {
  id: idColumn(),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  organisationId: integer('organisation_id').notNull().references(() => organisationsTable.id, { onDelete: 'restrict' }),
  position: text('position'),
  fromDate: text('from_date'),
  toDate: text('to_date')
}, (t) => [
  index('member_employers_member_idx').on(t.memberId),
  index('member_employers_org_idx').on(t.organisationId)
])

export const memberTrainingsTable = sqliteTable('member_trainings', {
  id: idColumn(),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  course: text('course').notNull(),
  /** YYYY-MM-DD */
  trainedOn: text('trained_on').notNull(),
  hours: real('hours').notNull(),
  certificateNo: text('certificate_no'),
  provider: text('provider'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('member_trainings_member_idx').on(t.memberId, t.trainedOn)])

/** Periods a member cannot sit: [starts_at, ends_at). */
export const memberUnavailabilityTable = sqliteTable('member_unavailability', {
  id: idColumn(),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
  endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
  kind: text('kind', { enum: UNAVAILABILITY_KINDS }).notNull(),
  note: text('note'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  index('member_unavailability_member_idx').on(t.memberId, t.startsAt),
  index('member_unavailability_range_idx').on(t.startsAt, t.endsAt)
])

/** Every lifecycle change of a member; `from_status` is the effective status (may be 'expired'), null on creation. */
export const memberStatusHistoryTable = sqliteTable('member_status_history', {
  id: idColumn(),
  memberId: integer('member_id').notNull().references(() => membersTable.id, { onDelete: 'cascade' }),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  reason: text('reason'),
  ground: text('ground', { enum: REMOVAL_GROUNDS }),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  actorUserId: integer('actor_user_id'),
  actorName: text('actor_name').notNull(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [index('member_status_history_member_idx').on(t.memberId, t.at)])

export type Member = typeof membersTable.$inferSelect
export type NewMember = typeof membersTable.$inferInsert
export type VocabularyTerm = typeof poolVocabularyTable.$inferSelect
export type PoolSettings = typeof poolSettingsTable.$inferSelect
export type MemberTraining = typeof memberTrainingsTable.$inferSelect
export type MemberUnavailability = typeof memberUnavailabilityTable.$inferSelect
export type MemberStatusChange = typeof memberStatusHistoryTable.$inferSelect
export type MemberRelative = typeof memberRelativesTable.$inferSelect
export type MemberEmployer = typeof memberEmployersTable.$inferSelect
export type MemberCondition = typeof memberConditionsTable.$inferSelect

/**
 * One row whose `token` changes (triggers, in the migrations) whenever members, their employers, relatives or
 * vocabulary, the vocabulary itself or the regions change, in any process. The draw keeps its member columns
 * in memory while the token it read inside its transaction is the one they were built at. A random token rather
 * than a counter: after a rolled-back change the next one cannot repeat a value already seen.
 */
export const poolRevisionTable = sqliteTable('pool_revision', {
  id: integer('id').primaryKey(),
  token: text('token').notNull()
})
