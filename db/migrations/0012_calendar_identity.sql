CREATE TABLE `calendar_event_uids` (
	`hearing_id` integer PRIMARY KEY NOT NULL,
	`uid` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_event_uids_uid_uq` ON `calendar_event_uids` (`uid`);--> statement-breakpoint
CREATE TABLE `calendar_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`person_kind` text NOT NULL,
	`person_id` integer NOT NULL,
	`uid` text NOT NULL,
	`sequence` integer NOT NULL,
	`method` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_invitations_person_uq` ON `calendar_invitations` (`hearing_id`,`person_kind`,`person_id`);--> statement-breakpoint
CREATE INDEX `calendar_invitations_person_idx` ON `calendar_invitations` (`person_kind`,`person_id`);--> statement-breakpoint
CREATE TABLE `installation` (
	`singleton` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`created_at` integer NOT NULL
);
