CREATE TABLE `reminder_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`recipient_key` text NOT NULL,
	`recipient_name` text,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`outbox_id` integer,
	`region_path` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `reminder_runs`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_deliveries_once_uq` ON `reminder_deliveries` (`kind`,`subject_id`,`due_on`,`recipient_key`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_run_idx` ON `reminder_deliveries` (`run_id`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_created_idx` ON `reminder_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `reminder_notifier_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notifier_id` integer NOT NULL,
	`run_id` integer,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`notifier_id`) REFERENCES `reminder_notifiers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `reminder_runs`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_notifier_messages_run_uq` ON `reminder_notifier_messages` (`notifier_id`,`run_id`);--> statement-breakpoint
CREATE INDEX `reminder_notifier_messages_due_idx` ON `reminder_notifier_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `reminder_notifiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`enabled` integer DEFAULT true NOT NULL,
	`last_status` text,
	`last_error` text,
	`last_attempt_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminder_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scheduled_for` text NOT NULL,
	`daily_key` text,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`counts` text,
	`error` text,
	`started_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_runs_daily_uq` ON `reminder_runs` (`daily_key`);--> statement-breakpoint
CREATE INDEX `reminder_runs_started_idx` ON `reminder_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `reminder_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`daily_time` text NOT NULL,
	`hearing_upcoming_enabled` integer NOT NULL,
	`hearing_upcoming_days` integer NOT NULL,
	`minutes_overdue_enabled` integer NOT NULL,
	`minutes_overdue_days` integer NOT NULL,
	`term_ending_enabled` integer NOT NULL,
	`term_ending_days` integer NOT NULL,
	`stage_deadline_enabled` integer NOT NULL,
	`stage_deadline_days` integer NOT NULL,
	`notice_due_enabled` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
