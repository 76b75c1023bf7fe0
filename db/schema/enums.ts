// The value lists behind the tables' enum columns, with their types: what schemas, rules and routes may import
// without touching a table (tables are read and written in repositories only).

// calendar-invitations.table.ts
/** Whose row a calendar recipient is: a login user, a pool member or a hearing participant (respondent handler). */
export const CALENDAR_PERSON_KINDS = ['user', 'member', 'participant'] as const
export type CalendarPersonKind = typeof CALENDAR_PERSON_KINDS[number]
export const INVITATION_METHODS = ['REQUEST', 'CANCEL'] as const
export type InvitationMethod = typeof INVITATION_METHODS[number]

// calendar-removals.table.ts
export const REMOVED_ROLES = ['host', 'recorder', 'panel'] as const
export type RemovedRole = typeof REMOVED_ROLES[number]

// calendar.table.ts
export const FEED_OWNER_KINDS = ['user', 'member'] as const
export type FeedOwnerKind = typeof FEED_OWNER_KINDS[number]

// case-teams.table.ts
export const CASE_TEAM_ROLES = ['leader', 'member'] as const
export type CaseTeamRole = typeof CASE_TEAM_ROLES[number]
export const ASSIGNMENT_METHODS = ['rotation', 'leader'] as const
export type AssignmentMethod = typeof ASSIGNMENT_METHODS[number]

// documents.table.ts
export const ISSUED_DOCUMENT_KINDS = ['rights_notice', 'petitioner_notice', 'respondent_notice', 'member_invitation', 'service_receipt', 'draw_record'] as const
export type IssuedDocumentKind = typeof ISSUED_DOCUMENT_KINDS[number]
export const SERVICE_METHODS = ['in_person', 'mail', 'left_at_address', 'electronic', 'by_agent'] as const
export type DocumentServiceMethod = typeof SERVICE_METHODS[number]
export const HEARING_RECORD_KINDS = ['minutes', 'deliberation'] as const
export type HearingRecordKind = typeof HEARING_RECORD_KINDS[number]

// hearings.table.ts
export const HEARING_PROCEDURES = ['simple', 'general'] as const
export type HearingProcedure = typeof HEARING_PROCEDURES[number]
/** draft → scheduled → notified → in_session → concluded; suspended / terminated / cancelled on the side. */
export const HEARING_STATUSES = ['draft', 'scheduled', 'notified', 'in_session', 'suspended', 'concluded', 'terminated', 'cancelled'] as const
export type HearingStatus = typeof HEARING_STATUSES[number]
/** How the petitioner's consent to a shorter notice period was obtained. */
export const NOTICE_WAIVER_METHODS = ['written', 'oral_record', 'phone_record', 'sms_record'] as const
export type NoticeWaiverMethod = typeof NOTICE_WAIVER_METHODS[number]
export const PARTICIPANT_KINDS = ['officer', 'alternate', 'third_party', 'respondent_rep'] as const
export type ParticipantKind = typeof PARTICIPANT_KINDS[number]
export const RESPONSES = ['pending', 'accepted', 'declined'] as const
export type ParticipantResponse = typeof RESPONSES[number]
export const RECUSAL_TARGETS = ['host', 'officer', 'recorder'] as const
export const RECUSAL_DECISIONS = ['granted', 'denied'] as const

// holiday-overrides.table.ts
export const HOLIDAY_OVERRIDE_KINDS = ['workday', 'holiday'] as const
export type HolidayOverrideKind = typeof HOLIDAY_OVERRIDE_KINDS[number]

// mail.table.ts
/** `superseded`: a newer message of the same thread was queued before this one was delivered; it is never sent. */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'superseded'] as const
export type OutboxStatus = typeof OUTBOX_STATUSES[number]

// matters.table.ts
/** 办理 → 复查 → 复核 (《信访工作条例》, S1a). */
export const MATTER_STAGES = ['handling', 'review', 'reReview'] as const
export type MatterStage = typeof MATTER_STAGES[number]
/** A single petitioner, or a collective matter speaking through at most five representatives. */
export const PETITIONER_KINDS = ['individual', 'group'] as const
export type PetitionerKind = typeof PETITIONER_KINDS[number]
/** The seed's five situations in which third parties take part (S0 in docs/sources.md). */
export const THIRD_PARTY_SITUATIONS = ['review_dissatisfied', 'fact_dispute', 'repeat_petition_risk', 'refuses_counselling', 'other_necessary'] as const
export type ThirdPartySituation = typeof THIRD_PARTY_SITUATIONS[number]
export const NOTIFICATION_METHODS = ['in_person', 'post', 'sms', 'phone', 'other'] as const
export type NotificationMethod = typeof NOTIFICATION_METHODS[number]
export const DAY_UNITS = ['calendar', 'working'] as const
export type MatterDayUnit = typeof DAY_UNITS[number]
export const MATTER_DOCUMENT_KINDS = ['rights_notice'] as const
export type MatterDocumentKind = typeof MATTER_DOCUMENT_KINDS[number]
/**
 * What a stage's decision concluded (复查/复核 outcomes on the stage below; 办理 answers too): 维持, 撤销并责令重作,
 * 直接变更, 部分维持, 不予受理, 其他. Labels: matters.rules CONCLUSION_TYPE_NAMES.
 */
export const CONCLUSION_TYPES = ['upheld', 'revoked_redo', 'varied', 'partly_upheld', 'not_accepted', 'other'] as const
export type ConclusionType = typeof CONCLUSION_TYPES[number]

// organisations.table.ts
export const ORGANISATION_KINDS = ['agency', 'institution', 'enterprise', 'law_firm', 'social_organisation', 'committee', 'other'] as const
export type OrganisationKind = typeof ORGANISATION_KINDS[number]
export const ALIAS_KINDS = ['short', 'former', 'other'] as const
export type AliasKind = typeof ALIAS_KINDS[number]

// pool.table.ts
export const GENDERS = ['male', 'female'] as const
export type Gender = typeof GENDERS[number]
/** What a member can do at a hearing: 听证员, 主持人, 记录员, 第三方参与人员. */
export const MEMBER_ROLES = ['officer', 'host', 'recorder', 'third_party'] as const
export type MemberRole = typeof MEMBER_ROLES[number]
/** The seed's six sources of third-party participants (S0). */
export const SOURCE_CATEGORIES = ['deputy', 'retired_cadre', 'village_head', 'notable', 'familiar_with_matter', 'professional'] as const
export type SourceCategory = typeof SOURCE_CATEGORIES[number]
/** The seed's four basic conditions (S0), each attested separately. */
export const BASIC_CONDITIONS = ['political', 'legal_knowledge', 'integrity', 'local_standing'] as const
export type BasicCondition = typeof BASIC_CONDITIONS[number]
export const REMUNERATION_KINDS = ['public_interest', 'fee_per_half_day'] as const
export type RemunerationKind = typeof REMUNERATION_KINDS[number]
/** Stored lifecycle states; `expired` is never stored, it is derived from term_end and the clock. */
export const MEMBER_STATUSES = ['candidate', 'active', 'suspended', 'removed'] as const
export type MemberStatus = typeof MEMBER_STATUSES[number]
export const REMOVAL_GROUNDS = [
  'criminal_penalty', 'dismissed_from_public_office', 'licence_revoked', 'judgment_defaulter', 'falsification', 'voluntary_withdrawal', 'other'
] as const
export type RemovalGround = typeof REMOVAL_GROUNDS[number]
export const UNAVAILABILITY_KINDS = ['leave', 'travel', 'illness', 'other'] as const
export type UnavailabilityKind = typeof UNAVAILABILITY_KINDS[number]
export const VOCABULARY_KINDS = ['profession', 'specialty'] as const
export type VocabularyKind = typeof VOCABULARY_KINDS[number]

// regions.table.ts
export const REGION_LEVELS = ['city', 'county', 'township', 'village'] as const
export type RegionLevel = typeof REGION_LEVELS[number]

// users.table.ts
export const USER_ROLES = ['admin', 'coordinator', 'host', 'officer', 'auditor'] as const
export type UserRole = typeof USER_ROLES[number]
export const TOKEN_KINDS = ['session', 'api'] as const
export type TokenKind = typeof TOKEN_KINDS[number]
