ALTER TABLE `hearing_participants` ADD `response_answered_by` text;--> statement-breakpoint
ALTER TABLE `hearing_participants` ADD `response_recorded_by` text;