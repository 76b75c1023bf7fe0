CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`note` text NOT NULL,
	`confirmed_by_user_id` integer,
	`confirmed_by_name` text NOT NULL,
	`confirmed_at` integer NOT NULL,
	FOREIGN KEY (`confirmed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `matter_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`matter_id` integer NOT NULL,
	`stage_id` integer NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`number_prefix` text NOT NULL,
	`number_year` integer NOT NULL,
	`number_serial` integer NOT NULL,
	`title` text NOT NULL,
	`recipient_ref` text NOT NULL,
	`recipient_name` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by_user_id` integer,
	`issued_by_name` text NOT NULL,
	`sha256` text NOT NULL,
	`page_count` integer NOT NULL,
	`byte_size` integer NOT NULL,
	`pdf` blob NOT NULL,
	FOREIGN KEY (`matter_id`) REFERENCES `matters`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`stage_id`) REFERENCES `matter_stages`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`issued_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `matter_documents_matter_idx` ON `matter_documents` (`matter_id`,`issued_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `matter_documents_number_uq` ON `matter_documents` (`number_prefix`,`number_year`,`number_serial`);--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `requested_on` text;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `request_window_days` integer;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `request_window_unit` text;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `answer_received_on` text;--> statement-breakpoint
ALTER TABLE `matter_stages` ADD `rights_notice_issued_on` text;