ALTER TABLE `hearing_records` ADD `pdf_sha256` text;--> statement-breakpoint
ALTER TABLE `hearing_records` ADD `page_count` integer;--> statement-breakpoint
ALTER TABLE `hearing_records` ADD `byte_size` integer;--> statement-breakpoint
ALTER TABLE `hearing_records` ADD `pdf` blob;