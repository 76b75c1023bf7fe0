CREATE TABLE `calendar_removals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`role` text NOT NULL,
	`sequence` integer NOT NULL,
	`removed_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_removals_hearing_member_uq` ON `calendar_removals` (`hearing_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `calendar_removals_member_idx` ON `calendar_removals` (`member_id`);