ALTER TABLE `hearings` ADD `provincial_entered_on` text;--> statement-breakpoint
ALTER TABLE `hearings` ADD `provincial_entry_ref` text;--> statement-breakpoint
CREATE INDEX `hearings_status_time_idx` ON `hearings` (`status`,`starts_at`,`matter_id`);--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `conclusion_type` text;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `revoked_for_missing_rights_notice` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `petitioner_ceased` integer;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `ceased_checked_on` text;--> statement-breakpoint
CREATE INDEX `matter_stages_decided_idx` ON `matter_stages` (`decided_on`,`stage`);