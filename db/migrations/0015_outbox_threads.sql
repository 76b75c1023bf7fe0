ALTER TABLE `outbox_messages` ADD `thread_key` text;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `thread_rank` integer;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `thread_final` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `superseded_by` integer;--> statement-breakpoint
CREATE INDEX `outbox_messages_thread_idx` ON `outbox_messages` (`thread_key`,`id`);