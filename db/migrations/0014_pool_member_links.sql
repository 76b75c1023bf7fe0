ALTER TABLE `case_team_members` ADD `pool_member_id` integer REFERENCES members(id);--> statement-breakpoint
CREATE INDEX `case_team_members_pool_member_idx` ON `case_team_members` (`pool_member_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `pool_member_id` integer REFERENCES members(id);--> statement-breakpoint
CREATE UNIQUE INDEX `users_pool_member_uq` ON `users` (`pool_member_id`);