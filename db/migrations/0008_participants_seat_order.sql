DROP INDEX `hearing_participants_hearing_idx`;--> statement-breakpoint
CREATE INDEX `hearing_participants_hearing_idx` ON `hearing_participants` (`hearing_id`,`kind`,`rank`);