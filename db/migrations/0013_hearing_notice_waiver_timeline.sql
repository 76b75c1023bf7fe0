ALTER TABLE `hearing_events` ADD `request_id` text;--> statement-breakpoint
ALTER TABLE `hearing_events` ADD `ground` text;--> statement-breakpoint
ALTER TABLE `hearings` ADD `notice_waiver` text;--> statement-breakpoint
ALTER TABLE `hearings` ADD `announced_on` text;--> statement-breakpoint
ALTER TABLE `hearings` ADD `termination_ground` text;