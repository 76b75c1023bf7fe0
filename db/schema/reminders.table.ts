import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { idColumn, timestampColumns } from '../columns.js'

// Value lists of this file's enum columns. They stay here rather than in enums.ts (another team's file); the
// reminders module repeats them in reminders.rules.ts, checked against these types.
const REMINDER_KINDS = ['hearing_upcoming', 'minutes_overdue', 'term_ending', 'stage_deadline', 'notice_due'] as const
export type ReminderKind = typeof REMINDER_KINDS[number]
const REMINDER_RUN_TRIGGERS = ['schedule', 'catch_up', 'manual'] as const
export type ReminderRunTrigger = typeof REMINDER_RUN_TRIGGERS[number]
const REMINDER_RUN_STATUSES = ['running', 'finished', 'failed'] as const
export type ReminderRunStatus = typeof REMINDER_RUN_STATUSES[number]
/** `mail`: one person's mail (through the outbox); `digest`: the item's line in the notifiers' digest. */
const REMINDER_CHANNELS = ['mail', 'digest'] as const
export type ReminderChannel = typeof REMINDER_CHANNELS[number]
/** `queued`: in the mail outbox or the notifier digest; `no_address`: the person has no mailbox on record. */
const REMINDER_DELIVERY_STATUSES = ['queued', 'no_address'] as const
export type ReminderDeliveryStatus = typeof REMINDER_DELIVERY_STATUSES[number]
const NOTIFIER_KINDS = ['wecom', 'webhook'] as const
export type NotifierKind = typeof NOTIFIER_KINDS[number]
const NOTIFIER_MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type NotifierMessageStatus = typeof NOTIFIER_MESSAGE_STATUSES[number]

/**
 * The installation's reminder settings: one row (id 1), written by the city administrator. Without a row the
 * defaults of reminders.rules.ts (REMINDER_DEFAULTS) apply.
 */
export const reminderSettingsTable = sqliteTable('reminder_settings', {
  id: integer('id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  /** HH:MM, Asia/Shanghai: when the daily scan runs. */
  dailyTime: text('daily_time').notNull(),
  hearingUpcomingEnabled: integer('hearing_upcoming_enabled', { mode: 'boolean' }).notNull(),
  hearingUpcomingDays: integer('hearing_upcoming_days').notNull(),
  minutesOverdueEnabled: integer('minutes_overdue_enabled', { mode: 'boolean' }).notNull(),
  minutesOverdueDays: integer('minutes_overdue_days').notNull(),
  termEndingEnabled: integer('term_ending_enabled', { mode: 'boolean' }).notNull(),
  termEndingDays: integer('term_ending_days').notNull(),
  stageDeadlineEnabled: integer('stage_deadline_enabled', { mode: 'boolean' }).notNull(),
  /** Working days. */
  stageDeadlineDays: integer('stage_deadline_days').notNull(),
  noticeDueEnabled: integer('notice_due_enabled', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  updatedBy: text('updated_by')
})

/**
 * One scan. A daily run (scheduled or caught up after a restart) carries its Shanghai date in `daily_key`, unique,
 * so no date is scanned twice, also by two processes on one database file; a manual run has none.
 */
export const reminderRunsTable = sqliteTable('reminder_runs', {
  id: idColumn(),
  /** YYYY-MM-DD the scan is for. */
  scheduledFor: text('scheduled_for').notNull(),
  /** = scheduled_for for a daily run; null for a manual one. */
  dailyKey: text('daily_key'),
  trigger: text('trigger', { enum: REMINDER_RUN_TRIGGERS }).notNull(),
  status: text('status', { enum: REMINDER_RUN_STATUSES }).notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  /** Items found per kind and deliveries written: `{ items: {kind: n}, mails, withoutAddress, digests }`. */
  counts: text('counts', { mode: 'json' }).$type<Record<string, unknown>>(),
  error: text('error'),
  startedBy: text('started_by').notNull()
}, (t) => [
  uniqueIndex('reminder_runs_daily_uq').on(t.dailyKey),
  index('reminder_runs_started_idx').on(t.startedAt)
])

/**
 * One reminder to one recipient: at most one row per (kind, subject, due date, recipient), so a second scan or a
 * restart sends nothing twice. `recipient_key` is `member:<id>`, `user:<id>`, `participant:<id>`, or `digest`
 * for the item's line in the notifiers' digest.
 */
export const reminderDeliveriesTable = sqliteTable('reminder_deliveries', {
  id: idColumn(),
  runId: integer('run_id').notNull().references(() => reminderRunsTable.id, { onDelete: 'restrict' }),
  kind: text('kind', { enum: REMINDER_KINDS }).notNull(),
  subjectId: integer('subject_id').notNull(),
  /** YYYY-MM-DD the reminder is about (hearing date, term end, stage due date, last service day…). */
  dueOn: text('due_on').notNull(),
  recipientKey: text('recipient_key').notNull(),
  recipientName: text('recipient_name'),
  channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
  status: text('status', { enum: REMINDER_DELIVERY_STATUSES }).notNull(),
  outboxId: integer('outbox_id'),
  /** Region of the subject: the scope the row is read in. */
  regionPath: text('region_path').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
}, (t) => [
  uniqueIndex('reminder_deliveries_once_uq').on(t.kind, t.subjectId, t.dueOn, t.recipientKey),
  index('reminder_deliveries_run_idx').on(t.runId),
  index('reminder_deliveries_created_idx').on(t.createdAt)
])

/** A group robot or webhook the run's digest is posted to, configured by the administrator. */
export const reminderNotifiersTable = sqliteTable('reminder_notifiers', {
  id: idColumn(),
  name: text('name').notNull(),
  kind: text('kind', { enum: NOTIFIER_KINDS }).notNull(),
  /** http(s) URL; for WeCom it holds the robot's key, so it is never shown whole. */
  url: text('url').notNull(),
  /** HMAC-SHA256 key of the generic webhook; stored like the service's other secrets (app_secrets), never shown. */
  secret: text('secret'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  lastStatus: text('last_status'),
  lastError: text('last_error'),
  lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
  version: integer('version').notNull().default(1),
  ...timestampColumns()
})

/** A digest waiting for, or done with, delivery to one notifier: the outbox pattern, so retries survive a restart. */
export const reminderNotifierMessagesTable = sqliteTable('reminder_notifier_messages', {
  id: idColumn(),
  notifierId: integer('notifier_id').notNull().references(() => reminderNotifiersTable.id, { onDelete: 'cascade' }),
  /** Null for a test message. */
  runId: integer('run_id').references(() => reminderRunsTable.id, { onDelete: 'restrict' }),
  /** The JSON body, exactly as posted. */
  body: text('body').notNull(),
  status: text('status', { enum: NOTIFIER_MESSAGE_STATUSES }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  lastError: text('last_error'),
  sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  ...timestampColumns()
}, (t) => [
  uniqueIndex('reminder_notifier_messages_run_uq').on(t.notifierId, t.runId),
  index('reminder_notifier_messages_due_idx').on(t.status, t.nextAttemptAt)
])

export type ReminderSettingsRow = typeof reminderSettingsTable.$inferSelect
export type ReminderRun = typeof reminderRunsTable.$inferSelect
export type ReminderDelivery = typeof reminderDeliveriesTable.$inferSelect
export type ReminderNotifier = typeof reminderNotifiersTable.$inferSelect
export type ReminderNotifierMessage = typeof reminderNotifierMessagesTable.$inferSelect
