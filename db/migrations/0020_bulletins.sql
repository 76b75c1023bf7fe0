CREATE TABLE `bulletins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`number_prefix` text NOT NULL,
	`number_year` integer NOT NULL,
	`number_serial` integer NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`title` text NOT NULL,
	`issuer_name` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by_user_id` integer,
	`issued_by_name` text NOT NULL,
	`summary` text NOT NULL,
	`figures` text NOT NULL,
	`sha256` text NOT NULL,
	`page_count` integer NOT NULL,
	`byte_size` integer NOT NULL,
	`pdf` blob NOT NULL,
	FOREIGN KEY (`issued_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulletins_number_uq` ON `bulletins` (`number_prefix`,`number_year`,`number_serial`);--> statement-breakpoint
CREATE INDEX `bulletins_issued_idx` ON `bulletins` (`issued_at`);