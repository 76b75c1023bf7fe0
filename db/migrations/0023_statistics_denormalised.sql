CREATE TABLE `stage_decision_counts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`bucket` text NOT NULL,
	`region_id` integer,
	`stage` text,
	`conclusion_type` text,
	`petitioner_ceased` integer,
	`revoked_for_missing_rights_notice` integer,
	`late` integer,
	`application_days` integer,
	`heard` integer NOT NULL,
	`to_hearing_days` integer,
	`after_hearing_days` integer,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_decision_counts_key_uq` ON `stage_decision_counts` (`key`);--> statement-breakpoint
CREATE INDEX `stage_decision_counts_bucket_idx` ON `stage_decision_counts` (`bucket`);--> statement-breakpoint
DROP INDEX `hearings_status_time_idx`;--> statement-breakpoint
ALTER TABLE `hearings` ADD `matter_region_id` integer;--> statement-breakpoint
ALTER TABLE `hearings` ADD `stage_id` integer;--> statement-breakpoint
ALTER TABLE `hearings` ADD `stage` text;--> statement-breakpoint
CREATE INDEX `hearings_status_time_idx` ON `hearings` (`status`,`starts_at`,`matter_region_id`,`stage`,`matter_id`,`provincial_entered_on`);--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `region_id` integer;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `first_held_at` integer;