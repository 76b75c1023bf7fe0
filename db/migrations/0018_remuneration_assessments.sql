CREATE TABLE `remuneration_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payer_region_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`reference` text NOT NULL,
	`note` text,
	`line_count` integer NOT NULL,
	`total_fen` integer NOT NULL,
	`created_by_user_id` integer,
	`created_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`payer_region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `remuneration_batches_payer_idx` ON `remuneration_batches` (`payer_region_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `remuneration_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`member_name` text NOT NULL,
	`role` text NOT NULL,
	`entry_kind` text NOT NULL,
	`related_line_id` integer,
	`reason` text,
	`payer_region_id` integer NOT NULL,
	`service_date` text NOT NULL,
	`year` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`half_days` integer NOT NULL,
	`remuneration_kind` text NOT NULL,
	`rate_fen` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text NOT NULL,
	`batch_id` integer,
	`paid_on` text,
	`created_by_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`related_line_id`) REFERENCES `remuneration_lines`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`payer_region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`batch_id`) REFERENCES `remuneration_batches`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "remuneration_lines_half_days_ck" CHECK("remuneration_lines"."entry_kind" = 'reversal' or "remuneration_lines"."half_days" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remuneration_lines_original_uq` ON `remuneration_lines` (`hearing_id`,`member_id`) WHERE "remuneration_lines"."entry_kind" = 'original';--> statement-breakpoint
CREATE UNIQUE INDEX `remuneration_lines_reversal_uq` ON `remuneration_lines` (`related_line_id`) WHERE "remuneration_lines"."entry_kind" = 'reversal';--> statement-breakpoint
CREATE INDEX `remuneration_lines_payer_idx` ON `remuneration_lines` (`payer_region_id`,`year`);--> statement-breakpoint
CREATE INDEX `remuneration_lines_member_idx` ON `remuneration_lines` (`member_id`,`year`);--> statement-breakpoint
CREATE INDEX `remuneration_lines_batch_idx` ON `remuneration_lines` (`batch_id`);--> statement-breakpoint
CREATE TABLE `officer_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`role` text NOT NULL,
	`attendance` integer NOT NULL,
	`preparation` integer NOT NULL,
	`impartiality` integer NOT NULL,
	`conduct` integer NOT NULL,
	`note` text,
	`assessor_user_id` integer,
	`assessor_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assessor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "officer_assessments_scores_ck" CHECK("officer_assessments"."attendance" between 1 and 5 and "officer_assessments"."preparation" between 1 and 5 and "officer_assessments"."impartiality" between 1 and 5 and "officer_assessments"."conduct" between 1 and 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `officer_assessments_hearing_member_uq` ON `officer_assessments` (`hearing_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `officer_assessments_member_idx` ON `officer_assessments` (`member_id`);