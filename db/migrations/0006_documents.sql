CREATE TABLE `document_serials` (
	`prefix` text NOT NULL,
	`year` integer NOT NULL,
	`last_serial` integer NOT NULL,
	PRIMARY KEY(`prefix`, `year`)
);
--> statement-breakpoint
CREATE TABLE `document_services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`method` text NOT NULL,
	`served_on` text NOT NULL,
	`signed_by` text NOT NULL,
	`note` text,
	`recorded_by_user_id` integer,
	`recorded_by_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `issued_documents`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `document_services_document_idx` ON `document_services` (`document_id`);--> statement-breakpoint
CREATE TABLE `hearing_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`previous_id` integer,
	`correction_reason` text,
	`status` text NOT NULL,
	`content` text NOT NULL,
	`content_sha256` text,
	`finalised_at` integer,
	`finalised_by_name` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hearing_records_hearing_kind_version_uq` ON `hearing_records` (`hearing_id`,`kind`,`version`);--> statement-breakpoint
CREATE TABLE `issued_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hearing_id` integer NOT NULL,
	`kind` text NOT NULL,
	`number` text,
	`number_prefix` text,
	`number_year` integer,
	`number_serial` integer,
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
	FOREIGN KEY (`hearing_id`) REFERENCES `hearings`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`issued_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `issued_documents_hearing_idx` ON `issued_documents` (`hearing_id`,`issued_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `issued_documents_number_uq` ON `issued_documents` (`number_prefix`,`number_year`,`number_serial`);--> statement-breakpoint
CREATE TABLE `region_document_settings` (
	`region_id` integer PRIMARY KEY NOT NULL,
	`issuer_name` text NOT NULL,
	`contact_person` text NOT NULL,
	`contact_phone` text NOT NULL,
	`address` text,
	`number_prefix` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE cascade
);
