CREATE TABLE `pool_import_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`format` text NOT NULL,
	`total_rows` integer NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`counts` text NOT NULL,
	`result` text NOT NULL,
	`created_by` integer,
	`created_by_name` text NOT NULL,
	`scope_path` text,
	`runner` text NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pool_import_jobs_status_idx` ON `pool_import_jobs` (`status`,`heartbeat_at`);--> statement-breakpoint
CREATE INDEX `pool_import_jobs_created_by_idx` ON `pool_import_jobs` (`created_by`,`created_at`);