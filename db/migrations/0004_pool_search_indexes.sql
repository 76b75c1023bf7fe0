DROP INDEX `members_home_region_idx`;--> statement-breakpoint
DROP INDEX `members_status_term_idx`;--> statement-breakpoint
DROP INDEX `members_term_end_idx`;--> statement-breakpoint
DROP INDEX `members_training_idx`;--> statement-breakpoint
DROP INDEX `members_name_idx`;--> statement-breakpoint
DROP INDEX `members_employer_idx`;--> statement-breakpoint
CREATE INDEX `members_search_idx` ON `members` (`home_region_id`,`status`,`term_end`,`suspended_until`,`role_officer`,`role_host`,`role_recorder`,`role_third_party`,`source_category`,`last_training_on`,`consent_cross_region`,`name`,`employer_organisation_id`);--> statement-breakpoint
CREATE INDEX `members_shared_idx` ON `members` (`status`,`term_end`,`suspended_until`,`role_officer`,`role_host`,`role_recorder`,`role_third_party`,`source_category`,`last_training_on`,`home_region_id`,`name`,`employer_organisation_id`) WHERE "members"."consent_cross_region" = 1;--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`,`employer_organisation_id`);--> statement-breakpoint
CREATE INDEX `members_employer_idx` ON `members` (`employer_organisation_id`,`name`);