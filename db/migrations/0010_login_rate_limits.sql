CREATE TABLE `login_rate_limits` (
	`address` text PRIMARY KEY NOT NULL,
	`window_started_at` integer NOT NULL,
	`attempts` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_rate_limits_window_idx` ON `login_rate_limits` (`window_started_at`);