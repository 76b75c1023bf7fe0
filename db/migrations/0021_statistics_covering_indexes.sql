DROP INDEX `hearings_status_time_idx`;--> statement-breakpoint
CREATE INDEX `hearings_matter_status_idx` ON `hearings` (`matter_id`,`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `hearings_status_time_idx` ON `hearings` (`status`,`starts_at`,`matter_id`,`provincial_entered_on`);--> statement-breakpoint
DROP INDEX `matter_stages_decided_idx`;--> statement-breakpoint
CREATE INDEX `matter_stages_matter_accepted_idx` ON `matter_stages` (`matter_id`,`accepted_on`,`stage`);--> statement-breakpoint
CREATE INDEX `matter_stages_decided_idx` ON `matter_stages` (`decided_on`,`stage`,`matter_id`,`due_on`,`conclusion_type`,`petitioner_ceased`,`revoked_for_missing_rights_notice`,`requested_on`,`accepted_on`);