CREATE TABLE `holiday_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`note` text NOT NULL,
	`updated_by_user_id` integer,
	`updated_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holiday_overrides_date_uq` ON `holiday_overrides` (`date`);--> statement-breakpoint
CREATE TABLE `region_rulesets` (
	`region_id` integer PRIMARY KEY NOT NULL,
	`ruleset_id` integer NOT NULL,
	`assigned_by_user_id` integer,
	`assigned_by_name` text NOT NULL,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`ruleset_id`) REFERENCES `rulesets`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assigned_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `region_rulesets_ruleset_idx` ON `region_rulesets` (`ruleset_id`);--> statement-breakpoint
CREATE TABLE `rulesets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`description` text,
	`base_preset` text,
	`config` text NOT NULL,
	`created_by_user_id` integer,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rulesets_name_version_uq` ON `rulesets` (`name`,`version`);